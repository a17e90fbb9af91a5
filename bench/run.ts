// `npm run bench [-- --quick] [-- --only 1,4] [-- --out FILE]`: runs the performance scenarios
// in bench/scenarios, prints a table and writes bench/results/latest.json. Every figure is the
// median of several repetitions beside a baseline measured in the same run (this machine is
// shared and noisy, so ratios are what to compare). A scenario that cannot run is reported as a
// loud SKIPPED row with the reason; benchmarks never fail the build on a slow machine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { BenchContext, Scenario } from './lib/context';
import { SkipError } from './lib/context';
import { skippedRow, type BenchRow } from './lib/result';
import timingScenario from './scenarios/timing';
import throughputScenario from './scenarios/throughput';
import memoryScenario from './scenarios/memory';
import gatewayScenario from './scenarios/gateway';
import webviewScenario from './scenarios/webview';
import activationScenario from './scenarios/activation';
import controlPlaneScenario from './scenarios/controlplane';
import concurrencyScenario from './scenarios/concurrency';
import functionsScenario from './scenarios/functions';
import chunkPathScenario from './scenarios/chunkPath';
import traceScenario from './scenarios/trace';

const ROOT = resolve(__dirname, '..');
const SCENARIOS: Scenario[] = [timingScenario, throughputScenario, memoryScenario, gatewayScenario, webviewScenario, activationScenario, controlPlaneScenario, chunkPathScenario, concurrencyScenario, functionsScenario, traceScenario];
// `--only 8` and the rows' scenario names rely on one number per scenario.
const duplicateIds = SCENARIOS.map((s) => s.id).filter((id, i, all) => all.indexOf(id) !== i);
if (duplicateIds.length > 0) throw new Error(`bench scenarios share a number: ${duplicateIds.join(', ')}`);

interface Args { quick: boolean; only: Set<string> | null; out: string; list: boolean }

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: null, out: join(ROOT, 'bench/results/latest.json'), list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') args.quick = true;
    else if (a === '--list') args.list = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i] ?? '';
      args.only = new Set(v.split(',').map((s) => s.trim()).filter(Boolean));
    } else if (a === '--out' || a.startsWith('--out=')) {
      args.out = resolve(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i] ?? args.out);
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench -- [--quick] [--only 1,2|timing,...] [--out FILE] [--list]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return args;
}

function fmtNum(v: number | null, unit = ''): string {
  if (v === null) return '—';
  const abs = Math.abs(v);
  const s = Number.isInteger(v) ? String(v) : abs >= 1000 ? v.toFixed(0) : abs >= 100 ? v.toFixed(1) : abs >= 10 ? v.toFixed(2) : v.toFixed(3);
  return unit ? `${s} ${unit}` : s;
}

function printTable(rows: BenchRow[]): void {
  const header = ['#', 'scenario', 'metric', 'value', 'baseline', 'ratio', 'runs', 'spread (IQR)', 'target'];
  const lines: string[][] = rows.map((r) => {
    if (r.skipped) return ['!!', r.scenario, r.metric, `SKIPPED: ${r.skipped}`, '', '', '0', '', ''];
    const target = r.target ? `${r.target} ${r.met === undefined ? '' : r.met ? '✓' : '✗ MISSED'}` : '';
    return ['', r.scenario, r.metric, fmtNum(r.value, r.unit), r.baseline === null ? r.baselineName : `${fmtNum(r.baseline, r.unit)} (${r.baselineName})`,
      r.ratio === null ? '—' : `${fmtNum(r.ratio)}x`, String(r.runs), fmtNum(r.spread, r.unit), target.trim()];
  });
  const widths = header.map((h, i) => Math.min(i === 3 ? 200 : 60, Math.max(h.length, ...lines.map((l) => l[i]!.length))));
  const fmt = (cells: string[]): string => cells.map((c, i) => (c.length > widths[i]! ? c : c.padEnd(widths[i]!))).join(' | ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const l of lines) console.log(fmt(l));
}

/** Ctrl+C: the running scenario is aborted, its cleanups run, and the rows so far are printed. */
let interrupted = false;
let interruptCurrent: (() => void) | undefined;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error('\ninterrupted: cleaning up (Ctrl+C again to quit at once)');
  interruptCurrent?.();
});

async function runScenario(s: Scenario, quick: boolean, cliPath: () => Promise<string>): Promise<BenchRow[]> {
  const scenarioName = `${s.id}-${s.name}`;
  const tmp = mkdtempSync(join(tmpdir(), `streamgate-bench-${s.name}-`));
  const cleanups: (() => unknown)[] = [];
  const budget = quick ? s.budgetMs.quick : s.budgetMs.full;
  const controller = new AbortController();
  const ctx: BenchContext = {
    quick, root: ROOT, tmp, signal: controller.signal, cliPath,
    log: (m) => console.error(`  [${scenarioName}] ${m}`),
    defer: (fn) => { cleanups.push(fn); },
  };
  const t0 = performance.now();
  console.error(`▶ ${scenarioName}: ${s.title} (budget ${(budget / 1000).toFixed(0)} s)`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const overBudget = new Promise<never>((_, reject) => {
      interruptCurrent = () => { controller.abort(new Error('interrupted')); reject(new Error('interrupted (Ctrl+C)')); };
      timer = setTimeout(() => {
        controller.abort(new Error(`over the ${budget / 1000} s budget`));
        // Give the scenario a moment to notice the abort and return partial rows.
        setTimeout(() => reject(new Error(`did not finish within its ${budget / 1000} s budget`)), 5000).unref();
      }, budget);
    });
    const rows = await Promise.race([s.run(ctx), overBudget]);
    return rows.map((r) => ({ ...r, scenario: scenarioName }));
  } catch (err) {
    const reason = err instanceof SkipError ? err.message : `FAILED: ${err instanceof Error ? err.message : String(err)}`;
    console.error(`  [${scenarioName}] SKIPPED: ${reason}`);
    if (!(err instanceof SkipError) && err instanceof Error && err.stack) console.error(err.stack.split('\n').slice(0, 6).join('\n'));
    return [skippedRow(scenarioName, '(scenario)', reason)];
  } finally {
    clearTimeout(timer);
    interruptCurrent = undefined;
    for (const fn of cleanups.reverse()) {
      try { await Promise.race([fn(), new Promise((ok) => setTimeout(ok, 5000).unref())]); } catch (e) { console.error(`  [${scenarioName}] cleanup: ${String(e)}`); }
    }
    rmSync(tmp, { recursive: true, force: true });
    console.error(`  [${scenarioName}] done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

async function main(): Promise<void> {
  // The SDK's "upgrade Node" notice is noise in a benchmark table.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    for (const s of SCENARIOS) console.log(`${s.id} ${s.name}: ${s.title}`);
    return;
  }
  const selected = SCENARIOS.filter((s) => !args.only || args.only.has(String(s.id)) || args.only.has(s.name));
  const buildDir = mkdtempSync(join(tmpdir(), 'streamgate-bench-build-'));
  let cli: Promise<string> | undefined;
  // The same bundle as `node esbuild.mjs` makes for dist/cli.js, built fresh so the figures
  // are for the checked-out source rather than a stale dist/.
  const cliPath = (): Promise<string> => (cli ??= esbuild.build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')], outfile: join(buildDir, 'cli.js'), bundle: true, platform: 'node', format: 'cjs',
    target: 'node20', logLevel: 'error', legalComments: 'none',
  }).then(() => join(buildDir, 'cli.js')));
  const started = Date.now();
  console.error(`StreamGate bench — ${args.quick ? 'quick' : 'full'} run, node ${process.version}, ${cpus().length} CPUs, ${new Date().toISOString()}`);
  const rows: BenchRow[] = [];
  try {
    for (const s of selected) {
      if (interrupted) break;
      rows.push(...(await runScenario(s, args.quick, cliPath)));
    }
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  console.log('');
  printTable(rows);
  const skipped = rows.filter((r) => r.skipped);
  if (skipped.length) {
    console.log('');
    for (const r of skipped) console.log(`!!! SKIPPED ${r.scenario} ${r.metric === '(scenario)' ? '' : r.metric}: ${r.skipped}`);
  }
  if (interrupted) {
    console.log('\ninterrupted: results not written');
    process.exitCode = 130;
    return;
  }
  mkdirSync(resolve(args.out, '..'), { recursive: true });
  writeFileSync(args.out, JSON.stringify(rows, null, 2) + '\n');
  console.log(`\n${args.quick ? 'quick' : 'full'} run in ${((Date.now() - started) / 1000).toFixed(0)} s; wrote ${args.out}`);
}

main().then(() => process.exit(process.exitCode ?? 0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
