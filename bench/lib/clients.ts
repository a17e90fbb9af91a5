// The HTTP clients the benchmark compares on one large body: StreamGate's engine, raw undici
// request(), Node's fetch, curl and the streamgate CLI. Each returns bytes and its own elapsed
// time (process start-up excluded for curl and the CLI, which report their own timings).
import { Client } from 'undici';
import { runRequest, type EngineOptions } from '../../src/core/stream/engine';
import { runChild, runCurl } from './proc';

export interface Transfer { bytes: number; ms: number; ttfbMs: number | null }

export async function viaEngine(url: string, options: EngineOptions = {}): Promise<Transfer> {
  const r = await runRequest({ method: 'GET', url }, {}, { maxTimeMs: 600_000, ...options });
  if (r.outcome !== 'complete') throw new Error(`engine: ${r.error}`);
  return { bytes: r.bytes, ms: r.timing.endMs!, ttfbMs: r.timing.ttfbMs };
}

export async function viaUndici(url: string): Promise<Transfer> {
  const u = new URL(url);
  const client = new Client(u.origin, { pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
  try {
    const t0 = performance.now();
    const res = await client.request({ method: 'GET', path: `${u.pathname}${u.search}` });
    let bytes = 0;
    let ttfbMs: number | null = null;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (ttfbMs === null) ttfbMs = performance.now() - t0;
      bytes += chunk.length;
    }
    return { bytes, ms: performance.now() - t0, ttfbMs };
  } finally {
    await client.close();
  }
}

export async function viaFetch(url: string): Promise<Transfer> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { connection: 'close' } });
  const reader = res.body!.getReader();
  let bytes = 0;
  let ttfbMs: number | null = null;
  for (let i = 0; i < 1e9; i++) {
    const { done, value } = await reader.read();
    if (done) break;
    if (ttfbMs === null) ttfbMs = performance.now() - t0;
    bytes += value.byteLength;
  }
  return { bytes, ms: performance.now() - t0, ttfbMs };
}

export async function viaCurl(url: string, signal?: AbortSignal): Promise<Transfer> {
  const c = await runCurl(url, { timeoutMs: 600_000, signal });
  if (c.httpCode !== 200) throw new Error(`curl: HTTP ${c.httpCode}`);
  return { bytes: c.sizeDownload, ms: c.timeTotal * 1000, ttfbMs: c.timeStarttransfer * 1000 };
}

export interface CliTransfer extends Transfer { peakKb: number | null; wallMs: number }

/** `node cli.js probe URL --json` as a child; its own endMs is the transfer time. */
export async function viaCli(cliPath: string, url: string, opts: { sampleMs?: number; signal?: AbortSignal } = {}): Promise<CliTransfer> {
  const r = await runChild(process.execPath, [cliPath, 'probe', url, '--json'], { timeoutMs: 600_000, sampleMs: opts.sampleMs, signal: opts.signal });
  if (r.code !== 0) throw new Error(`streamgate probe exited ${r.code}: ${r.stderr.trim().slice(-500)}`);
  const out = JSON.parse(r.stdout) as { bytes: number; timing: { endMs: number; ttfbMs: number | null } };
  return { bytes: out.bytes, ms: out.timing.endMs, ttfbMs: out.timing.ttfbMs, peakKb: r.peakKb, wallMs: r.wallMs };
}

export const mbPerS = (t: Transfer): number => t.bytes / 1e6 / (t.ms / 1000);
