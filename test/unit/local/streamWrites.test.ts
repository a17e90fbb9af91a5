// STREAM delivery over a real socket: chunks the integration hands over in one event-loop turn
// leave in one socket write (with the headers when they are the first), chunks that arrive apart
// leave apart, headers go out before a body that is still silent, and a chunk observer (the
// hook per-request tracing attaches to) sees every chunk.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { deliver, type ChunkObserver, type DeliveryResult } from '../../../src/local/dataplane/delivery';

interface Served { url: string; writes: number[]; result: Promise<DeliveryResult>; close(): Promise<void> }

/** A server whose one response is `body` delivered in STREAM mode; counts socket write calls. */
async function serve(body: Readable, observer?: ChunkObserver): Promise<Served> {
  const writes: number[] = [];
  let resolveResult!: (r: DeliveryResult) => void;
  const result = new Promise<DeliveryResult>((ok) => { resolveResult = ok; });
  const server = http.createServer((req, res) => {
    req.resume();
    const socket = res.socket as Socket & { _write: Socket['_write']; _writev?: Socket['_writev'] };
    const write = socket._write.bind(socket);
    const writev = socket._writev!.bind(socket);
    socket._write = (chunk, enc, cb) => { writes.push(1); write(chunk, enc, cb); };
    socket._writev = (chunks, cb) => { writes.push(chunks.length); writev(chunks, cb); };
    void deliver(res, Promise.resolve({ statusCode: 200, headers: [['Content-Type', 'text/plain']], body }), {
      mode: 'STREAM', timeoutMs: 10_000, idleTimeoutMs: 10_000, emulateThrottle: false, abort: new AbortController(),
      gatewayHeaders: [['x-amzn-RequestId', 'test-request']], shaping: { binaryMediaTypes: [] },
      replyError: () => 500, integrationStartedAt: performance.now(), ...(observer ? { observer } : {}),
    }).then(resolveResult);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, writes, result,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

function get(url: string): Promise<{ headersAt: number; chunks: Array<{ at: number; text: string }>; res: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      const headersAt = performance.now();
      const chunks: Array<{ at: number; text: string }> = [];
      res.on('data', (d: Buffer) => chunks.push({ at: performance.now(), text: d.toString() }));
      res.on('end', () => resolve({ headersAt, chunks, res }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('local gateway: STREAM socket writes', function () {
  this.timeout(10_000);

  it('sends the chunks of one turn with the headers in one socket write, and reports each chunk to the observer', async () => {
    const seen: number[] = [];
    const body = new Readable({ read() {} });
    for (const part of ['alpha ', 'beta ', 'gamma ', 'delta']) body.push(part);
    body.push(null);
    const s = await serve(body, { onChunk: (bytes) => seen.push(bytes) });
    try {
      const r = await get(s.url);
      assert.equal(r.chunks.map((c) => c.text).join(''), 'alpha beta gamma delta');
      assert.equal(r.res.headers['x-amzn-requestid'], 'test-request');
      const result = await s.result;
      assert.equal(result.outcome, 'complete');
      assert.equal(result.bytes, 22);
      // Readable may merge buffered pushes into fewer 'data' events; the observer sees what is sent.
      assert.equal(seen.reduce((a, b) => a + b, 0), 22);
      // Headers, every chunk and the terminating chunk: a single write call on the socket.
      assert.equal(s.writes.length, 1, `socket writes: ${JSON.stringify(s.writes)}`);
    } finally {
      await s.close();
    }
  });

  it('sends the headers before a silent body, and chunks that arrive apart in separate writes', async () => {
    const body = new Readable({ read() {} });
    setTimeout(() => body.push('first'), 150);
    setTimeout(() => { body.push('second'); body.push(null); }, 300);
    const s = await serve(body);
    try {
      const t0 = performance.now();
      const r = await get(s.url);
      assert.ok(r.headersAt - t0 < 120, `headers arrived after ${(r.headersAt - t0).toFixed(0)} ms, before the first chunk was due`);
      assert.deepEqual(r.chunks.map((c) => c.text), ['first', 'second']);
      assert.ok(r.chunks[1]!.at - r.chunks[0]!.at > 80, 'the chunks were not held back and merged');
      assert.ok(s.writes.length >= 3, `headers, first, second (+ end) in separate writes: ${JSON.stringify(s.writes)}`);
      assert.equal((await s.result).bytes, 11);
    } finally {
      await s.close();
    }
  });
});
