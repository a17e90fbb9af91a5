// (9) Concurrent streams through the local gateway. 20 STREAM requests of 10 MB each run at the
// same time through the embedded local API Gateway (own process, API made through the SDK as in
// scenario 4), and 20 at the same time straight to the backend, in alternating turns (which side
// goes first alternates too, so neither always runs on a machine still busy with the other).
// Both sides are warmed with a full batch first, so no repetition pays for opening connections.
// Reported: aggregate throughput (all bytes / wall time of the batch) and the p95 time to first
// byte, each the median over repetitions with its IQR, and the per-repetition ratios' IQR.
import type { BenchContext, Scenario } from '../lib/context';
import { SkipError, throwIfAborted } from '../lib/context';
import { startServerProcess } from '../lib/proc';
import { makeRow, type BenchRow } from '../lib/result';
import { iqr, median, quantile } from '../lib/stats';
import { runRequest } from '../../src/core/stream/engine';
import { createStreamApi } from './gateway';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';

const MB10 = 10 * 1000 * 1000;
const CONCURRENT = 20;

interface Batch { mbPerS: number; p95TtfbMs: number }

async function batch(url: string, n: number): Promise<Batch> {
  const t0 = performance.now();
  const runs = await Promise.all(Array.from({ length: n }, () => runRequest({ method: 'GET', url }, {}, { maxTimeMs: 120_000 })));
  const wallMs = performance.now() - t0;
  let bytes = 0;
  for (const r of runs) {
    if (r.outcome !== 'complete' || r.status !== 200 || r.bytes !== MB10) throw new Error(`GET ${url}: ${r.status} ${r.outcome} ${r.bytes} B ${r.error ?? ''}`);
    bytes += r.bytes;
  }
  return { mbPerS: bytes / 1e6 / (wallMs / 1000), p95TtfbMs: quantile(runs.map((r) => r.timing.ttfbMs!), 0.95)! };
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const reps = ctx.quick ? 3 : 7;
  const gw = await startServerProcess(ctx, { kind: 'gateway' }).catch((err: unknown) => { throw new SkipError(`local gateway did not start: ${String(err)}`); });
  const backend = await startServerProcess(ctx, { kind: 'huge', totalBytes: MB10 });
  const sdk = new APIGatewayClient({ region: 'us-east-1', endpoint: gw.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 2 });
  ctx.defer(() => sdk.destroy());
  const { invoke } = await createStreamApi(sdk, gw.url, { ten: `${backend.url}/` });
  const viaGateway = invoke('ten');
  await batch(viaGateway, CONCURRENT); // warm-up: every connection of a batch open on both sides
  await batch(backend.url, CONCURRENT);
  const gwTp: number[] = [];
  const directTp: number[] = [];
  const gwTtfb: number[] = [];
  const directTtfb: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const directFirst = rep % 2 === 0;
    const first = await batch(directFirst ? backend.url : viaGateway, CONCURRENT);
    const second = await batch(directFirst ? viaGateway : backend.url, CONCURRENT);
    const [d, g] = directFirst ? [first, second] : [second, first];
    directTp.push(d.mbPerS);
    gwTp.push(g.mbPerS);
    directTtfb.push(d.p95TtfbMs);
    gwTtfb.push(g.p95TtfbMs);
    ctx.log(`rep ${rep + 1}/${reps}: direct ${d.mbPerS.toFixed(0)} MB/s p95 TTFB ${d.p95TtfbMs.toFixed(1)} ms; gateway ${g.mbPerS.toFixed(0)} MB/s p95 TTFB ${g.p95TtfbMs.toFixed(1)} ms`);
  }
  return [
    makeRow('concurrency', {
      metric: `${CONCURRENT} concurrent 10 MB STREAM requests via gateway: aggregate throughput`, unit: 'MB/s', samples: gwTp,
      baselineName: `${CONCURRENT} concurrent direct calls`, baselineSamples: directTp,
      target: '≥ 0.85x direct', met: (_v, r) => (r === null ? undefined : r >= 0.85),
      note: pairedNote(gwTp, directTp),
    }),
    makeRow('concurrency', {
      metric: `${CONCURRENT} concurrent 10 MB STREAM requests via gateway: p95 time to first byte`, unit: 'ms', samples: gwTtfb,
      baselineName: `${CONCURRENT} concurrent direct calls`, baselineSamples: directTtfb,
      note: pairedNote(gwTtfb, directTtfb),
    }),
  ];
}

/** The ratio of each repetition's pair (gateway batch / the direct batch beside it): median and IQR. */
function pairedNote(gateway: number[], direct: number[]): string {
  const ratios = gateway.map((g, i) => g / direct[i]!);
  return `per-repetition ratio median ${median(ratios)?.toFixed(2)}, IQR ${iqr(ratios)?.toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(', ')})`;
}

const scenario: Scenario = { id: 9, name: 'concurrency', title: '20 concurrent STREAM requests through the local gateway vs direct', budgetMs: { quick: 90_000, full: 240_000 }, run };
export default scenario;
