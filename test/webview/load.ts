// Feeds the console a synthetic stream at a fixed chunk rate, generated inside the page (as the
// host's batches would arrive), and measures whether rendering keeps up. Shared with the bench.
import type { ConsoleHarness } from './harness';

export interface LoadResult {
  chunksSent: number;
  seconds: number;
  /** Chunks the console reports as received (its stats), after the run ended. */
  chunksShown: number;
  deliveredChunksPerSecond: number;
  frames: number;
  fps: number;
  /** Longest time between two animation frames during the load: how unresponsive it got. */
  maxFrameGapMs: number;
  p95FrameGapMs: number;
}

export async function runChunkLoad(h: ConsoleHarness, opts: { chunksPerSecond: number; seconds: number; batchMs?: number }): Promise<LoadResult> {
  const runId = 'load';
  await h.send({ type: 'runStarted', runId, request: { method: 'GET', url: 'http://127.0.0.1/load', headers: {} }, startedAt: Date.now() },
    { type: 'headers', runId, status: 200, headers: { 'content-type': 'text/plain' }, atMs: 1 });
  const measured = await h.page.evaluate(({ rate, seconds, batchMs }) => new Promise<{ sent: number; elapsed: number; gaps: number[] }>((done) => {
    const total = Math.round(rate * seconds);
    const start = performance.now();
    const gaps: number[] = [];
    let lastFrame = start;
    let sent = 0;
    let running = true;
    const onFrame = (t: number) => { gaps.push(t - lastFrame); lastFrame = t; if (running) requestAnimationFrame(onFrame); };
    requestAnimationFrame(onFrame);
    // Batches go out on the schedule the host uses; if the page falls behind, the catch-up batch
    // carries every chunk that is due, so a slow renderer shows up as fewer frames, not fewer chunks.
    const timer = setInterval(() => {
      const now = performance.now() - start;
      const due = Math.min(total, Math.floor((now / 1000) * rate));
      // Packed as the host packs a batch (src/shared/chunkBatch.ts): times, sizes, shown sizes, bytes.
      const firstSeq = sent;
      const n = due - sent;
      const lineBytes = 12;
      const buffer = new ArrayBuffer(n * 16 + n * lineBytes);
      const times = new Float64Array(buffer, 0, n);
      const sizes = new Uint32Array(buffer, n * 8, n);
      const shown = new Uint32Array(buffer, n * 12, n);
      const data = new Uint8Array(buffer, n * 16);
      for (let i = 0; sent < due; sent++, i++) {
        const line = `tok-${String(sent).padStart(7, '0')}\n`;
        times[i] = 1 + (sent / rate) * 1000;
        sizes[i] = line.length;
        shown[i] = line.length;
        for (let j = 0; j < lineBytes; j++) data[i * lineBytes + j] = line.charCodeAt(j);
      }
      if (n > 0) window.postMessage({ type: 'chunks', runId: 'load', firstSeq, count: n, buffer }, '*');
      if (sent >= total) {
        clearInterval(timer);
        // Let the last batch render before stopping the frame clock.
        requestAnimationFrame(() => requestAnimationFrame(() => { running = false; done({ sent, elapsed: performance.now() - start, gaps }); }));
      }
    }, batchMs);
  }), { rate: opts.chunksPerSecond, seconds: opts.seconds, batchMs: opts.batchMs ?? 25 });

  const endMs = 1 + opts.seconds * 1000;
  await h.send({ type: 'runEnded', runId, bodySaved: false, displayTruncated: false,
    timing: { dnsMs: null, connectMs: null, tlsMs: null, requestSentMs: null, headersMs: 1, ttfbMs: 1, endMs },
    summary: { id: runId, status: 200, outcome: 'complete', ttfbMs: 1, endMs, chunkCount: measured.sent, bytes: measured.sent * 12 } });
  await h.frames(3);
  const chunksShown = Number(await h.page.locator('.stats [data-stat="chunkCount"] .stat-value').innerText());
  const gaps = measured.gaps.slice(1).sort((a, b) => a - b);
  return {
    chunksSent: measured.sent,
    seconds: measured.elapsed / 1000,
    chunksShown,
    deliveredChunksPerSecond: measured.sent / (measured.elapsed / 1000),
    frames: gaps.length,
    fps: gaps.length / (measured.elapsed / 1000),
    maxFrameGapMs: gaps[gaps.length - 1] ?? 0,
    p95FrameGapMs: gaps[Math.floor(gaps.length * 0.95)] ?? 0,
  };
}
