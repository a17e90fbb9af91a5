// HTTP_PROXY over pooled keep-alive connections the backend has dropped while they idled: the
// gateway's one retry goes over a fresh connection, so a pool holding several dead connections
// (a burst of them goes stale together) still answers 200, not 502.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { sdkClient, startBackend, timedRequest, type ScriptedBackend } from './helpers';

describe('local gateway: stale pooled backend connections', function () {
  this.timeout(20_000);
  let backend: ScriptedBackend;
  let gw: LocalGateway;
  let killPooled = false;
  const answered = new WeakSet<Socket>();

  before(async () => {
    // Holds each answer 100 ms, so concurrent requests open separate connections. Once
    // `killPooled` is set, a request on a connection that already carried one is reset, as a
    // backend's keep-alive timeout would have closed it.
    backend = await startBackend((req, res) => {
      req.resume();
      if (killPooled && answered.has(req.socket)) { req.socket.destroy(); return; }
      answered.add(req.socket);
      setTimeout(() => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('fresh'); }, 100);
    });
    gw = await startLocalGateway({ port: 0, sample: false });
  });
  after(async () => {
    await gw.close();
    await backend.close();
  });

  it('retries once over a new connection when two pooled connections are dead', async () => {
    const sdk = sdkClient(gw.url);
    const api = await sdk.send(new CreateRestApiCommand({ name: 'stale' }));
    const rootId = (await sdk.send(new GetResourcesCommand({ restApiId: api.id! }))).items![0]!.id!;
    const r = await sdk.send(new CreateResourceCommand({ restApiId: api.id!, parentId: rootId, pathPart: 'x' }));
    await sdk.send(new PutMethodCommand({ restApiId: api.id!, resourceId: r.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({
      restApiId: api.id!, resourceId: r.id!, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `${backend.url}/`, responseTransferMode: 'STREAM',
    }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev' }));
    sdk.destroy();
    const url = gw.invokeUrl(api.id!, 'dev', 'x');
    // Three concurrent calls leave three pooled connections to the backend.
    const first = await Promise.all([timedRequest(url), timedRequest(url), timedRequest(url)]);
    assert.deepEqual(first.map((f) => f.status), [200, 200, 200]);
    killPooled = true;
    const after = await timedRequest(url);
    assert.equal(after.status, 200, `answered ${after.status}: ${after.body.toString()}`);
    assert.equal(after.body.toString(), 'fresh');
  });
});
