import { strict as assert } from 'node:assert';
import { openConsoleHarness, type ConsoleHarness } from './harness';
import { runChunkLoad } from './load';

// 3 s by default keeps the suite quick on a shared 2-core machine; the bench runs the full 10 s.
const SECONDS = Number(process.env.STREAMGATE_LOAD_SECONDS ?? 3);

describe('request console webview under load', function () {
  this.timeout(60_000 + SECONDS * 4000);
  let h: ConsoleHarness;

  before(async () => { h = await openConsoleHarness(); });
  after(async () => { await h.close(); });

  it(`renders every chunk of a 10,000 chunks/s stream for ${SECONDS} s and stays responsive`, async () => {
    const r = await runChunkLoad(h, { chunksPerSecond: 10_000, seconds: SECONDS });
    console.log(`      load: ${r.chunksSent} chunks in ${r.seconds.toFixed(2)} s = ${Math.round(r.deliveredChunksPerSecond)} chunks/s, ` +
      `${r.frames} frames (${r.fps.toFixed(0)} fps), frame gap p95 ${r.p95FrameGapMs.toFixed(1)} ms, max ${r.maxFrameGapMs.toFixed(1)} ms`);
    assert.equal(r.chunksShown, r.chunksSent, 'no chunk dropped');
    assert.equal(r.chunksSent, 10_000 * SECONDS);
    // The stream kept its rate (the page was not too busy to take the batches) ...
    assert.ok(r.deliveredChunksPerSecond > 8_000, `delivered ${r.deliveredChunksPerSecond} chunks/s`);
    // ... and the page kept painting: generous bounds for a loaded CI box.
    assert.ok(r.fps > 15, `fps ${r.fps}`);
    assert.ok(r.maxFrameGapMs < 500, `max frame gap ${r.maxFrameGapMs} ms`);

    // The last chunk is reachable in the virtualized list and the raw view holds every line.
    const lastRow = h.page.locator(`.chunk-list .vlist-row[data-index="${r.chunksSent - 1}"]`);
    assert.equal(await lastRow.locator('.c-index').innerText(), String(r.chunksSent));
    assert.ok(await h.page.locator('.chunk-list .vlist-row').count() < 200, 'rows are virtualized');
    assert.match(await h.page.locator('.status-bar').innerText(), /done/);
    assert.doesNotMatch(await h.page.locator('.status-bar').innerText(), /missing/);
  });
});
