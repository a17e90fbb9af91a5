// The REST APIs a template builds, read back through the real AWS SDK from the local gateway
// (GetResources embed=methods, GetIntegration, GetStages), and served over real HTTP: an
// HTTP_PROXY route the template marks STREAM streams, the BUFFERED one buffers, MOCK answers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetIntegrationCommand, GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStagesCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { applyPlan, loadTemplate, TemplateSession } from '../../../src/local/templates';
import { sdkClient, startBackend, timedRequest, writeSchedule, type ScriptedBackend } from '../local/helpers';
import { CDK_FIXTURE, CFN_FIXTURE, EXAMPLE, removeProject, tempProject } from './helpers';

async function resourcesByPath(client: APIGatewayClient, apiId: string) {
  const out = await client.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'], limit: 500 }));
  return new Map((out.items ?? []).map((r) => [r.path!, r]));
}

describe('template → REST API on the local gateway (AWS SDK)', () => {
  let gateway: LocalGateway;
  let client: APIGatewayClient;
  let backend: ScriptedBackend;

  before(async () => {
    gateway = await startLocalGateway({ sample: false });
    client = sdkClient(gateway.url);
    backend = await startBackend((req, res) => {
      // Four chunks 150 ms apart: a STREAM route shows them spread out, a BUFFERED one all at the end.
      if (req.url?.startsWith('/events')) writeSchedule(res, [0, 150, 150, 150].map((afterMs, i) => ({ afterMs, data: `data: ${i}\n\n` })), { 'content-type': 'text/event-stream' });
      else { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ url: req.url })); }
    });
  });
  after(async () => { await backend.close(); await gateway.close(); });

  it('SAM example: paths, methods, AWS_PROXY URIs, transfer modes, timeouts and stages as AWS builds them', async () => {
    const [api] = await applyPlan(client, loadTemplate(EXAMPLE));
    const rest = await client.send(new GetRestApiCommand({ restApiId: api!.apiId }));
    assert.equal(rest.name, 'sam-streaming-chat');
    const byPath = await resourcesByPath(client, api!.apiId);
    assert.deepEqual([...byPath.keys()].sort(), ['/', '/chat', '/shell', '/summary']);
    const chat = byPath.get('/chat')!.resourceMethods!.GET!.methodIntegration!;
    assert.equal(chat.type, 'AWS_PROXY');
    assert.equal(chat.httpMethod, 'POST');
    assert.equal(chat.responseTransferMode, 'STREAM');
    assert.equal(chat.timeoutInMillis, 120000);
    assert.match(chat.uri!, /lambda:path\/2021-11-15\/functions\/arn:aws:lambda:us-east-1:123456789012:function:ChatFunction\/response-streaming-invocations$/);
    const summary = await client.send(new GetIntegrationCommand({ restApiId: api!.apiId, resourceId: byPath.get('/summary')!.id!, httpMethod: 'GET' }));
    assert.equal(summary.responseTransferMode, 'BUFFERED');
    assert.equal(summary.timeoutInMillis, 29000);
    assert.match(summary.uri!, /2015-03-31\/functions\/arn:aws:lambda:us-east-1:123456789012:function:SummaryFunction\/invocations$/);
    const stages = await client.send(new GetStagesCommand({ restApiId: api!.apiId }));
    assert.deepEqual(stages.item!.map((s) => s.stageName).sort(), ['Prod', 'Stage']);
  });

  it('CloudFormation fixture: HTTP_PROXY STREAM streams, BUFFERED buffers, MOCK answers — on the template\'s stage', async () => {
    const plan = loadTemplate(CFN_FIXTURE, { parameterOverrides: { BackendUrl: backend.url } });
    const applied = await applyPlan(client, plan);
    const events = applied.find((a) => a.logicalId === 'EventsApi')!;
    const docs = applied.find((a) => a.logicalId === 'DocsApi')!;
    assert.deepEqual(events.stages, ['v1']);
    const stage = (await client.send(new GetStagesCommand({ restApiId: events.apiId }))).item![0]!;
    assert.deepEqual([stage.stageName, stage.variables], ['v1', { backend: backend.url }]);
    const rest = await client.send(new GetRestApiCommand({ restApiId: events.apiId }));
    assert.deepEqual([rest.binaryMediaTypes, rest.endpointConfiguration?.types], [['application/octet-stream'], ['REGIONAL']]);
    assert.equal((await client.send(new GetRestApiCommand({ restApiId: docs.apiId }))).minimumCompressionSize, 1024);

    const streamed = await timedRequest(gateway.invokeUrl(events.apiId, 'v1', '/events'));
    assert.equal(streamed.status, 200);
    assert.equal(streamed.body.toString(), 'data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n');
    assert.ok(streamed.firstByteAtMs! < streamed.endAtMs * 0.5, `STREAM: first byte at ${streamed.firstByteAtMs} ms of ${streamed.endAtMs} ms`);

    const item = await timedRequest(gateway.invokeUrl(events.apiId, 'v1', '/items/42'));
    assert.deepEqual(JSON.parse(item.body.toString()), { url: '/items/42' });
    const health = await timedRequest(gateway.invokeUrl(events.apiId, 'v1', '/'));
    assert.deepEqual([health.status, JSON.parse(health.body.toString())], [200, { ok: true }]);
    const readme = await timedRequest(gateway.invokeUrl(docs.apiId, 'docs', '/readme'));
    assert.deepEqual(JSON.parse(readme.body.toString()), { doc: 'readme' });

    // The same template with Streaming=no: the route buffers.
    const buffered = await applyPlan(client, loadTemplate(CFN_FIXTURE, { parameterOverrides: { BackendUrl: backend.url, Streaming: 'no' } }));
    const again = await timedRequest(gateway.invokeUrl(buffered[0]!.apiId, 'v1', '/events'));
    assert.equal(again.body.toString(), streamed.body.toString());
    assert.ok(again.firstByteAtMs! > again.endAtMs * 0.8 && again.firstByteAtMs! >= 400, `BUFFERED: first byte at ${again.firstByteAtMs} ms of ${again.endAtMs} ms`);
  });

  it('cdk.out fixture: STREAM Lambda method, MOCK health route, stage prod', async () => {
    const [api] = await applyPlan(client, loadTemplate(CDK_FIXTURE));
    const byPath = await resourcesByPath(client, api!.apiId);
    const chat = byPath.get('/chat')!.resourceMethods!.POST!.methodIntegration!;
    assert.deepEqual([chat.type, chat.responseTransferMode, chat.timeoutInMillis], ['AWS_PROXY', 'STREAM', 120000]);
    const health = await timedRequest(gateway.invokeUrl(api!.apiId, 'prod', '/health'));
    assert.deepEqual(JSON.parse(health.body.toString()), { status: 'ok' });
  });

  it('a template change re-imports into the same API id (PutRestApi overwrite) and redeploys; a broken edit changes nothing', async () => {
    const dir = tempProject({ 'openapi.yaml': openApi('first') });
    try {
      const file = path.join(dir, 'openapi.yaml');
      const failures: Error[] = [];
      const session = new TemplateSession(file, { openApiStage: 'live' }, { failed: (e) => failures.push(e) });
      session.connect(client);
      session.load();
      const [first] = await session.apply();
      assert.equal((await timedRequest(gateway.invokeUrl(first!.apiId, 'live', '/hello'))).body.toString(), '{"say": "first"}');
      const before = (await client.send(new GetRestApisCommand({ limit: 500 }))).items!.length;

      fs.writeFileSync(file, openApi('second'));
      await session.reload();
      const [second] = session.applied;
      assert.equal(second!.apiId, first!.apiId, 'same API id after a re-import');
      assert.equal((await client.send(new GetRestApisCommand({ limit: 500 }))).items!.length, before, 'no second API');
      assert.equal((await timedRequest(gateway.invokeUrl(first!.apiId, 'live', '/hello'))).body.toString(), '{"say": "second"}', 'deployed to its stage');

      fs.writeFileSync(file, openApi('third').replace('type: mock', 'type: bogus'));
      await session.reload();
      assert.equal(failures.length, 1);
      assert.match(failures[0]!.message, /Invalid integration type specified: bogus/);
      assert.equal((await timedRequest(gateway.invokeUrl(first!.apiId, 'live', '/hello'))).body.toString(), '{"say": "second"}', 'the last good API keeps serving');
      session.close();
    } finally { removeProject(dir); }
  });
});

function openApi(say: string): string {
  return `openapi: 3.0.1
info: { title: watched, version: '1' }
paths:
  /hello:
    get:
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses: { default: { statusCode: '200', responseTemplates: { application/json: '{"say": "${say}"}' } } }
`;
}
