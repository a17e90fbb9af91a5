// Files the runtime processes run, shipped as their own bundles in dist/ (see esbuild.mjs):
//   dist/runtime/node-bootstrap.js      ← src/local/runtime/node/bootstrap.ts
//   dist/sample/functions/NAME.js       ← src/local/sample/functions/NAME.ts
// Bundled (dist/extension.js with dist/lazy/modules.js, dist/cli.js), they sit in dist/. From source
// (mocha + tsx, the bench) they are built on first use with esbuild into dist/, so tests always
// run the current code without a separate build step.
//
// The node binary: this process's own when it is plain Node. Inside VS Code the extension host
// is Electron (process.versions.electron is set), so the machine's `node` on PATH is used, and
// when there is none, Electron itself with ELECTRON_RUN_AS_NODE=1 (a complete Node.js runtime).
// code-server's extension host is plain Node and uses its own execPath.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const SAMPLE_FUNCTION_FILES = ['chat', 'ndjson', 'download', 'long'] as const;

/** esbuild options shared by esbuild.mjs (shipping) and the on-demand build (tests). */
export function assetBuildOptions(entryPoints: Record<string, string>, outdir: string) {
  return { entryPoints, outdir, bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node18', sourcemap: true, logLevel: 'silent' as const };
}

const built = new Set<string>();

/** dist/: where this code runs from, when bundled. The extension's lazily loaded bundle is dist/lazy/modules.js (scripts/extensionBundle.mjs). */
const bundleDir = path.basename(__dirname) === 'lazy' ? path.dirname(__dirname) : __dirname;

function asset(relative: string, sourceEntry: string): string {
  const bundled = path.join(bundleDir, relative);
  if (existsSync(bundled) && !__filename.endsWith('.ts')) return bundled;
  const root = path.resolve(__dirname, '../../..');
  const out = path.join(root, 'dist', relative);
  if (!built.has(out)) {
    const entry = path.join(root, sourceEntry);
    if (!existsSync(entry)) throw new Error(`StreamGate runtime file missing: neither ${bundled} nor ${entry} exists (run npm run build)`);
    // Loaded lazily: esbuild is a dev dependency, present whenever the source tree is.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    esbuild.buildSync(assetBuildOptions({ [path.basename(relative, '.js')]: entry }, path.dirname(out)));
    built.add(out);
  }
  return out;
}

export function nodeBootstrapPath(): string {
  return asset('runtime/node-bootstrap.js', 'src/local/runtime/node/bootstrap.ts');
}

/** The folder holding the built-in sample's handler files (the sample functions' code folder). */
export function sampleFunctionsDir(): string {
  let dir = '';
  for (const name of SAMPLE_FUNCTION_FILES) dir = path.dirname(asset(`sample/functions/${name}.js`, `src/local/sample/functions/${name}.ts`));
  return dir;
}

export interface NodeBinary { command: string; env: Record<string, string> }

let cached: NodeBinary | undefined;

export function nodeBinary(): NodeBinary {
  if (cached) return cached;
  if (!process.versions.electron) return (cached = { command: process.execPath, env: {} });
  const onPath = whichNode();
  return (cached = onPath ? { command: onPath, env: {} } : { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } });
}

function whichNode(): string | undefined {
  try {
    const out = execFileSync(process.platform === 'win32' ? 'where' : 'which', ['node'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split(/\r?\n/).find(Boolean);
  } catch {
    return undefined;
  }
}
