// The console tells the truth about a run and every control shows its text: the served mode and
// the configuration when they differ, how the run arrived, error runs as errors, select labels
// (also chosen by keyboard), binary bodies as hex, JSON pretty-print, wrapping, Ctrl+F search,
// feedback in its own line, and a chunk list whose gap column stays visible at 600 px.
import { strict as assert } from 'node:assert';
import { chunks, openConsoleHarness, runStarted, timing, type ConsoleHarness } from './harness';

const ended = (runId: string, over: Record<string, unknown> = {}) => ({
  type: 'runEnded', runId, bodySaved: true, displayTruncated: false, timing: timing({ requestSentMs: 1, ttfbMs: 2290, endMs: 2300 }),
  summary: { id: runId, status: 200, outcome: 'complete', ttfbMs: 2290, endMs: 2300, chunkCount: 1, bytes: 5, ...over },
});

describe('request console webview: truth about the run', function () {
  this.timeout(60_000);
  let h: ConsoleHarness;
  beforeEach(async () => { h = await openConsoleHarness(); });
  afterEach(async () => { await h.close(); });
  const text = (sel: string) => h.page.locator(sel).first().innerText();

  it('labels the run with what the stage served, says when the configuration differs, and offers the doctor', async () => {
    const mode = { served: 'BUFFERED', configured: 'STREAM', stage: 'dev', exact: true };
    await h.send({ ...runStarted('m1'), title: 'GET /chat', mode }, chunks('m1', 0, [{ atMs: 2290, text: 'hello' }]),
      ended('m1', { mode, arrival: 'buffered' }));
    await h.frames(3);
    const status = await text('.status-bar');
    assert.match(status, /^GET \/chat · BUFFERED → 200 · done in 2300\.0 ms · 1 chunk · arrived buffered$/);
    assert.equal(await text('.mode-line .mode-text'), 'STREAM configured, not deployed — dev still serves BUFFERED');
    assert.equal(await h.page.locator('.mode-line').getAttribute('data-level'), 'warning');
    await h.page.locator('vscode-button[data-action="explain-arrival"]').click();
    assert.deepEqual(await h.waitForPosted('explainArrival'), { type: 'explainArrival', runId: 'm1' });
  });

  it('shows an error run as an error: reason in the summary, a red Failed end, no Save body', async () => {
    await h.send(runStarted('e1'), { type: 'headers', runId: 'e1', status: 502, headers: { 'content-type': 'application/json' }, atMs: 5 },
      chunks('e1', 0, [{ atMs: 6, text: '{"message":"Internal server error"}' }]),
      ended('e1', { status: 502, errorReason: 'Response exceeds the 10 MB BUFFERED limit' }));
    await h.frames(3);
    assert.match(await text('.status-bar'), /→ 502 · failed: Response exceeds the 10 MB BUFFERED limit/);
    assert.equal(await h.page.locator('.status-bar').getAttribute('data-level'), 'error');
    assert.equal(await h.page.locator('.phase-seg.ph-end').evaluate((e) => e.classList.contains('failed')), true);
    assert.equal(await text('.phase-item[data-phase="endMs"] .phase-label'), 'Failed');
    const endColor = await h.page.locator('.phase-seg.ph-end').evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.notEqual(endColor, 'rgb(137, 209, 133)', 'not the green end of a good run');
    const save = h.page.locator('vscode-button[data-action="save-body"]');
    assert.equal(await save.getAttribute('disabled'), '');
  });

  it('a run that never got a response offers neither Save nor Export', async () => {
    await h.send(runStarted('e2'), { ...ended('e2', { status: null, outcome: 'error', errorReason: 'connection refused (127.0.0.1:1)', chunkCount: 0, bytes: 0 }), bodySaved: false });
    await h.frames(3);
    assert.match(await text('.status-bar'), /error: connection refused/);
    for (const a of ['save-body', 'export-json', 'export-har']) {
      assert.equal(await h.page.locator(`vscode-button[data-action="${a}"]`).getAttribute('disabled'), '', `${a} is disabled`);
    }
  });

  it('feedback goes to its own line: the status line and the buttons stay where they are', async () => {
    await h.send(runStarted('f1'), chunks('f1', 0, [{ atMs: 3, text: 'x' }]), ended('f1'));
    await h.frames(3);
    const before = await text('.status-bar');
    const box = await h.page.locator('vscode-button[data-action="save-body"]').boundingBox();
    await h.send({ type: 'notice', level: 'info', message: 'Copied as curl.' });
    await h.frames();
    assert.equal(await text('.feedback'), 'Copied as curl.');
    assert.equal(await text('.status-bar'), before);
    assert.deepEqual(await h.page.locator('vscode-button[data-action="save-body"]').boundingBox(), box);
  });
});

describe('request console webview: controls and body views', function () {
  this.timeout(60_000);
  let h: ConsoleHarness;
  afterEach(async () => { await h.close(); });
  const faceText = async (label: string, want?: string) => {
    // The select re-reads its options a frame after they become visible: poll briefly.
    let got = '';
    for (let i = 0; i < 30; i++) {
      got = await h.page.locator(`vscode-single-select[aria-label="${label}"]`).locator('.select-face .text').innerText();
      if (want === undefined || got === want) break;
      await h.page.waitForTimeout(50);
    }
    return got;
  };

  it('the Auth and Parse as selects show their labels, also after choosing by keyboard', async () => {
    h = await openConsoleHarness();
    await h.page.locator('.request-more summary').click();
    await h.frames(2);
    assert.equal(await faceText('Auth', 'No auth'), 'No auth');
    assert.equal(await faceText('Parse as', 'Auto (Content-Type)'), 'Auto (Content-Type)');
    const auth = h.page.locator('vscode-single-select[aria-label="Auth"]');
    const keys = async (...list: string[]) => { for (const k of list) { await h.page.keyboard.press(k); await h.page.waitForTimeout(150); } };
    await auth.focus();
    await keys('Enter', 'ArrowDown', 'ArrowDown', 'Enter');
    await h.frames(2);
    assert.equal(await faceText('Auth', 'Bearer token'), 'Bearer token');
    assert.equal(await h.page.locator('vscode-textfield[aria-label="Bearer token"]').count(), 1, 'the bearer field appears');
    const format = h.page.locator('vscode-single-select[aria-label="Parse as"]');
    await format.focus();
    await keys('Enter', 'ArrowDown', 'Enter');
    await h.frames(2);
    assert.equal(await faceText('Parse as', 'SSE'), 'SSE');
  });

  it('the Target select names each route\'s own method (ANY too), and choosing a GET route sets the method', async () => {
    h = await openConsoleHarness();
    const base = 'http://127.0.0.1:4010/restapis/a1/dev/_user_request_';
    await h.send({ type: 'init', hasApiKey: false, history: [], longGapMs: 3000, prefill: { url: `${base}/chat`, method: 'POST' },
      invokeTargets: [{ label: 'Sample · dev — ANY /chat', url: `${base}/chat`, stage: 'dev' }, { label: 'Sample · dev — GET /ndjson', url: `${base}/ndjson`, stage: 'dev', method: 'GET' }] });
    await h.frames(2);
    const options = await h.page.locator('vscode-single-select[aria-label="Invoke target"] vscode-option').allTextContents();
    assert.deepEqual(options, [`Sample · dev — ANY /chat — ${base}/chat`, `Sample · dev — GET /ndjson — ${base}/ndjson`]);
    assert.equal(await faceText('Method', 'POST'), 'POST');
    const target = h.page.locator('vscode-single-select[aria-label="Invoke target"]');
    const keys = async (...list: string[]) => { for (const k of list) { await h.page.keyboard.press(k); await h.page.waitForTimeout(150); } };
    await target.focus();
    await keys('Enter', 'ArrowDown', 'Enter');
    await h.frames(2);
    assert.equal(await faceText('Method', 'GET'), 'GET', 'a GET route sets the method it is defined for');
    assert.equal(await h.page.locator('vscode-textfield.url input').inputValue(), `${base}/ndjson`);
    await h.page.locator('vscode-single-select[aria-label="Method"]').focus();
    await keys('Enter', 'ArrowDown', 'Enter');
    await h.frames(2);
    const chosen = await faceText('Method');
    assert.notEqual(chosen, 'GET');
    await target.focus();
    await keys('Enter', 'ArrowUp', 'Enter');
    await h.frames(2);
    assert.equal(await h.page.locator('vscode-textfield.url input').inputValue(), `${base}/chat`);
    assert.equal(await faceText('Method', chosen), chosen, 'an ANY route keeps the method chosen');
    // The select follows the URL: typing one that is no target's leaves it showing none.
    const url = h.page.locator('vscode-textfield.url input');
    await url.fill(`${base}/ndjson`);
    await h.frames(2);
    assert.equal(await faceText('Invoke target', `Sample · dev — GET /ndjson — ${base}/ndjson`), `Sample · dev — GET /ndjson — ${base}/ndjson`);
    await url.fill(`${base}/elsewhere`);
    await h.frames(2);
    assert.equal((await faceText('Invoke target', '')).trim(), '', 'a URL that is no target shows no target');
  });

  it('opened on one target with the URL of another, the Target select shows the one the URL is', async () => {
    h = await openConsoleHarness();
    const base = 'http://127.0.0.1:4010/restapis/a1/dev/_user_request_';
    await h.send({ type: 'init', hasApiKey: false, history: [], longGapMs: 3000, prefill: { url: `${base}/ndjson`, method: 'GET' },
      invokeTargets: [{ label: 'Sample · dev — ANY /chat', url: `${base}/chat` }, { label: 'Sample · dev — GET /ndjson', url: `${base}/ndjson`, method: 'GET' }] });
    await h.frames(2);
    assert.equal(await faceText('Invoke target', `Sample · dev — GET /ndjson — ${base}/ndjson`), `Sample · dev — GET /ndjson — ${base}/ndjson`);
  });

  it('shows a binary body as hex with a size summary, never as garbled text', async () => {
    h = await openConsoleHarness();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe]);
    await h.send(runStarted('b1'), { type: 'headers', runId: 'b1', status: 200, headers: { 'content-type': 'image/png' }, atMs: 1 },
      chunks('b1', 0, [{ atMs: 2, data: png }]), ended('b1', { bytes: png.length }));
    await h.frames(3);
    assert.match(await h.page.locator('.body-note').innerText(), /Binary body: 14 B \(image\/png\), shown as hex/);
    assert.equal(await h.page.locator('vscode-tab-header[data-tab="hex"]').getAttribute('active'), '');
    assert.match(await h.page.locator('.hex-list .vlist-row[data-index="0"]').innerText(), /^00000000\s+89 50 4e 47/i);

    // Bytes that are not UTF-8 are binary whatever the content type says.
    await h.send(runStarted('b2'), { type: 'headers', runId: 'b2', status: 200, headers: { 'content-type': 'text/plain' }, atMs: 1 },
      chunks('b2', 0, [{ atMs: 2, data: new Uint8Array([0x66, 0xc3, 0x28, 0xa0]) }]), ended('b2', { bytes: 4 }));
    await h.frames(3);
    assert.match(await h.page.locator('.body-note').innerText(), /Binary body: 4 B \(text\/plain\)/);
  });

  it('pretty-prints JSON, wraps long lines, and Ctrl+F finds text in the body', async () => {
    h = await openConsoleHarness({ width: 1200 });
    const json = JSON.stringify({ message: 'hello', items: [1, 2, 3], long: 'z'.repeat(600) });
    await h.send(runStarted('j1'), { type: 'headers', runId: 'j1', status: 200, headers: { 'content-type': 'application/json' }, atMs: 1 },
      chunks('j1', 0, [{ atMs: 2, text: json }]), ended('j1', { bytes: json.length }));
    await h.frames(3);
    const rows = () => h.page.locator('.raw-list .vlist-row:not([hidden])').allInnerTexts();
    assert.equal((await rows()).length, 1, 'one line as received');
    await h.page.locator('input[data-action="pretty"]').check();
    await h.frames(2);
    const pretty = await rows();
    assert.equal(pretty[0], '{');
    assert.ok(pretty.includes('  "message": "hello",'), pretty.join('\n'));
    await h.page.locator('input[data-action="wrap"]').check();
    await h.frames(2);
    const wrapped = await rows();
    assert.ok(wrapped.length > pretty.length, 'the 600-character line wraps onto several rows');
    const width = await h.page.locator('.raw-list').evaluate((e) => e.clientWidth);
    for (const r of wrapped) assert.ok(r.length * 6 < width + 40, `row fits: ${r.length} chars in ${width} px`);

    await h.page.locator('.raw-list').click();
    await h.page.keyboard.press('Control+f');
    assert.equal(await h.page.evaluate(() => (document.activeElement as HTMLElement | null)?.className), 'body-search');
    await h.page.keyboard.type('"items"');
    await h.frames(2);
    assert.equal(await h.page.locator('.search-info').innerText(), '1 of 1');
    assert.match(await h.page.locator('.raw-list .vlist-row.selected').innerText(), /"items"/);
  });

  it('at 600 px the chunk list keeps its gap column visible and its header aligned', async () => {
    h = await openConsoleHarness({ width: 600, height: 1400 });
    await h.send(runStarted('w1'), chunks('w1', 0, [{ atMs: 10, text: 'a' }, { atMs: 1210.5, text: 'b' }]), ended('w1', { chunkCount: 2 }));
    await h.frames(3);
    const gap = h.page.locator('.chunk-list .vlist-row[data-index="1"] .c-gap');
    assert.equal(await gap.innerText(), '1200.5 ms');
    const box = (await gap.boundingBox())!;
    const list = (await h.page.locator('.chunk-list').boundingBox())!;
    assert.ok(box.x + box.width <= list.x + list.width + 0.5, `gap column inside the list (${box.x + box.width} vs ${list.x + list.width})`);
    assert.ok(box.x + box.width <= 600, 'inside the viewport');
    const head = (await h.page.locator('.chunk-header .c-gap').boundingBox())!;
    assert.ok(Math.abs(head.x + head.width - (box.x + box.width)) < 3, 'header and column line up');
  });
});
