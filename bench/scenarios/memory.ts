// (3) Memory: how far peak RSS grows while receiving the large stream. Every client runs in a
// fresh child process twice — on the large body and on a 1 KB body — and the growth is the
// difference of the two peaks (VmHWM), so start-up and module loading cancel out. The engine runs
// in-process in that child (workers/transfer.ts, bundled by esbuild like the extension) with its default 1 MiB preview window and with the
// body spilled to a file (/dev/null: nothing stored), beside raw undici measured the same way.
// The CLI (`streamgate probe --json`) is sampled from outside via /proc/PID/status. The engine
// also receives a quarter-size body: growth that does not scale with the body size is bounded
// (garbage awaiting collection), growth that does would be a leak.
import type { BenchContext, Scenario } from '../lib/context';
import { throwIfAborted } from '../lib/context';
import { startServerProcess } from '../lib/proc';
import { buildTransferWorker, runTransferWorker } from '../lib/worker';
import { makeRow, type BenchRow } from '../lib/result';
import { median } from '../lib/stats';
import { viaCli } from '../lib/clients';

const GiB = 1024 ** 3;
const MB = 1024; // kB per MiB

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const total = ctx.quick ? GiB / 2 : GiB;
  const reps = ctx.quick ? 2 : 5;
  const huge = await startServerProcess(ctx, { kind: 'huge', totalBytes: total });
  const quarter = await startServerProcess(ctx, { kind: 'huge', totalBytes: total / 4 });
  const tiny = await startServerProcess(ctx, { kind: 'huge', totalBytes: 1024 });
  const cli = await ctx.cliPath();
  const worker = await buildTransferWorker(ctx);
  const growth: Record<string, number[]> = { undici: [], engine: [], 'engine-spill': [], cli: [], cliTiny: [], engineQuarter: [] };
  const peaks: Record<string, number[]> = { undici: [], engine: [], 'engine-spill': [], cli: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const client of ['undici', 'engine', 'engine-spill']) {
      throwIfAborted(ctx.signal);
      const small = await runTransferWorker(ctx, worker, client, tiny.url);
      const m = await runTransferWorker(ctx, worker, client, huge.url);
      if (m.bytes !== total) throw new Error(`${client} received ${m.bytes} bytes, expected ${total}`);
      growth[client]!.push((m.peakKb - small.peakKb) / MB);
      peaks[client]!.push(m.peakKb / MB);
      if (client === 'engine') {
        const q = await runTransferWorker(ctx, worker, client, quarter.url);
        growth.engineQuarter!.push((q.peakKb - small.peakKb) / MB);
      }
      ctx.log(`rep ${rep + 1}/${reps} ${client}: peak ${(m.peakKb / MB).toFixed(1)} MiB vs ${(small.peakKb / MB).toFixed(1)} MiB on 1 KB`);
    }
    throwIfAborted(ctx.signal);
    const small = await viaCli(cli, tiny.url, { sampleMs: 5, signal: ctx.signal });
    const big = await viaCli(cli, huge.url, { sampleMs: 20, signal: ctx.signal });
    if (big.bytes !== total || small.peakKb === null || big.peakKb === null) throw new Error('CLI run incomplete or /proc sampling failed');
    growth.cliTiny!.push(small.peakKb / MB);
    growth.cli!.push((big.peakKb - small.peakKb) / MB);
    peaks.cli!.push(big.peakKb / MB);
    ctx.log(`rep ${rep + 1}/${reps} cli: peak ${(big.peakKb / MB).toFixed(1)} MiB vs ${(small.peakKb / MB).toFixed(1)} MiB on 1 KB`);
  }
  const peakNote = (k: string): string => `absolute peak median ${median(peaks[k]!)?.toFixed(0)} MiB (undici ${median(peaks.undici!)?.toFixed(0)} MiB)`;
  const size = `${(total / GiB).toFixed(2).replace(/\.00$/, '')} GiB`;
  const target = { target: '< 48 MiB', met: (v: number | null) => (v === null ? undefined : v < 48) };
  return [
    makeRow('memory', { metric: `engine in-process, peak RSS growth, ${size}`, unit: 'MiB', samples: growth.engine!, baselineName: 'raw undici request(), same method', baselineSamples: growth.undici!, ...target, note: peakNote('engine') }),
    makeRow('memory', { metric: `engine spilling body to a file, peak RSS growth, ${size}`, unit: 'MiB', samples: growth['engine-spill']!, baselineName: 'raw undici request(), same method', baselineSamples: growth.undici!, ...target, note: peakNote('engine-spill') }),
    makeRow('memory', { metric: `engine peak RSS growth, ${size} vs a quarter of it`, unit: 'MiB', samples: growth.engine!, baselineName: `same on ${size.replace(/^[\d.]+/, (n) => String(Number(n) / 4))}`, baselineSamples: growth.engineQuarter!,
      target: 'bounded (ratio ≈ 1)', met: (_v, r) => (r === null ? undefined : r < 1.5) }),
    makeRow('memory', {
      metric: `streamgate probe --json (child), peak RSS growth, ${size}`, unit: 'MiB', samples: growth.cli!,
      baselineName: 'same CLI peak RSS on a 1 KB response', baselineSamples: growth.cliTiny!, ...target,
      note: `ratio = growth / peak RSS of the 1 KB run; VmHWM sampled from /proc; ${peakNote('cli')}`,
    }),
  ];
}

const scenario: Scenario = { id: 3, name: 'memory', title: 'peak RSS growth of the engine and the CLI on a large stream', budgetMs: { quick: 40_000, full: 180_000 }, run };
export default scenario;
