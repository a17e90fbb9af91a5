// The service and the CLI against the embedded local gateway, over real HTTP with the real
// SDK: the path every "no AWS account" user takes.
import { strict as assert } from 'node:assert';
import { CreateResourceCommand, CreateRestApiCommand, GetIntegrationCommand, PutIntegrationCommand, PutMethodCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ControlPlaneService, createApiGatewayClient, describeAwsError, IntegrationValidationError, invokeUrl, LOCAL_DUMMY_CREDENTIALS } from '../../../src/core/controlplane';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { faultHook } from '../local/helpers';
import { runCli } from '../cli/runCli';
import { lambdaUri } from './fakeApiGateway';

describe('control plane against the local gateway', function () {
  this.timeout(30000);
  let gw: LocalGateway;
  let client: APIGatewayClient;
  let apiId: string;
  let rootId: string;
  const ids: Record<string, string> = {};

  before(async () => {
    gw = await startLocalGateway({ port: 0, sample: true });
    client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, credentials: LOCAL_DUMMY_CREDENTIALS, maxAttempts: 1 });
    const api = await client.send(new CreateRestApiCommand({ name: 'paging', endpointConfiguration: { types: ['REGIONAL'] } }));
    apiId = api.id!;
    rootId = api.rootResourceId!;
    // 1,199 resources + the root = 1,200: three pages of 500.
    for (let i = 0; i < 1199; i++) {
      const r = await client.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: `r${String(i).padStart(4, '0')}` }));
      if (i < 2) ids[`r${i}`] = r.id!;
    }
    await client.send(new PutMethodCommand({ restApiId: apiId, resourceId: ids.r0!, httpMethod: 'POST', authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: ids.r0!, httpMethod: 'POST', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri('chat') }));
    await client.send(new PutMethodCommand({ restApiId: apiId, resourceId: ids.r1!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: ids.r1!, httpMethod: 'GET', type: 'MOCK' }));
    await client.send(new PutMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'OPTIONS', authorizationType: 'NONE' }));
  });
  after(() => gw.close());

  const service = () => new ControlPlaneService(client);
  const chatRef = () => ({ apiId, resourceId: ids.r0!, httpMethod: 'POST' });

  it('lists 1,200 resources in 3 GetResources calls with methods and integrations embedded', async () => {
    const s = service();
    const resources = await s.listAllResources(apiId);
    assert.equal(resources.length, 1200);
    assert.deepEqual(s.callsByOperation, { GetResources: 3 });
    const r0 = resources.find((r) => r.id === ids.r0)!;
    assert.equal(r0.methods.POST!.integration?.uri, lambdaUri('chat'));
    assert.equal(r0.methods.POST!.integration?.responseTransferMode, 'BUFFERED');
    assert.equal(resources.find((r) => r.id === rootId)!.methods.OPTIONS!.integration, null);
  });

  it('changes mode + timeout in one UpdateIntegration that rewrites the Lambda URI, and undo restores it exactly', async () => {
    const s = service();
    const original = (await s.getIntegration(apiId, ids.r0!, 'POST'))!;
    s.resetCallCounts();
    const result = await s.changeIntegration(chatRef(), { responseTransferMode: 'STREAM', timeoutInMillis: 600000 }, { current: original });
    assert.deepEqual(s.callsByOperation, { UpdateIntegration: 1 });
    const stored = await client.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: ids.r0!, httpMethod: 'POST' }));
    assert.deepEqual([stored.responseTransferMode, stored.timeoutInMillis, stored.uri], ['STREAM', 600000, lambdaUri('chat', true)]);
    assert.deepEqual(result.after, { ...original, responseTransferMode: 'STREAM', timeoutInMillis: 600000, uri: lambdaUri('chat', true) });

    const restored = await s.undo(chatRef(), result.before);
    assert.deepEqual(restored, original);
    assert.deepEqual(await s.getIntegration(apiId, ids.r0!, 'POST'), original);
  });

  it('refuses STREAM on MOCK and an over-long BUFFERED timeout without sending an update', async () => {
    const s = service();
    const mock = (await s.getIntegration(apiId, ids.r1!, 'GET'))!;
    const calls = s.callCount;
    await assert.rejects(s.changeIntegration({ apiId, resourceId: ids.r1!, httpMethod: 'GET' }, { responseTransferMode: 'STREAM' }, { current: mock }), IntegrationValidationError);
    await assert.rejects(s.changeIntegration(chatRef(), { timeoutInMillis: 30000 }, { current: (await s.getIntegration(apiId, ids.r0!, 'POST'))! }), /between 50 ms and 29000 ms/);
    assert.equal(s.callCount, calls + 1, 'only the read made for the second case');
    assert.equal(s.callsByOperation.UpdateIntegration, undefined);
  });

  it('deploys with a description (refused, with the reason, while a method has no integration); stages show the deployment', async () => {
    const s = service();
    await assert.rejects(s.deploy(apiId, 'test', 'too early'), (e: unknown) => describeAwsError(e).kind === 'bad-request' && /No integration defined for method \(OPTIONS \/\)/.test(describeAwsError(e).message));
    // Later tests (CLI deploy) rely on the API being deployable from here on.
    await client.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'OPTIONS', type: 'MOCK' }));
    const { deploymentId } = await s.deploy(apiId, 'test', 'streamgate test deploy');
    const [stage] = await s.listStages(apiId);
    assert.equal(stage!.name, 'test');
    assert.equal(stage!.deploymentId, deploymentId);
    assert.ok(stage!.lastDeployedAt && Math.abs(Date.parse(stage!.lastDeployedAt) - Date.now()) < 60_000);
  });

  it('pages APIs and shows the sample API with its REGIONAL endpoint', async () => {
    const s = service();
    const first = await s.listRestApis({ limit: 1 });
    assert.equal(first.items.length, 1);
    assert.ok(first.nextPosition);
    const all = await s.listAllRestApis();
    const sample = all.find((a) => a.id === gw.sampleApiId)!;
    assert.equal(sample.endpointType, 'REGIONAL');
    assert.equal(invokeUrl(sample.id, 'us-east-1', 'dev', '/chat', gw.url), gw.invokeUrl(sample.id, 'dev', '/chat'));
  });

  it('reports injected AccessDenied and throttling as typed errors, and recovers', async () => {
    const arm = (errorType: string) => faultHook(gw).arm({ count: 1, errorType });
    const s = service();
    assert.equal((await arm('AccessDeniedException')).status, 200);
    const denied = await s.listRestApis().then(() => undefined, (e: unknown) => e);
    assert.equal(describeAwsError(denied).kind, 'access-denied');
    await arm('TooManyRequestsException');
    const throttled = await s.listRestApis().then(() => undefined, (e: unknown) => e);
    assert.deepEqual([describeAwsError(throttled).kind, describeAwsError(throttled).retryable], ['throttled', true]);
    assert.ok((await s.listRestApis()).items.length > 0, 'the retry succeeds');
  });

  it('CLI: integration set --deploy, then apis list --json shows the change', async () => {
    const set = await runCli(['integration', 'set', '--endpoint', gw.url, '--api', apiId, '--resource', ids.r0!, '--method', 'POST', '--mode', 'STREAM', '--timeout', '120000', '--deploy', 'prod', '--json']);
    assert.equal(set.code, 0, set.stderr);
    const out = JSON.parse(set.stdout);
    assert.deepEqual([out.responseTransferMode, out.timeoutInMillis, out.uri], ['STREAM', 120000, lambdaUri('chat', true)]);
    assert.match(out.deploymentId, /\S/);
    const list = await runCli(['apis', 'list', '--endpoint', gw.url, '--region', 'us-east-1', '--json']);
    assert.equal(list.code, 0, list.stderr);
    const apis = JSON.parse(list.stdout) as Array<{ id: string; resources: Array<{ id: string; methods: Record<string, { integration: unknown }> }> }>;
    const mine = apis.find((a) => a.id === apiId)!;
    assert.equal(mine.resources.length, 1200);
    assert.deepEqual(mine.resources.find((r) => r.id === ids.r0)!.methods.POST!.integration, { type: 'AWS_PROXY', uri: lambdaUri('chat', true), responseTransferMode: 'STREAM', timeoutInMillis: 120000 });
    assert.ok(apis.some((a) => a.id === gw.sampleApiId));
  });
});
