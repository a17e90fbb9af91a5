// Security of the console webview document: its CSP allows no inline script without the nonce,
// nothing unsafe and no network, and every panel gets a fresh nonce.
import assert from 'node:assert/strict';
import { buildConsoleHtml, consoleCsp, createNonce } from '../../../src/extension/console/html';

function parseCsp(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    assert.ok(!out.has(name.toLowerCase()), `directive ${name} given twice`);
    out.set(name.toLowerCase(), values);
  }
  return out;
}

describe('console webview CSP', () => {
  it('has no inline script without the nonce, no unsafe-*, and connect-src \'none\'', () => {
    for (let i = 0; i < 20; i++) {
      const nonce = createNonce();
      const html = buildConsoleHtml({
        cspSource: 'https://abc.vscode-cdn.net', nonce, scriptUri: 'https://abc.vscode-cdn.net/dist/webview/console.js',
        styleUris: ['https://abc.vscode-cdn.net/dist/webview/console.css'], title: '<script>alert(1)</script> "quoted"',
      });
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
      assert.ok(meta, 'the document declares its CSP in a meta tag');
      const csp = meta[1]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      assert.equal(csp, consoleCsp('https://abc.vscode-cdn.net', nonce));
      const d = parseCsp(csp);
      assert.deepEqual(d.get('default-src'), ["'none'"]);
      assert.deepEqual(d.get('connect-src'), ["'none'"], 'the webview never talks to the network');
      assert.deepEqual(d.get('script-src'), [`'nonce-${nonce}'`], 'scripts only with the nonce');
      for (const [name, values] of d) {
        for (const v of values) {
          assert.ok(!/unsafe-|^\*$|^https?:$|^data:$|^blob:$/i.test(v) || (name === 'img-src' && v === 'data:'), `${name} allows ${v}`);
        }
      }
      assert.deepEqual(d.get('base-uri'), ["'none'"]);
      assert.deepEqual(d.get('form-action'), ["'none'"]);
      // Every script element carries the nonce and loads from the bundle: no inline code.
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      assert.equal(scripts.length, 1);
      for (const [, attrs, body] of scripts) {
        assert.match(attrs!, new RegExp(`\\bnonce="${nonce}"`));
        assert.match(attrs!, /\bsrc="https:\/\/abc\.vscode-cdn\.net\//);
        assert.equal(body!.trim(), '', 'no inline script body');
      }
      assert.ok(!/\son[a-z]+\s*=/i.test(html), 'no inline event handlers');
      assert.ok(!html.includes('<script>alert(1)</script>'), 'the title is escaped');
      // 128 random bits, fresh each time.
      assert.ok(Buffer.from(nonce, 'base64url').length >= 16);
    }
    const nonces = new Set(Array.from({ length: 200 }, createNonce));
    assert.equal(nonces.size, 200);
  });
});
