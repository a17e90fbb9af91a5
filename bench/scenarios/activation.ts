// (6) Extension activation time inside a real VS Code (code-server driven by headless Chromium,
// via test/runners/run-vscode-tests.mjs). A bench-only tests module (bench/vscode/activate.ts)
// times `ext.activate()` and splits it with StreamGate's own User Timing measure. The baseline is
// the same tests module activating a trivial extension (an empty activate(), same engines) in
// the same host: what VS Code itself spends on any activation (module load, extension context,
// storage round trips to the window), and its start-up to the tests module without StreamGate.
// The extension is bundled fresh into a temp folder with the repository's package.json, so the
// figure is for the checked-out source and dist/ is left alone.
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

const TRIVIAL_ID = 'streamgate-bench.trivial';

/** An extension that does nothing on activation, with StreamGate's engines: VS Code's own cost of activating one. */
function writeTrivialExtension(dir: string, root: string): void {
  mkdirSync(dir, { recursive: true });
  const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: unknown }).engines;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'trivial', publisher: 'streamgate-bench', version: '0.0.1', engines, main: './extension.js', activationEvents: [] }));
  writeFileSync(join(dir, 'extension.js'), 'exports.activate = function () {};\n');
}

async function buildAll(ctx: BenchContext): Promise<{ extDir: string; trivialDir: string; activate: string }> {
  const extDir = join(ctx.tmp, 'extension');
  mkdirSync(join(extDir, 'dist'), { recursive: true });
  copyFileSync(join(ctx.root, 'package.json'), join(extDir, 'package.json'));
  symlinkSync(join(ctx.root, 'media'), join(extDir, 'media'));
  const trivialDir = join(ctx.tmp, 'trivial');
  writeTrivialExtension(trivialDir, ctx.root);
  const activate = join(ctx.tmp, 'tests/activate.js');
  await Promise.all([
    // The same bundles as `npm run build`: the activation shell plus dist/lazy/modules.js.
    buildExtension({ root: ctx.root, entry: join(ctx.root, 'src/extension/extension.ts'), outfile: join(extDir, 'dist/extension.js'), common: { logLevel: 'error', legalComments: 'none' } }),
    esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'error', legalComments: 'none',
      entryPoints: [join(ctx.root, 'bench/vscode/activate.ts')], outfile: activate }),
  ]);
  return { extDir, trivialDir, activate };
}

interface HostRun {
  wallMs: number;
  result: { enteredAtMs: number; activateMs?: number; activateCpuMs?: number; ownActivateMs?: number; beforeActivateMs?: number;
    wasActive?: boolean; secondActivateMs?: number; error?: string };
}

async function runInVsCode(ctx: BenchContext, env: NodeJS.ProcessEnv, extDir: string, tests: string, extensionId: string): Promise<HostRun> {
  const r = await runChild(process.execPath, [join(ctx.root, 'test/runners/run-vscode-tests.mjs'), '--extension', extDir, '--tests', tests, '--timeout', '120'],
    { cwd: ctx.root, env: { ...env, VH_ACTIVATE_ID: extensionId }, timeoutMs: 150_000, signal: ctx.signal });
  const line = r.stdout.split('\n').find((l) => l.trim().startsWith('{'));
  if (r.code !== 0 || !line) throw new Error(`VS Code run failed (exit ${r.code}): ${(r.stderr + r.stdout).trim().slice(-400)}`);
  return { wallMs: r.wallMs, result: JSON.parse(line) as HostRun['result'] };
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  if (!existsSync(join(ctx.root, 'test/runners/run-vscode-tests.mjs'))) throw new SkipError('test/runners/run-vscode-tests.mjs is missing');
  const env = await hostEnv(ctx);
  const { extDir, trivialDir, activate } = await buildAll(ctx);
  const reps = ctx.quick ? 1 : 5;
  const sg = { activate: [] as number[], cpu: [] as number[], own: [] as number[], before: [] as number[], activeAt: [] as number[], wall: [] as number[] };
  const trivial = { activate: [] as number[], cpu: [] as number[], entered: [] as number[], wall: [] as number[] };
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const t = await runInVsCode(ctx, env, trivialDir, activate, TRIVIAL_ID);
    throwIfAborted(ctx.signal);
    const a = await runInVsCode(ctx, env, extDir, activate, 'streamgate.streamgate');
    for (const r of [t, a]) if (r.result.error) throw new Error(r.result.error);
    if (a.result.wasActive) ctx.log('note: the extension was already active when the tests module ran');
    if (a.result.ownActivateMs === undefined) throw new Error('StreamGate recorded no streamgate.activate User Timing measure');
    sg.activate.push(a.result.activateMs!);
    sg.cpu.push(a.result.activateCpuMs!);
    sg.own.push(a.result.ownActivateMs);
    sg.before.push(a.result.beforeActivateMs!);
    sg.activeAt.push(a.result.enteredAtMs + a.result.activateMs!);
    sg.wall.push(a.wallMs);
    trivial.activate.push(t.result.activateMs!);
    trivial.cpu.push(t.result.activateCpuMs!);
    trivial.entered.push(t.result.enteredAtMs);
    trivial.wall.push(t.wallMs);
    ctx.log(`rep ${rep + 1}/${reps}: StreamGate ext.activate() ${a.result.activateMs!.toFixed(1)} ms (extension host CPU ${a.result.activateCpuMs!.toFixed(1)} ms; ` +
      `its own activate() ${a.result.ownActivateMs.toFixed(1)} ms, VS Code before calling it ${a.result.beforeActivateMs!.toFixed(1)} ms); ` +
      `trivial extension ${t.result.activateMs!.toFixed(1)} ms (CPU ${t.result.activateCpuMs!.toFixed(1)} ms) ` +
      `(whole runs: trivial ${(t.wallMs / 1000).toFixed(1)} s, StreamGate ${(a.wallMs / 1000).toFixed(1)} s)`);
  }
  return [
    makeRow('activation', {
      metric: 'ext.activate() inside VS Code (code-server)', unit: 'ms', samples: sg.activate,
      baselineName: 'ext.activate() of a trivial extension (empty activate()), same host', baselineSamples: trivial.activate,
      target: '< 50 ms', met: (v) => (v === null ? undefined : v < 50),
      note: 'the trivial extension is VS Code\'s own cost of any activation in this host',
    }),
    makeRow('activation', {
      metric: 'StreamGate\'s own activate() function (User Timing measure)', unit: 'ms', samples: sg.own,
      baselineName: 'VS Code loading StreamGate before calling activate()', baselineSamples: sg.before,
      target: '< 50 ms', met: (v) => (v === null ? undefined : v < 50),
      note: 'the two parts of ext.activate() above; the remainder is VS Code settling the activation after activate() returned',
    }),
    makeRow('activation', {
      metric: 'extension-host CPU time during ext.activate()', unit: 'ms', samples: sg.cpu,
      baselineName: 'same for the trivial extension', baselineSamples: trivial.cpu,
      note: 'CPU of the whole extension host (VS Code\'s share included) while activate() ran: the work itself, where the wall time also counts waiting for a CPU on a loaded machine',
    }),
    makeRow('activation', {
      metric: 'extension-host uptime until StreamGate is active', unit: 'ms', samples: sg.activeAt,
      baselineName: 'uptime when the tests module runs, trivial extension', baselineSamples: trivial.entered,
    }),
    makeRow('activation', {
      metric: 'whole VS Code test run with activation', unit: 'ms', samples: sg.wall,
      baselineName: 'same with the trivial extension', baselineSamples: trivial.wall,
    }),
  ];
}

const scenario: Scenario = { id: 6, name: 'activation', title: 'extension activation time inside VS Code', budgetMs: { quick: 90_000, full: 700_000 }, run };
export default scenario;
