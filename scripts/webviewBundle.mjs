// How the console webview is bundled: one definition for esbuild.mjs (dist/webview) and for the
// webview test tier's harness (test/webview/harness.ts builds the same bundle into a temp folder).
/** esbuild options for webview/main.ts → console.js + console.css (+ the codicon font), without outdir. */
export const webviewBundleOptions = {
  entryPoints: { console: 'webview/main.ts' },
  bundle: true,
  sourcemap: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  loader: { '.ttf': 'file' },
  legalComments: 'none',
};
