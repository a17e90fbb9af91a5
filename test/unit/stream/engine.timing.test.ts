import assert from 'node:assert/strict';
import { runRequest } from '../../../src/core/stream/engine';
import type { PhaseTimings } from '../../../src/shared/timeline';
import { listen, startChunkServer } from '../../fixtures/servers';

describe('streaming engine: timing and content', () => {
  it('records every chunk at the time the server sent it, not coalesced', async () => {
    const server = await startChunkServer({
      schedule: [{ delayMs: 60, bytes: 100 }, { delayMs: 120, bytes: 200 }, { delayMs: 120, data: 'tail' }],
    });
    try {
      const seen: number[] = [];
      const result = await runRequest({ method: 'GET', url: `${server.url}/stream` }, {
        onChunk: (chunk) => seen.push(chunk.length),
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
      assert.equal(Buffer.from(result.preview).toString('latin1'), 'x'.repeat(300) + 'tail');
      assert.equal(result.previewTruncated, false);
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
      const result = await runRequest({ method: 'post', url: `${server.url}/echo?q=1`, headers: { 'x-api-key': 'k1' }, body: 'hello ✓' });
      assert.equal(result.outcome, 'complete');
      assert.equal(result.status, 418);
      assert.deepEqual(JSON.parse(Buffer.from(result.preview).toString()), { method: 'POST', auth: 'k1', body: 'hello ✓' });
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
      assert.match(refused.error!, /certificate .* not trusted .*insecure/i);
      assert.equal(refused.status, null);

      const otherHostOnly = await runRequest({ method: 'GET', url }, {}, { insecureTlsHosts: ['example.com'] });
      assert.equal(otherHostOnly.outcome, 'error', 'opting in another host must not relax this one');

      const accepted = await runRequest({ method: 'GET', url }, {}, { insecureTlsHosts: ['localhost'] });
      assert.equal(accepted.outcome, 'complete', accepted.error);
      assert.equal(Buffer.from(accepted.preview).toString(), 'secure');
      const t = accepted.timing;
      assert.ok(t.connectMs !== null && t.tlsMs !== null && t.tlsMs >= t.connectMs && t.headersMs! >= t.tlsMs);
    } finally {
      await server.close();
    }
  });

  it('keeps only the preview window in memory and marks it truncated', async () => {
    const server = await startChunkServer({ schedule: [{ delayMs: 0, data: 'abcdefghij' }, { delayMs: 10, data: 'klmnop' }] });
    try {
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { windowBytes: 12 });
      assert.equal(Buffer.from(result.preview).toString(), 'abcdefghijkl');
      assert.equal(result.previewTruncated, true);
      assert.equal(result.bytes, 16);
    } finally {
      await server.close();
    }
  });
});
