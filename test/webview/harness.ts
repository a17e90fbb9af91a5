// Loads the BUILT console bundle in headless Chromium inside a page that mimics a VS Code
// webview: the same HTML and CSP the panel uses (src/extension/console/html.ts), an
// acquireVsCodeApi shim that records posted messages, and host messages delivered with
// window.postMessage as VS Code does. Reused by the bench.
import * as esbuild from 'esbuild';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, resolve, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildConsoleHtml, createNonce } from '../../src/extension/console/html';
import type { HostToWebview } from '../../src/shared/protocol';
import { packChunkBatch } from '../../src/shared/chunkBatch';
import { CHROMIUM_ARGS } from '../../scripts/vscodeHost.mjs';
import { webviewBundleOptions } from '../../scripts/webviewBundle.mjs';

const ROOT = resolve(__dirname, '../..');
export const CHROMIUM_PATH = process.env.STREAMGATE_CHROMIUM ?? '/usr/bin/chromium';

let bundleDir: Promise<string> | undefined;

/** Builds webview/main.ts with esbuild.mjs's options (scripts/webviewBundle.mjs), into a private temp folder (once per process). */
export function buildConsoleBundle(): Promise<string> {
  bundleDir ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), 'streamgate-webview-'));
    await esbuild.build({ ...webviewBundleOptions, absWorkingDir: ROOT, outdir: out, logLevel: 'error' });
    return out;
  })();
  return bundleDir;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

function serve(bundle: string, html: () => string): Promise<{ server: Server; origin: string }> {
  const files: Record<string, string> = {
    '/webview/console.js': join(bundle, 'console.js'),
    '/webview/console.css': join(bundle, 'console.css'),
    '/webview/codicon.css': join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css'),
    '/webview/codicon.ttf': join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.ttf'),
  };
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html());
      return;
    }
    const file = files[path];
    if (!file || !existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    ok({ server, origin: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` });
  }));
}

/** Records what the webview posts and any CSP violation; stands in for VS Code's webview API. */
const SHIM = `
  window.__posted = [];
  window.__cspViolations = [];
  window.__state = undefined;
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });
`;

export interface ConsoleHarness {
  page: Page;
  origin: string;
  /** Delivers host messages in one page task, in order. */
  send(...messages: (HostToWebview | unknown)[]): Promise<void>;
  posted(): Promise<{ type: string; [k: string]: unknown }[]>;
  waitForPosted(type: string, timeoutMs?: number): Promise<{ type: string; [k: string]: unknown }>;
  cspViolations(): Promise<string[]>;
  /** Resolves after the next two animation frames (the app renders once per frame). */
  frames(n?: number): Promise<void>;
  close(): Promise<void>;
}

let sharedBrowser: Promise<Browser> | undefined;

export function launchChromium(): Promise<Browser> {
  sharedBrowser ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  return sharedBrowser;
}

export async function closeChromium(): Promise<void> {
  const b = sharedBrowser;
  sharedBrowser = undefined;
  if (b) await (await b).close();
}

export async function openConsoleHarness(options: { width?: number; height?: number } = {}): Promise<ConsoleHarness> {
  const bundle = await buildConsoleBundle();
  let origin = '';
  const { server, origin: o } = await serve(bundle, () => {
    const nonce = createNonce();
    const html = buildConsoleHtml({
      cspSource: origin, nonce, scriptUri: `${origin}/webview/console.js`,
      styleUris: [`${origin}/webview/codicon.css`, `${origin}/webview/console.css`],
    });
    return html.replace('<script nonce=', `<script nonce="${nonce}">${SHIM}</script>\n    <script nonce=`);
  });
  origin = o;
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: options.width ?? 1200, height: options.height ?? 1400 } });
  // tsx compiles the test's page.evaluate callbacks with esbuild's keepNames, which wraps named
  // functions in __name(); give the page a no-op one so those callbacks run as written.
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'), undefined, { timeout: 10_000 });

  const posted = () => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
  return {
    page, origin,
    // ArrayBuffers cross into the page as { __ab: base64 } (see chunks()) and are revived there.
    send: (...messages) => page.evaluate((ms) => {
      const revive = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(revive);
        if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          if (typeof o.__ab === 'string') {
            const bin = atob(o.__ab);
            const out = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
            return out.buffer;
          }
          return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)]));
        }
        return v;
      };
      for (const m of ms) window.postMessage(revive(m), '*');
    }, messages),
    posted,
    async waitForPosted(type, timeoutMs = 5000) {
      const handle = await page.waitForFunction((t) => (window as unknown as { __posted: { type: string }[] }).__posted.find((m) => m.type === t),
        type, { timeout: timeoutMs });
      return (await handle.jsonValue()) as { type: string };
    },
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
    frames: (n = 2) => page.evaluate((count) => new Promise<void>((ok) => {
      let left = count;
      const tick = () => (--left <= 0 ? ok() : requestAnimationFrame(tick));
      requestAnimationFrame(tick);
    }), n),
    async close() {
      if (pageErrors.length) console.warn('page errors:', pageErrors.join('\n'));
      await context.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

// ---- recorded-run builders -------------------------------------------------------------------

export interface TestChunk { atMs: number; text?: string; data?: Uint8Array; bytes?: number }

/** A `chunks` message as the host packs it (one ArrayBuffer); `text`/`data` are the shown bytes. */
export function chunks(runId: string, firstSeq: number, list: TestChunk[]) {
  const pending = list.map((c) => {
    const shown = c.data ?? (c.text !== undefined ? new TextEncoder().encode(c.text) : undefined);
    return { atMs: c.atMs, bytes: c.bytes ?? shown?.length ?? 0, shown };
  });
  const buffer = packChunkBatch(pending);
  return { type: 'chunks', runId, firstSeq, count: list.length, buffer: { __ab: Buffer.from(new Uint8Array(buffer)).toString('base64') } } as const;
}

export function timing(t: Partial<Record<'dnsMs' | 'connectMs' | 'tlsMs' | 'requestSentMs' | 'headersMs' | 'ttfbMs' | 'endMs', number | null>> = {}) {
  return { dnsMs: null, connectMs: null, tlsMs: null, requestSentMs: null, headersMs: null, ttfbMs: null, endMs: null, ...t };
}

export function runStarted(runId: string, url = 'http://127.0.0.1:4010/dev/chat') {
  return { type: 'runStarted', runId, request: { method: 'GET', url, headers: { accept: '*/*' } }, startedAt: Date.now() } as const;
}
