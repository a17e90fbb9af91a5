// The console's Target list when opened from the palette: every API × stage × method of the
// local gateway, through the real SDK over HTTP, each URL answering on the data plane.
import { strict as assert } from 'node:assert';
import { CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { ControlPlaneService, createApiGatewayClient, invokeUrl, LOCAL_DUMMY_CREDENTIALS } from '../../../src/core/controlplane';
import { listInvokeTargets } from '../../../src/core/controlplane/invokeTargets';
import { startLocalGateway, type LocalGateway } from '../../../src/local';

describe('invoke targets of a connection', function () {
  this.timeout(20_000);
  let gw: LocalGateway;
  let service: ControlPlaneService;
  before(async () => {
    gw = await startLocalGateway({ port: 0, sample: true, sampleScale: 0.01 });
    const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url, credentials: LOCAL_DUMMY_CREDENTIALS, maxAttempts: 1 });
    service = new ControlPlaneService(client);
    await client.send(new CreateRestApiCommand({ name: 'undeployed', endpointConfiguration: { types: ['REGIONAL'] } }));
  });
  after(() => gw.close());

  const source = () => ({ service, invokeUrl: (api: string, stage: string, path: string) => invokeUrl(api, 'us-east-1', stage, path, gw.url) });

  it('lists each stage × method of every API, and the URLs work', async () => {
    const { targets, truncated } = await listInvokeTargets(source());
    assert.equal(truncated, false);
    assert.deepEqual(targets.map((t) => t.label), [
      'StreamGate sample · dev — ANY /chat', 'StreamGate sample · dev — GET /download',
      'StreamGate sample · dev — GET /long', 'StreamGate sample · dev — GET /ndjson',
    ]);
    // ANY names no method to send; a GET route does.
    assert.deepEqual(targets.map((t) => t.method), [undefined, 'GET', 'GET', 'GET']);
    const ndjson = targets.find((t) => t.label.endsWith('/ndjson'))!;
    assert.equal(ndjson.url, gw.invokeUrl(gw.sampleApiId!, 'dev', '/ndjson'));
    const res = await fetch(ndjson.url);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  });

  it('stops at the limits and says it did', async () => {
    const { targets, truncated } = await listInvokeTargets(source(), undefined, { apis: 5, targets: 2 });
    assert.equal(targets.length, 2);
    assert.equal(truncated, true);
  });
});
