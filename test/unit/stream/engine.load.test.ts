// Load through the local gateway and the streaming engine: 1,000 sequential requests, then 50
// concurrent streams (two rounds; the first also warms up), bounded in time; every byte of every stream arrives in order, and RSS and
// the process's open handles (process.getActiveResourcesInfo()) are flat at the end.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { createApiGatewayClient } from '../../../src/core/controlplane';
import { runRequest } from '../../../src/core/stream/engine';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { listen, type TestServer } from '../../fixtures/servers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CHUNKS = 20;
const CHUNK_BYTES = 1024;
/** The bytes chunk `i` of stream `s` carries: distinct per stream and per position. */
const chunkOf = (s: number, i: number): Buffer => Buffer.alloc(CHUNK_BYTES, `s${s}c${i};`);

function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** Handle counts without the sockets (the gateway's keep-alive pool to the backend lives there). */
function withoutPool(counts: Record<string, number>): Record<string, number> {
  const { TCPSocketWrap: _pool, ...rest } = counts;
  return rest;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 20));
    gc();
  }
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

describe('load through the local gateway and the engine', function () {
  this.timeout(60_000);
  let gw: LocalGateway;
  let backend: TestServer;
  let pingUrl: string;
  let streamUrl: string;
  /** Open handles with the backend up and no gateway yet. */
  let baseline: Record<string, number>;

  before(async () => {
    backend = await listen((req, res) => {
      req.resume();
      const s = Number(new URL(req.url!, 'http://x').searchParams.get('s'));
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let i = 0;
      const timer = setInterval(() => {
        if (res.destroyed) { clearInterval(timer); return; }
        res.write(chunkOf(s, i++));
        if (i === CHUNKS) { clearInterval(timer); res.end(); }
      }, 5);
    });
    await settle();
    baseline = handleCounts();
    gw = await startLocalGateway({ port: 0, sample: false });
    const sdk = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, maxAttempts: 1 });
    try {
      const api = await sdk.send(new CreateRestApiCommand({ name: 'load' }));
      const ping = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'ping' }));
      await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: ping.id, httpMethod: 'GET', authorizationType: 'NONE' }));
      await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: ping.id, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await sdk.send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: ping.id, httpMethod: 'GET', statusCode: '200' }));
      await sdk.send(new PutIntegrationResponseCommand({ restApiId: api.id, resourceId: ping.id, httpMethod: 'GET', statusCode: '200' }));
      const stream = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'stream' }));
      await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: stream.id, httpMethod: 'GET', authorizationType: 'NONE' }));
      await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: stream.id, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET',
        uri: `${backend.url}/data`, responseTransferMode: 'STREAM', timeoutInMillis: 60_000 }));
      await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'load' }));
      pingUrl = gw.invokeUrl(api.id!, 'load', 'ping');
      streamUrl = gw.invokeUrl(api.id!, 'load', 'stream');
    } finally {
      sdk.destroy();
    }
  });
  after(async () => {
    await gw?.close();
    await backend?.close();
    await settle();
    const left = handleCounts();
    console.log(`      handles after closing everything: ${JSON.stringify(left)}`);
  });

  /** 1,000 sequential requests, then 50 concurrent streams; every result checked. */
  async function round(): Promise<{ sequentialMs: number; concurrentMs: number; handlesAfterSequential: Record<string, number> }> {
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) {
      const r = await runRequest({ method: 'GET', url: `${pingUrl}?i=${i}` }, {}, { maxTimeMs: 5000 });
      assert.equal(r.outcome, 'complete', `request ${i}: ${r.error}`);
      assert.equal(r.status, 200);
    }
    const sequentialMs = performance.now() - t0;
    await settle();
    const handlesAfterSequential = handleCounts();

    const t1 = performance.now();
    const results = await Promise.all(Array.from({ length: 50 }, async (_, s) => {
      const parts: Buffer[] = [];
      const r = await runRequest({ method: 'GET', url: `${streamUrl}?s=${s}` }, { onChunk: (c) => parts.push(Buffer.from(c)) },
        { maxTimeMs: 20_000, idleTimeoutMs: 5000 });
      return { r, body: Buffer.concat(parts) };
    }));
    const concurrentMs = performance.now() - t1;
    results.forEach(({ r, body }, s) => {
      assert.equal(r.outcome, 'complete', `stream ${s}: ${r.error}`);
      assert.equal(r.bytes, CHUNKS * CHUNK_BYTES, `stream ${s} bytes`);
      assert.deepEqual(body, Buffer.concat(Array.from({ length: CHUNKS }, (_, i) => chunkOf(s, i))), `stream ${s} content, in order`);
      assert.ok(r.chunks.length > 1, `stream ${s} arrived in several chunks`);
    });
    return { sequentialMs, concurrentMs, handlesAfterSequential };
  }

  it('1,000 sequential requests and 50 concurrent streams, twice: nothing lost, RSS and handles flat', async () => {
    await settle();
    const handlesBefore = handleCounts();
    // Round 1 also warms up (JIT, allocator arenas): RSS grows once, then must stay flat.
    const first = await round();
    assert.deepEqual(first.handlesAfterSequential, handlesBefore, '1,000 requests left no socket or timer open');
    await settle();
    // Steady state: the gateway's keep-alive pool to the backend now holds the streams' connections.
    const steady = handleCounts();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    const second = await round();
    // Idle pooled connections may be closed by the backend's keep-alive timeout at any moment,
    // so the pool is checked as a bound; every other handle must match exactly.
    assert.deepEqual(withoutPool(second.handlesAfterSequential), withoutPool(steady), '1,000 more requests left no socket or timer open');
    await settle();
    const handlesWithPool = handleCounts();
    assert.deepEqual(withoutPool(handlesWithPool), withoutPool(steady), 'handles flat after the second 50 streams');
    assert.ok((handlesWithPool.TCPSocketWrap ?? 0) <= 50, 'the pool never grows past one connection per concurrent stream');
    const rssAfter = process.memoryUsage().rss;
    const heapAfter = process.memoryUsage().heapUsed;
    // Closing the gateway (the backend keeps running) must end every connection it opened,
    // including its idle keep-alive connections to the backend.
    await gw.close();
    await settle();
    const handlesAfterClose = handleCounts();
    for (const [name, r] of [['round 1', first], ['round 2', second]] as const) {
      console.log(`      ${name}: 1,000 sequential ${r.sequentialMs.toFixed(0)} ms (${(r.sequentialMs / 1000).toFixed(2)} ms/request); ` +
        `50 concurrent streams x ${CHUNKS * CHUNK_BYTES} B ${r.concurrentMs.toFixed(0)} ms`);
    }
    console.log(`      round 2: RSS ${mb(rssBefore)} -> ${mb(rssAfter)}; heap ${mb(heapBefore)} -> ${mb(heapAfter)}`);
    console.log(`      handles: backend only ${JSON.stringify(baseline)}; gateway up ${JSON.stringify(handlesBefore)}; ` +
      `after round 1 ${JSON.stringify(steady)}; after round 2 ${JSON.stringify(handlesWithPool)}; gateway closed ${JSON.stringify(handlesAfterClose)}`);

    assert.deepEqual(handlesAfterClose, baseline, 'after close, nothing the gateway or the engine opened is left');
    for (const r of [first, second]) {
      assert.ok(r.sequentialMs < 20_000, `1,000 requests took ${r.sequentialMs.toFixed(0)} ms`);
      assert.ok(r.concurrentMs < 10_000, `50 streams took ${r.concurrentMs.toFixed(0)} ms`);
    }
    assert.ok(heapAfter - heapBefore < 8 * 1048576, `heap grew ${mb(heapAfter - heapBefore)}`);
    assert.ok(rssAfter - rssBefore < 24 * 1048576, `RSS grew ${mb(rssAfter - rssBefore)} in round 2`);
  });
});
