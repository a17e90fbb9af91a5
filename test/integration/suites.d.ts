// The virtual module esbuild.mjs generates for test/integration/index.ts: one loader per suite file.
declare module 'integration-suites' {
  const suites: readonly (() => unknown)[];
  export default suites;
}
