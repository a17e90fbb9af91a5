import { strict as assert } from 'node:assert';
import { openConsoleHarness, timing, type ConsoleHarness } from './harness';

function stored(id: string, mode: 'BUFFERED' | 'STREAM', ttfbMs: number) {
  return {
    summary: { id, status: 200, outcome: 'complete', ttfbMs, endMs: 1000, chunkCount: 2, bytes: 200,
      mode: { served: mode, configured: mode, stage: 'dev', exact: true }, arrival: mode === 'STREAM' ? 'streamed' : 'buffered' },
    startedAt: Date.now(), title: 'GET /chat', request: { method: 'GET', url: 'http://127.0.0.1:4510/dev/chat', headers: {} },
    responseHeaders: {}, timing: timing({ headersMs: ttfbMs - 1, ttfbMs, endMs: 1000 }),
    marks: [{ atMs: ttfbMs, bytes: 100 }, { atMs: 1000, bytes: 100 }], marksDownsampled: false,
  };
}

describe('request console webview: history and compare', function () {
  this.timeout(60_000);
  let h: ConsoleHarness;
  before(async () => { h = await openConsoleHarness(); });
  after(async () => { await h.close(); });

  it('picks two runs, asks the host to compare them, and shows both side by side on one chart', async () => {
    const a = stored('a', 'BUFFERED', 990);
    const b = stored('b', 'STREAM', 15);
    const entry = (r: typeof a) => ({ summary: r.summary, title: r.title, startedAt: r.startedAt, method: 'GET', url: r.request.url });
    await h.send({ type: 'history', entries: [entry(b), entry(a)] });
    await h.frames();
    // History is a tab of its own: reachable without scrolling past the run.
    assert.equal(await h.page.locator('.view-tab[data-view="history"]').innerText(), 'History (2)');
    await h.page.locator('.view-tab[data-view="history"]').click();
    assert.deepEqual(await h.page.locator('.history-list .h-mode').allInnerTexts(), ['STREAM · arrived streamed', 'BUFFERED · arrived buffered']);
    assert.deepEqual(await h.page.locator('.history-list .h-url').allInnerTexts(), ['GET /chat', 'GET /chat'], 'never "GET GET /chat"');
    assert.match(await h.page.locator('.history-list .h-nums').first().innerText(), /2 chunks/);
    assert.equal(await h.page.locator('.history-list li').count(), 2);
    await h.page.locator('.history-list li[data-run="a"] input[type=checkbox]').check();
    await h.page.locator('.history-list li[data-run="b"] input[type=checkbox]').check();
    await h.page.locator('vscode-button[data-action="compare"]').click();
    const msg = await h.waitForPosted('compare');
    assert.deepEqual(msg, { type: 'compare', runIds: ['a', 'b'] });

    await h.send({ type: 'compare', runs: [a, b] });
    await h.frames();
    assert.equal(await h.page.locator('.compare').isVisible(), true);
    const ttfbs = await h.page.locator('.compare-column [data-stat="ttfbMs"] .stat-value').allInnerTexts();
    assert.deepEqual(ttfbs, ['990.0 ms', '15.0 ms']);
    const legend = await h.page.locator('.compare .u-legend .u-label').allInnerTexts();
    assert.ok(legend.some((l) => l.includes('BUFFERED')) && legend.some((l) => l.includes('STREAM')), `legend: ${legend}`);
    assert.deepEqual(await h.page.locator('.compare-column h4').allInnerTexts(),
      ['A BUFFERED · arrived buffered · GET /chat', 'B STREAM · arrived streamed · GET /chat']);

    await h.page.locator('.view-tab[data-view="history"]').click();
    await h.page.locator('.history-list li[data-run="a"] .history-open').click();
    assert.deepEqual(await h.waitForPosted('openRun'), { type: 'openRun', runId: 'a' });
    await h.send({ type: 'runLoaded', run: a });
    await h.frames();
    assert.equal(await h.page.locator('.stats [data-stat="ttfbMs"] .stat-value').first().innerText(), '990.0 ms');
    assert.match(await h.page.locator('.body-note').innerText(), /history/);
    assert.deepEqual(await h.cspViolations(), []);
  });
});
