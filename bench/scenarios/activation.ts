// (6) Extension activation time inside a real VS Code (code-server driven by headless Chromium,
// via test/runners/run-vscode-tests.mjs). A bench-only tests module (bench/vscode/activate.ts)
// times `ext.activate()`; the baseline is VS Code's own time to load and run an empty tests
// module (bench/vscode/empty.ts) — start-up to tests, the same path minus StreamGate.
// The extension is bundled fresh into a temp folder with the repository's package.json, so the
// figure is for the checked-out source and dist/ is left alone.
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { BenchContext, Scenario } from '../lib/context';
import { SkipError, throwIfAborted } from '../lib/context';
import { runChild } from '../lib/proc';
import { makeRow, type BenchRow } from '../lib/result';
import { buildExtension } from '../../scripts/extensionBundle.mjs';
import { parseHostEnv } from '../../scripts/vscodeHost.mjs';

async function hostEnv(ctx: BenchContext): Promise<NodeJS.ProcessEnv> {
  const setup = join(ctx.root, 'scripts/setup-vscode-host.sh');
  if (!existsSync(setup)) throw new SkipError('scripts/setup-vscode-host.sh is missing');
  const r = await runChild('bash', [setup], { cwd: ctx.root, timeoutMs: 600_000, signal: ctx.signal });
  if (r.code !== 0) throw new SkipError(`the VS Code test host is not available (setup-vscode-host.sh exited ${r.code}): ${r.stderr.trim().slice(-300)}`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...parseHostEnv(r.stdout) };
  if (!env.VH_CODE_SERVER || !env.VH_NODE24) throw new SkipError('setup-vscode-host.sh did not print VH_CODE_SERVER / VH_NODE24');
  return env;
}

async function buildAll(ctx: BenchContext): Promise<{ extDir: string; activate: string; empty: string }> {
  const extDir = join(ctx.tmp, 'extension');
  mkdirSync(join(extDir, 'dist'), { recursive: true });
  copyFileSync(join(ctx.root, 'package.json'), join(extDir, 'package.json'));
  symlinkSync(join(ctx.root, 'media'), join(extDir, 'media'));
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', external: ['vscode'], logLevel: 'error' as const, legalComments: 'none' as const };
  const activate = join(ctx.tmp, 'tests/activate.js');
  const empty = join(ctx.tmp, 'tests/empty.js');
  await Promise.all([
    // The same bundles as `npm run build`: the activation shell plus dist/lazy/modules.js.
    buildExtension({ root: ctx.root, entry: join(ctx.root, 'src/extension/extension.ts'), outfile: join(extDir, 'dist/extension.js'), common: { logLevel: 'error', legalComments: 'none' } }),
    esbuild.build({ ...common, entryPoints: [join(ctx.root, 'bench/vscode/activate.ts')], outfile: activate }),
    esbuild.build({ ...common, entryPoints: [join(ctx.root, 'bench/vscode/empty.ts')], outfile: empty }),
  ]);
  // The webview bundle is not needed to activate; copy it when present so the layout matches.
  return { extDir, activate, empty };
}

interface HostRun { wallMs: number; result: { enteredAtMs: number; activateMs?: number; activateCpuMs?: number; wasActive?: boolean; secondActivateMs?: number; error?: string } }

async function runInVsCode(ctx: BenchContext, env: NodeJS.ProcessEnv, extDir: string, tests: string): Promise<HostRun> {
  const r = await runChild(process.execPath, [join(ctx.root, 'test/runners/run-vscode-tests.mjs'), '--extension', extDir, '--tests', tests, '--timeout', '120'],
    { cwd: ctx.root, env, timeoutMs: 150_000, signal: ctx.signal });
  const line = r.stdout.split('\n').find((l) => l.trim().startsWith('{'));
  if (r.code !== 0 || !line) throw new Error(`VS Code run failed (exit ${r.code}): ${(r.stderr + r.stdout).trim().slice(-400)}`);
  return { wallMs: r.wallMs, result: JSON.parse(line) as HostRun['result'] };
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  if (!existsSync(join(ctx.root, 'test/runners/run-vscode-tests.mjs'))) throw new SkipError('test/runners/run-vscode-tests.mjs is missing');
  const env = await hostEnv(ctx);
  const { extDir, activate, empty } = await buildAll(ctx);
  const reps = ctx.quick ? 1 : 5;
  const activateMs: number[] = [];
  const activateCpuMs: number[] = [];
  const emptyEnteredMs: number[] = [];
  const activationEnteredMs: number[] = [];
  const emptyWall: number[] = [];
  const activationWall: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const e = await runInVsCode(ctx, env, extDir, empty);
    throwIfAborted(ctx.signal);
    const a = await runInVsCode(ctx, env, extDir, activate);
    if (a.result.error) throw new Error(a.result.error);
    if (a.result.wasActive) ctx.log('note: the extension was already active when the tests module ran');
    activateMs.push(a.result.activateMs!);
    activateCpuMs.push(a.result.activateCpuMs!);
    emptyEnteredMs.push(e.result.enteredAtMs);
    activationEnteredMs.push(a.result.enteredAtMs + a.result.activateMs!);
    emptyWall.push(e.wallMs);
    activationWall.push(a.wallMs);
    ctx.log(`rep ${rep + 1}/${reps}: activate() ${a.result.activateMs!.toFixed(1)} ms (extension host CPU ${a.result.activateCpuMs!.toFixed(1)} ms); empty tests module reached after ${e.result.enteredAtMs.toFixed(0)} ms of extension-host uptime ` +
      `(whole runs: empty ${(e.wallMs / 1000).toFixed(1)} s, with activation ${(a.wallMs / 1000).toFixed(1)} s)`);
  }
  return [
    makeRow('activation', {
      metric: 'ext.activate() inside VS Code (code-server)', unit: 'ms', samples: activateMs,
      baselineName: 'extension-host uptime when an empty tests module runs', baselineSamples: emptyEnteredMs,
      target: '< 50 ms', met: (v) => (v === null ? undefined : v < 50),
    }),
    makeRow('activation', {
      metric: 'extension-host CPU time during ext.activate()', unit: 'ms', samples: activateCpuMs,
      baselineName: 'wall time of the same activations', baselineSamples: activateMs,
      note: 'CPU of the whole extension host (VS Code\'s share and other extensions included) while activate() ran: the work itself, where the wall time also counts waiting for a CPU on a loaded machine',
    }),
    makeRow('activation', {
      metric: 'extension-host uptime until StreamGate is active', unit: 'ms', samples: activationEnteredMs,
      baselineName: 'same, empty tests module (no activation)', baselineSamples: emptyEnteredMs,
    }),
    makeRow('activation', {
      metric: 'whole VS Code test run with activation', unit: 'ms', samples: activationWall,
      baselineName: 'whole run with an empty tests module', baselineSamples: emptyWall,
    }),
  ];
}

const scenario: Scenario = { id: 6, name: 'activation', title: 'extension activation time inside VS Code', budgetMs: { quick: 90_000, full: 700_000 }, run };
export default scenario;
