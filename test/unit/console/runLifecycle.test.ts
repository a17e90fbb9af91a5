// The console's run lifecycle without VS Code: real requests to reference servers on 127.0.0.1,
// the messages the webview would get, the summary (arrival, error reason), kept bodies, history.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { listen, startChunkServer, type TestServer } from '../../fixtures/servers';
import { MAX_BODY_FILES, RunLifecycle, errorReasonOf } from '../../../src/extension/console/runLifecycle';
import { RunHistory, type StateStore } from '../../../src/extension/console/runHistory';
import { unpackChunkBatch } from '../../../src/shared/chunkBatch';
import { isHostToWebview, type HostToWebview, type RequestDraft, type RunMode } from '../../../src/shared/protocol';

function memoryStore(): StateStore {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => { data.set(k, JSON.parse(JSON.stringify(v))); } };
}

function lifecycle(over: { apiKey?: string } = {}) {
  const posted: HostToWebview[] = [];
  const history = new RunHistory(memoryStore(), () => 50);
  const runs = new RunLifecycle({
    post: (m) => posted.push(m), history, log: { info: () => undefined, warn: () => undefined },
    getApiKey: async () => over.apiKey, settings: () => ({ maxTimeSeconds: 30, idleTimeoutSeconds: 30 }),
  });
  return { runs, posted, history };
}

const draft = (url: string, over: Partial<RequestDraft> = {}): RequestDraft =>
  ({ method: 'GET', url, headers: [], body: '', auth: { kind: 'none' }, format: 'auto', ...over });

describe('console run lifecycle (no VS Code)', function () {
  this.timeout(20_000);
  const servers: TestServer[] = [];
  afterEach(async () => { for (const s of servers.splice(0)) await s.close(); });

  it('streams a run to the webview as ArrayBuffer batches, records the mode and says it arrived streamed', async () => {
    const server = await startChunkServer({ schedule: Array.from({ length: 6 }, () => ({ delayMs: 30, data: 'data: x\n\n' })), headers: { 'content-type': 'text/event-stream' } });
    servers.push(server);
    const { runs, posted, history } = lifecycle();
    const mode: RunMode = { served: 'STREAM', configured: 'STREAM', stage: 'dev', exact: true };
    const summary = await runs.start(draft(`${server.url}/chat`), { mode, title: 'GET /chat' });
    assert.equal(summary.outcome, 'complete');
    assert.equal(summary.chunkCount, 6);
    assert.equal(summary.arrival, 'streamed');
    assert.deepEqual(summary.mode, mode);
    assert.equal(summary.errorReason, undefined);

    const types = posted.map((m) => m.type);
    assert.equal(types[0], 'runStarted');
    assert.ok(types.indexOf('runEnded') > types.lastIndexOf('chunks'), 'runEnded never overtakes chunks');
    for (const m of posted) assert.ok(isHostToWebview(m), `${m.type} is a valid protocol message`);
    const batches = posted.filter((m): m is Extract<HostToWebview, { type: 'chunks' }> => m.type === 'chunks');
    assert.ok(batches.every((b) => b.buffer instanceof ArrayBuffer));
    let text = '';
    for (const b of batches) {
      const u = unpackChunkBatch(b.firstSeq, b.count, b.buffer);
      assert.ok(typeof u !== 'string', String(u));
      text += new TextDecoder().decode(u.data);
    }
    assert.equal(text, 'data: x\n\n'.repeat(6));
    const ended = posted.find((m) => m.type === 'runEnded') as Extract<HostToWebview, { type: 'runEnded' }>;
    assert.equal(ended.bodySaved, true);
    assert.ok(existsSync(runs.bodyFile(summary.id)!), 'the spilled body is kept for Save body');
    assert.equal(history.get(summary.id)?.summary.arrival, 'streamed');
    assert.equal(history.get(summary.id)?.title, 'GET /chat');
    runs.dispose();
  });

  it('says a body that came in one late burst arrived buffered', async () => {
    const server = await startChunkServer({ headersDelayMs: 150, schedule: [{ delayMs: 0, data: 'all at once' }] });
    servers.push(server);
    const { runs } = lifecycle();
    const summary = await runs.start(draft(`${server.url}/b`));
    assert.equal(summary.arrival, 'buffered');
    runs.dispose();
  });

  it('puts the reason of an error response in the summary: the gateway detail, else the JSON message and error type', async () => {
    const server = await listen((req, res) => {
      if (req.url === '/detail') {
        res.writeHead(502, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'InternalServerErrorException', 'x-streamgate-error': 'Response exceeds the 10 MB BUFFERED limit' });
        res.end('{"message":"Internal server error"}');
      } else {
        res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'ForbiddenException:http://x' });
        res.end('{"message":"Forbidden"}');
      }
    });
    servers.push(server);
    const { runs } = lifecycle();
    const a = await runs.start(draft(`${server.url}/detail`));
    assert.equal(a.status, 502);
    assert.equal(a.errorReason, 'Response exceeds the 10 MB BUFFERED limit');
    const b = await runs.start(draft(`${server.url}/forbidden`));
    assert.equal(b.errorReason, 'Forbidden (ForbiddenException)');
    runs.dispose();
  });

  it('a run that fails before it is sent (no API key stored) ends as an error with its reason and no body', async () => {
    const { runs, posted } = lifecycle();
    const s = await runs.start(draft('http://127.0.0.1:1/x', { auth: { kind: 'apiKey' } }));
    assert.equal(s.outcome, 'error');
    assert.match(s.errorReason ?? '', /no API key stored/);
    const ended = posted.find((m) => m.type === 'runEnded') as Extract<HostToWebview, { type: 'runEnded' }>;
    assert.equal(ended.bodySaved, false);
    runs.dispose();
  });

  it('an empty body is not offered for saving, and only the last few bodies are kept', async () => {
    const server = await listen((req, res) => { res.writeHead(req.url === '/empty' ? 204 : 200); res.end(req.url === '/empty' ? undefined : 'x'); });
    servers.push(server);
    const { runs, posted } = lifecycle();
    const empty = await runs.start(draft(`${server.url}/empty`));
    assert.equal((posted.find((m) => m.type === 'runEnded') as { bodySaved: boolean }).bodySaved, false);
    assert.equal(runs.bodyFile(empty.id), undefined);
    const ids: string[] = [];
    for (let i = 0; i < MAX_BODY_FILES + 2; i++) ids.push((await runs.start(draft(`${server.url}/x`))).id);
    assert.equal(runs.bodyFile(ids[0]!), undefined, 'the oldest body was dropped');
    assert.ok(runs.bodyFile(ids.at(-1)!));
    const last = runs.bodyFile(ids.at(-1)!)!;
    runs.dispose();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(existsSync(last), false, 'dispose deletes the kept bodies');
  });

  it('aborts the running request (and a new Send aborts the previous run)', async () => {
    const server = await startChunkServer({ schedule: [{ delayMs: 5000, data: 'late' }] });
    servers.push(server);
    const { runs } = lifecycle();
    const first = runs.start(draft(`${server.url}/slow`));
    await new Promise((r) => setTimeout(r, 100));
    runs.abort();
    const s = await first;
    assert.equal(s.outcome, 'aborted');
    assert.match(s.errorReason ?? '', /abort/);
    runs.dispose();
  });

  it('errorReasonOf: a good response has none; an HTTP error without details still says its status', () => {
    const base = { headers: {}, outcome: 'complete' as const, error: undefined };
    assert.equal(errorReasonOf({ ...base, status: 200 }, new Uint8Array(0)), undefined);
    assert.equal(errorReasonOf({ ...base, status: 500 }, new TextEncoder().encode('not json')), 'HTTP 500');
    assert.equal(errorReasonOf({ ...base, status: null, outcome: 'timeout', error: 'no response within 1 s' }, new Uint8Array(0)), 'no response within 1 s');
  });
});
