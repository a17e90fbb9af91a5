// Bounded work over real sockets: 1,000 clients that trickle their request bodies (and some that
// trickle headers) neither exhaust the gateway nor take the control plane down; every one of
// them is answered or cut within bounded time (408 past the request deadline, 503 beyond the
// data plane's in-flight budget); connections beyond the cap get 503. Patches are applied in
// linear time and capped per request.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { GetRestApisCommand, UpdateIntegrationCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { HEALTH_PATH, startLocalGateway, type LocalGateway } from '../../../src/local';
import { updateIntegration } from '../../../src/local/controlplane/methodOps';
import { MAX_PATCH_OPERATIONS } from '../../../src/local/controlplane/patch';
import type { StoredMethod } from '../../../src/local/state/model';
import { givenApi, sdkClient, timedRequest } from './helpers';

const TRICKLE = path.resolve(__dirname, '../../fixtures/clients/trickle.mjs');

interface TrickleResult { statuses: number[]; closedAtMs: number[] }

/** COUNT slow clients in a child process; resolves `ready` once all are connected, `done` when all are closed. */
function trickle(port: number, count: number, everyMs: number, head: string, rest: string) {
  const child = spawn(process.execPath, [TRICKLE, String(port), String(count), String(everyMs), Buffer.from(head).toString('base64'), Buffer.from(rest).toString('base64')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.startsWith('ready\n')) resolve(); }));
  const done = new Promise<TrickleResult>((resolve, reject) => child.once('exit', () => {
    const last = out.trim().split('\n').pop()!;
    try { resolve(JSON.parse(last) as TrickleResult); } catch { reject(new Error(`trickle clients said: ${out}`)); }
  }));
  return { child, ready, done };
}

describe('local gateway: bounded work (real sockets)', function () {
  this.timeout(60_000);
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let invokePath: string;
  let apiId: string;
  let resourceId: string;

  before(async () => {
    gw = await startLocalGateway({
      sample: false,
      limits: { headersTimeoutMs: 2000, requestTimeoutMs: 3000, maxConnections: 1500, maxDataPlaneRequests: 200, maxControlPlaneRequests: 32 },
    });
    sdk = sdkClient(gw.url);
    const api = await givenApi(sdk, gw, { path: '/upload', verb: 'POST', type: 'MOCK', stage: 'dev' });
    ({ apiId, resourceId } = api);
    invokePath = new URL(api.invoke('upload')).pathname;
  });
  after(async () => { sdk.destroy(); await gw.close(); });

  it('1,000 trickling bodies and 100 trickling headers: the control plane keeps answering, every trickler is cut in bounded time', async () => {
    const body = 'x'.repeat(1000);
    const bodies = trickle(gw.port, 1000, 500, `POST ${invokePath} HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\nContent-Length: ${body.length}\r\n\r\n`, body);
    const headers = trickle(gw.port, 100, 500, 'GET /__streamgate/health HTTP/1.1\r\n', `Host: 127.0.0.1:${gw.port}\r\nX-Slow: ${'y'.repeat(100)}\r\n\r\n`);
    try {
      await Promise.all([bodies.ready, headers.ready]); // everyone connected and trickling
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await sdk.send(new GetRestApisCommand({}));
        assert.equal((await timedRequest(`${gw.url}${HEALTH_PATH}`, { timeoutMs: 5000 })).status, 200);
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 150));
      }
      assert.ok(Math.max(...latencies) < 3000, `control plane answered while saturated: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);

      const [b, h] = await Promise.all([bodies.done, headers.done]);
      const statuses = b.statuses;
      const closed = [...b.closedAtMs, ...h.closedAtMs];
      assert.equal(closed.length, 1100, 'every client was closed');
      assert.ok(h.statuses.every((s) => s === 408 || s === 0), `header tricklers timed out: ${JSON.stringify(h.statuses.slice(0, 5))}`);
      const counts = statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
      assert.equal((counts[503] ?? 0) + (counts[408] ?? 0) + (counts[0] ?? 0), 1000, `every trickler refused or timed out: ${JSON.stringify(counts)}`);
      // Beyond the data-plane budget of 200 the answer is 503 at once; the rest time out (408).
      // How many fall on each side depends on how fast this (shared) machine parses headers.
      assert.ok((counts[503] ?? 0) > 0 && (counts[408] ?? 0) > 0, `both budget refusals and timeouts: ${JSON.stringify(counts)}`);
      assert.ok(Math.max(...closed) < 15_000, `all closed in bounded time (last after ${Math.max(...closed).toFixed(0)} ms)`);
    } finally {
      bodies.child.kill();
      headers.child.kill();
    }
    assert.equal((await timedRequest(`${gw.url}${HEALTH_PATH}`)).status, 200, 'serving normally afterwards');
  });

  it('connections beyond the cap are answered 503, not dropped', async () => {
    const small = await startLocalGateway({ sample: false, limits: { maxConnections: 20 } });
    const sockets: net.Socket[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const s = net.connect(small.port, '127.0.0.1');
        s.on('error', () => undefined);
        sockets.push(s);
        await new Promise((r) => s.once('connect', r));
      }
      await new Promise((r) => setTimeout(r, 100));
      const over = await timedRequest(`${small.url}${HEALTH_PATH}`);
      assert.equal(over.status, 503);
      assert.match(over.body.toString(), /too many open connections/);
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await timedRequest(`${small.url}${HEALTH_PATH}`)).status, 200);
    } finally {
      for (const s of sockets) s.destroy();
      await small.close();
    }
  });

  it(`patches run in linear time and are capped at ${MAX_PATCH_OPERATIONS} operations per request`, async () => {
    const ops = (n: number) => Array.from({ length: n }, (_, i) => [
      { op: 'add' as const, path: `/requestParameters/integration.request.header.h${i}`, value: `'v${i}'` },
      { op: 'add' as const, path: `/cacheKeyParameters/method.request.header.h${i}`, value: '' },
    ][i % 2]!);
    const method = (): StoredMethod => ({
      httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false,
      methodIntegration: { type: 'MOCK', connectionType: 'INTERNET', timeoutInMillis: 29000, cacheKeyParameters: [], responseTransferMode: 'BUFFERED' },
    });
    // Over the socket first: the timing loop below blocks the event loop, and a keep-alive socket
    // that idled past the server's keepAliveTimeout meanwhile would be reset under the next request.
    const atCap = await sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', patchOperations: ops(MAX_PATCH_OPERATIONS) }));
    assert.equal(Object.keys(atCap.requestParameters ?? {}).length, MAX_PATCH_OPERATIONS / 2);
    await assert.rejects(sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', patchOperations: ops(10_000) })), (e: unknown) =>
      (e as Error).name === 'BadRequestException' && new RegExp(`less than or equal to ${MAX_PATCH_OPERATIONS}`).test((e as Error).message));

    const time = (n: number) => {
      const list = ops(n);
      const t = performance.now();
      updateIntegration(method(), list, 29000);
      return performance.now() - t;
    };
    time(5000); // warm-up
    const small = Math.min(time(5000), time(5000), time(5000));
    const large = Math.min(time(20_000), time(20_000), time(20_000));
    // Before: 10,000 operations took 31 s. Quadratic growth would make 4x the operations 16x slower.
    assert.ok(large < 2500, `20,000 operations took ${large.toFixed(0)} ms`);
    assert.ok(large < small * 12, `4x the operations took ${(large / small).toFixed(1)}x the time (${small.toFixed(1)} → ${large.toFixed(1)} ms)`);
  });
});
