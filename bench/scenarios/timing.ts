// (1) Timing accuracy. A reference server (own process) sends small chunks on a known, irregular
// schedule and reports when it really wrote each one. StreamGate's engine timestamps are compared
// with those send times (intervals relative to the first chunk, so the clock offset between the
// two processes cancels), beside raw undici request() measured the same way. The time to the
// first response byte is compared with curl's time_starttransfer on the same server.
import { Client } from 'undici';
import { runRequest } from '../../src/core/stream/engine';
import type { BenchContext, Scenario } from '../lib/context';
import { throwIfAborted } from '../lib/context';
import { runChild, runCurl, startServerProcess } from '../lib/proc';
import { makeRow, type BenchRow } from '../lib/result';
import { median } from '../lib/stats';

const HEADERS_DELAY_MS = 40;
// Gaps between chunks, ms: irregular so a client that batches or rounds shows up.
const GAPS = [30, 12, 25, 8, 40, 15, 60, 10, 20, 35, 9, 45, 18, 28, 11, 50, 14, 22, 33, 16];

interface Observed { headersMs: number; chunkAt: number[] }
interface Sent { headersAt: number; sendTimes: number[] }

async function observeEngine(url: string): Promise<Observed> {
  const r = await runRequest({ method: 'GET', url }, {}, { maxTimeMs: 30_000 });
  if (r.outcome !== 'complete') throw new Error(`engine run failed: ${r.error}`);
  return { headersMs: r.timing.headersMs!, chunkAt: r.chunks.map((c) => c.atMs) };
}

/** The minimal undici client: a fresh connection, timestamps taken in the data listener. */
async function observeUndici(url: string): Promise<Observed> {
  const origin = new URL(url).origin;
  const client = new Client(origin, { pipelining: 1 });
  try {
    const t0 = performance.now();
    const res = await client.request({ method: 'GET', path: new URL(url).pathname || '/' });
    const headersMs = performance.now() - t0;
    const chunkAt: number[] = [];
    for await (const _chunk of res.body) chunkAt.push(performance.now() - t0);
    return { headersMs, chunkAt };
  } finally {
    await client.close();
  }
}

async function sentTimes(controlUrl: string): Promise<Sent> {
  const res = await fetch(`${controlUrl}/times`);
  return (await res.json()) as Sent;
}

/** Median absolute error of chunk times (relative to the first chunk) against the send schedule; null when chunks merged. */
function chunkError(o: Observed, s: Sent): { perChunk: number; firstByte: number } | null {
  if (o.chunkAt.length !== s.sendTimes.length || o.chunkAt.length < 2) return null;
  const errs: number[] = [];
  for (let i = 1; i < o.chunkAt.length; i++) {
    errs.push(Math.abs((o.chunkAt[i]! - o.chunkAt[0]!) - (s.sendTimes[i]! - s.sendTimes[0]!)));
  }
  const firstByte = Math.abs((o.chunkAt[0]! - o.headersMs) - (s.sendTimes[0]! - s.headersAt));
  return { perChunk: median(errs)!, firstByte };
}

/**
 * A fresh `streamgate probe --json` process per run (cold: its own warm-up only) against a server
 * that answers at once, beside curl on the same server: connect→headers against curl's
 * time_connect→time_starttransfer, interleaved so machine noise spreads over both.
 */
async function coldCliVsCurl(ctx: BenchContext, reps: number): Promise<{ cli: number[]; curl: number[]; diff: number[]; sent: number[] }> {
  const server = await startServerProcess(ctx, { kind: 'huge', totalBytes: 1024 });
  const cliPath = await ctx.cliPath();
  const out = { cli: [] as number[], curl: [] as number[], diff: [] as number[], sent: [] as number[] };
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const r = await runChild(process.execPath, [cliPath, 'probe', server.url, '--json'], { timeoutMs: 30_000, signal: ctx.signal });
    if (r.code !== 0) throw new Error(`streamgate probe exited ${r.code}: ${r.stderr.slice(-300)}`);
    const t = (JSON.parse(r.stdout) as { timing: { connectMs: number; sentMs: number; headersMs: number } }).timing;
    const c = await runCurl(server.url, { timeoutMs: 30_000, signal: ctx.signal });
    const cli = t.headersMs - t.connectMs;
    const curl = (c.timeStarttransfer - c.timeConnect) * 1000;
    out.cli.push(cli);
    out.curl.push(curl);
    out.diff.push(cli - curl);
    out.sent.push(t.sentMs - t.connectMs);
    ctx.log(`cold CLI rep ${rep + 1}/${reps}: connect→headers ${cli.toFixed(3)} ms (sent +${(t.sentMs - t.connectMs).toFixed(3)} ms) vs curl ${curl.toFixed(3)} ms`);
  }
  return out;
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const reps = ctx.quick ? 5 : 9;
  const gaps = ctx.quick ? GAPS.slice(0, 12) : GAPS;
  const server = await startServerProcess(ctx, {
    kind: 'chunks', headersDelayMs: HEADERS_DELAY_MS,
    schedule: gaps.map((delayMs, i) => ({ delayMs, data: `chunk ${i} `.padEnd(64, '.') })),
  });
  const controlUrl = server.controlUrl!;
  await observeEngine(server.url); // warm-up: JIT, first connection
  await observeUndici(server.url);

  const engine = { perChunk: [] as number[], firstByte: [] as number[] };
  const undici = { perChunk: [] as number[], firstByte: [] as number[] };
  const ttfbEngine: number[] = [];
  const ttfbCurl: number[] = [];
  const ttfbDiff: number[] = [];
  let merged = 0;
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const e = await observeEngine(server.url);
    const eErr = chunkError(e, await sentTimes(controlUrl));
    const u = await observeUndici(server.url);
    const uErr = chunkError(u, await sentTimes(controlUrl));
    if (eErr) { engine.perChunk.push(eErr.perChunk); engine.firstByte.push(eErr.firstByte); } else merged++;
    if (uErr) { undici.perChunk.push(uErr.perChunk); undici.firstByte.push(uErr.firstByte); } else merged++;
    const c = await runCurl(server.url, { timeoutMs: 30_000, signal: ctx.signal });
    const curlMs = c.timeStarttransfer * 1000;
    ttfbEngine.push(e.headersMs);
    ttfbCurl.push(curlMs);
    ttfbDiff.push(e.headersMs - curlMs);
    ctx.log(`rep ${rep + 1}/${reps}: engine chunk err ${eErr?.perChunk.toFixed(3) ?? 'merged'} ms, undici ${uErr?.perChunk.toFixed(3) ?? 'merged'} ms; ` +
      `first response byte engine ${e.headersMs.toFixed(2)} ms vs curl ${curlMs.toFixed(2)} ms`);
  }
  const cold = await coldCliVsCurl(ctx, reps);
  const note = merged ? `${merged} run(s) had chunks merged by the network stack and were left out` : undefined;
  return [
    makeRow('timing', {
      metric: `per-chunk time error vs server schedule (median |err|, ${gaps.length} chunks)`, unit: 'ms',
      samples: engine.perChunk, baselineName: 'raw undici request()', baselineSamples: undici.perChunk,
      target: '≤ 2 ms', met: (v) => (v === null ? undefined : v <= 2), note,
    }),
    makeRow('timing', {
      metric: 'first body byte time error vs server (after headers)', unit: 'ms',
      samples: engine.firstByte, baselineName: 'raw undici request()', baselineSamples: undici.firstByte,
      target: '≤ 2 ms', met: (v) => (v === null ? undefined : v <= 2),
    }),
    makeRow('timing', {
      metric: 'first response byte: engine − curl time_starttransfer', unit: 'ms',
      samples: ttfbDiff, baselineName: 'curl time_starttransfer', baselineSamples: ttfbCurl,
      ratioOverride: (median(ttfbEngine) ?? NaN) / (median(ttfbCurl) ?? NaN),
      target: 'within 5 ms', met: (v) => (v === null ? undefined : Math.abs(v) <= 5),
      note: `engine median ${median(ttfbEngine)?.toFixed(2)} ms; ratio = engine/curl medians`,
    }),
    makeRow('timing', {
      metric: 'cold CLI connect→headers − curl time_connect→time_starttransfer (same loopback server)', unit: 'ms',
      samples: cold.diff, baselineName: 'curl time_connect→time_starttransfer', baselineSamples: cold.curl,
      ratioOverride: (median(cold.cli) ?? NaN) / (median(cold.curl) ?? NaN),
      target: 'within 0.5 ms', met: (v) => (v === null ? undefined : Math.abs(v) <= 0.5),
      note: `CLI connect→headers median ${median(cold.cli)?.toFixed(3)} ms, of which connect→request sent ${median(cold.sent)?.toFixed(3)} ms; ` +
        'each run a fresh `streamgate probe --json` process; ratio = CLI/curl medians',
    }),
  ];
}

const scenario: Scenario = { id: 1, name: 'timing', title: 'timing accuracy vs a known chunk schedule and curl', budgetMs: { quick: 30_000, full: 90_000 }, run };
export default scenario;
