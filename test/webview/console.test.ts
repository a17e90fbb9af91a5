import { strict as assert } from 'node:assert';
import { DEFAULT_LONG_GAP_MS } from '../../src/shared/protocol';
import { chunks, openConsoleHarness, runStarted, timing, type ConsoleHarness } from './harness';

describe('request console webview (built bundle, headless Chromium)', function () {
  this.timeout(60_000);
  let h: ConsoleHarness;

  beforeEach(async () => { h = await openConsoleHarness(); });
  afterEach(async () => { await h.close(); });

  const text = (sel: string) => h.page.locator(sel).first().innerText();
  const stat = (key: string) => text(`.stats [data-stat="${key}"] .stat-value`);

  it('says ready first and loads under the strict CSP without violations', async () => {
    const posted = await h.posted();
    assert.equal(posted[0]?.type, 'ready');
    await h.send({ type: 'init', invokeTargets: [], hasApiKey: false, history: [], longGapMs: DEFAULT_LONG_GAP_MS });
    await h.frames();
    assert.deepEqual(await h.cspViolations(), []);
  });

  it('shows chunks live as batches arrive, with +time, size and gap markers', async () => {
    await h.send(runStarted('r1'), { type: 'phase', runId: 'r1', phase: 'connectMs', atMs: 1.2 },
      { type: 'headers', runId: 'r1', status: 200, headers: { 'content-type': 'text/plain' }, atMs: 5 },
      chunks('r1', 0, [{ atMs: 10, text: 'hello\n' }]));
    await h.frames();
    assert.equal(await h.page.locator('.chunk-list .vlist-row:not([hidden])').count(), 1);
    const first = h.page.locator('.chunk-list .vlist-row[data-index="0"]');
    assert.equal(await first.locator('.c-at').innerText(), '+10.0 ms');
    assert.equal(await first.locator('.c-size').innerText(), '6 B');
    assert.equal(await first.locator('.c-gap').innerText(), 'first byte');
    assert.match(await text('.status-bar'), /receiving/);

    // A second batch arrives later: the list grows without the run having ended.
    await h.send(chunks('r1', 1, [{ atMs: 12.5, text: 'world\n' }, { atMs: 512.5, text: 'end\n' }]));
    await h.frames();
    assert.equal(await h.page.locator('.chunk-list .vlist-row:not([hidden])').count(), 3);
    const second = h.page.locator('.chunk-list .vlist-row[data-index="1"]');
    assert.equal(await second.locator('.c-gap').innerText(), '2.50 ms');
    const third = h.page.locator('.chunk-list .vlist-row[data-index="2"]');
    assert.equal(await third.locator('.c-gap').innerText(), '500.0 ms');
    assert.equal(await third.evaluate((e) => e.classList.contains('long-gap')), true, 'a 500 ms stall is highlighted');
    assert.equal(await second.evaluate((e) => e.classList.contains('long-gap')), false);
    assert.equal(await text('.raw-list'), 'hello\nworld\nend');
  });

  it('computes stats and phase markers from host times when the run ends', async () => {
    const marks = [100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 400]; // gaps: 9×10 ms, one 210 ms
    await h.send(runStarted('r2'),
      { type: 'phase', runId: 'r2', phase: 'connectMs', atMs: 3 },
      { type: 'phase', runId: 'r2', phase: 'tlsMs', atMs: 9 },
      { type: 'headers', runId: 'r2', status: 200, headers: { 'content-type': 'application/octet-stream' }, atMs: 80 },
      chunks('r2', 0, marks.map((atMs) => ({ atMs, bytes: 100 }))),
      { type: 'runEnded', runId: 'r2', bodySaved: true, displayTruncated: false,
        timing: timing({ connectMs: 3, tlsMs: 9, requestSentMs: 10, headersMs: 80, ttfbMs: 100, endMs: 401 }),
        summary: { id: 'r2', status: 200, outcome: 'complete', ttfbMs: 100, endMs: 401, chunkCount: 11, bytes: 1100 } });
    await h.frames(3);
    assert.equal(await stat('ttfbMs'), '100.0 ms');
    assert.equal(await stat('totalMs'), '401.0 ms');
    assert.equal(await stat('chunkCount'), '11');
    assert.equal(await stat('bytes'), '1.1 KiB');
    assert.equal(await stat('meanGapMs'), '30.0 ms');
    assert.equal(await stat('p95GapMs'), '210.0 ms'); // nearest rank: 10 gaps → the 10th smallest
    assert.equal(await stat('maxGapMs'), '210.0 ms');
    assert.equal(await stat('throughputBps'), '3.6 KiB/s'); // 1100 B over 300 ms
    assert.equal(await text('.phase-item[data-phase="tlsMs"] .phase-value'), '9.00 ms');
    assert.equal(await text('.phase-item[data-phase="ttfbMs"] .phase-value'), '100.0 ms');
    assert.equal(await text('.phase-item[data-phase="dnsMs"] .phase-value'), '—');
    assert.match(await text('.status-bar'), /200 · done in 401\.0 ms/);
    assert.equal(await h.page.locator('.run-actions').isVisible(), true, 'export and save appear once the run ended');
    assert.deepEqual(await h.cspViolations(), []);
  });

  it('posts abort for the running request, and send with the edited draft', async () => {
    await h.send(runStarted('r3'));
    await h.frames();
    await h.page.locator('vscode-button[data-action="abort"]').click();
    const abort = await h.waitForPosted('abort');
    assert.deepEqual(abort, { type: 'abort', runId: 'r3' });

    await h.send({ type: 'runEnded', runId: 'r3', bodySaved: false, displayTruncated: false, timing: timing({ endMs: 20 }),
      summary: { id: 'r3', status: null, outcome: 'aborted', ttfbMs: null, endMs: 20, chunkCount: 0, bytes: 0 } });
    await h.frames();
    assert.match(await text('.status-bar'), /aborted/);
    await h.page.locator('vscode-textfield.url').locator('input').fill('http://127.0.0.1:4010/dev/chat');
    await h.page.locator('vscode-button[data-action="send"]').click();
    const send = await h.waitForPosted('send') as unknown as { request: { url: string; method: string } };
    assert.equal(send.request.url, 'http://127.0.0.1:4010/dev/chat');
    assert.equal(send.request.method, 'GET');
  });
});
