// Call counts for the sizes issue 5 names: an account with 300 APIs and an API with 2,000
// resources. Printed so the numbers can be copied into the benchmark report.
import { strict as assert } from 'node:assert';
import { ControlPlaneService, createApiGatewayClient, LOCAL_DUMMY_CREDENTIALS, measureListingCost } from '../../../src/core/controlplane';
import { apiWithResources, startFakeApiGateway, type FakeGateway } from './fakeApiGateway';

describe('listing cost at scale', function () {
  this.timeout(30000);
  let gw: FakeGateway;
  let service: ControlPlaneService;
  before(async () => {
    // 300 small APIs (a root and 2 methods each) plus one API with 2,000 resources.
    const apis = Array.from({ length: 300 }, (_, i) => apiWithResources(`api${String(i).padStart(3, '0')}`, 2));
    apis.push(apiWithResources('big', 1999));
    gw = await startFakeApiGateway(apis);
    service = new ControlPlaneService(createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, credentials: LOCAL_DUMMY_CREDENTIALS, maxAttempts: 1 }));
  });
  after(() => gw.close());

  it('lists 301 APIs in one GetRestApis page', async () => {
    service.resetCallCounts();
    const apis = await service.listAllRestApis();
    assert.equal(apis.length, 301);
    assert.equal(service.callCount, Math.ceil(301 / 500));
  });

  it('lists a 2,000-resource API in ceil(2000/500) = 4 GetResources calls and no per-method calls', async () => {
    service.resetCallCounts();
    const resources = await service.listAllResources('big');
    assert.equal(resources.length, 2000);
    assert.deepEqual(service.callsByOperation, { GetResources: 4 });
  });

  it('lists the whole account with one GetResources call per small API', async () => {
    const cost = await measureListingCost(service);
    console.log(`      listing cost: ${JSON.stringify(cost)}`);
    assert.equal(cost.apis, 301);
    assert.equal(cost.resources, 300 * 3 + 2000);
    assert.equal(cost.getRestApisCalls, 1);
    assert.equal(cost.getResourcesCalls, 300 + 4);
    assert.equal(cost.perMethodCalls, 0);
    assert.equal(cost.totalCalls, 305);
  });
});
