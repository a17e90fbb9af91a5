// Private integrations on the local data plane over real HTTP: an HTTP_PROXY integration with
// connectionType VPC_LINK reaches the local service its link is mapped to, path and query
// intact, STREAM vs BUFFERED as for HTTP_PROXY; ${stageVariables.vpcLinkId} is resolved per
// stage at invoke time; an unmapped or unready link answers 500 naming what is missing.
import assert from 'node:assert/strict';
import {
  type APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand, CreateVpcLinkCommand,
  PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { sdkClient, startBackend, timedRequest, writeSchedule, type ScriptedBackend } from './helpers';

const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders-nlb/0123456789abcdef';

describe('local data plane: private integrations through mapped VPC links', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let orders: ScriptedBackend;
  let staging: ScriptedBackend;
  let linkId: string;
  let stagingLinkId: string;
  let unmappedLinkId: string;

  before(async () => {
    orders = await startBackend((req, res) => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/orders/stream') {
        // First chunk at ~50 ms, the last at ~650 ms: STREAM shows the first early, BUFFERED at the end.
        writeSchedule(res, [{ afterMs: 50, data: 'a\n' }, { afterMs: 300, data: 'b\n' }, { afterMs: 300, data: 'c\n' }]);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ backend: 'orders', path: url.pathname, query: url.search, host: req.headers.host }));
    });
    staging = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ backend: 'staging', path: new URL(req.url!, 'http://x').pathname }));
    });
    gw = await startLocalGateway({
      sample: false, debugHeaders: true, vpcLinkProvisionMs: 0,
      vpcLinks: { 'orders-link': orders.url, 'staging-link': staging.url },
    });
    sdk = sdkClient(gw.url);
    linkId = (await sdk.send(new CreateVpcLinkCommand({ name: 'orders-link', targetArns: [NLB] }))).id!;
    stagingLinkId = (await sdk.send(new CreateVpcLinkCommand({ name: 'staging-link', targetArns: [NLB] }))).id!;
    unmappedLinkId = (await sdk.send(new CreateVpcLinkCommand({ name: 'billing-link', targetArns: [NLB] }))).id!;
  });
  after(async () => { sdk.destroy(); await orders.close(); await staging.close(); await gw.close(); });

  /** A private integration at /{proxy+} → http://internal-nlb.example/orders/{proxy}, deployed to `stage`. */
  async function deployPrivate(connectionId: string, mode: 'STREAM' | 'BUFFERED', stage = 'dev', variables?: Record<string, string>) {
    const api = await sdk.send(new CreateRestApiCommand({ name: `private ${mode} ${connectionId}` }));
    const res = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' }));
    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: res.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({
      restApiId: api.id, resourceId: res.id, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET',
      uri: 'http://internal-nlb.example/orders/{proxy}', connectionType: 'VPC_LINK', connectionId, responseTransferMode: mode,
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: stage, variables }));
    return api.id!;
  }

  it('reaches the mapped local service with the path and query intact and the URI host as Host', async () => {
    const apiId = await deployPrivate(linkId, 'BUFFERED');
    const r = await timedRequest(gw.invokeUrl(apiId, 'dev', '/7/items?expand=lines&x=1'));
    assert.equal(r.status, 200, r.body.toString());
    assert.deepEqual(JSON.parse(r.body.toString()), { backend: 'orders', path: '/orders/7/items', query: '?expand=lines&x=1', host: 'internal-nlb.example' });
  });

  it('STREAM delivers the first chunk as the backend writes it; BUFFERED only at the end (measured)', async () => {
    const streamApi = await deployPrivate(linkId, 'STREAM');
    const bufferedApi = await deployPrivate(linkId, 'BUFFERED');
    const stream = await timedRequest(gw.invokeUrl(streamApi, 'dev', '/stream'));
    const buffered = await timedRequest(gw.invokeUrl(bufferedApi, 'dev', '/stream'));
    assert.equal(stream.body.toString(), 'a\nb\nc\n');
    assert.equal(buffered.body.toString(), 'a\nb\nc\n');
    const streamTtfb = stream.firstByteAtMs!;
    const bufferedTtfb = buffered.firstByteAtMs!;
    console.log(`      private integration TTFB: STREAM ${streamTtfb.toFixed(0)} ms (${stream.chunks.length} chunks), BUFFERED ${bufferedTtfb.toFixed(0)} ms (${buffered.chunks.length} chunk), ends ${stream.endAtMs.toFixed(0)} / ${buffered.endAtMs.toFixed(0)} ms`);
    assert.ok(stream.chunks.length >= 3, `STREAM arrives in pieces (${stream.chunks.length})`);
    assert.ok(buffered.chunks.length <= 2, `BUFFERED arrives at once (${buffered.chunks.length})`);
    assert.ok(streamTtfb < 350, `STREAM first byte early (${streamTtfb} ms)`);
    assert.ok(bufferedTtfb > 550, `BUFFERED first byte only when the backend is done (${bufferedTtfb} ms)`);
    assert.ok(bufferedTtfb / streamTtfb > 2, `BUFFERED TTFB ${bufferedTtfb} ms vs STREAM ${streamTtfb} ms`);
    assert.equal(buffered.headers['content-length'], '6');
    assert.equal(stream.headers['content-length'], undefined, 'STREAM is chunked');
  });

  it('resolves ${stageVariables.vpcLinkId} per stage at invoke time', async () => {
    const apiId = await deployPrivate('${stageVariables.vpcLinkId}', 'BUFFERED', 'prod', { vpcLinkId: linkId });
    const dep = await sdk.send(new CreateDeploymentCommand({ restApiId: apiId }));
    await sdk.send(new CreateStageCommand({ restApiId: apiId, stageName: 'staging', deploymentId: dep.id, variables: { vpcLinkId: stagingLinkId } }));
    await sdk.send(new CreateStageCommand({ restApiId: apiId, stageName: 'bare', deploymentId: dep.id }));

    const prod = await timedRequest(gw.invokeUrl(apiId, 'prod', '/1'));
    const stg = await timedRequest(gw.invokeUrl(apiId, 'staging', '/1'));
    assert.equal(JSON.parse(prod.body.toString()).backend, 'orders');
    assert.equal(JSON.parse(stg.body.toString()).backend, 'staging');

    const bare = await timedRequest(gw.invokeUrl(apiId, 'bare', '/1'));
    assert.equal(bare.status, 500);
    assert.deepEqual(JSON.parse(bare.body.toString()), { message: 'Internal server error' });
    assert.match(String(bare.headers['x-streamgate-error']), /stage "bare" does not define the stage variable "vpcLinkId"/);
  });

  it('a link with no mapping answers 500 as AWS does for an unreachable target, naming the missing mapping', async () => {
    const apiId = await deployPrivate(unmappedLinkId, 'STREAM');
    const r = await timedRequest(gw.invokeUrl(apiId, 'dev', '/1'));
    assert.equal(r.status, 500);
    assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Internal server error' });
    const detail = String(r.headers['x-streamgate-error']);
    assert.match(detail, /There was an internal error while executing your request/);
    assert.match(detail, new RegExp(`VPC link ${unmappedLinkId} \\("billing-link", V1\\) has no local mapping: start the local gateway with --vpc-link billing-link=http://127\\.0\\.0\\.1:PORT`));
  });

  it('a mapped service that is down answers 500 (configuration error), not 502', async () => {
    const down = await startBackend((_req, res) => res.end());
    const gw2 = await startLocalGateway({ sample: false, debugHeaders: true, vpcLinkProvisionMs: 0, vpcLinks: { 'down-link': down.url } });
    await down.close();
    const sdk2 = sdkClient(gw2.url);
    try {
      const id = (await sdk2.send(new CreateVpcLinkCommand({ name: 'down-link', targetArns: [NLB] }))).id!;
      const api = await sdk2.send(new CreateRestApiCommand({ name: 'down' }));
      await sdk2.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await sdk2.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'HTTP_PROXY',
        integrationHttpMethod: 'GET', uri: 'http://internal-nlb.example/', connectionType: 'VPC_LINK', connectionId: id }));
      await sdk2.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
      const r = await timedRequest(gw2.invokeUrl(api.id!, 'dev', '/'));
      assert.equal(r.status, 500);
      assert.match(String(r.headers['x-streamgate-error']), /mapped to VPC link .* is unreachable/);
    } finally {
      sdk2.destroy();
      await gw2.close();
    }
  });

  it('a link still PENDING answers 500 naming its status', async () => {
    const gw3 = await startLocalGateway({ sample: false, debugHeaders: true, vpcLinkProvisionMs: 60_000, vpcLinks: { slow: orders.url } });
    const sdk3 = sdkClient(gw3.url);
    try {
      const id = (await sdk3.send(new CreateVpcLinkCommand({ name: 'slow', targetArns: [NLB] }))).id!;
      const api = await sdk3.send(new CreateRestApiCommand({ name: 'pending' }));
      await sdk3.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await sdk3.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'HTTP_PROXY',
        integrationHttpMethod: 'GET', uri: 'http://internal-nlb.example/', connectionType: 'VPC_LINK', connectionId: id }));
      await sdk3.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
      const r = await timedRequest(gw3.invokeUrl(api.id!, 'dev', '/'));
      assert.equal(r.status, 500);
      assert.match(String(r.headers['x-streamgate-error']), /\("slow", V1\) is PENDING/);
    } finally {
      sdk3.destroy();
      await gw3.close();
    }
  });

  it('refuses bad mappings with an actionable message', async () => {
    await assert.rejects(startLocalGateway({ sample: false, vpcLinks: { x: 'ftp://127.0.0.1:1' } }), /use an http:\/\/ or https:\/\/ URL/);
    await assert.rejects(startLocalGateway({ sample: false, vpcLinks: { x: 'http://127.0.0.1:1/orders' } }), /only scheme, host and port/);
    await assert.rejects(startLocalGateway({ sample: false, vpcLinks: { x: 'not a url' } }), /is not a URL/);
  });
});
