// `streamgate apis list` and `streamgate integration set`, run as a user would run them
// (a child process), against an AWS-shaped server over real HTTP.
import { strict as assert } from 'node:assert';
import { lambdaUri, startFakeApiGateway, type FakeApi, type FakeGateway } from '../controlplane/fakeApiGateway';
import { runCli } from './runCli';

function api(): FakeApi {
  return {
    id: 'shop',
    name: 'Shop',
    resources: [
      { id: 'root', path: '/', methods: { GET: { integration: { type: 'MOCK' } } } },
      { id: 'chat', parentId: 'root', path: '/chat', pathPart: 'chat', methods: {
        POST: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('chat') } },
        OPTIONS: {},
      } },
    ],
    stages: [],
    deployments: [],
  };
}

describe('CLI: apis list / integration set', function () {
  this.timeout(30000);
  let gw: FakeGateway;
  beforeEach(async () => {
    gw = await startFakeApiGateway([api(), { id: 'empty', name: 'Empty', resources: [], stages: [], deployments: [] }]);
  });
  afterEach(() => gw.close());

  it('apis list --json prints APIs with resources, methods and integrations (null when missing)', async () => {
    const r = await runCli(['apis', 'list', '--endpoint', gw.url, '--region', 'us-east-1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(r.stdout), [
      { id: 'shop', name: 'Shop', resources: [
        { id: 'root', path: '/', methods: { GET: { integration: { type: 'MOCK', responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 } } } },
        { id: 'chat', path: '/chat', methods: {
          OPTIONS: { integration: null },
          POST: { integration: { type: 'AWS_PROXY', uri: lambdaUri('chat'), responseTransferMode: 'BUFFERED', timeoutInMillis: 29000 } },
        } },
      ] },
      { id: 'empty', name: 'Empty', resources: [] },
    ]);
  });

  it('apis list without --json prints a readable table (region defaults for a local endpoint)', async () => {
    const r = await runCli(['apis', 'list', '--endpoint', gw.url]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^API\s+PATH\s+METHOD\s+TYPE\s+MODE\s+TIMEOUT$/);
    assert.ok(lines.some((l) => /\/chat\s+POST\s+AWS_PROXY\s+BUFFERED\s+29000 ms/.test(l)));
    assert.ok(lines.some((l) => /Empty \(empty\)\s+\(no methods\)/.test(l)));
  });

  it('integration set switches to STREAM in one update, rewrites the Lambda URI, deploys and prints the result', async () => {
    const r = await runCli(['integration', 'set', '--endpoint', gw.url, '--region', 'us-east-1', '--api', 'shop', '--resource', 'chat', '--method', 'post',
      '--mode', 'STREAM', '--timeout', '300000', '--deploy', 'prod', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out, { type: 'AWS_PROXY', uri: lambdaUri('chat', true), responseTransferMode: 'STREAM', timeoutInMillis: 300000, deploymentId: 'dep1' });
    assert.equal(gw.requests.filter((q) => q.startsWith('PATCH')).length, 1);
    assert.equal(gw.apis[0]!.stages[0]!.deploymentId, 'dep1');
    assert.match(gw.apis[0]!.deployments[0]!.description!, /STREAM/);
  });

  it('integration set refuses an invalid change with one line and sends no update', async () => {
    const mock = await runCli(['integration', 'set', '--endpoint', gw.url, '--api', 'shop', '--resource', 'root', '--method', 'GET', '--mode', 'STREAM']);
    assert.equal(mock.code, 1);
    assert.equal(mock.stderr.trim().split('\n').length, 1);
    assert.match(mock.stderr, /^streamgate integration: Response transfer mode STREAM is only supported for HTTP_PROXY and AWS_PROXY integrations, not MOCK/);
    const timeout = await runCli(['integration', 'set', '--endpoint', gw.url, '--api', 'shop', '--resource', 'chat', '--method', 'POST', '--timeout', '60000']);
    assert.equal(timeout.code, 1);
    assert.match(timeout.stderr, /Timeout should be between 50 ms and 29000 ms/);
    assert.equal(gw.requests.filter((q) => q.startsWith('PATCH')).length, 0);
  });

  it('usage mistakes exit 2 and server errors exit 1, each as one clear line', async () => {
    const badMode = await runCli(['integration', 'set', '--endpoint', gw.url, '--api', 'shop', '--resource', 'chat', '--method', 'POST', '--mode', 'FAST']);
    assert.equal(badMode.code, 2);
    assert.match(badMode.stderr, /--mode must be STREAM or BUFFERED, got "FAST"/);
    const missing = await runCli(['integration', 'set', '--endpoint', gw.url, '--resource', 'chat', '--method', 'POST', '--mode', 'STREAM']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--api is required/);
    const noRegion = await runCli(['apis', 'list', '--endpoint', 'https://apigateway.example.com']);
    assert.equal(noRegion.code, 2);
    assert.match(noRegion.stderr, /--region is required/);
    const unknownApi = await runCli(['integration', 'set', '--endpoint', gw.url, '--api', 'nope', '--resource', 'chat', '--method', 'POST', '--mode', 'STREAM']);
    assert.equal(unknownApi.code, 1);
    assert.match(unknownApi.stderr, /^streamgate integration: Not found: Invalid API identifier specified\n$/);
  });
});
