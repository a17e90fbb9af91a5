// Host-side pieces of the console that need no VS Code: chunk batching onto the protocol,
// bounded redacted history, and the exports/copies a user pastes elsewhere.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { ChunkBatcher } from '../../../src/extension/console/chunkBatcher';
import { downsampleMarks, RunHistory, type StateStore } from '../../../src/extension/console/runHistory';
import { requestToCurl, requestToFetchReader, runToHar, shellQuote } from '../../../src/extension/console/exporters';
import { isHostToWebview, type RequestDraft, type StoredRun } from '../../../src/shared/protocol';
import { unpackChunkBatch, type ChunkBatch } from '../../../src/shared/chunkBatch';
import type { PackedBatch } from '../../../src/extension/console/chunkBatcher';

function unpack(b: PackedBatch): ChunkBatch {
  const u = unpackChunkBatch(b.firstSeq, b.count, b.buffer);
  if (typeof u === 'string') throw new Error(u);
  return u;
}
/** The shown bytes of chunk i of a batch. */
function shownText(b: ChunkBatch, i: number): string {
  let offset = 0;
  for (let j = 0; j < i; j++) offset += b.shown[j]!;
  return new TextDecoder().decode(b.data.subarray(offset, offset + b.shown[i]!));
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const bytes = (s: string) => new TextEncoder().encode(s);

function storedRun(id: string, over: Partial<StoredRun> = {}): StoredRun {
  return {
    summary: { id, status: 200, outcome: 'complete', ttfbMs: 12, endMs: 40, chunkCount: 2, bytes: 10 },
    startedAt: 1_700_000_000_000, request: { method: 'GET', url: 'https://a.execute-api.eu-west-1.amazonaws.com/dev/chat?x=1', headers: { 'x-api-key': '****' } },
    responseHeaders: { 'content-type': 'text/event-stream' },
    timing: { dnsMs: 1, connectMs: 3, tlsMs: 8, requestSentMs: 9, headersMs: 11, ttfbMs: 12, endMs: 40 },
    marks: [{ atMs: 12, bytes: 4 }, { atMs: 40, bytes: 6 }], marksDownsampled: false, ...over,
  };
}

describe('console host: chunk batching', () => {
  it('sends chunks in timed batches, in order, each a valid protocol message', async () => {
    const batches: PackedBatch[] = [];
    const b = new ChunkBatcher({ displayWindowBytes: 1024, intervalMs: 20, send: (c) => batches.push(c) });
    b.add(bytes('ab'), { atMs: 1, bytes: 2 });
    b.add(bytes('cd'), { atMs: 2, bytes: 2 });
    assert.equal(batches.length, 0, 'nothing is sent per chunk');
    await sleep(60);
    assert.equal(batches.length, 1);
    b.add(bytes('ef'), { atMs: 70, bytes: 2 });
    b.flush();
    assert.deepEqual(batches.map((x) => [x.firstSeq, x.count]), [[0, 2], [2, 1]]);
    const first = unpack(batches[0]!);
    assert.deepEqual([...first.times], [1, 2]);
    assert.equal(shownText(first, 1), 'cd');
    assert.equal(shownText(unpack(batches[1]!), 0), 'ef');
    for (const batch of batches) assert.ok(isHostToWebview({ type: 'chunks', runId: 'r', ...batch }));
    b.dispose();
  });

  it('stops sending bytes past the display window but keeps every mark', () => {
    const batches: PackedBatch[] = [];
    const b = new ChunkBatcher({ displayWindowBytes: 5, send: (c) => batches.push(c) });
    b.add(bytes('abc'), { atMs: 1, bytes: 3 });
    b.add(bytes('defg'), { atMs: 2, bytes: 4 });
    b.add(bytes('hij'), { atMs: 3, bytes: 3 });
    b.flush();
    const chunks = unpack(batches[0]!);
    assert.deepEqual([...chunks.sizes], [3, 4, 3]);
    assert.equal(shownText(chunks, 1), 'de');
    assert.equal(chunks.shown[2], 0);
    assert.equal(chunks.data.length, 5, 'the batch carries only the display window');
    assert.equal(b.truncated, true);
  });
});

describe('console host: run history', () => {
  function memoryStore(): StateStore & { data: Map<string, unknown> } {
    const data = new Map<string, unknown>();
    return { data, get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => { data.set(k, JSON.parse(JSON.stringify(v))); } };
  }

  it('keeps the newest runs up to the limit and skips corrupt entries', async () => {
    const store = memoryStore();
    const h = new RunHistory(store, () => 3);
    for (const id of ['a', 'b', 'c', 'd']) await h.add(storedRun(id));
    assert.deepEqual(h.entries().map((e) => e.summary.id), ['d', 'c', 'b']);
    store.data.set('streamgate.console.history', [{ junk: true }, ...(store.data.get('streamgate.console.history') as unknown[])]);
    assert.deepEqual(h.all().map((r) => r.summary.id), ['d', 'c', 'b']);
    await h.remove('c');
    assert.deepEqual(h.entries().map((e) => e.summary.id), ['d', 'b']);
  });

  it('downsamples marks without losing bytes or the last arrival time', () => {
    const marks = Array.from({ length: 10_001 }, (_, i) => ({ atMs: i * 0.5, bytes: 7 }));
    const d = downsampleMarks(marks, 1000);
    assert.ok(d.length <= 1000);
    assert.equal(d.reduce((s, m) => s + m.bytes, 0), 70_007);
    assert.equal(d[d.length - 1].atMs, 5000);
  });
});

describe('console host: exports and copies', () => {
  const draft: RequestDraft = {
    method: 'post', url: "https://a.execute-api.eu-west-1.amazonaws.com/dev/it's", body: '{"q":"it\'s $HOME"}',
    headers: [{ name: 'content-type', value: 'application/json', enabled: true }, { name: 'x-off', value: '1', enabled: false }],
    auth: { kind: 'apiKey' }, format: 'auto',
  };

  it('copies as curl that a shell parses back to the same arguments, with the key from the environment', () => {
    const curl = requestToCurl(draft);
    // Let bash parse the command and print the argv curl would get.
    const argv = execFileSync('bash', ['-c', `set -f; STREAMGATE_API_KEY=k123; args() { printf '%s\\n' "$@"; }; ${curl.replace(/^curl/, 'args')}`]).toString().split('\n');
    assert.deepEqual(argv.slice(0, 12), ['--no-buffer', '-sS', '-X', 'POST', "https://a.execute-api.eu-west-1.amazonaws.com/dev/it's",
      '-H', 'content-type: application/json', '-H', 'x-api-key: k123', '--data-binary', '{"q":"it\'s $HOME"}', '']);
    assert.doesNotMatch(curl, /x-off/);
    assert.equal(shellQuote("a'b"), `'a'\\''b'`);
  });

  it('copies IAM requests with curl --aws-sigv4 for the URL region', () => {
    assert.match(requestToCurl({ ...draft, auth: { kind: 'iam' } }), /--aws-sigv4 'aws:amz:eu-west-1:execute-api'/);
  });

  it('copies as fetch-reader JavaScript that is valid and reads the stream chunk by chunk', () => {
    const js = requestToFetchReader({ ...draft, auth: { kind: 'bearer', bearerToken: 'SECRET-TOKEN' } });
    assert.doesNotMatch(js, /SECRET-TOKEN/);
    assert.match(js, /getReader\(\)/);
    // It must at least parse as an ES module body (top-level await).
    new Function(`return async () => {\n${js}\n}`);
  });

  it('exports HAR 1.2 with consecutive phase durations and the chunk timeline', () => {
    const har = JSON.parse(runToHar(storedRun('r'), '0.1.0'));
    const e = har.log.entries[0];
    assert.equal(har.log.version, '1.2');
    assert.deepEqual(e.timings, { blocked: -1, dns: 1, connect: 7, ssl: 5, send: 1, wait: 2, receive: 29 });
    assert.deepEqual(e.request.queryString, [{ name: 'x', value: '1' }]);
    assert.deepEqual(e.request.headers, [{ name: 'x-api-key', value: '****' }]);
    assert.equal(e._streamgate.chunks.length, 2);
  });
});
