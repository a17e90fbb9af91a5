// (2) Throughput on a large stream generated on the fly by a reference server in its own process
// (nothing is stored): StreamGate's engine (preview window only, and spilling to /dev/null) and `streamgate probe` against raw undici request(),
// Node's fetch and curl -o /dev/null. Every client runs in a fresh process of its own (the Node
// ones in bench/workers/transfer.ts) and reports its own transfer time, process start-up excluded.
// Clients take turns within each repetition so machine noise spreads evenly; each figure is the
// median MB/s, compared with undici's.
import type { BenchContext, Scenario } from '../lib/context';
import { throwIfAborted } from '../lib/context';
import { startServerProcess } from '../lib/proc';
import { makeRow, type BenchRow } from '../lib/result';
import { mbPerS, viaCli, viaCurl, type Transfer } from '../lib/clients';
import { buildTransferWorker, runTransferWorker } from '../lib/worker';

const GiB = 1024 ** 3;

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const total = ctx.quick ? GiB / 2 : GiB;
  const reps = ctx.quick ? 3 : 7;
  const server = await startServerProcess(ctx, { kind: 'huge', totalBytes: total });
  const cli = await ctx.cliPath();
  const worker = await buildTransferWorker(ctx);
  const inWorker = (client: string) => () => runTransferWorker(ctx, worker, client, server.url);
  const clients: [string, () => Promise<Transfer>][] = [
    ['undici', inWorker('undici')],
    ['engine', inWorker('engine')],
    ['engine-spill', inWorker('engine-spill')],
    ['cli', () => viaCli(cli, server.url, { signal: ctx.signal })],
    ['fetch', inWorker('fetch')],
    ['curl', () => viaCurl(server.url, ctx.signal)],
  ];
  const speeds: Record<string, number[]> = Object.fromEntries(clients.map(([n]) => [n, []]));
  await inWorker('engine')(); // warm-up (page cache for the worker and node binary)
  for (let rep = 0; rep < reps; rep++) {
    // Rotate the order each repetition so no client always runs first.
    for (let k = 0; k < clients.length; k++) {
      throwIfAborted(ctx.signal);
      const [name, go] = clients[(k + rep) % clients.length]!;
      const t = await go();
      if (t.bytes !== total) throw new Error(`${name} received ${t.bytes} bytes, expected ${total}`);
      speeds[name]!.push(mbPerS(t));
      ctx.log(`rep ${rep + 1}/${reps} ${name}: ${mbPerS(t).toFixed(0)} MB/s (${t.ms.toFixed(0)} ms)`);
    }
  }
  const size = `${(total / GiB).toFixed(2).replace(/\.00$/, '')} GiB`;
  const base = { unit: 'MB/s', baselineName: 'raw undici request()', baselineSamples: speeds.undici! };
  return [
    makeRow('throughput', { ...base, metric: `engine runRequest (child process), ${size}`, samples: speeds.engine!, target: '≥ 0.95x undici', met: (_v, r) => (r === null ? undefined : r >= 0.95) }),
    makeRow('throughput', { ...base, metric: `engine spilling the body to a file (/dev/null), ${size}`, samples: speeds['engine-spill']!, target: '≥ 0.95x undici', met: (_v, r) => (r === null ? undefined : r >= 0.95) }),
    makeRow('throughput', { ...base, metric: `streamgate probe --json (CLI child), ${size}`, samples: speeds.cli!, note: 'transfer time as the CLI reports it (endMs), process start-up excluded' }),
    makeRow('throughput', { ...base, metric: `Node fetch() (child process), ${size}`, samples: speeds.fetch! }),
    makeRow('throughput', { ...base, metric: `curl -o /dev/null, ${size}`, samples: speeds.curl! }),
    makeRow('throughput', { ...base, metric: `raw undici request() (child process, baseline), ${size}`, samples: speeds.undici! }),
  ];
}

const scenario: Scenario = { id: 2, name: 'throughput', title: 'throughput on a large generated stream', budgetMs: { quick: 40_000, full: 240_000 }, run };
export default scenario;
