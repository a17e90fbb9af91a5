// `streamgate apis list` and `streamgate integration set`, run as a user would run them
// (a child process), against an AWS-shaped server over real HTTP.
import { strict as assert } from 'node:assert';
import { lambdaUri, startFakeApiGateway, type FakeApi, type FakeGateway } from '../controlplane/fakeApiGateway';
import { runCli } from './runCli';
import { main } from '../../../src/cli/main';

/** Runs the CLI's main() in this process with stdout/stderr captured. */
async function inProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((c: string | Uint8Array) => { stdout += String(c); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => { stderr += String(c); return true; }) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

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
    assert.match(lines[0]!, /^API\s+RESOURCE\s+PATH\s+METHOD\s+TYPE\s+MODE\s+TIMEOUT$/);
    // The resource id is printed beside its path, so `integration set --resource` can be typed from it.
    assert.ok(lines.some((l) => /\bchat\s+\/chat\s+POST\s+AWS_PROXY\s+BUFFERED\s+29000 ms/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /Shop \(shop\)\s+root\s+\/\s+GET\s+MOCK/.test(l)), r.stdout);
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

  it('integration set accepts --path /chat instead of --resource, and names the paths when one does not exist', async () => {
    const r = await runCli(['integration', 'set', '--endpoint', gw.url, '--api', 'shop', '--path', '/chat', '--method', 'POST', '--mode', 'STREAM', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).responseTransferMode, 'STREAM');
    assert.ok(gw.requests.some((q) => q.startsWith('PATCH') && q.includes('/resources/chat/')), gw.requests.join('\n'));
    const missing = await runCli(['integration', 'set', '--endpoint', gw.url, '--api', 'shop', '--path', '/nope', '--method', 'POST', '--mode', 'STREAM']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no resource at path "\/nope"; its paths: \/, \/chat/);
    const both = await runCli(['integration', 'set', '--endpoint', gw.url, '--api', 'shop', '--path', '/chat', '--resource', 'chat', '--method', 'POST', '--mode', 'STREAM']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /not both/);
    assert.equal(gw.requests.filter((q) => q.startsWith('PATCH')).length, 1);
  });

  it('every command answers --help and -h with its usage and exit 0', async () => {
    // In-process (spawning a dozen CLIs is slow on a shared machine); one real child below.
    for (const argv of [['--help'], ['-h'], ['help', 'probe'], ['local', '--help'], ['probe', '-h'], ['apis', 'list', '--help'], ['apis', '-h'],
      ['integration', 'set', '--help'], ['integration', '-h'], ['probe', 'http://127.0.0.1:1/', '--json', '--help']]) {
      const r = await inProcess(argv);
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /^usage: streamgate/, argv.join(' '));
      assert.equal(r.stderr, '');
    }
    assert.match((await inProcess(['integration', '--help'])).stdout, /--path \/P/);
    assert.match((await inProcess(['probe', '--help'])).stdout, /--fail/);
    const child = await runCli(['apis', '-h']);
    assert.equal(child.code, 0, child.stderr);
    assert.match(child.stdout, /^usage: streamgate apis list/);
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
