// One build script for every bundle: extension host (node/cjs, `vscode` external), CLI (node),
// console webview (browser iife + css), the runtime bootstrap and sample functions (run out of
// process), and the integration-test bundle that runs inside VS Code.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { buildExtension } from './scripts/extensionBundle.mjs';
import { webviewBundleOptions } from './scripts/webviewBundle.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: true, minify: production, logLevel: 'info', legalComments: 'none' };

/**
 * test/integration/index.ts imports 'integration-suites': { file, load } per test/integration/*.test.ts,
 * found when the bundle is built (the suites run inside VS Code, where there is no TS loader to glob with).
 */
const integrationSuites = {
  name: 'integration-suites',
  setup(build) {
    build.onResolve({ filter: /^integration-suites$/ }, () => ({ path: 'integration-suites', namespace: 'integration-suites' }));
    build.onLoad({ filter: /.*/, namespace: 'integration-suites' }, () => {
      const files = readdirSync('test/integration').filter((f) => f.endsWith('.test.ts')).sort();
      return { resolveDir: 'test/integration', loader: 'js',
        contents: `module.exports = [${files.map((f) => `{ file: ${JSON.stringify(f)}, load: () => require(${JSON.stringify(`./${f}`)}) }`).join(', ')}];` };
    });
  },
};

// The extension host's bundle (dist/extension.js, with dist/lazy/*.js loaded on first use) is
// built by scripts/extensionBundle.mjs; these are the others.
const builds = [
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs',
    target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  { ...common, ...webviewBundleOptions, minify: production, outdir: 'dist/webview' },
  // Runtime processes: the Node bootstrap and the built-in sample's handler files, each its own
  // bundle run by a separate node process (src/local/runtime/assets.ts finds them beside dist/*.js).
  { ...common, entryPoints: { 'node-bootstrap': 'src/local/runtime/node/bootstrap.ts' }, outdir: 'dist/runtime', platform: 'node',
    format: 'cjs', target: 'node18' },
  { ...common, entryPoints: Object.fromEntries(['chat', 'ndjson', 'download', 'long'].map((n) => [n, `src/local/sample/functions/${n}.ts`])),
    outdir: 'dist/sample/functions', platform: 'node', format: 'cjs', target: 'node18' },
  // Integration tests are bundled so they run inside VS Code's extension host without a TS loader.
  { ...common, entryPoints: ['test/integration/index.ts'], outfile: 'dist/test/integration.js', platform: 'node',
    format: 'cjs', target: 'node20', external: ['vscode', 'mocha'], plugins: [integrationSuites] },
];

function copyStatic() {
  mkdirSync('dist/webview', { recursive: true });
  // Codicons ship a font + css; the webview loads them from the extension, never from the network.
  cpSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicon.css');
  cpSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicon.ttf');
}

// Lazy bundles of an older build could linger under new names.
rmSync('dist/lazy', { recursive: true, force: true });
const extension = () => buildExtension({ root: process.cwd(), entry: 'src/extension/extension.ts', outfile: 'dist/extension.js', common });
if (watch) {
  copyStatic();
  for (const b of builds) await (await esbuild.context(b)).watch();
  // Two linked builds: rebuilt once here (re-run `npm run watch` after changing extension code).
  await extension();
} else {
  await Promise.all([...builds.map((b) => esbuild.build(b)), extension()]);
  copyStatic();
}
