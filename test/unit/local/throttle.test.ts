// End to end over HTTP: with throttle emulation on, a STREAM response runs at full speed for
// its first 10 MB and then at about 2 MB/s, as AWS does; without it, at full speed throughout.
import assert from 'node:assert/strict';
import { PutIntegrationCommand, PutMethodCommand, CreateResourceCommand, CreateRestApiCommand, CreateDeploymentCommand, GetResourcesCommand } from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { sdkClient, startBackend, timedRequest, type ScriptedBackend } from './helpers';

const MB = 1024 * 1024;

async function streamingRoute(gw: LocalGateway, backendUrl: string): Promise<string> {
  const sdk = sdkClient(gw.url);
  const api = await sdk.send(new CreateRestApiCommand({ name: 'throttle' }));
  const rootId = (await sdk.send(new GetResourcesCommand({ restApiId: api.id! }))).items![0]!.id!;
  const res = await sdk.send(new CreateResourceCommand({ restApiId: api.id!, parentId: rootId, pathPart: 'big' }));
  await sdk.send(new PutMethodCommand({ restApiId: api.id!, resourceId: res.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
  await sdk.send(new PutIntegrationCommand({
    restApiId: api.id!, resourceId: res.id!, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET',
    uri: backendUrl, responseTransferMode: 'STREAM', timeoutInMillis: 60_000,
  }));
  await sdk.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev' }));
  return gw.invokeUrl(api.id!, 'dev', 'big');
}

/** Time from the chunk that crossed `fromBytes` to the end. */
function secondsAfter(r: Awaited<ReturnType<typeof timedRequest>>, fromBytes: number): number {
  let seen = 0;
  for (const c of r.chunks) {
    seen += c.bytes;
    if (seen >= fromBytes) return (r.endAtMs - c.atMs) / 1000;
  }
  return 0;
}

describe('local gateway: 2 MB/s throttle after 10 MB (STREAM)', function () {
  this.timeout(30_000);
  let backend: ScriptedBackend;
  const gateways: LocalGateway[] = [];

  before(async () => {
    // 13 MB in 64 KB writes, as fast as the socket takes them.
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const block = Buffer.alloc(64 * 1024, 0x61);
      let left = 13 * MB;
      const pump = (): void => {
        while (left > 0) {
          left -= block.length;
          if (!res.write(block)) { res.once('drain', pump); return; }
        }
        res.end();
      };
      pump();
    });
  });
  after(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await backend.close();
  });

  it('slows the bytes past 10 MB to about 2 MB/s by default, not with emulateAwsLimits: false', async () => {
    const throttled = await startLocalGateway({ port: 0, sample: false });
    const free = await startLocalGateway({ port: 0, sample: false, emulateAwsLimits: false });
    gateways.push(throttled, free);

    const slow = await timedRequest(await streamingRoute(throttled, backend.url));
    const fast = await timedRequest(await streamingRoute(free, backend.url));
    assert.equal(slow.body.length, 13 * MB, 'nothing lost while throttled');
    assert.equal(fast.body.length, 13 * MB);

    const slowTail = secondsAfter(slow, 10 * MB);
    const fastTail = secondsAfter(fast, 10 * MB);
    // 3 MB at 2 MB/s ≈ 1.5 s; generous bounds for a shared machine.
    assert.ok(slowTail > 1.1 && slowTail < 4, `throttled tail took ${slowTail.toFixed(2)} s`);
    assert.ok(fastTail < 0.8, `unthrottled tail took ${fastTail.toFixed(2)} s`);
    const slowHead = (slow.chunks.find((_, i, all) => all.slice(0, i + 1).reduce((n, c) => n + c.bytes, 0) >= 10 * MB)!.atMs - slow.headersAtMs) / 1000;
    assert.ok(slowHead < 1.5, `the first 10 MB are not throttled (${slowHead.toFixed(2)} s)`);
  });
});
