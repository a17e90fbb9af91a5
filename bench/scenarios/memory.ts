// (3) Memory: how far peak RSS grows while receiving the large stream. Every client runs in a
// fresh child process twice — on the large body and on a 1 KB body — and the growth is the
// difference of the two peaks (VmHWM), so start-up and module loading cancel out. The engine runs
// in-process in that child (workers/memRun.ts, bundled by esbuild like the extension) with its default 1 MiB preview window and with the
// body spilled to a file (/dev/null: nothing stored), beside raw undici measured the same way.
// The CLI (`streamgate probe --json`) is sampled from outside via /proc/PID/status.
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { BenchContext, Scenario } from '../lib/context';
import { throwIfAborted } from '../lib/context';
import { runChild, startServerProcess } from '../lib/proc';
import { makeRow, type BenchRow } from '../lib/result';
import { viaCli } from '../lib/clients';

const GiB = 1024 ** 3;
const MB = 1024; // kB per MiB

interface MemResult { bytes: number; peakKb: number }

/** The worker is bundled like the extension and the CLI are, so no TypeScript loader runs beside it. */
async function buildWorker(ctx: BenchContext): Promise<string> {
  const outfile = join(ctx.tmp, 'memRun.js');
  await esbuild.build({ entryPoints: [join(ctx.root, 'bench/workers/memRun.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  return outfile;
}

async function memRun(ctx: BenchContext, worker: string, client: string, url: string): Promise<MemResult> {
  const r = await runChild(process.execPath, [worker, client, url],
    { cwd: ctx.root, timeoutMs: 300_000, signal: ctx.signal });
  if (r.code !== 0) throw new Error(`memRun ${client} exited ${r.code}: ${r.stderr.trim().slice(-400)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as MemResult;
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const total = ctx.quick ? GiB / 2 : GiB;
  const reps = ctx.quick ? 2 : 3;
  const huge = await startServerProcess(ctx, { kind: 'huge', totalBytes: total });
  const tiny = await startServerProcess(ctx, { kind: 'huge', totalBytes: 1024 });
  const cli = await ctx.cliPath();
  const worker = await buildWorker(ctx);
  const growth: Record<string, number[]> = { undici: [], engine: [], 'engine-spill': [], cli: [], cliTiny: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const client of ['undici', 'engine', 'engine-spill']) {
      throwIfAborted(ctx.signal);
      const small = await memRun(ctx, worker, client, tiny.url);
      const m = await memRun(ctx, worker, client, huge.url);
      if (m.bytes !== total) throw new Error(`${client} received ${m.bytes} bytes, expected ${total}`);
      growth[client]!.push((m.peakKb - small.peakKb) / MB);
      ctx.log(`rep ${rep + 1}/${reps} ${client}: peak ${(m.peakKb / MB).toFixed(1)} MiB vs ${(small.peakKb / MB).toFixed(1)} MiB on 1 KB`);
    }
    throwIfAborted(ctx.signal);
    const small = await viaCli(cli, tiny.url, { sampleMs: 5, signal: ctx.signal });
    const big = await viaCli(cli, huge.url, { sampleMs: 20, signal: ctx.signal });
    if (big.bytes !== total || small.peakKb === null || big.peakKb === null) throw new Error('CLI run incomplete or /proc sampling failed');
    growth.cliTiny!.push(small.peakKb / MB);
    growth.cli!.push((big.peakKb - small.peakKb) / MB);
    ctx.log(`rep ${rep + 1}/${reps} cli: peak ${(big.peakKb / MB).toFixed(1)} MiB vs ${(small.peakKb / MB).toFixed(1)} MiB on 1 KB`);
  }
  const size = `${(total / GiB).toFixed(2).replace(/\.00$/, '')} GiB`;
  const target = { target: '< 64 MiB', met: (v: number | null) => (v === null ? undefined : v < 64) };
  return [
    makeRow('memory', { metric: `engine in-process, peak RSS growth, ${size}`, unit: 'MiB', samples: growth.engine!, baselineName: 'raw undici request(), same method', baselineSamples: growth.undici!, ...target }),
    makeRow('memory', { metric: `engine spilling body to a file, peak RSS growth, ${size}`, unit: 'MiB', samples: growth['engine-spill']!, baselineName: 'raw undici request(), same method', baselineSamples: growth.undici!, ...target }),
    makeRow('memory', {
      metric: `streamgate probe --json (child), peak RSS growth, ${size}`, unit: 'MiB', samples: growth.cli!,
      baselineName: 'same CLI peak RSS on a 1 KB response', baselineSamples: growth.cliTiny!, ...target,
      note: 'ratio = growth / peak RSS of the 1 KB run; VmHWM sampled from /proc',
    }),
  ];
}

const scenario: Scenario = { id: 3, name: 'memory', title: 'peak RSS growth of the engine and the CLI on a large stream', budgetMs: { quick: 40_000, full: 180_000 }, run };
export default scenario;
