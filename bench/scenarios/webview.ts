// (5) The console webview in headless Chromium (test/webview/harness.ts: the built console bundle
// in a page with the panel's real HTML and CSP). A recorded stream of chunk messages is generated
// inside the page and posted with window.postMessage, one host-sized batch per task, as fast as
// the page takes them (no CDP round trip per message, so the page is what is measured). The
// figure is the chunks per second the console renders — its "Chunks: N" caption reaches N and
// it reports no missing chunk — against the same messages posted to a bare page that only counts
// them. Frame intervals (requestAnimationFrame) while receiving are compared with idle frames.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, Scenario } from '../lib/context';
import { SkipError, throwIfAborted } from '../lib/context';
import { makeRow, type BenchRow } from '../lib/result';
import { quantile } from '../lib/stats';
import { DISPLAY_WINDOW_BYTES } from '../../src/shared/protocol';

const BATCH = 500; // chunks per message: a ~16 ms host batch at ~30,000 chunks/s
const CHUNK_TEXT = 'data: {"token":"lorem ipsum dolor sit amet"}\n\n';

/**
 * Runs in the page: posts `total` chunks in batches of `batch`, one message per task (a
 * MessageChannel schedules the next batch, as separate host messages would arrive), then waits
 * for animation frames until `done()` holds. Resolves with the elapsed ms.
 */
const FIREHOSE = `async ({ total, batch, runId, text, windowChunks, doneExpr }) => {
  const done = new Function('n', doneExpr);
  const ch = new MessageChannel();
  const t0 = performance.now();
  const bytes = new TextEncoder().encode(text);
  let seq = 0;
  await new Promise((resolve) => {
    ch.port1.onmessage = () => {
      // One ArrayBuffer per batch, laid out as src/shared/chunkBatch.ts packs it.
      const firstSeq = seq;
      const n = Math.min(batch, total - seq);
      const withData = Math.max(0, Math.min(n, windowChunks - seq));
      const buffer = new ArrayBuffer(n * 16 + withData * bytes.length);
      const times = new Float64Array(buffer, 0, n);
      const sizes = new Uint32Array(buffer, n * 8, n);
      const shown = new Uint32Array(buffer, n * 12, n);
      const data = new Uint8Array(buffer, n * 16);
      for (let i = 0; i < n; i++, seq++) {
        times[i] = 5 + seq * 0.1;
        sizes[i] = bytes.length;
        if (i < withData) { shown[i] = bytes.length; data.set(bytes, i * bytes.length); }
      }
      window.postMessage({ type: 'chunks', runId, firstSeq, count: n, buffer }, '*');
      if (seq < total) ch.port2.postMessage(0); else resolve();
    };
    ch.port2.postMessage(0);
  });
  for (let f = 0; f < 100000 && !done(total); f++) await new Promise((r) => requestAnimationFrame(r));
  ch.port1.close();
  return performance.now() - t0;
}`;

// Runs in the page: records requestAnimationFrame timestamps until stopped.
const START_FRAMES = `(() => { const w = window; w.__frames = []; w.__framing = true;
  const tick = (t) => { w.__frames.push(t); if (w.__framing) requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`;
const STOP_FRAMES = `(() => { const w = window; w.__framing = false; const f = w.__frames; const d = [];
  for (let i = 1; i < f.length; i++) d.push(f[i] - f[i - 1]); return d; })()`;

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const harnessPath = join(ctx.root, 'test/webview/harness.ts');
  if (!existsSync(harnessPath)) throw new SkipError('test/webview/harness.ts does not exist yet: the console webview cannot be benchmarked');
  const chromium = process.env.STREAMGATE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) throw new SkipError(`no Chromium at ${chromium} (install Debian's chromium or set STREAMGATE_CHROMIUM)`);
  const harness = await import('../../test/webview/harness');
  ctx.defer(() => harness.closeChromium());
  const total = ctx.quick ? 50_000 : 200_000;
  const reps = ctx.quick ? 2 : 5;
  const idleMs = 500;

  const consoleRate: number[] = [];
  const bareRate: number[] = [];
  const busyP95: number[] = [];
  const busyMax: number[] = [];
  const idleP95: number[] = [];
  let dropped = 0;

  // Bare page: the same messages, a listener that only counts chunks.
  const browser = await harness.launchChromium();
  const bareContext = await browser.newContext();
  ctx.defer(() => bareContext.close());
  const bare = await bareContext.newPage();
  await bare.setContent('<html><body>bare</body></html>');
  const windowChunks = Math.floor(DISPLAY_WINDOW_BYTES / CHUNK_TEXT.length);
  const firehose = (runId: string, doneExpr: string) =>
    `(${FIREHOSE})(${JSON.stringify({ total, batch: BATCH, runId, text: CHUNK_TEXT, windowChunks, doneExpr })})`;

  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const runId = `bench-${rep}`;

    await bare.evaluate(() => {
      const w = window as unknown as { __count: number };
      w.__count = 0;
      window.onmessage = (e: MessageEvent) => { w.__count += (e.data as { count: number }).count; };
    });
    const bareMs = (await bare.evaluate(firehose(runId, 'return window.__count >= n;'))) as number;
    bareRate.push(total / (bareMs / 1000));

    const h = await harness.openConsoleHarness();
    try {
      await h.send(harness.runStarted(runId), { type: 'headers', runId, status: 200, headers: { 'content-type': 'text/event-stream' }, atMs: 4 });
      await h.frames(3);
      await h.page.evaluate(START_FRAMES);
      await h.page.waitForTimeout(idleMs);
      const idle = (await h.page.evaluate(STOP_FRAMES)) as number[];
      idleP95.push(quantile(idle, 0.95) ?? NaN);

      await h.page.evaluate(START_FRAMES);
      const consoleMs = (await h.page.evaluate(firehose(runId,
        "return (document.querySelector('.chunks-pane .section-caption')?.textContent ?? '').includes('Chunks: ' + n);"))) as number;
      const caption = await h.page.evaluate(() => document.querySelector('.chunks-pane .section-caption')?.textContent ?? '');
      if (!caption.includes(`Chunks: ${total}`)) throw new Error(`console shows "${caption}" after ${total} chunks`);
      consoleRate.push(total / (consoleMs / 1000));
      const busy = (await h.page.evaluate(STOP_FRAMES)) as number[];
      busyP95.push(quantile(busy, 0.95) ?? NaN);
      busyMax.push(Math.max(...busy));

      // End the run and read what the console says about missing chunks.
      await h.send({ type: 'runEnded', runId, summary: { id: runId, status: 200, outcome: 'complete', ttfbMs: 5, endMs: 5 + total * 0.1, chunkCount: total, bytes: total * CHUNK_TEXT.length },
        timing: harness.timing({ headersMs: 4, ttfbMs: 5, endMs: 5 + total * 0.1 }), bodySaved: false, displayTruncated: true });
      await h.frames(2);
      const status = await h.page.evaluate(() => document.querySelector('.status-bar')?.textContent ?? '');
      if (/missing/.test(status)) dropped++;
      const errors = (await h.posted()).filter((m) => m.type === 'webviewError');
      if (errors.length) throw new Error(`console reported errors: ${JSON.stringify(errors.slice(0, 2))}`);
    } finally {
      await h.close();
    }
    ctx.log(`rep ${rep + 1}/${reps}: console ${consoleRate.at(-1)!.toFixed(0)} chunks/s vs bare ${bareRate.at(-1)!.toFixed(0)}; ` +
      `frame p95 ${busyP95.at(-1)!.toFixed(1)} ms (idle ${idleP95.at(-1)!.toFixed(1)} ms), max ${busyMax.at(-1)!.toFixed(0)} ms`);
  }
  const note = dropped ? `${dropped} run(s) reported missing chunks` : `no chunk dropped in ${reps} runs of ${total}`;
  return [
    makeRow('webview', {
      metric: `chunks rendered per second (${total} chunks, batches of ${BATCH})`, unit: 'chunks/s', samples: consoleRate,
      baselineName: 'bare page counting the same messages', baselineSamples: bareRate, note,
      target: 'none dropped', met: () => dropped === 0,
    }),
    makeRow('webview', { metric: 'frame interval p95 while receiving', unit: 'ms', samples: busyP95, baselineName: 'same page idle (p95)', baselineSamples: idleP95 }),
    makeRow('webview', { metric: 'longest frame while receiving', unit: 'ms', samples: busyMax, baselineName: 'same page idle (p95)', baselineSamples: idleP95 }),
  ];
}

const scenario: Scenario = { id: 5, name: 'webview', title: 'console webview rendering in headless Chromium', budgetMs: { quick: 40_000, full: 150_000 }, run };
export default scenario;
