// Secrets never leave the request: the real console panel host (over a fake `vscode` module)
// sends requests with an API key, a bearer token, SigV4 (with a session token), secret custom
// headers and a presigned-style URL to a real server, then everything the extension keeps or
// writes is scanned for the generated secrets: the log channel, the stored history, the JSON and
// HAR exports, copy-as-curl/fetch, and the messages sent to the webview (response bodies aside).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
import type { IncomingHttpHeaders } from 'node:http';
import { listen, type TestServer } from '../../fixtures/servers';
import { installFakeVscode, MemoryMemento, MemorySecrets, recorded } from '../../fixtures/fakeVscode';
import type { RequestDraft } from '../../../src/shared/protocol';

installFakeVscode();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the fake `vscode` is installed */
const { ConsolePanel, API_KEY_SECRET } = require('../../../src/extension/console/panel') as typeof import('../../../src/extension/console/panel');
const { RunHistory } = require('../../../src/extension/console/runHistory') as typeof import('../../../src/extension/console/runHistory');
const { createLog } = require('../../../src/extension/platform/log') as typeof import('../../../src/extension/platform/log');
/* eslint-enable @typescript-eslint/no-require-imports */

const hex = (n: number) => randomBytes(n).toString('hex');
const b64 = (n: number) => randomBytes(n).toString('base64').replace(/=+$/, '');
const alnum = (n: number) => randomBytes(n * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n);

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('secrets never reach logs, history, exports or copies', function () {
  this.timeout(20_000);
  let server: TestServer;
  const seenByServer: IncomingHttpHeaders[] = [];
  const savedEnv = { ...process.env };

  before(async () => {
    server = await listen((req, res) => {
      seenByServer.push(req.headers);
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': `sid=${SERVER_COOKIE}; Path=/; HttpOnly`, 'x-amz-security-token': SERVER_TOKEN });
      res.end('ok');
    });
  });
  after(async () => {
    process.env = savedEnv;
    await server.close();
  });

  // Generated per run: a fixed example could pass by accident of a pattern.
  const API_KEY = alnum(40);
  const BEARER = `eyJ${b64(18)}.${b64(60)}.${b64(32)}`.replace(/\+/g, '-').replace(/\//g, '_');
  const ACCESS_KEY_ID = `ASIA${alnum(16).toUpperCase()}`;
  const SECRET_KEY = b64(30);
  const SESSION_TOKEN = `IQoJb3JpZ2luX2Vj${b64(120)}`;
  const URL_SIGNATURE = hex(32);
  const URL_TOKEN = `FwoGZXIvYXdzE${b64(60)}`;
  const CUSTOM_KEY = alnum(32);
  const COOKIE = alnum(24);
  const SERVER_COOKIE = alnum(24);
  const SERVER_TOKEN = b64(48);

  it('for API key, bearer, IAM and custom-header requests, and a presigned URL', async () => {
    process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET_KEY;
    process.env.AWS_SESSION_TOKEN = SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    await secrets.store(API_KEY_SECRET, API_KEY);
    const context = { extensionUri: { fsPath: '/ext', scheme: 'file' }, secrets, workspaceState: memento, extension: { packageJSON: { version: '0.0.0-test' } } };
    const log = createLog();
    const history = new RunHistory(memento, () => 50);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the fake installed above
    const webviewPanel = (require('vscode') as { window: { createWebviewPanel(t: string, title: string): unknown } }).window.createWebviewPanel('streamgate.console', 'secrets');
    const panel = new ConsolePanel(webviewPanel as ConstructorParameters<typeof ConsolePanel>[0],
      { context, log, history } as unknown as ConstructorParameters<typeof ConsolePanel>[1], { title: 'secrets' }, () => undefined);
    recorded.receive!({ type: 'ready' });
    await panel.whenReady(2000);

    const base = (over: Partial<RequestDraft>): RequestDraft => ({ method: 'GET', url: `${server.url}/x`, headers: [], body: '', auth: { kind: 'none' }, format: 'auto', ...over });
    const presigned = `${server.url}/download?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${ACCESS_KEY_ID}%2F20260101%2Fus-east-1%2Fexecute-api%2Faws4_request` +
      `&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-Security-Token=${encodeURIComponent(URL_TOKEN)}&X-Amz-SignedHeaders=host&X-Amz-Signature=${URL_SIGNATURE}`;
    const drafts: RequestDraft[] = [
      base({ auth: { kind: 'apiKey' } }),
      base({ method: 'POST', body: '{"q":1}', auth: { kind: 'bearer', bearerToken: BEARER } }),
      base({ auth: { kind: 'iam', region: 'us-east-1' } }),
      base({ headers: [{ name: 'x-api-key', value: CUSTOM_KEY, enabled: true }, { name: 'Cookie', value: `session=${COOKIE}`, enabled: true }] }),
      base({ url: presigned }),
    ];
    for (const [i, draft] of drafts.entries()) {
      recorded.receive!({ type: 'send', request: draft });
      await until(`run ${i} to end`, () => recorded.posted.filter((m) => (m as { type: string }).type === 'runEnded').length === i + 1);
      const ended = recorded.posted.filter((m) => (m as { type: string }).type === 'runEnded').at(-1) as { summary: { status: number }; error?: string };
      assert.equal(ended.summary.status, 200, `run ${i}: ${ended.error}`);
    }
    await until('history to hold 5 runs', () => history.all().length === 5);
    assert.equal(seenByServer.length, 5);

    // The signature the server actually received (computed, so it cannot be known beforehand).
    const sigv4 = String(seenByServer[2]!.authorization);
    const signature = /Signature=([0-9a-f]{64})/.exec(sigv4)?.[1];
    assert.ok(signature, `SigV4 header: ${sigv4}`);
    assert.equal(seenByServer[2]!['x-amz-security-token'], SESSION_TOKEN);
    assert.equal(seenByServer[0]!['x-api-key'], API_KEY);
    assert.equal(seenByServer[1]!.authorization, `Bearer ${BEARER}`);

    // Exports of every run, and copies of every request.
    for (const run of history.all()) {
      for (const format of ['json', 'har'] as const) {
        recorded.nextSavePath = path.join(tmpdir(), `sg-export-${run.summary.id}.${format}`);
        const before = recorded.files.size;
        recorded.receive!({ type: 'exportRun', runId: run.summary.id, format });
        await until('export written', () => recorded.files.size === before + 1);
      }
    }
    for (const draft of drafts) {
      for (const format of ['curl', 'fetch'] as const) {
        const before = recorded.clipboard.length;
        recorded.receive!({ type: 'copyRequest', request: draft, format });
        await until('copy', () => recorded.clipboard.length === before + 1);
      }
    }
    // The webview reporting an error that quotes a token still gets logged without it.
    recorded.receive!({ type: 'webviewError', message: `render failed for Authorization: Bearer ${BEARER}` });

    const secretsList: Record<string, string> = {
      'API key': API_KEY, 'bearer token': BEARER, 'secret access key': SECRET_KEY, 'session token': SESSION_TOKEN,
      'SigV4 signature': signature!, 'presigned X-Amz-Signature': URL_SIGNATURE, 'presigned X-Amz-Security-Token': URL_TOKEN,
      'custom x-api-key': CUSTOM_KEY, 'request cookie': COOKIE, 'response cookie': SERVER_COOKIE, 'response security token': SERVER_TOKEN,
    };
    const places: Record<string, string> = {
      'log channel': recorded.channelLines.join('\n'),
      'stored history': JSON.stringify([...memento.data.values()]),
      ...Object.fromEntries([...recorded.files].map(([file, text]) => [`export ${path.basename(file)}`, text])),
      // Copies reference environment variables instead of embedding stored secrets; headers the
      // user typed into the request (custom x-api-key, Cookie) are the user's own text.
      'copies': recorded.clipboard.join('\n').split(presigned).join('').split(CUSTOM_KEY).join('').split(COOKIE).join(''),
      // Response bodies are the response; everything else sent to the webview is scanned.
      'webview messages (except body chunks)': JSON.stringify(recorded.posted.filter((m) => (m as { type: string }).type !== 'chunks')),
    };
    assert.ok(recorded.files.size === 10, `exports written: ${recorded.files.size}`);
    assert.ok(recorded.channelLines.length >= 10, 'the log was written');
    const leaks: string[] = [];
    for (const [where, text] of Object.entries(places)) {
      for (const [what, secret] of Object.entries(secretsList)) {
        if (text.includes(secret) || text.includes(encodeURIComponent(secret))) leaks.push(`${what} in ${where}`);
      }
    }
    assert.deepEqual(leaks, []);
    // What stays visible is what helps debugging.
    const stored = JSON.stringify([...memento.data.values()]);
    assert.match(stored, /"authorization":"Bearer \*\*\*\*"/);
    assert.match(stored, /AWS4-HMAC-SHA256 \*\*\*\*/);
    assert.match(stored, /X-Amz-Date=20260101T000000Z/, 'the non-secret query parameters are kept');
    assert.match(stored, /X-Amz-Security-Token=\*\*\*\*/);
  });
});
