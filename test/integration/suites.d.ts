// The virtual module esbuild.mjs generates for test/integration/index.ts: one entry per suite file.
declare module 'integration-suites' {
  const suites: readonly { file: string; load: () => unknown }[];
  export default suites;
}
