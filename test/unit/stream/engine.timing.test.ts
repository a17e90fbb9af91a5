import assert from 'node:assert/strict';
import { runRequest } from '../../../src/core/stream/engine';
import type { PhaseTimings } from '../../../src/shared/timeline';
import { listen, startChunkServer } from '../../fixtures/servers';
import { collectBody } from '../../fixtures/collectBody';

describe('streaming engine: timing and content', () => {
  it('records every chunk at the time the server sent it, not coalesced', async () => {
    const server = await startChunkServer({
      schedule: [{ delayMs: 60, bytes: 100 }, { delayMs: 120, bytes: 200 }, { delayMs: 120, data: 'tail' }],
    });
    try {
      const seen: number[] = [];
      const body = collectBody();
      const result = await runRequest({ method: 'GET', url: `${server.url}/stream` }, {
        onChunk: (chunk, mark) => { seen.push(chunk.length); body.onChunk(chunk, mark); },
      });
      assert.equal(result.outcome, 'complete');
      assert.equal(result.status, 200);
      assert.deepEqual(result.chunks.map((c) => c.bytes), [100, 200, 4]);
      assert.deepEqual(seen, [100, 200, 4]);
      assert.equal(result.bytes, 304);
      // Gaps between chunks follow the server's 120 ms schedule (generous bounds: shared CPU).
      const gaps = result.chunks.slice(1).map((c, i) => c.atMs - result.chunks[i]!.atMs);
      for (const gap of gaps) assert.ok(gap > 80 && gap < 300, `gap ${gap.toFixed(1)} ms should be near 120 ms`);
      // The first byte comes ~60 ms after the headers, not with them.
      const t = result.timing;
      assert.ok(t.ttfbMs! - t.headersMs! > 35, `ttfb ${t.ttfbMs} vs headers ${t.headersMs}`);
      assert.equal(t.ttfbMs, result.chunks[0]!.atMs);
      assert.ok(t.endMs! >= result.chunks[2]!.atMs);
      assert.equal(body.text('latin1'), 'x'.repeat(300) + 'tail');
      assert.equal(result.chunksMerged, 0, 'no coalescing unless asked');
    } finally {
      await server.close();
    }
  });

  it('reports phases in order, once each, with lowercase response headers', async () => {
    const server = await startChunkServer({ schedule: [{ delayMs: 0, data: 'hi' }], headers: { 'X-Custom-Thing': 'Yes' } });
    try {
      const phases: (keyof PhaseTimings)[] = [];
      let headerStatus = 0;
      const result = await runRequest({ method: 'GET', url: server.url.replace('127.0.0.1', 'localhost') }, {
        onPhase: (p) => phases.push(p),
        onHeaders: (status, headers) => {
          headerStatus = status;
          assert.equal(headers['x-custom-thing'], 'Yes');
        },
      });
      assert.equal(result.outcome, 'complete', result.error);
      assert.equal(headerStatus, 200);
      assert.deepEqual(phases, ['dnsMs', 'connectMs', 'requestSentMs', 'headersMs', 'ttfbMs', 'endMs']);
      assert.equal(result.timing.tlsMs, null, 'plain http has no TLS phase');
      const t = result.timing;
      assert.ok(t.dnsMs! <= t.connectMs! && t.connectMs! <= t.requestSentMs! && t.requestSentMs! <= t.headersMs!);
      assert.ok(Object.keys(result.headers).every((k) => k === k.toLowerCase()));
    } finally {
      await server.close();
    }
  });

  it('sends method, headers and body, and reports non-2xx statuses as complete runs', async () => {
    const server = await listen((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        res.writeHead(418, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers['x-api-key'], body: Buffer.concat(parts).toString() }));
      });
    });
    try {
      const body = collectBody();
      const result = await runRequest({ method: 'post', url: `${server.url}/echo?q=1`, headers: { 'x-api-key': 'k1' }, body: 'hello ✓' }, body);
      assert.equal(result.outcome, 'complete');
      assert.equal(result.status, 418);
      assert.deepEqual(JSON.parse(body.text()), { method: 'POST', auth: 'k1', body: 'hello ✓' });
      assert.notEqual(result.timing.requestSentMs, null);
    } finally {
      await server.close();
    }
  });

  it('times the TLS handshake and accepts a self-signed certificate only for hosts opted in', async () => {
    const server = await listen((_req, res) => res.end('secure'), { tls: true });
    const url = server.url.replace('127.0.0.1', 'localhost');
    try {
      const refused = await runRequest({ method: 'GET', url });
      assert.equal(refused.outcome, 'error');
      assert.match(refused.error!, /certificate .* not trusted/i);
      assert.doesNotMatch(refused.error!, /insecure/i, 'the engine names no edge-specific remedy');
      assert.equal(refused.failure?.code, 'TLS_CERT_UNTRUSTED');
      assert.equal(refused.failure?.host, url.replace(/^https:\/\//, '').replace(/\/.*$/, ''));
      assert.equal(refused.status, null);

      const otherHostOnly = await runRequest({ method: 'GET', url }, {}, { insecureTlsHosts: ['example.com'] });
      assert.equal(otherHostOnly.outcome, 'error', 'opting in another host must not relax this one');

      const body = collectBody();
      const accepted = await runRequest({ method: 'GET', url }, body, { insecureTlsHosts: ['localhost'] });
      assert.equal(accepted.outcome, 'complete', accepted.error);
      assert.equal(body.text(), 'secure');
      const t = accepted.timing;
      assert.ok(t.connectMs !== null && t.tlsMs !== null && t.tlsMs >= t.connectMs && t.headersMs! >= t.tlsMs);
    } finally {
      await server.close();
    }
  });

  it('coalesces chunk records that arrive in one read or within the window, and counts the merged ones', async () => {
    // 500 one-byte chunks written in one go (one socket read), then after 80 ms a last one.
    const server = await listen((req, res) => {
      req.resume();
      res.socket!.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' + '1\r\nx\r\n'.repeat(500));
      setTimeout(() => res.socket!.end('1\r\ny\r\n0\r\n\r\n'), 80);
    });
    try {
      const seen: number[] = [];
      const result = await runRequest({ method: 'GET', url: server.url }, { onChunk: (c) => { seen.push(c.length); } }, { coalesceWithinMs: 0.1 });
      assert.equal(result.outcome, 'complete', result.error);
      assert.equal(result.bytes, 501);
      assert.equal(seen.length, 501, 'the observer still sees every chunk');
      assert.equal(result.chunks.reduce((n, c) => n + c.bytes, 0), 501, 'records account for every byte');
      assert.equal(result.chunks.length + result.chunksMerged, 501);
      assert.ok(result.chunks.length <= 5, `${result.chunks.length} records for one burst and one late chunk`);
      assert.equal(result.chunks.at(-1)!.bytes, 1, 'the late chunk keeps its own record');
      assert.ok(result.chunks.at(-1)!.atMs - result.chunks[0]!.atMs > 50);

      const uncoalesced = await runRequest({ method: 'GET', url: server.url });
      assert.equal(uncoalesced.chunks.length, 501);
      assert.equal(uncoalesced.chunksMerged, 0);
    } finally {
      await server.close();
    }
  });

  it('pauses the response while the observer says it is busy, without counting that as idle', async () => {
    const server = await startChunkServer({ schedule: [{ delayMs: 0, data: 'a' }, { delayMs: 10, data: 'b' }] });
    try {
      let first = true;
      const result = await runRequest({ method: 'GET', url: server.url }, {
        onChunk: () => {
          if (!first) return undefined;
          first = false;
          return new Promise<void>((ok) => setTimeout(ok, 300));
        },
      }, { idleTimeoutMs: 150 });
      assert.equal(result.outcome, 'complete', result.error);
      assert.equal(result.chunks.length, 2);
      const gap = result.chunks[1]!.atMs - result.chunks[0]!.atMs;
      assert.ok(gap >= 280, `the second chunk was read after the observer was ready (gap ${gap.toFixed(0)} ms)`);
    } finally {
      await server.close();
    }
  });
});
