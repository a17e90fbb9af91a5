// PutRestApi (merge / overwrite, OpenAPI with responseTransferMode), GetExport (oas30 and
// swagger, JSON and YAML, with x-amazon-apigateway-integration), export → import round trips,
// and ImportRestApi creating methodResponses — through the real AWS SDK.
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import {
  type APIGatewayClient, BadRequestException, CreateAuthorizerCommand, CreateDeploymentCommand, GetExportCommand,
  GetMethodCommand, GetResourcesCommand, GetRestApiCommand, ImportRestApiCommand, PutRestApiCommand, UpdateMethodCommand, UpdateRestApiCommand,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../../src/local/index';
import { bufferedUri, sdkClient, streamUri } from '../helpers';

const doc = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) => Buffer.from(JSON.stringify({ openapi: '3.0.1', info: { title: 'Doc', version: '1' }, paths, ...extra }));
const streamOp = (uri: string, timeout = 600000) => ({ get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri, responseTransferMode: 'STREAM', timeoutInMillis: timeout } } });

function byPath(items: Resource[] | undefined): Record<string, Resource> {
  return Object.fromEntries((items ?? []).map((r) => [r.path!, r]));
}

describe('local control plane: OpenAPI put, export and import', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;

  before(async () => { gw = await startLocalGateway({ sample: false }); sdk = sdkClient(gw.url); });
  after(async () => { sdk.destroy(); await gw.close(); });

  it('ImportRestApi creates methodResponses from OpenAPI responses', async () => {
    const api = await sdk.send(new ImportRestApiCommand({ body: doc({ '/r': { get: {
      responses: { 200: { description: 'ok', headers: { 'x-rate': { schema: { type: 'string' } } } }, 404: { description: 'missing' } },
      'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode":200}' }, responses: { default: { statusCode: '200' } } },
    } } }) }));
    const r = byPath((await sdk.send(new GetResourcesCommand({ restApiId: api.id }))).items)['/r']!;
    const m = await sdk.send(new GetMethodCommand({ restApiId: api.id, resourceId: r.id, httpMethod: 'GET' }));
    assert.deepEqual(Object.keys(m.methodResponses ?? {}).sort(), ['200', '404']);
    assert.deepEqual(m.methodResponses?.['200']?.responseParameters, { 'method.response.header.x-rate': false });
  });

  it('PutRestApi merges (keeps other paths) or overwrites (replaces them), with responseTransferMode from the document', async () => {
    const api = await sdk.send(new ImportRestApiCommand({ body: doc({ '/keep': streamOp(streamUri('a')) }) }));
    const merged = await sdk.send(new PutRestApiCommand({ restApiId: api.id, mode: 'merge', body: doc({ '/added': streamOp(streamUri('b'), 900000) }) }));
    assert.equal(merged.id, api.id);
    let res = byPath((await sdk.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }))).items);
    assert.ok(res['/keep'] && res['/added'], 'merge keeps /keep and adds /added');
    assert.equal(res['/added']!.resourceMethods!.GET!.methodIntegration!.responseTransferMode, 'STREAM');
    assert.equal(res['/added']!.resourceMethods!.GET!.methodIntegration!.timeoutInMillis, 900000);

    await sdk.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: doc({ '/only': { get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: bufferedUri('c') } } } }) }));
    res = byPath((await sdk.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }))).items);
    assert.deepEqual(Object.keys(res).sort(), ['/', '/only'], 'overwrite replaces every path');
    assert.equal(res['/only']!.resourceMethods!.GET!.methodIntegration!.responseTransferMode, 'BUFFERED');

    await assert.rejects(sdk.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: doc({ '/bad': { get: { 'x-amazon-apigateway-integration': { type: 'mock', responseTransferMode: 'STREAM' } } } }) })),
      (e: unknown) => e instanceof BadRequestException && /Errors found during import/.test(e.message));
    assert.ok(byPath((await sdk.send(new GetResourcesCommand({ restApiId: api.id }))).items)['/only'], 'a failed put changes nothing');
  });

  async function richApi() {
    const api = await sdk.send(new ImportRestApiCommand({ body: doc({
      '/chat': { post: { responses: { 200: { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: streamUri('chat'), responseTransferMode: 'STREAM', timeoutInMillis: 900000 } } },
      '/items/{id}': { get: { security: [{ api_key: [] }], 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://example.com/items/{id}', timeoutInMillis: 10000,
        requestParameters: { 'integration.request.path.id': 'method.request.path.id' } } } },
    }, { 'x-amazon-apigateway-binary-media-types': ['image/png'] }) }));
    const res = byPath((await sdk.send(new GetResourcesCommand({ restApiId: api.id }))).items);
    const a = await sdk.send(new CreateAuthorizerCommand({ restApiId: api.id, name: 'tokenAuth', type: 'TOKEN', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 60,
      authorizerUri: bufferedUri('authz') }));
    await sdk.send(new UpdateMethodCommand({ restApiId: api.id, resourceId: res['/chat']!.id, httpMethod: 'POST', patchOperations: [
      { op: 'replace', path: '/authorizationType', value: 'CUSTOM' }, { op: 'replace', path: '/authorizerId', value: a.id }] }));
    await sdk.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/minimumCompressionSize', value: '2048' }] }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    return api.id!;
  }

  it('GetExport: oas30 and swagger, JSON and YAML, x-amazon-apigateway-integration with responseTransferMode and timeoutInMillis only with extensions', async () => {
    const id = await richApi();
    const text = async (exportType: string, accepts: string, extensions?: string) => {
      const out = await sdk.send(new GetExportCommand({ restApiId: id, stageName: 'prod', exportType, accepts, parameters: extensions ? { extensions } : {} }));
      assert.equal(out.contentType, accepts);
      assert.match(out.contentDisposition ?? '', new RegExp(`attachment; filename="${exportType}_.*\\.${accepts.endsWith('yaml') ? 'yaml' : 'json'}"`));
      return Buffer.from(out.body!).toString();
    };
    const oas = JSON.parse(await text('oas30', 'application/json', 'integrations'));
    assert.equal(oas.openapi, '3.0.1');
    assert.equal(oas.servers[0].variables.basePath.default, 'prod');
    const chat = oas.paths['/chat'].post['x-amazon-apigateway-integration'];
    assert.deepEqual([chat.type, chat.responseTransferMode, chat.timeoutInMillis, chat.uri], ['aws_proxy', 'STREAM', 900000, streamUri('chat')]);
    assert.deepEqual(oas.paths['/chat'].post.security, [{ tokenAuth: [] }]);
    assert.equal(oas.components.securitySchemes.tokenAuth['x-amazon-apigateway-authtype'], 'custom');
    assert.deepEqual(oas.paths['/items/{id}'].get.security, [{ api_key: [] }]);
    assert.deepEqual(oas['x-amazon-apigateway-binary-media-types'], ['image/png']);
    assert.equal(oas['x-amazon-apigateway-minimum-compression-size'], 2048);

    const yaml = parseYaml(await text('swagger', 'application/yaml', 'apigateway'));
    assert.equal(yaml.swagger, '2.0');
    assert.equal(yaml.basePath, '/prod');
    assert.equal(yaml.paths['/chat'].post['x-amazon-apigateway-integration'].responseTransferMode, 'STREAM');
    assert.equal(yaml.securityDefinitions.tokenAuth['x-amazon-apigateway-authorizer'].authorizerResultTtlInSeconds, 60);

    const plain = JSON.parse(await text('oas30', 'application/json'));
    assert.equal(plain.paths['/chat'].post['x-amazon-apigateway-integration'], undefined, 'no extensions unless asked for');
    await assert.rejects(sdk.send(new GetExportCommand({ restApiId: id, stageName: 'prod', exportType: 'raml' })), BadRequestException);
  });

  it('export → import round-trips integrations, modes, timeouts, authorizers, API keys and API settings', async () => {
    const id = await richApi();
    for (const [exportType, accepts] of [['oas30', 'application/json'], ['swagger', 'application/yaml']] as const) {
      const exported = await sdk.send(new GetExportCommand({ restApiId: id, stageName: 'prod', exportType, accepts, parameters: { extensions: 'apigateway' } }));
      const copy = await sdk.send(new ImportRestApiCommand({ body: exported.body! }));
      const original = byPath((await sdk.send(new GetResourcesCommand({ restApiId: id, embed: ['methods'] }))).items);
      const imported = byPath((await sdk.send(new GetResourcesCommand({ restApiId: copy.id, embed: ['methods'] }))).items);
      assert.deepEqual(Object.keys(imported).sort(), Object.keys(original).sort(), exportType);
      for (const [path, verb] of [['/chat', 'POST'], ['/items/{id}', 'GET']] as const) {
        const a = original[path]!.resourceMethods![verb]!;
        const b = imported[path]!.resourceMethods![verb]!;
        for (const field of ['type', 'uri', 'httpMethod', 'responseTransferMode', 'timeoutInMillis', 'requestParameters'] as const) {
          assert.deepEqual(b.methodIntegration?.[field], a.methodIntegration?.[field], `${exportType} ${verb} ${path} ${field}`);
        }
        assert.equal(b.authorizationType, a.authorizationType, `${exportType} ${path} authorizationType`);
        assert.equal(b.apiKeyRequired, a.apiKeyRequired, `${exportType} ${path} apiKeyRequired`);
      }
      const copyApi = await sdk.send(new GetRestApiCommand({ restApiId: copy.id }));
      assert.deepEqual([copyApi.binaryMediaTypes, copyApi.minimumCompressionSize], [['image/png'], 2048], exportType);
    }
  });
});
