// The service over the real SDK and real HTTP, against an AWS-shaped fake server whose
// behaviour can be switched (embed ignored, errors injected, slow answers).
import { strict as assert } from 'node:assert';
import { ControlPlaneService, createApiGatewayClient, describeAwsError, IntegrationValidationError, LOCAL_DUMMY_CREDENTIALS } from '../../../src/core/controlplane';
import { apiWithResources, lambdaUri, startFakeApiGateway, type FakeApi, type FakeGateway, type FakeOptions } from './fakeApiGateway';

function serviceFor(fake: FakeGateway, maxAttempts = 1): ControlPlaneService {
  return new ControlPlaneService(createApiGatewayClient({ region: 'us-east-1', endpoint: fake.url, credentials: LOCAL_DUMMY_CREDENTIALS, maxAttempts }));
}

function mixedApi(): FakeApi {
  return {
    id: 'mixed',
    name: 'Mixed',
    resources: [
      { id: 'root', path: '/', methods: {} },
      { id: 'chat', parentId: 'root', path: '/chat', pathPart: 'chat', methods: {
        POST: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('chat') } },
        OPTIONS: {},
      } },
      { id: 'mock', parentId: 'root', path: '/mock', pathPart: 'mock', methods: { GET: { integration: { type: 'MOCK' } } } },
    ],
    stages: [{ stageName: 'prod', cacheClusterEnabled: true, methodSettings: { '~1chat/POST': { cachingEnabled: true }, '*/*': { cachingEnabled: false } } }],
    deployments: [],
  };
}

describe('ControlPlaneService over HTTP', function () {
  this.timeout(15000);
  let fake: FakeGateway | undefined;
  const start = async (apis: FakeApi[], opts?: FakeOptions) => (fake = await startFakeApiGateway(apis, opts));
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('pages 1,200 resources in 3 GetResources calls with methods embedded (no per-method calls)', async () => {
    const gw = await start([apiWithResources('big', 1199)]);
    const service = serviceFor(gw);
    const first = await service.listResources('big');
    assert.equal(first.items.length, 500);
    assert.ok(first.nextPosition, 'a cursor for "Load more"');
    const all = await service.listAllResources('big');
    assert.equal(all.length, 1200);
    assert.equal(service.callsByOperation.GetResources, 1 + 3);
    assert.equal(service.callsByOperation.GetMethod, undefined);
    const r7 = all.find((r) => r.path === '/r7')!;
    assert.deepEqual(r7.methods.GET!.integration, { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('fn7'), responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 });
    assert.ok(gw.requests.every((r) => !r.includes('/methods/')));
  });

  it('falls back to GetMethod, then GetIntegration, when the server ignores embed=methods', async () => {
    const gw = await start([mixedApi()], { honourEmbed: false, embedIntegrationInGetMethod: false });
    const service = serviceFor(gw);
    const resources = await service.listAllResources('mixed');
    const chat = resources.find((r) => r.path === '/chat')!;
    assert.equal(chat.methods.POST!.integration?.type, 'AWS_PROXY');
    assert.equal(chat.methods.OPTIONS!.integration, null, 'a method without integration shows as null');
    assert.equal(resources.find((r) => r.path === '/mock')!.methods.GET!.integration?.type, 'MOCK');
    assert.equal(service.callsByOperation.GetMethod, 3);
    assert.equal(service.callsByOperation.GetIntegration, 3);
  });

  it('changes mode and timeout in ONE UpdateIntegration call that also rewrites the Lambda URI', async () => {
    const gw = await start([mixedApi()]);
    const service = serviceFor(gw);
    const ref = { apiId: 'mixed', resourceId: 'chat', httpMethod: 'POST' };
    const result = await service.changeIntegration(ref, { responseTransferMode: 'STREAM', timeoutInMillis: 300000 });
    assert.equal(gw.requests.filter((r) => r.startsWith('PATCH')).length, 1);
    assert.deepEqual(service.callsByOperation, { GetIntegration: 1, UpdateIntegration: 1 });
    assert.equal(result.after.responseTransferMode, 'STREAM');
    assert.equal(result.after.timeoutInMillis, 300000);
    assert.equal(result.after.uri, lambdaUri('chat', true));
    assert.equal(gw.apis[0]!.resources[1]!.methods.POST!.integration!.uri, lambdaUri('chat', true), 'the server holds the new URI');

    // With the integration the tree already holds, the change costs exactly one call.
    service.resetCallCounts();
    await service.changeIntegration(ref, { timeoutInMillis: 600000 }, { current: result.after });
    assert.deepEqual(service.callsByOperation, { UpdateIntegration: 1 });
  });

  it('refuses invalid changes before sending any update', async () => {
    const gw = await start([mixedApi()]);
    const service = serviceFor(gw);
    await assert.rejects(service.changeIntegration({ apiId: 'mixed', resourceId: 'mock', httpMethod: 'GET' }, { responseTransferMode: 'STREAM' }),
      (err: Error) => err instanceof IntegrationValidationError && /not MOCK/.test(err.message));
    await assert.rejects(service.changeIntegration({ apiId: 'mixed', resourceId: 'chat', httpMethod: 'POST' }, { timeoutInMillis: 60000 }),
      /Timeout should be between 50 ms and 29000 ms/);
    assert.equal(gw.requests.filter((r) => r.startsWith('PATCH')).length, 0);
    const before = service.callCount;
    await assert.rejects(service.changeIntegration({ apiId: 'mixed', resourceId: 'chat', httpMethod: 'POST' }, { timeoutInMillis: 10 }), /between 50 ms and 900000 ms/);
    await assert.rejects(service.changeIntegration({ apiId: 'mixed', resourceId: 'chat', httpMethod: 'POST' }, { responseTransferMode: 'FAST' as 'STREAM' }), /STREAM or BUFFERED/);
    assert.equal(service.callCount, before, 'input that is wrong on its face costs no call at all');
    await assert.rejects(service.changeIntegration({ apiId: 'mixed', resourceId: 'chat', httpMethod: 'OPTIONS' }, { responseTransferMode: 'STREAM' }), /no integration/);
  });

  it('undo restores mode, timeout and URI exactly, in one call', async () => {
    const gw = await start([mixedApi()]);
    const service = serviceFor(gw);
    const ref = { apiId: 'mixed', resourceId: 'chat', httpMethod: 'POST' };
    const original = await service.getIntegration('mixed', 'chat', 'POST');
    const { before } = await service.changeIntegration(ref, { responseTransferMode: 'STREAM', timeoutInMillis: 900000 });
    assert.deepEqual(before, original);
    service.resetCallCounts();
    const restored = await service.undo(ref, before);
    assert.deepEqual(service.callsByOperation, { UpdateIntegration: 1 });
    assert.deepEqual(restored, original);
    assert.deepEqual(await service.getIntegration('mixed', 'chat', 'POST'), original);
  });

  it('deploys with a description and lists stages with their last deployment and caching', async () => {
    const gw = await start([mixedApi()]);
    const service = serviceFor(gw);
    const { deploymentId } = await service.deploy('mixed', 'prod', 'streamgate: POST /chat STREAM');
    assert.equal(gw.apis[0]!.deployments[0]!.description, 'streamgate: POST /chat STREAM');
    const stages = await service.listStages('mixed');
    assert.equal(stages.length, 1);
    assert.equal(stages[0]!.deploymentId, deploymentId);
    assert.ok(stages[0]!.lastDeployedAt && !Number.isNaN(Date.parse(stages[0]!.lastDeployedAt)));
    assert.equal(stages[0]!.cacheClusterEnabled, true);
    assert.deepEqual(stages[0]!.methodCaching, [{ path: '/chat', httpMethod: 'POST' }]);
  });

  it('turns AWS errors into typed, actionable errors and retries throttling', async () => {
    const gw = await start([mixedApi()]);
    gw.failNext(1, 403, 'AccessDeniedException', 'User is not authorized to perform: apigateway:GET');
    const err = await serviceFor(gw).listRestApis().then(() => undefined, (e: unknown) => e);
    assert.equal(describeAwsError(err).kind, 'access-denied');

    gw.failNext(1, 429, 'TooManyRequestsException', 'Too Many Requests');
    const retrying = serviceFor(gw, 3);
    const page = await retrying.listRestApis();
    assert.deepEqual(page.items.map((a) => a.id), ['mixed']);
    assert.equal(retrying.callCount, 1, 'SDK retries happen inside one counted call');
  });

  it('cancels an in-flight call through its AbortSignal', async () => {
    const gw = await start([mixedApi()], { delayMs: 3000 });
    const service = serviceFor(gw);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(service.listAllResources('mixed', controller.signal), (e: unknown) => describeAwsError(e).kind === 'cancelled');
    assert.ok(Date.now() - started < 2000, 'returns at once, not when the server answers');
    await assert.rejects(service.listStages('mixed', AbortSignal.abort()), (e: unknown) => describeAwsError(e).kind === 'cancelled');
  });
});
