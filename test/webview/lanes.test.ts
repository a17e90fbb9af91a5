// The Hops view (webview/views/lanesView.ts) in the built bundle, headless Chromium: three lanes
// on one time axis drawn into a canvas (read back pixel by pixel), the diagnosis and its doctor
// link, hover and keyboard naming the function write a client chunk carried, Compare's A-above-B
// lanes on a shared axis, 600 px wide, and tens of thousands of chunks.
import { strict as assert } from 'node:assert';
import { chunks, openConsoleHarness, runStarted, timing, type ConsoleHarness } from './harness';
import { chatWrites, storedTraced } from './lanesFixtures';

type Lane = 'function' | 'gateway' | 'client';
const LANE_MID: Record<Lane, number> = { function: 12, gateway: 54, client: 96 }; // laneRows(): 24 px lanes, 18 px apart

/** The canvas pixel (alpha and RGB) at a time in a lane of the n-th lanes canvas. */
async function pixelAt(h: ConsoleHarness, lane: Lane, ms: number, { scope = '#view-hops', nth = 0, dx = 0 } = {}): Promise<{ a: number; r: number; g: number; b: number }> {
  return h.page.locator(`${scope} .lanes-canvas`).nth(nth).evaluate((c: HTMLCanvasElement, [y, t, dxPx]) => {
    const from = Number(c.dataset.fromMs); const to = Number(c.dataset.toMs); const pad = Number(c.dataset.padX);
    const cssW = c.getBoundingClientRect().width;
    const x = pad + ((t - from) / (to - from)) * (cssW - 2 * pad) + dxPx;
    const dpr = c.width / cssW;
    const d = c.getContext('2d')!.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data;
    return { r: d[0]!, g: d[1]!, b: d[2]!, a: d[3]! };
  }, [LANE_MID[lane], ms, dx] as const);
}

/** Moves the mouse over the client chunk drawn at `ms`. */
async function hoverClientAt(h: ConsoleHarness, ms: number): Promise<void> {
  const c = h.page.locator('#view-hops .lanes-canvas');
  const box = (await c.boundingBox())!;
  const geo = await c.evaluate((e: HTMLCanvasElement) => ({ from: Number(e.dataset.fromMs), to: Number(e.dataset.toMs), pad: Number(e.dataset.padX) }));
  const x = geo.pad + ((ms - geo.from) / (geo.to - geo.from)) * (box.width - 2 * geo.pad);
  await h.page.mouse.move(box.x + x, box.y + LANE_MID.client);
  await h.frames();
}

const isMark = (p: { a: number }) => p.a > 150; // a mark is at least 70 % opaque; the lane band is ~12 % grey

describe('request console Hops view (built bundle, headless Chromium)', function () {
  this.timeout(60_000);
  let h: ConsoleHarness;
  beforeEach(async () => { h = await openConsoleHarness({ width: 1000, height: 1200 }); });
  afterEach(async () => { await h.close(); });

  it('draws a BUFFERED run\'s lanes: 48 spread function writes, the gateway\'s one late write, the client\'s one chunk, and the gap', async () => {
    await h.send({ type: 'runLoaded', run: storedTraced('a', 'BUFFERED') });
    await h.frames();
    assert.equal(await h.page.locator('.view-tab[data-view="hops"]').innerText(), 'Hops · buffered at the gateway');
    await h.page.locator('.view-tab[data-view="hops"]').click();
    await h.frames();
    assert.match(await h.page.locator('#view-hops .trace-diagnosis').innerText(),
      /^buffered at the gateway: the function wrote 48 chunks from 12 ms to 2\.30 s, the gateway's first content to the client was at 2\.31 s \(BUFFERED on stage dev\)/);
    assert.equal(await h.page.locator('#view-hops .trace-fix').innerText(), 'Switch to STREAM and deploy…');
    assert.deepEqual(await h.page.locator('#view-hops .lane-label').allInnerTexts(),
      ['Function\n48 writes', 'Gateway\nBUFFERED · 1 write', 'Client\n1 chunk']);
    const writes = chatWrites();
    for (const w of [writes[0]!, writes[20]!, writes[47]!]) assert.ok(isMark(await pixelAt(h, 'function', w.atMs)), `function write at ${w.atMs} ms drawn`);
    const between = (writes[20]!.atMs + writes[21]!.atMs) / 2;
    assert.ok(!isMark(await pixelAt(h, 'function', between)), 'the gap between two writes is empty');
    assert.ok(!isMark(await pixelAt(h, 'gateway', 1000)), 'the gateway sent nothing at 1 s');
    assert.ok(isMark(await pixelAt(h, 'gateway', 2310)), 'the gateway\'s first content at 2.31 s');
    assert.ok(!isMark(await pixelAt(h, 'client', 1000)) && isMark(await pixelAt(h, 'client', 2312)), 'the client got its one chunk at 2.31 s');
    // The held-back time is drawn as a bracket under the function lane (from the first write to the first content).
    const bracket = await h.page.locator('#view-hops .lanes-canvas').evaluate((c: HTMLCanvasElement) => {
      const dpr = c.width / c.getBoundingClientRect().width;
      const row = c.getContext('2d')!.getImageData(0, Math.round(33 * dpr), c.width, 1).data;
      let n = 0;
      for (let i = 3; i < row.length; i += 4) if (row[i]! > 100) n++;
      return n / (c.width);
    });
    assert.ok(bracket > 0.8, `the gap bracket spans most of the axis (${bracket.toFixed(2)})`);
    await h.page.locator('#view-hops .trace-fix').click();
    assert.deepEqual(await h.waitForPosted('traceFix'), { type: 'traceFix', runId: 'a', hop: 'gateway' });
    assert.deepEqual(await h.cspViolations(), []);
  });

  it('hovering a client chunk names the function write it carried and highlights it; the keys step through chunks', async () => {
    await h.send({ type: 'runLoaded', run: storedTraced('s', 'STREAM') });
    await h.page.locator('.view-tab[data-view="hops"]').click();
    await h.frames();
    assert.equal(await h.page.locator('#view-hops .trace-diagnosis-text').innerText(), 'streamed end to end');
    assert.equal(await h.page.locator('#view-hops .trace-fix').isVisible(), false, 'nothing to fix');
    const w = chatWrites();
    const before = await pixelAt(h, 'function', w[24]!.atMs, { dx: -3 });
    await hoverClientAt(h, w[24]!.atMs + 1);
    const tip = h.page.locator('#view-hops .lanes-tip');
    assert.equal(await tip.getAttribute('data-function-first'), '24');
    assert.equal(await tip.innerText(), `Client chunk 25 of 48 at ${(w[24]!.atMs + 1).toFixed(1)} ms (40 B) carried function write 25 of 48 (written at ${w[24]!.atMs.toFixed(1)} ms, 40 B).`);
    const after = await pixelAt(h, 'function', w[24]!.atMs, { dx: -3 });
    assert.ok(!isMark(before) && isMark(after), 'the carried write is outlined in the function lane');

    const canvas = h.page.locator('#view-hops .lanes-canvas');
    await canvas.focus();
    await h.page.keyboard.press('Home');
    assert.equal(await tip.getAttribute('data-client'), '0');
    await h.page.keyboard.press('ArrowRight');
    assert.equal(await tip.getAttribute('data-client'), '1');
    assert.match(await tip.innerText(), /^Client chunk 2 of 48 .* carried function write 2 of 48/);
    await h.page.keyboard.press('End');
    assert.equal(await tip.getAttribute('data-function-last'), '47');
    await h.page.keyboard.press('Escape');
    assert.equal(await tip.getAttribute('data-client'), null);
    assert.equal(await canvas.getAttribute('aria-label'), 'Hops of this run: function writes, gateway writes and client chunks on one time axis');

    // A BUFFERED gateway's one chunk carried every write.
    await h.send({ type: 'runLoaded', run: storedTraced('b', 'BUFFERED') });
    await h.frames();
    await hoverClientAt(h, 2312);
    assert.equal(await tip.innerText(), 'Client chunk 1 of 1 at 2312.0 ms (1.9 KiB) carried function writes 1–48 of 48 (written 12.0 ms – 2300.0 ms, 1.9 KiB).');
  });

  it('a live run gets its lanes when the host sends the trace; an AWS stage without access logging offers to enable it', async () => {
    await h.page.locator('.view-tab[data-view="hops"]').click();
    const traced = storedTraced('x', 'STREAM');
    await h.send(runStarted('live'), chunks('live', 0, traced.marks.map((m) => ({ atMs: m.atMs, text: 'x'.repeat(m.bytes) }))));
    await h.frames();
    assert.match(await h.page.locator('#view-hops .trace-notice').innerText(), /appear when the run ends/);
    await h.send({ type: 'runEnded', runId: 'live', bodySaved: false, displayTruncated: false, timing: traced.timing, summary: { ...traced.summary, id: 'live' } },
      { type: 'trace', runId: 'live', trace: traced.trace });
    await h.frames();
    assert.equal(await h.page.locator('#view-hops .trace-diagnosis-text').innerText(), 'streamed end to end');
    assert.equal(await h.page.locator('.view-tab[data-view="hops"]').innerText(), 'Hops · streamed');
    assert.ok(isMark(await pixelAt(h, 'client', traced.marks[10]!.atMs)));

    await h.send(runStarted('aws'), { type: 'runEnded', runId: 'aws', bodySaved: false, displayTruncated: false, timing: timing({ endMs: 900 }),
      summary: { id: 'aws', status: 200, outcome: 'complete', ttfbMs: 800, endMs: 900, chunkCount: 0, bytes: 0 } },
    { type: 'traceStatus', runId: 'aws', state: 'reading', message: 'Reading the access log of stage prod…', stage: 'prod' });
    await h.frames();
    assert.equal(await h.page.locator('#view-hops .trace-notice-text').innerText(), 'Reading the access log of stage prod…');
    assert.equal(await h.page.locator('#view-hops [data-action="enable-access-log"]').isVisible(), false);
    await h.send({ type: 'traceStatus', runId: 'aws', state: 'accessLogOff', message: 'Access logging is off on stage prod.', stage: 'prod' });
    await h.frames();
    const enable = h.page.locator('#view-hops [data-action="enable-access-log"]');
    assert.equal(await enable.innerText(), 'Enable access logging on prod…');
    await enable.click();
    assert.deepEqual(await h.waitForPosted('enableAccessLog'), { type: 'enableAccessLog', runId: 'aws' });
  });

  it('an AWS trace: the invocation as a span (no writes), the first content from the access log', async () => {
    const run = storedTraced('aws', 'BUFFERED');
    const aws = { ...run, trace: { ...run.trace, source: 'aws',
      function: { writes: [], writeCount: 0, bytes: 0, coldStart: true, initMs: 180, startMs: 40, endMs: 2290 },
      gateway: { mode: 'BUFFERED', receivedMs: 1, firstContentMs: 2305, writes: [], writeCount: 0 } } };
    await h.send({ type: 'runLoaded', run: aws });
    await h.page.locator('.view-tab[data-view="hops"]').click();
    await h.frames();
    assert.deepEqual(await h.page.locator('#view-hops .lane-label .lane-count').allInnerTexts(), ['invocation · cold', 'BUFFERED · first content', '1 chunk']);
    const span = await pixelAt(h, 'function', 1200);
    assert.ok(span.a > 50 && span.a < 150, `the invocation is a translucent span (alpha ${span.a})`);
    assert.ok((await pixelAt(h, 'function', 2350)).a < 50, 'nothing after it ended');
    assert.ok(isMark(await pixelAt(h, 'gateway', 2305)), 'the first content marker');
    await hoverClientAt(h, 2312);
    assert.match(await h.page.locator('#view-hops .lanes-tip').innerText(), /the access log times the invocation, not its writes/);
  });

  it('Compare shows both runs\' lanes, A above B, on one time axis', async () => {
    await h.send({ type: 'compare', runs: [storedTraced('a', 'BUFFERED'), storedTraced('b', 'STREAM')] });
    await h.frames(3);
    const lanes = h.page.locator('.compare-lanes .compare-lane');
    assert.equal(await lanes.count(), 2);
    const heads = await h.page.locator('.compare-lanes .compare-lane-head').allInnerTexts();
    assert.deepEqual(heads, ['A BUFFERED · arrived buffered · GET /chat', 'B STREAM · arrived streamed · GET /chat']);
    const [boxA, boxB] = [(await lanes.nth(0).boundingBox())!, (await lanes.nth(1).boundingBox())!];
    assert.ok(boxA.y + boxA.height <= boxB.y + 1, 'A above B');
    const axes = await h.page.locator('.compare-lanes .lanes-canvas').evaluateAll((cs) => cs.map((c) => `${(c as HTMLCanvasElement).dataset.fromMs}…${(c as HTMLCanvasElement).dataset.toMs}`));
    assert.equal(axes[0], axes[1], 'one time axis');
    const diag = await h.page.locator('.compare-lanes .trace-diagnosis-text').allInnerTexts();
    assert.match(diag[0]!, /^buffered at the gateway/);
    assert.equal(diag[1], 'streamed end to end');
    // Same axis: a STREAM client chunk at 1 s is drawn in B, nothing at 1 s in A's client lane.
    const streamChunk = storedTraced('b', 'STREAM').marks[20]!.atMs;
    assert.ok(!isMark(await pixelAt(h, 'client', streamChunk, { scope: '.compare-lanes', nth: 0 })));
    assert.ok(isMark(await pixelAt(h, 'client', streamChunk, { scope: '.compare-lanes', nth: 1 })));
    await h.page.locator('.compare-lanes .trace-fix').first().click();
    assert.deepEqual(await h.waitForPosted('traceFix'), { type: 'traceFix', runId: 'a', hop: 'gateway' });
  });
});

describe('request console Hops view at 600 px and with many chunks', function () {
  this.timeout(60_000);
  let h: ConsoleHarness;
  before(async () => { h = await openConsoleHarness({ width: 600, height: 900 }); });
  after(async () => { await h.close(); });

  it('fits 600 px: labels, lanes and the diagnosis without horizontal scrolling', async () => {
    await h.send({ type: 'runLoaded', run: storedTraced('a', 'BUFFERED') });
    await h.page.locator('.view-tab[data-view="hops"]').click();
    await h.frames();
    const layout = await h.page.evaluate(() => {
      const c = document.querySelector('#view-hops .lanes-canvas')!.getBoundingClientRect();
      const label = document.querySelector('#view-hops .lane-label[data-lane="gateway"]')!.getBoundingClientRect();
      return { scroll: document.documentElement.scrollWidth, canvasRight: c.right, canvasWidth: c.width, labelRight: label.right, canvasLeft: c.left };
    });
    assert.ok(layout.scroll <= 600, `no horizontal scroll (${layout.scroll})`);
    assert.ok(layout.canvasRight <= 600 && layout.canvasWidth > 350, `canvas fits: ${JSON.stringify(layout)}`);
    assert.ok(layout.labelRight <= layout.canvasLeft, 'labels beside the lanes, not over them');
    assert.ok(isMark(await pixelAt(h, 'gateway', 2310)));
  });

  it('draws and hovers 40,000 chunks cheaply (marks binned per pixel column)', async () => {
    const n = 40_000;
    const run = storedTraced('big', 'STREAM');
    const writes = Array.from({ length: n }, (_, i) => ({ atMs: 5 + i * 0.25, bytes: 10 }));
    const big = {
      ...run, marks: writes.map((w) => ({ atMs: w.atMs + 0.5, bytes: 10 })), summary: { ...run.summary, id: 'big', chunkCount: n, bytes: n * 10 },
      trace: { ...run.trace, function: { writes, writeCount: n, bytes: n * 10 }, gateway: { ...run.trace.gateway, writes: [], writeCount: 0, firstContentMs: 5.2 } },
    };
    await h.send({ type: 'runLoaded', run: big });
    await h.frames();
    assert.match(await h.page.locator('#view-hops .lane-label[data-lane="client"]').innerText(), /40,000 chunks/);
    const ms = await h.page.locator('#view-hops .lanes-canvas').evaluate((c: HTMLCanvasElement) => {
      const r = c.getBoundingClientRect();
      const t0 = performance.now();
      for (let i = 0; i < 40; i++) c.dispatchEvent(new MouseEvent('mousemove', { clientX: r.left + 20 + i * 9, clientY: r.top + 96, bubbles: true }));
      return (performance.now() - t0) / 40;
    });
    assert.ok(ms < 60, `one hover redraw of 40,000 chunks took ${ms.toFixed(1)} ms`);
    assert.match(await h.page.locator('#view-hops .lanes-tip').innerText(), /^Client chunk [\d,]+ of 40,000 .* carried function write [\d,]+ of 40,000/);
  });
});
