// Hardening of the console webview in headless Chromium: the CSP is really enforced (an injected
// inline script does not run, the page cannot reach the network), and markup in API names, run
// titles, history entries, error messages, header names and NDJSON records renders as text.
// (Body, header values and SSE fields are covered in security.test.ts.)
import { strict as assert } from 'node:assert';
import { DEFAULT_LONG_GAP_MS } from '../../src/shared/protocol';
import { chunks, openConsoleHarness, runStarted, timing, type ConsoleHarness } from './harness';

const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b id="injected">bold</b>';

describe('request console webview: hardening', function () {
  this.timeout(60_000);
  let h: ConsoleHarness;

  beforeEach(async () => { h = await openConsoleHarness(); });
  afterEach(async () => { await h.close(); });

  /** All text of the page, through shadow roots, plus form control values and option labels. */
  const deepText = () => h.page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Node): void => {
      for (const n of Array.from(root.childNodes)) {
        if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
        if (n instanceof HTMLInputElement || n instanceof HTMLTextAreaElement) parts.push(n.value);
        if (n instanceof Element) {
          for (const a of ['label', 'value', 'title', 'aria-label']) { const v = n.getAttribute(a); if (v) parts.push(v); }
          if (n.shadowRoot) walk(n.shadowRoot);
        }
        walk(n);
      }
    };
    walk(document.body);
    return parts.join('\n');
  });

  async function assertNotInjected(): Promise<void> {
    assert.equal(await h.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await h.page.evaluate(() => {
      const found: Element[] = [];
      const walk = (root: Document | ShadowRoot): void => {
        found.push(...Array.from(root.querySelectorAll('#injected, img[src="x"], script:not([nonce])')));
        for (const e of Array.from(root.querySelectorAll('*'))) if (e.shadowRoot) walk(e.shadowRoot);
      };
      walk(document);
      return found.length;
    }), 0, 'no element from the data exists anywhere, shadow roots included');
  }

  it('enforces the CSP: an injected inline script does not run and the page cannot fetch', async () => {
    const outcome = await h.page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.appendChild(s);
      let fetched = 'allowed';
      try { await fetch('/index.html'); } catch (e) { fetched = `blocked: ${String(e)}`; }
      let ws = 'allowed';
      try { new WebSocket(`ws://${location.host}/`); } catch (e) { ws = `blocked: ${String(e)}`; }
      await new Promise((r) => setTimeout(r, 100));
      return { inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, fetched, ws };
    });
    assert.equal(outcome.inlineRan, false, 'inline script without the nonce ran');
    assert.match(outcome.fetched, /^blocked/);
    const violations = await h.cspViolations();
    assert.ok(violations.some((v) => v.startsWith('script-src')), `violations: ${violations.join(', ')}`);
    assert.ok(violations.some((v) => v.startsWith('connect-src')), `violations: ${violations.join(', ')}`);
  });

  it('renders API names, titles, history, errors, header names and NDJSON records as text', async () => {
    const url = `http://127.0.0.1:4010/dev/items?q=${encodeURIComponent(EVIL)}`;
    const ndjson = `${JSON.stringify({ html: EVIL })}\n${JSON.stringify({ n: 2, note: EVIL })}\n`;
    await h.send(
      { type: 'init', prefill: { url, method: 'GET', title: `API ${EVIL}` }, hasApiKey: false, longGapMs: DEFAULT_LONG_GAP_MS,
        invokeTargets: [{ label: `${EVIL} (dev)`, url }, { label: 'prod', url: 'http://127.0.0.1:4010/prod/items' }],
        history: [{ summary: { id: 'h1', status: 200, outcome: 'complete', ttfbMs: 1, endMs: 2, chunkCount: 1, bytes: 3 }, title: `History ${EVIL}`, startedAt: Date.now(), method: 'GET', url }] },
      { ...runStarted('x1', url), title: `Run ${EVIL}`, mode: { served: 'STREAM', configured: 'STREAM', stage: `dev${EVIL}`, exact: true } },
      { type: 'headers', runId: 'x1', status: 200, headers: { 'content-type': 'application/x-ndjson', [EVIL]: 'v' }, atMs: 1 },
      chunks('x1', 0, [{ atMs: 2, text: ndjson }]),
      { type: 'runEnded', runId: 'x1', bodySaved: false, displayTruncated: false, timing: timing({ ttfbMs: 2, endMs: 3 }), error: `failed: ${EVIL}`,
        summary: { id: 'x1', status: 200, outcome: 'error', ttfbMs: 2, endMs: 3, chunkCount: 1, bytes: Buffer.byteLength(ndjson) } },
    );
    await h.frames();
    for (const tab of ['Events', 'Records', 'Text', 'Headers', 'Hex', 'History']) {
      const header = h.page.locator('vscode-tab-header', { hasText: tab });
      if (await header.count()) { await header.first().click(); await h.frames(); }
    }
    const text = await deepText();
    assert.ok(text.includes(`API ${EVIL}`), 'the API/method title is shown as text');
    assert.ok(text.includes(`${EVIL} (dev)`), 'the invoke target name is shown as text');
    assert.ok(text.includes(`History ${EVIL}`), 'the history entry title is shown as text');
    assert.ok(text.includes('window.__pwned=1\\"'), 'the NDJSON record is shown as JSON text');
    assert.ok(text.includes(`failed: ${EVIL}`), 'the error is shown, as characters');
    assert.ok(text.includes(EVIL), 'the markup is visible as text somewhere');
    await assertNotInjected();
    assert.deepEqual(await h.cspViolations(), []);
  });
});
