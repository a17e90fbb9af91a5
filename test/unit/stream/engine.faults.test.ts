import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runRequest } from '../../../src/core/stream/engine';
import { startChunkServer, startEarlyCloseServer, startResetServer, startStallServer } from '../../fixtures/servers';

describe('streaming engine: failures keep what was received', () => {
  it('an idle (stall) timeout ends the run and keeps the bytes already received, also in the spill file', async () => {
    const server = await startStallServer({ bytesBeforeStall: 1500 });
    const file = join(tmpdir(), `sg-stall-${process.pid}.bin`);
    try {
      const started = performance.now();
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { idleTimeoutMs: 250, spillToFile: file });
      const took = performance.now() - started;
      assert.equal(result.outcome, 'idle-timeout');
      assert.match(result.error!, /stalled: nothing received for 250 ms .*after 1500 body bytes/);
      assert.equal(result.status, 200);
      assert.equal(result.bytes, 1500);
      assert.ok(took >= 240 && took < 2000, `ended after ${took.toFixed(0)} ms`);
      assert.equal(result.bodyFile, file);
      assert.equal((await readFile(file)).length, 1500);
      assert.notEqual(result.timing.endMs, null);
    } finally {
      await rm(file, { force: true });
      await server.close();
    }
  });

  it('an idle timeout is not triggered by a stream that keeps sending', async () => {
    const server = await startChunkServer({ schedule: Array.from({ length: 8 }, () => ({ delayMs: 40, bytes: 10 })) });
    try {
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { idleTimeoutMs: 150 });
      assert.equal(result.outcome, 'complete', result.error);
      assert.equal(result.bytes, 80);
    } finally {
      await server.close();
    }
  });

  it('a connection reset mid-body is an error that keeps the received bytes', async () => {
    const server = await startResetServer({ bytesBeforeReset: 2048 });
    try {
      const result = await runRequest({ method: 'GET', url: server.url });
      assert.equal(result.outcome, 'error');
      assert.equal(result.status, 200);
      assert.equal(result.bytes, 2048);
      assert.match(result.error!, /(reset|closed).*2048/);
    } finally {
      await server.close();
    }
  });

  it('a server closing before its content-length is reported with both byte counts', async () => {
    const server = await startEarlyCloseServer({ declaredBytes: 10_000, sentBytes: 3000 });
    try {
      const result = await runRequest({ method: 'GET', url: server.url });
      assert.equal(result.outcome, 'error');
      assert.equal(result.bytes, 3000);
      assert.match(result.error!, /3000 of 10000 bytes/);
      // The stable code and the facts, for each edge to word itself.
      assert.deepEqual(result.failure, { code: 'BODY_TRUNCATED', host: new URL(server.url).host, status: 200, bytes: 3000, contentLength: 10_000, cause: result.failure?.cause });
    } finally {
      await server.close();
    }
  });

  it('max time bounds a run whose headers never come', async () => {
    const server = await startStallServer({ bytesBeforeStall: 0, sendHeaders: false });
    try {
      const started = performance.now();
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { maxTimeMs: 300 });
      const took = performance.now() - started;
      assert.equal(result.outcome, 'timeout');
      assert.match(result.error!, /max time of 300 ms reached before the response headers/);
      assert.equal(result.failure?.code, 'MAX_TIME');
      assert.equal(result.status, null);
      assert.ok(took >= 290 && took < 2000, `ended after ${took.toFixed(0)} ms`);
      assert.notEqual(result.timing.connectMs, null, 'the connect phase happened before the timeout');
    } finally {
      await server.close();
    }
  });

  it('max time also bounds a stream that is still sending', async () => {
    const server = await startChunkServer({ schedule: Array.from({ length: 50 }, () => ({ delayMs: 50, bytes: 5 })) });
    try {
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { maxTimeMs: 400 });
      assert.equal(result.outcome, 'timeout');
      assert.ok(result.bytes > 0 && result.bytes < 250, `received ${result.bytes}`);
      assert.equal(result.chunks.length * 5, result.bytes);
    } finally {
      await server.close();
    }
  });

  it('abort stops the socket at once and keeps the chunks so far; the server sees the disconnect', async () => {
    const server = await startChunkServer({ schedule: Array.from({ length: 100 }, () => ({ delayMs: 30, bytes: 7 })) });
    try {
      const controller = new AbortController();
      let chunks = 0;
      const result = await runRequest({ method: 'GET', url: server.url }, {
        onChunk: () => {
          if (++chunks === 3) controller.abort();
        },
      }, { signal: controller.signal });
      assert.equal(result.outcome, 'aborted');
      assert.equal(result.error, 'aborted by the user');
      assert.equal(result.chunks.length, 3);
      assert.equal(result.bytes, 21);
      // The server stops sending: its log stops growing shortly after the abort.
      await new Promise((r) => setTimeout(r, 150));
      const sent = server.lastSendTimes.length;
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(server.lastSendTimes.length, sent, 'server kept sending after abort');
    } finally {
      await server.close();
    }
  });

  it('an already-aborted signal never connects', async () => {
    const server = await startChunkServer({ schedule: [{ delayMs: 0, bytes: 1 }] });
    try {
      const controller = new AbortController();
      controller.abort(new Error('closed the console'));
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { signal: controller.signal });
      assert.equal(result.outcome, 'aborted');
      assert.equal(result.error, 'aborted: closed the console');
      assert.equal(server.requestCount, 0);
    } finally {
      await server.close();
    }
  });

  it('bad input and unreachable hosts resolve with a clear error instead of throwing', async () => {
    const invalid = await runRequest({ method: 'GET', url: 'not a url' });
    assert.equal(invalid.outcome, 'error');
    assert.match(invalid.error!, /invalid URL "not a url"/);
    const scheme = await runRequest({ method: 'GET', url: 'ftp://example.com/' });
    assert.match(scheme.error!, /unsupported URL scheme "ftp:"/);
    const method = await runRequest({ method: 'GE T', url: 'http://127.0.0.1/' });
    assert.match(method.error!, /invalid HTTP method/);

    // A port that was just free: nothing listens there.
    const server = await startChunkServer({ schedule: [] });
    const url = server.url;
    await server.close();
    const refused = await runRequest({ method: 'GET', url });
    assert.equal(refused.outcome, 'error');
    assert.match(refused.error!, /connection refused by 127\.0\.0\.1:\d+/);
    assert.deepEqual(refused.failure, { code: 'CONNECTION_REFUSED', host: new URL(url).host, status: null, bytes: 0, cause: 'ECONNREFUSED' });
    assert.equal(refused.timing.connectMs, null);
  });

  it('an observer that throws ends the run with that error instead of crashing', async () => {
    const server = await startChunkServer({ schedule: [{ delayMs: 0, bytes: 3 }, { delayMs: 20, bytes: 3 }] });
    try {
      const result = await runRequest({ method: 'GET', url: server.url }, {
        onChunk: () => {
          throw new Error('render failed');
        },
      });
      assert.equal(result.outcome, 'error');
      assert.equal(result.error, 'observer failed: render failed');
      assert.equal(result.bytes, 3);
    } finally {
      await server.close();
    }
  });

  it('a spill file that cannot be written fails the run with the path in the message', async () => {
    const server = await startChunkServer({ schedule: [{ delayMs: 20, bytes: 10 }] });
    try {
      const file = join(tmpdir(), 'streamgate-no-such-dir', 'x', 'body.bin');
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { spillToFile: file });
      assert.equal(result.outcome, 'error');
      assert.match(result.error!, /cannot write the response body to .*body\.bin/);
      assert.equal(result.bodyFile, undefined);
    } finally {
      await server.close();
    }
  });
});
