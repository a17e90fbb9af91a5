// Call counts for the sizes issue 5 names: an account with 300 APIs and an API with 2,000
// resources, against the local gateway (real SDK, real HTTP) and against an AWS-shaped server
// that ignores embed=methods (the fallback's cost). Printed for the benchmark report.
import { strict as assert } from 'node:assert';
import { CreateRestApiCommand, ImportRestApiCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { parse } from 'yaml';
import { ControlPlaneService, createApiGatewayClient, LOCAL_DUMMY_CREDENTIALS, measureListingCost } from '../../../src/core/controlplane';
import { openApiSnippet } from '../../../src/core/snippets';
import { startLocalGateway, type LocalGateway } from '../../../src/local';
import { apiWithResources, lambdaUri, startFakeApiGateway, type FakeGateway } from './fakeApiGateway';

const clientFor = (endpoint: string) => createApiGatewayClient({ region: 'us-east-1', endpoint, credentials: LOCAL_DUMMY_CREDENTIALS, maxAttempts: 1 });

describe('listing cost at scale (local gateway)', function () {
  this.timeout(40000);
  let gw: LocalGateway;
  let client: APIGatewayClient;
  let bigApiId: string;

  before(async () => {
    gw = await startLocalGateway({ port: 0, sample: false });
    client = clientFor(gw.url);
    for (let i = 0; i < 299; i++) await client.send(new CreateRestApiCommand({ name: `api${String(i).padStart(3, '0')}` }));
    // The 2,000-resource API in one ImportRestApi call, built from StreamGate's own OpenAPI
    // snippets (so this also proves the snippet imports): a root plus 1,999 GET methods.
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 1999; i++) {
      const snippet = openApiSnippet({ apiId: 'x', resourceId: 'x', httpMethod: 'GET', path: `/r${i}`,
        settings: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri(`fn${i}`), responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 } });
      Object.assign(paths, parse(snippet).paths);
    }
    const doc = { openapi: '3.0.1', info: { title: 'big', version: '1' }, paths };
    const big = await client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify(doc)) }));
    bigApiId = big.id!;
  });
  after(() => gw.close());

  it('300 APIs: ceil(300/500) = 1 GetRestApis call', async () => {
    const service = new ControlPlaneService(client);
    assert.equal((await service.listAllRestApis()).length, 300);
    assert.deepEqual(service.callsByOperation, { GetRestApis: 1 });
  });

  it('2,000 resources: ceil(2000/500) = 4 GetResources calls and no per-method calls', async () => {
    const service = new ControlPlaneService(client);
    const resources = await service.listAllResources(bigApiId);
    assert.equal(resources.length, 2000);
    assert.equal(resources.filter((r) => r.methods.GET?.integration?.type === 'AWS_PROXY').length, 1999);
    assert.deepEqual(service.callsByOperation, { GetResources: 4 });
  });

  it('the whole account: 1 + 299 + 4 calls', async () => {
    const cost = await measureListingCost(new ControlPlaneService(client));
    console.log(`      local gateway listing cost: ${JSON.stringify(cost)}`);
    assert.deepEqual([cost.apis, cost.resources, cost.methods], [300, 299 + 2000, 1999]);
    assert.deepEqual([cost.getRestApisCalls, cost.getResourcesCalls, cost.perMethodCalls, cost.totalCalls], [1, 303, 0, 304]);
  });
});

describe('listing cost when a server ignores embed=methods', function () {
  this.timeout(30000);
  let fake: FakeGateway;
  before(async () => {
    fake = await startFakeApiGateway([apiWithResources('big', 1999)], { honourEmbed: false });
  });
  after(() => fake.close());

  it('falls back to one GetMethod per method and still lists everything', async () => {
    const cost = await measureListingCost(new ControlPlaneService(clientFor(fake.url)));
    console.log(`      no-embed fallback listing cost: ${JSON.stringify(cost)}`);
    assert.deepEqual([cost.resources, cost.methods, cost.getResourcesCalls, cost.perMethodCalls], [2000, 1999, 4, 1999]);
  });
});
