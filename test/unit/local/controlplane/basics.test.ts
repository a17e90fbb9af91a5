// The AWS SDK, unchanged, against the local control plane: every supported operation, AWS's
// typed exceptions, paging, all-or-nothing patches and validation wording.
import assert from 'node:assert/strict';
import {
  APIGatewayClient, BadRequestException, ConflictException, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand,
  DeleteIntegrationCommand, DeleteMethodCommand, DeleteResourceCommand, DeleteRestApiCommand, GetDeploymentsCommand, GetIntegrationCommand,
  GetMethodCommand, GetResourceCommand, GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand, GetStagesCommand,
  ImportRestApiCommand, NotFoundException, PutIntegrationCommand, PutMethodCommand, UpdateIntegrationCommand, UpdateStageCommand,
  paginateGetResources,
} from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../../src/local/index';
import { bufferedUri, sdkClient, streamUri } from '../helpers';

describe('local gateway control plane (AWS SDK)', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;

  before(async () => {
    gw = await startLocalGateway({ sample: false });
    sdk = sdkClient(gw.url);
  });
  after(async () => { sdk.destroy(); await gw.close(); });

  async function newApiWithMethod(type: 'HTTP_PROXY' | 'AWS_PROXY' | 'MOCK' = 'AWS_PROXY') {
    const api = await sdk.send(new CreateRestApiCommand({ name: `api-${type}` }));
    const res = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'items' }));
    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: res.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    const uri = type === 'HTTP_PROXY' ? 'http://127.0.0.1:9/x' : type === 'AWS_PROXY' ? bufferedUri('echo') : undefined;
    await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: res.id, httpMethod: 'GET', type, uri, integrationHttpMethod: type === 'MOCK' ? undefined : 'POST' }));
    return { apiId: api.id!, resourceId: res.id!, rootId: api.rootResourceId! };
  }

  it('creates, gets, lists and deletes REST APIs', async () => {
    const created = await sdk.send(new CreateRestApiCommand({ name: 'orders', description: 'd', endpointConfiguration: { types: ['REGIONAL'] } }));
    assert.match(created.id!, /^[a-z0-9]{10}$/);
    assert.ok(created.createdDate instanceof Date);
    assert.deepEqual(created.endpointConfiguration?.types, ['REGIONAL']);
    const got = await sdk.send(new GetRestApiCommand({ restApiId: created.id }));
    assert.equal(got.name, 'orders');
    assert.equal(got.rootResourceId, created.rootResourceId);
    const list = await sdk.send(new GetRestApisCommand({ limit: 500 }));
    assert.ok(list.items?.some((a) => a.id === created.id));
    await sdk.send(new DeleteRestApiCommand({ restApiId: created.id }));
    await assert.rejects(sdk.send(new GetRestApiCommand({ restApiId: created.id })), (e: unknown) =>
      e instanceof NotFoundException && e.message === 'Invalid API identifier specified' && e.$metadata.httpStatusCode === 404);
  });

  it('manages resources, methods and integrations, embedding methods in GetResources', async () => {
    const { apiId, resourceId, rootId } = await newApiWithMethod('AWS_PROXY');
    const child = await sdk.send(new CreateResourceCommand({ restApiId: apiId, parentId: resourceId, pathPart: '{id}' }));
    assert.equal(child.path, '/items/{id}');
    const one = await sdk.send(new GetResourceCommand({ restApiId: apiId, resourceId, embed: ['methods'] }));
    assert.equal(one.resourceMethods?.GET?.methodIntegration?.type, 'AWS_PROXY');

    const plain = await sdk.send(new GetResourcesCommand({ restApiId: apiId }));
    assert.deepEqual(plain.items?.find((r) => r.id === resourceId)?.resourceMethods, { GET: {} });
    const embedded = await sdk.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'], limit: 500 }));
    const integration = embedded.items?.find((r) => r.id === resourceId)?.resourceMethods?.GET?.methodIntegration;
    assert.equal(integration?.responseTransferMode, 'BUFFERED');
    assert.equal(integration?.timeoutInMillis, 29000);
    assert.equal(integration?.uri, bufferedUri('echo'));

    const method = await sdk.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }));
    assert.equal(method.authorizationType, 'NONE');
    assert.equal(method.methodIntegration?.httpMethod, 'POST');
    await assert.rejects(sdk.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' })), ConflictException);
    await assert.rejects(sdk.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'items' })), ConflictException);
    await assert.rejects(sdk.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'bad/part' })), BadRequestException);

    const got = await sdk.send(new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }));
    assert.equal(got.type, 'AWS_PROXY');
    await sdk.send(new DeleteIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }));
    await assert.rejects(sdk.send(new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' })), NotFoundException);
    await sdk.send(new DeleteMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }));
    await assert.rejects(sdk.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' })), NotFoundException);
    await sdk.send(new DeleteResourceCommand({ restApiId: apiId, resourceId }));
    // Deleting a resource removes its children too.
    await assert.rejects(sdk.send(new GetResourceCommand({ restApiId: apiId, resourceId: child.id })), NotFoundException);
    await assert.rejects(sdk.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: rootId })), BadRequestException);
  });

  it('pages GetResources with limit and position (and the SDK paginator follows it)', async () => {
    const api = await sdk.send(new CreateRestApiCommand({ name: 'paged' }));
    for (let i = 0; i < 11; i++) await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: `r${i}` }));
    const first = await sdk.send(new GetResourcesCommand({ restApiId: api.id, limit: 5 }));
    assert.equal(first.items?.length, 5);
    assert.ok(first.position);
    const second = await sdk.send(new GetResourcesCommand({ restApiId: api.id, limit: 5, position: first.position }));
    assert.equal(second.items?.[0]?.path, '/r4');
    const all: string[] = [];
    for await (const p of paginateGetResources({ client: sdk, pageSize: 4 }, { restApiId: api.id })) all.push(...(p.items ?? []).map((r) => r.path!));
    assert.equal(all.length, 12);
    assert.equal(new Set(all).size, 12);
    await assert.rejects(sdk.send(new GetResourcesCommand({ restApiId: api.id, limit: 501 })), (e: unknown) =>
      e instanceof BadRequestException && /less than or equal to 500/.test(e.message));
    await assert.rejects(sdk.send(new GetResourcesCommand({ restApiId: api.id, position: 'bm9wZQ' })), BadRequestException);
  });

  it('UpdateIntegration applies mode, timeout and URI together and validates the result', async () => {
    const { apiId, resourceId } = await newApiWithMethod('AWS_PROXY');
    const updated = await sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/responseTransferMode', value: 'STREAM' },
      { op: 'replace', path: '/timeoutInMillis', value: '900000' },
      { op: 'replace', path: '/uri', value: streamUri('echo') },
    ] }));
    assert.equal(updated.responseTransferMode, 'STREAM');
    assert.equal(updated.timeoutInMillis, 900000);
    assert.equal(updated.uri, streamUri('echo'));
  });

  it('a patch with one invalid op changes nothing (all or nothing)', async () => {
    const { apiId, resourceId } = await newApiWithMethod('AWS_PROXY');
    // Valid mode + URI, but a timeout over the BUFFERED limit: the whole update is refused.
    await assert.rejects(sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/uri', value: streamUri('echo') },
      { op: 'replace', path: '/timeoutInMillis', value: '60000' },
    ] })), (e: unknown) => e instanceof BadRequestException && e.message === 'Timeout should be between 50 ms and 29000 ms');
    const after = await sdk.send(new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }));
    assert.equal(after.uri, bufferedUri('echo'));
    assert.equal(after.timeoutInMillis, 29000);
    await assert.rejects(sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/responseTransferMode', value: 'STREAM' },
      { op: 'replace', path: '/timeoutInMillis', value: '900001' },
    ] })), (e: unknown) => e instanceof BadRequestException && e.message === 'Timeout should be between 50 ms and 900000 ms');
    await assert.rejects(sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/responseTransferMode', value: 'STREAM' },
      { op: 'replace', path: '/noSuchField', value: 'x' },
    ] })), BadRequestException);
    assert.equal((await sdk.send(new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }))).responseTransferMode, 'BUFFERED');
  });

  it('refuses STREAM on integrations that cannot stream, with AWS wording', async () => {
    const { apiId, resourceId } = await newApiWithMethod('MOCK');
    await assert.rejects(sdk.send(new UpdateIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/responseTransferMode', value: 'STREAM' },
    ] })), (e: unknown) => e instanceof BadRequestException && /only supported for HTTP_PROXY and AWS_PROXY/.test(e.message));
    await assert.rejects(sdk.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', type: 'HTTP', uri: 'http://example.com', integrationHttpMethod: 'GET', responseTransferMode: 'STREAM' })), BadRequestException);
    await assert.rejects(sdk.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', type: 'HTTP_PROXY', uri: 'http://example.com', integrationHttpMethod: 'GET', timeoutInMillis: 10 })), (e: unknown) =>
      e instanceof BadRequestException && e.message === 'Timeout should be between 50 ms and 29000 ms');
  });

  it('honours a raised BUFFERED timeout quota', async () => {
    const raised = await startLocalGateway({ sample: false, bufferedTimeoutQuotaMs: 60_000 });
    const client = sdkClient(raised.url);
    try {
      const api = await client.send(new CreateRestApiCommand({ name: 'quota' }));
      await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      const i = await client.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'HTTP_PROXY', uri: 'http://example.com', integrationHttpMethod: 'GET', timeoutInMillis: 45_000 }));
      assert.equal(i.timeoutInMillis, 45_000);
    } finally { client.destroy(); await raised.close(); }
  });

  it('creates deployments and stages, lists them, and updates stage cache settings', async () => {
    const { apiId } = await newApiWithMethod('HTTP_PROXY');
    const dep = await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', description: 'first' }));
    assert.match(dep.id!, /^[a-z0-9]{6}$/);
    const deps = await sdk.send(new GetDeploymentsCommand({ restApiId: apiId }));
    assert.deepEqual(deps.items?.map((d) => d.id), [dep.id]);
    const stages = await sdk.send(new GetStagesCommand({ restApiId: apiId }));
    assert.deepEqual(stages.item?.map((s) => [s.stageName, s.deploymentId]), [['prod', dep.id]]);
    const updated = await sdk.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations: [
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterSize', value: '1.6' },
      { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
      { op: 'replace', path: '/~1items/GET/caching/ttlInSeconds', value: '60' },
    ] }));
    assert.equal(updated.cacheClusterEnabled, true);
    assert.equal(updated.cacheClusterStatus, 'AVAILABLE');
    assert.equal(updated.methodSettings?.['*/*']?.cachingEnabled, true);
    assert.equal(updated.methodSettings?.['~1items/GET']?.cacheTtlInSeconds, 60);
    await assert.rejects(sdk.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations: [
      { op: 'replace', path: '/cacheClusterEnabled', value: 'false' },
      { op: 'replace', path: '/cacheClusterSize', value: '3' },
    ] })), BadRequestException);
    const stage = await sdk.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    assert.equal(stage.cacheClusterEnabled, true, 'a refused stage patch changes nothing');
    await assert.rejects(sdk.send(new GetStageCommand({ restApiId: apiId, stageName: 'nope' })), NotFoundException);
  });

  it('refuses to deploy an API without methods', async () => {
    const api = await sdk.send(new CreateRestApiCommand({ name: 'empty' }));
    await assert.rejects(sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' })), (e: unknown) =>
      e instanceof BadRequestException && /doesn't contain any methods/.test(e.message));
  });

  it('imports OpenAPI YAML with x-amazon-apigateway-integration including responseTransferMode', async () => {
    const yaml = [
      'openapi: "3.0.1"',
      'info: { title: ResponseStreamingDemo, version: "1" }',
      'paths:',
      '  /streaming:',
      '    get:',
      '      x-amazon-apigateway-integration:',
      '        httpMethod: GET',
      '        uri: https://example.com',
      '        type: http_proxy',
      '        timeoutInMillis: 900000',
      '        responseTransferMode: STREAM',
      '  /orders/{id}:',
      '    x-amazon-apigateway-any-method:',
      '      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: "' + bufferedUri('echo') + '" }',
    ].join('\n');
    const api = await sdk.send(new ImportRestApiCommand({ body: Buffer.from(yaml), parameters: { endpointConfigurationTypes: 'REGIONAL' } }));
    assert.equal(api.name, 'ResponseStreamingDemo');
    assert.deepEqual(api.endpointConfiguration?.types, ['REGIONAL']);
    const res = await sdk.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }));
    const streaming = res.items?.find((r) => r.path === '/streaming')?.resourceMethods?.GET?.methodIntegration;
    assert.equal(streaming?.type, 'HTTP_PROXY');
    assert.equal(streaming?.responseTransferMode, 'STREAM');
    assert.equal(streaming?.timeoutInMillis, 900000);
    assert.equal(res.items?.find((r) => r.path === '/orders/{id}')?.resourceMethods?.ANY?.methodIntegration?.responseTransferMode, 'BUFFERED');

    const before = (await sdk.send(new GetRestApisCommand({ limit: 500 }))).items?.length;
    const bad = JSON.stringify({ openapi: '3.0.1', info: { title: 'Bad' }, paths: { '/m': { get: { 'x-amazon-apigateway-integration': { type: 'mock', responseTransferMode: 'STREAM' } } } } });
    await assert.rejects(sdk.send(new ImportRestApiCommand({ body: Buffer.from(bad) })), (e: unknown) =>
      e instanceof BadRequestException && /Errors found during import/.test(e.message) && /only supported for HTTP_PROXY and AWS_PROXY/.test(e.message));
    await assert.rejects(sdk.send(new ImportRestApiCommand({ body: Buffer.from('{not json') })), BadRequestException);
    assert.equal((await sdk.send(new GetRestApisCommand({ limit: 500 }))).items?.length, before, 'failed imports leave nothing behind');
  });
});
