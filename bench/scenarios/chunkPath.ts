// (8) The console's chunk path, host → webview, in ms per MiB of displayed body. Host half: the
// real ChunkBatcher turns 1 KiB chunks into batch messages, then each message is serialized as
// VS Code's webview IPC does it (JSON, with ArrayBuffers carried beside the JSON as raw bytes).
// Webview half: the built console bundle in headless Chromium (test/webview/harness.ts) receives
// the same messages with window.postMessage (structured clone, as VS Code's iframe does) until
// its chunk caption shows every chunk. Baseline: a copy of the same bytes (memcpy), the floor.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, Scenario } from '../lib/context';
import { SkipError, throwIfAborted } from '../lib/context';
import { makeRow, type BenchRow } from '../lib/result';

const MIB = 1024 * 1024;
const CHUNK_BYTES = 1024;
const CHUNKS_PER_BATCH = 256; // ~ one 25 ms batch of a fast stream

interface Batcher { add(chunk: Uint8Array, mark: { atMs: number; bytes: number }): void; flush(): void; dispose(): void }
type BatcherCtor = new (opts: { displayWindowBytes: number; intervalMs?: number; send(payload: unknown): void }) => Batcher;

/** VS Code serializes webview messages as JSON and carries ArrayBuffers out of band (replacer). */
function ipcSerialize(message: unknown): number {
  let raw = 0;
  const json = JSON.stringify(message, (_k, v: unknown) => {
    if (v instanceof ArrayBuffer) { raw += Buffer.from(new Uint8Array(v)).length; return { $$vscode_array_buffer_reference$$: 0 }; }
    return v;
  });
  return json.length + raw;
}

/** Messages cross into the page as JSON; ArrayBuffers travel as base64 and are revived there (untimed). */
function toPageJson(messages: unknown[]): string {
  return JSON.stringify(messages, (_k, v: unknown) => (v instanceof ArrayBuffer ? { __ab: Buffer.from(new Uint8Array(v)).toString('base64') } : v));
}

const REVIVE_AND_POST = `async ({ json, chunks }) => {
  const revive = (k, v) => {
    if (v && typeof v === 'object' && typeof v.__ab === 'string') {
      const bin = atob(v.__ab); const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out.buffer;
    }
    return v;
  };
  const messages = JSON.parse(json, revive);
  const caption = () => document.querySelector('.chunks-pane .section-caption')?.textContent ?? '';
  const t0 = performance.now();
  for (const m of messages) window.postMessage(m, '*');
  // Messages are delivered as tasks; wait until the console has taken all of them.
  for (let i = 0; i < 100000 && !caption().includes(String(chunks)); i++) await new Promise((r) => setTimeout(r, 0));
  return performance.now() - t0;
}`;

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const harnessPath = join(ctx.root, 'test/webview/harness.ts');
  const chromium = process.env.STREAMGATE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(harnessPath)) throw new SkipError('test/webview/harness.ts is missing');
  if (!existsSync(chromium)) throw new SkipError(`no Chromium at ${chromium}`);
  const { ChunkBatcher } = (await import('../../src/extension/console/chunkBatcher')) as unknown as { ChunkBatcher: BatcherCtor };
  const harness = await import('../../test/webview/harness');
  ctx.defer(() => harness.closeChromium());
  const mib = ctx.quick ? 2 : 4;
  const reps = ctx.quick ? 3 : 7;
  const total = (mib * MIB) / CHUNK_BYTES;
  const chunk = new Uint8Array(CHUNK_BYTES).fill(0x61);
  chunk[CHUNK_BYTES - 1] = 0x0a;

  const hostMs: number[] = [];
  const copyMs: number[] = [];
  const pageMs: number[] = [];
  let lastMessages: unknown[] = [];
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const runId = `bench-${rep}`;
    const messages: unknown[] = [];
    const t0 = performance.now();
    let wire = 0;
    const batcher = new ChunkBatcher({
      displayWindowBytes: mib * MIB, intervalMs: 1e9,
      // Older builds sent an array of chunks; newer ones a packed batch object.
      send: (payload) => messages.push({ type: 'chunks', runId, ...(Array.isArray(payload) ? { chunks: payload } : payload as object) }),
    });
    for (let i = 0; i < total; i++) {
      batcher.add(chunk.slice(), { atMs: 5 + i * 0.01, bytes: CHUNK_BYTES });
      if (i % CHUNKS_PER_BATCH === CHUNKS_PER_BATCH - 1) batcher.flush();
    }
    batcher.flush();
    batcher.dispose();
    for (const m of messages) wire += ipcSerialize(m);
    hostMs.push((performance.now() - t0) / mib);
    const c0 = performance.now();
    const sink = new Uint8Array(mib * MIB);
    for (let i = 0; i < total; i++) sink.set(chunk, i * CHUNK_BYTES);
    copyMs.push((performance.now() - c0) / mib);
    lastMessages = messages;
    ctx.log(`rep ${rep + 1}: host ${hostMs.at(-1)!.toFixed(2)} ms/MiB, ${messages.length} messages, ${(wire / MIB).toFixed(2)} MiB on the wire`);
  }

  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const runId = `bench-page-${rep}`;
    const json = toPageJson(lastMessages.map((m) => ({ ...(m as object), runId })));
    const h = await harness.openConsoleHarness();
    try {
      await h.send(harness.runStarted(runId), { type: 'headers', runId, status: 200, headers: { 'content-type': 'text/plain' }, atMs: 4 });
      await h.frames(2);
      const ms = (await h.page.evaluate(`(${REVIVE_AND_POST})(${JSON.stringify({ json, chunks: total })})`)) as number;
      const caption = await h.page.evaluate(() => document.querySelector('.chunks-pane .section-caption')?.textContent ?? '');
      if (!caption.includes(String(total))) throw new Error(`console shows "${caption}" after ${total} chunks`);
      pageMs.push(ms / mib);
      const errors = (await h.posted()).filter((m) => m.type === 'webviewError');
      if (errors.length) throw new Error(`console reported errors: ${JSON.stringify(errors.slice(0, 2))}`);
    } finally {
      await h.close();
    }
    ctx.log(`rep ${rep + 1}: webview ${pageMs.at(-1)!.toFixed(2)} ms/MiB`);
  }
  const wireBytes = lastMessages.reduce<number>((n, m) => n + ipcSerialize(m), 0);
  const note = `${CHUNK_BYTES} B chunks, ${CHUNKS_PER_BATCH} per message, ${(wireBytes / (mib * MIB)).toFixed(2)} bytes on the wire per body byte`;
  return [
    makeRow('chunkpath', { metric: `host: batch + serialize (${mib} MiB shown)`, unit: 'ms/MiB', samples: hostMs, baselineName: 'memcpy of the same bytes', baselineSamples: copyMs, note }),
    makeRow('chunkpath', { metric: 'webview: receive + decode until every chunk is listed', unit: 'ms/MiB', samples: pageMs, baselineName: 'memcpy of the same bytes', baselineSamples: copyMs }),
  ];
}

const scenario: Scenario = { id: 8, name: 'chunkpath', title: 'console chunk path host → webview, per MiB', budgetMs: { quick: 60_000, full: 150_000 }, run };
export default scenario;
