// Update* operations through the real AWS SDK: UpdateRestApi, UpdateResource, UpdateMethod,
// UpdateDeployment, UpdateStage for the fields users set; method and integration responses and
// what a MOCK without an integration response answers.
import assert from 'node:assert/strict';
import {
  type APIGatewayClient, BadRequestException, CreateAuthorizerCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand,
  DeleteIntegrationResponseCommand, DeleteMethodResponseCommand, GetDeploymentCommand, GetIntegrationResponseCommand, GetMethodCommand,
  GetMethodResponseCommand, GetResourcesCommand, GetRestApiCommand, GetStageCommand, NotFoundException, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateDeploymentCommand, UpdateIntegrationResponseCommand,
  UpdateMethodCommand, UpdateMethodResponseCommand, UpdateResourceCommand, UpdateRestApiCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../../src/local/index';
import { bufferedUri, sdkClient, timedRequest } from '../helpers';

describe('local control plane: Update* operations and method/integration responses', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;

  before(async () => { gw = await startLocalGateway({ sample: false }); sdk = sdkClient(gw.url); });
  after(async () => { sdk.destroy(); await gw.close(); });

  it('UpdateRestApi: name, description, binaryMediaTypes add/remove, minimumCompressionSize, endpointConfiguration, disableExecuteApiEndpoint', async () => {
    const api = await sdk.send(new CreateRestApiCommand({ name: 'u' }));
    assert.deepEqual(api.endpointConfiguration?.types, ['EDGE'], 'CreateRestApi defaults to EDGE');
    const updated = await sdk.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/description', value: 'd' },
      { op: 'add', path: '/binaryMediaTypes/image~1png', value: '' },
      { op: 'add', path: '/binaryMediaTypes/application~1octet-stream' },
      { op: 'replace', path: '/minimumCompressionSize', value: '1024' },
      { op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' },
      { op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' },
    ] }));
    assert.deepEqual([updated.name, updated.description, updated.minimumCompressionSize, updated.endpointConfiguration?.types, updated.disableExecuteApiEndpoint],
      ['renamed', 'd', 1024, ['REGIONAL'], true]);
    assert.deepEqual(updated.binaryMediaTypes, ['image/png', 'application/octet-stream']);
    const removed = await sdk.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [
      { op: 'remove', path: '/binaryMediaTypes/image~1png' }, { op: 'replace', path: '/minimumCompressionSize', value: '' }] }));
    assert.deepEqual(removed.binaryMediaTypes, ['application/octet-stream']);
    assert.equal((await sdk.send(new GetRestApiCommand({ restApiId: api.id }))).minimumCompressionSize, undefined, 'an empty value turns compression off');
    await assert.rejects(sdk.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [
      { op: 'replace', path: '/name', value: 'half' }, { op: 'replace', path: '/minimumCompressionSize', value: '99999999' }] })), BadRequestException);
    assert.equal((await sdk.send(new GetRestApiCommand({ restApiId: api.id }))).name, 'renamed', 'a failed patch changes nothing');
  });

  it('UpdateResource renames and moves a resource with its subtree; UpdateMethod sets authorization and API keys; UpdateDeployment its description', async () => {
    const api = await sdk.send(new CreateRestApiCommand({ name: 'r' }));
    const a = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'a' }));
    const b = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: a.id, pathPart: 'b' }));
    const other = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'other' }));
    const renamed = await sdk.send(new UpdateResourceCommand({ restApiId: api.id, resourceId: a.id, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'alpha' }] }));
    assert.equal(renamed.path, '/alpha');
    await sdk.send(new UpdateResourceCommand({ restApiId: api.id, resourceId: a.id, patchOperations: [{ op: 'replace', path: '/parentId', value: other.id }] }));
    const paths = (await sdk.send(new GetResourcesCommand({ restApiId: api.id }))).items!.map((r) => r.path).sort();
    assert.deepEqual(paths, ['/', '/other', '/other/alpha', '/other/alpha/b']);
    void b;

    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: other.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    const auth = await sdk.send(new CreateAuthorizerCommand({ restApiId: api.id, name: 'tok', type: 'TOKEN', identitySource: 'method.request.header.Authorization',
      authorizerUri: bufferedUri('authz') }));
    const m = await sdk.send(new UpdateMethodCommand({ restApiId: api.id, resourceId: other.id, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/authorizationType', value: 'CUSTOM' }, { op: 'replace', path: '/authorizerId', value: auth.id },
      { op: 'replace', path: '/apiKeyRequired', value: 'true' }, { op: 'add', path: '/requestParameters/method.request.header.x-id', value: 'true' }] }));
    assert.deepEqual([m.authorizationType, m.authorizerId, m.apiKeyRequired, m.requestParameters], ['CUSTOM', auth.id, true, { 'method.request.header.x-id': true }]);
    await assert.rejects(sdk.send(new UpdateMethodCommand({ restApiId: api.id, resourceId: other.id, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/authorizerId', value: 'nope00' }] })), (e: unknown) => e instanceof BadRequestException && /authorizer/i.test(e.message));
    assert.equal((await sdk.send(new GetMethodCommand({ restApiId: api.id, resourceId: other.id, httpMethod: 'GET' }))).authorizerId, auth.id);

    await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: other.id, httpMethod: 'GET', type: 'MOCK' }));
    const dep = await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, description: 'first' }));
    const upd = await sdk.send(new UpdateDeploymentCommand({ restApiId: api.id, deploymentId: dep.id, patchOperations: [{ op: 'replace', path: '/description', value: 'second' }] }));
    assert.equal(upd.description, 'second');
    assert.equal((await sdk.send(new GetDeploymentCommand({ restApiId: api.id, deploymentId: dep.id }))).description, 'second');
  });

  it('UpdateStage sets variables, accessLogSettings, methodSettings, cacheClusterEnabled and tracingEnabled', async () => {
    const api = await sdk.send(new CreateRestApiCommand({ name: 's' }));
    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'MOCK' }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    const s = await sdk.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'dev', patchOperations: [
      { op: 'replace', path: '/variables/backend', value: 'blue' },
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:x' },
      { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId $context.status' },
      { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
      { op: 'replace', path: '/~1/GET/throttling/rateLimit', value: '50' },
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
    ] }));
    assert.deepEqual(s.variables, { backend: 'blue' });
    assert.deepEqual(s.accessLogSettings, { destinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:x', format: '$context.requestId $context.status' });
    assert.equal(s.methodSettings?.['*/*']?.metricsEnabled, true);
    assert.equal(s.methodSettings?.['~1/GET']?.throttlingRateLimit, 50);
    assert.deepEqual([s.cacheClusterEnabled, s.cacheClusterStatus, s.tracingEnabled], [true, 'AVAILABLE', true]);
    const cleared = await sdk.send(new UpdateStageCommand({ restApiId: api.id, stageName: 'dev', patchOperations: [{ op: 'remove', path: '/accessLogSettings' }] }));
    assert.equal(cleared.accessLogSettings, undefined);
    assert.equal((await sdk.send(new GetStageCommand({ restApiId: api.id, stageName: 'dev' }))).variables?.backend, 'blue');
  });

  it('Put/Get/Update/Delete MethodResponse and IntegrationResponse; a MOCK answers only through an integration response', async () => {
    const api = await sdk.send(new CreateRestApiCommand({ name: 'mock' }));
    const ids = { restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET' };
    await sdk.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    const without = await timedRequest(gw.invokeUrl(api.id!, 'dev', ''));
    assert.equal(without.status, 500, 'no integration response: AWS answers 500');
    assert.deepEqual(JSON.parse(without.body.toString()), { message: 'Internal server error' });

    await assert.rejects(sdk.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200' })), NotFoundException, 'needs the method response first');
    const mr = await sdk.send(new PutMethodResponseCommand({ ...ids, statusCode: '200', responseParameters: { 'method.response.header.x-mock': true } }));
    assert.equal(mr.statusCode, '200');
    await sdk.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseParameters: { 'method.response.header.x-mock': "'yes'" }, responseTemplates: { 'application/json': '{"ok":true}' } }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    const withResponse = await timedRequest(gw.invokeUrl(api.id!, 'dev', ''));
    assert.equal(withResponse.status, 200);
    assert.equal(withResponse.headers['x-mock'], 'yes');
    assert.equal(withResponse.body.toString(), '{"ok":true}');

    const umr = await sdk.send(new UpdateMethodResponseCommand({ ...ids, statusCode: '200', patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.x-two', value: 'false' }] }));
    assert.deepEqual(umr.responseParameters, { 'method.response.header.x-mock': true, 'method.response.header.x-two': false });
    const uir = await sdk.send(new UpdateIntegrationResponseCommand({ ...ids, statusCode: '200', patchOperations: [{ op: 'replace', path: '/selectionPattern', value: '2\\d{2}' }] }));
    assert.equal(uir.selectionPattern, '2\\d{2}');
    assert.equal((await sdk.send(new GetIntegrationResponseCommand({ ...ids, statusCode: '200' }))).responseTemplates?.['application/json'], '{"ok":true}');
    assert.equal((await sdk.send(new GetMethodResponseCommand({ ...ids, statusCode: '200' }))).statusCode, '200');
    await sdk.send(new DeleteIntegrationResponseCommand({ ...ids, statusCode: '200' }));
    await assert.rejects(sdk.send(new GetIntegrationResponseCommand({ ...ids, statusCode: '200' })), NotFoundException);
    await sdk.send(new DeleteMethodResponseCommand({ ...ids, statusCode: '200' }));
    await assert.rejects(sdk.send(new GetMethodResponseCommand({ ...ids, statusCode: '200' })), NotFoundException);
  });
});
