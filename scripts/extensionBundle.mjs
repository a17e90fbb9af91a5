// The extension-host bundles. VS Code compiles the whole main bundle before activate() runs, so
// everything the source loads with `await import(...)` from the extension (the AWS SDK, the local
// gateway, the streaming engine and undici, the console panel, yaml, ...) goes into one second
// bundle, lazy/modules.js, required the first time any of that code runs. Activation parses only
// the shell. One lazy bundle (not one per import) keeps every module it holds a single instance.
// A module both bundles import statically exists twice: keep such modules stateless
// (test/unit/build/extensionBundle.test.ts checks it).
// Used by esbuild.mjs (dist/) and by the activation benchmark (a temp folder).
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

export const LAZY_BUNDLE = 'lazy/modules.js';
const PROXY_NS = 'streamgate-lazy';

// `import * as vscode from 'vscode'` in each of ~40 modules would copy the whole API object into
// a namespace per module at load (esbuild's __toESM: ~25 ms of activation in VS Code). One
// re-exporting module inside the bundle makes that a single copy that every module shares.
const VSCODE_NS = 'streamgate-vscode';
const vscodeOncePlugin = {
  name: 'vscode-namespace-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === VSCODE_NS ? { path: 'vscode', external: true } : { path: 'vscode', namespace: VSCODE_NS }));
    build.onLoad({ filter: /.*/, namespace: VSCODE_NS }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * Builds `entry` into `outfile` and the modules it imports dynamically into
 * `<dir of outfile>/lazy/modules.js`. `common`: esbuild options shared with the other bundles.
 * Resolves with both metafiles and the lazily loaded module paths.
 */
export async function buildExtension({ root, entry, outfile, common = {} }) {
  const lazy = new Map(); // resolved path -> export name in the lazy bundle
  const lazyPlugin = {
    name: 'lazy-dynamic-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === PROXY_NS) return { path: args.path, external: true };
        if (args.kind !== 'dynamic-import' || args.pluginData?.lazyResolving) return undefined;
        const resolved = await build.resolve(args.path, { kind: 'import-statement', importer: args.importer, resolveDir: args.resolveDir, pluginData: { lazyResolving: true } });
        if (resolved.errors.length > 0 || resolved.external) return undefined;
        if (!lazy.has(resolved.path)) lazy.set(resolved.path, `m${lazy.size}`);
        return { path: resolved.path, namespace: PROXY_NS };
      });
      // The dynamically imported module, as the main bundle sees it: its namespace in the lazy bundle.
      build.onLoad({ filter: /.*/, namespace: PROXY_NS }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${LAZY_BUNDLE}`)}).${lazy.get(args.path)};`, loader: 'js',
      }));
    },
  };
  const node = { ...common, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], metafile: true };
  const main = await esbuild.build({ ...node, entryPoints: [entry], outfile, plugins: [vscodeOncePlugin, lazyPlugin] });
  // Inside the lazy bundle, further dynamic imports stay in it (esbuild evaluates them on first use).
  // @vscode/l10n holds the bundle it was configured with, and the lazy bundle has its own copy:
  // configure that copy too, so text worded in lazy code (doctor findings, remedies) follows the UI language.
  const l10nSetup = "import * as l10n from '@vscode/l10n';\nimport * as vscode from 'vscode';\nif (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });\n";
  const contents = l10nSetup + [...lazy].map(([path, name]) => `export * as ${name} from ${JSON.stringify(path)};`).join('\n');
  const lazyBundle = await esbuild.build({
    ...node, stdin: { contents, resolveDir: root, sourcefile: 'lazy-modules.js', loader: 'js' }, outfile: join(dirname(outfile), LAZY_BUNDLE),
    plugins: [vscodeOncePlugin],
  });
  return { main: main.metafile, lazy: lazyBundle.metafile, lazyModules: [...lazy.keys()] };
}
