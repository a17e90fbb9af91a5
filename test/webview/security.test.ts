import { strict as assert } from 'node:assert';
import { chunks, openConsoleHarness, runStarted, timing, type ConsoleHarness } from './harness';

const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b id="injected">bold</b>';

describe('request console webview: response data is never markup', function () {
  this.timeout(60_000);
  let h: ConsoleHarness;

  beforeEach(async () => { h = await openConsoleHarness(); });
  afterEach(async () => { await h.close(); });

  async function assertNotInjected(): Promise<void> {
    assert.equal(await h.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await h.page.locator('#injected').count(), 0, 'no element from the response exists');
    assert.equal(await h.page.locator('.console img').count(), 0);
    // The shadow roots of the UI components must not have received it either.
    assert.equal(await h.page.evaluate(() => [...document.querySelectorAll('*')].some((e) => e.shadowRoot?.querySelector('#injected, img[src="x"]'))), false);
  }

  it('shows HTML in the body, headers and SSE fields as text', async () => {
    const sse = `event: ${EVIL}\nid: ${EVIL}\ndata: ${EVIL}\n\ndata: {"choices":[{"delta":{"content":"${EVIL.replace(/"/g, '\\"')}"}}]}\n\n`;
    await h.send(runStarted('x1', `http://127.0.0.1/${EVIL}`),
      { type: 'headers', runId: 'x1', status: 200, headers: { 'content-type': 'text/event-stream', [`x-${'evil'}`]: EVIL }, atMs: 1 },
      chunks('x1', 0, [{ atMs: 2, text: sse }]),
      { type: 'runEnded', runId: 'x1', bodySaved: false, displayTruncated: false, timing: timing({ ttfbMs: 2, endMs: 3 }),
        summary: { id: 'x1', status: 200, outcome: 'error', ttfbMs: 2, endMs: 3, chunkCount: 1, bytes: Buffer.byteLength(sse) } });
    await h.frames();
    assert.ok((await h.page.locator('.raw-list').innerText()).includes(EVIL), 'raw view shows the markup as characters');

    for (const tab of ['Events', 'Text', 'Headers', 'Hex']) {
      await h.page.locator('vscode-tab-header', { hasText: tab }).click();
      await h.frames();
    }
    await h.page.locator('vscode-tab-header', { hasText: 'Events' }).click();
    await h.frames();
    const eventRow = h.page.locator('.event-list .vlist-row[data-index="0"]');
    assert.equal(await eventRow.locator('.e-type').innerText(), EVIL);
    assert.equal(await eventRow.locator('.e-data').innerText(), EVIL);
    await eventRow.click();
    await h.frames();
    assert.ok((await h.page.locator('.tab-events .detail').innerText()).includes(`id: ${EVIL}`));

    await h.page.locator('vscode-tab-header', { hasText: 'Text' }).click();
    await h.frames();
    assert.equal(await h.page.locator('.assistant-text').innerText(), EVIL);

    await h.page.locator('vscode-tab-header', { hasText: 'Headers' }).click();
    await h.frames();
    assert.ok((await h.page.locator('.headers-view').innerText()).includes(EVIL));
    await assertNotInjected();
    assert.deepEqual(await h.cspViolations(), []);
  });

  it('ignores unknown and malformed messages and reports them to the host by type only', async () => {
    await h.send({ type: 'evil', html: EVIL }, 'just a string', null, { type: 'chunks', runId: 'x', firstSeq: 0, count: 1, buffer: 'AAAA' },
      { type: 'notice', level: 'error', message: EVIL });
    await h.frames();
    const errors = (await h.posted()).filter((m) => m.type === 'webviewError').map((m) => m.message as string);
    assert.deepEqual(errors, [
      'dropped invalid message: type "evil"',
      'dropped invalid message: non-object (string)',
      'dropped invalid message: non-object (null)',
      'dropped invalid message: type "chunks"',
    ]);
    assert.equal(await h.page.locator('.feedback').innerText(), EVIL, 'a valid notice still renders, as text');
    await assertNotInjected();
  });

  it('does not let a late batch from an older run leak into the current one', async () => {
    await h.send(runStarted('old'), runStarted('new'),
      chunks('old', 0, [{ atMs: 1, text: 'stale' }]),
      chunks('new', 0, [{ atMs: 1, text: 'fresh' }]));
    await h.frames();
    assert.equal(await h.page.locator('.raw-list').innerText(), 'fresh');
    assert.equal(await h.page.locator('.chunk-list .vlist-row:not([hidden])').count(), 1);
  });
});
