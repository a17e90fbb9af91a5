// The console's Logs tab (webview/views/logsView.ts) in the built bundle, headless Chromium: the
// local functions' output for a run, on the run's clock, stderr marked, text never parsed as
// HTML, and cleared for the next run.
import { strict as assert } from 'node:assert';
import { closeChromium, openConsoleHarness, runStarted, timing, type ConsoleHarness } from './harness';

describe('request console Logs tab (built bundle, headless Chromium)', function () {
  this.timeout(60_000);
  let h: ConsoleHarness;

  beforeEach(async () => { h = await openConsoleHarness(); });
  afterEach(async () => { await h.close(); });
  after(async () => { await closeChromium(); });

  const ended = (runId: string) => ({ type: 'runEnded', runId, bodySaved: false, displayTruncated: false,
    timing: timing({ headersMs: 5, ttfbMs: 6, endMs: 900 }),
    summary: { id: runId, status: 200, outcome: 'complete', ttfbMs: 6, endMs: 900, chunkCount: 1, bytes: 3 } });

  it('shows each function line at its time on the run\'s clock, stderr marked, as text only', async () => {
    await h.send(runStarted('r1'), { type: 'chunks', runId: 'r1', chunks: [{ seq: 0, atMs: 6, bytes: 3 }] }, ended('r1'), {
      type: 'functionLogs', runId: 'r1', coldStart: true, lines: [
        { atMs: 512.25, functionName: 'streamgate-sample-chat', stream: 'stdout', text: 'yielded token 10' },
        { atMs: 730, functionName: 'streamgate-sample-chat', stream: 'stderr', text: '<img src=x onerror="window.__pwned=1">' },
      ],
    });
    await h.page.locator('vscode-tab-header[data-tab="logs"]').click();
    await h.frames();
    const rows = h.page.locator('.function-logs li');
    assert.equal(await rows.count(), 2);
    assert.equal(await rows.nth(0).locator('.l-at').innerText(), '+512.3 ms');
    assert.equal(await rows.nth(0).locator('.l-text').innerText(), 'yielded token 10');
    assert.equal(await rows.nth(1).evaluate((e) => e.classList.contains('stderr')), true);
    assert.equal(await rows.nth(1).locator('.l-text').innerText(), '<img src=x onerror="window.__pwned=1">');
    assert.equal(await h.page.locator('.function-logs img').count(), 0, 'never parsed as HTML');
    assert.match(await h.page.locator('.logs-view .section-caption').innerText(), /2 lines from streamgate-sample-chat \(cold start\)/);
  });

  it('clears for the next run and ignores logs of a run no longer shown', async () => {
    await h.send(runStarted('r1'), ended('r1'), { type: 'functionLogs', runId: 'r1', coldStart: false, lines: [
      { atMs: 1, functionName: 'f', stream: 'stdout', text: 'first run' }] });
    await h.send(runStarted('r2'));
    await h.send({ type: 'functionLogs', runId: 'r1', coldStart: false, lines: [{ atMs: 2, functionName: 'f', stream: 'stdout', text: 'late for r1' }] });
    await h.page.locator('vscode-tab-header[data-tab="logs"]').click();
    await h.frames();
    assert.equal(await h.page.locator('.function-logs li').count(), 0);
    assert.match(await h.page.locator('.logs-view .section-caption').innerText(), /appears here after a run/);
  });
});
