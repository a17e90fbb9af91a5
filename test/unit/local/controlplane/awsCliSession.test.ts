// A realistic session with the real AWS CLI (Debian's awscli, a CLI v2 from before response
// streaming, so responseTransferMode travels in OpenAPI bodies) against the local gateway:
// create, import, put-rest-api, update-*, authorizer, deploy, export, re-import, and invoking the
// result with curl. Every call is a real `aws` process; every invoke a real `curl`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { startLocalGateway, type LocalGateway } from '../../../../src/local/index';
import { type APIGatewayClient, GetIntegrationCommand } from '@aws-sdk/client-api-gateway';
import { bufferedUri, FIXTURE_LAMBDAS, sdkClient, startBackend, type ScriptedBackend } from '../helpers';

const run = promisify(execFile);
/** Debian's package installs /usr/bin/aws (.ci/run installs it); fall back to PATH. */
const AWS = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';

describe('AWS CLI session against the local gateway', function () {
  this.timeout(240_000);
  let gw: LocalGateway;
  let backend: ScriptedBackend;
  let dir: string;
  let sdk: APIGatewayClient;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sg-cli-'));
    gw = await startLocalGateway({ sample: false, handlerDirs: [FIXTURE_LAMBDAS] });
    sdk = sdkClient(gw.url);
    backend = await startBackend((req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(`hello from ${req.url}`); });
  });
  after(async () => { sdk.destroy(); await backend.close(); await gw.close(); rmSync(dir, { recursive: true, force: true }); });

  async function aws(...args: string[]): Promise<Record<string, unknown>> {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    try {
      const { stdout } = await run(AWS, ['apigateway', ...args, '--endpoint-url', gw.url, '--output', 'json'], { env, timeout: 60_000 });
      return stdout.trim() ? JSON.parse(stdout) as Record<string, unknown> : {};
    } catch (err) {
      const e = err as { code?: string; stderr?: string };
      if (e.code === 'ENOENT') throw new Error('the AWS CLI is not installed: apt-get install -y awscli (bash .ci/run installs it)');
      throw new Error(`aws apigateway ${args.join(' ')} failed: ${e.stderr ?? String(err)}`);
    }
  }

  async function curl(url: string, ...headers: string[]): Promise<{ status: number; body: string }> {
    const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', ...headers.flatMap((h) => ['-H', h]), url], { timeout: 30_000 });
    const i = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(i + 1)), body: stdout.slice(0, i) };
  }

  it('create, import, put-rest-api, update-*, authorizer, deploy, export, re-import, invoke with curl', async () => {
    const created = await aws('create-rest-api', '--name', 'cli-session', '--description', 'made by the CLI');
    const apiId = String(created.id);
    assert.deepEqual((created.endpointConfiguration as { types: string[] }).types, ['EDGE']);

    const imported = await aws('import-rest-api', '--body', `fileb://${writeDoc('import.json', { '/ping': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: `${backend.url}/ping` } } } })}`);
    assert.equal(imported.name, 'Session');

    // put-rest-api overwrites the created API from a document; STREAM comes from the OpenAPI body.
    await aws('put-rest-api', '--rest-api-id', apiId, '--mode', 'overwrite', '--body', `fileb://${writeDoc('put.json', {
      '/hello': { get: { responses: { 200: { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: `${backend.url}/hello`, responseTransferMode: 'STREAM', timeoutInMillis: 600000 } } },
      '/secure': { get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: bufferedUri('event-echo') } } },
    })}`);
    const resources = (await aws('get-resources', '--rest-api-id', apiId, '--embed', 'methods')).items as Array<{ id: string; path: string; resourceMethods?: Record<string, { methodIntegration?: { responseTransferMode?: string } }> }>;
    const hello = resources.find((r) => r.path === '/hello')!;
    const secure = resources.find((r) => r.path === '/secure')!;
    // This CLI's model predates responseTransferMode (it drops the field from its output): read it with the SDK.
    assert.equal((await sdk.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: hello.id, httpMethod: 'GET' }))).responseTransferMode, 'STREAM');

    const updated = await aws('update-rest-api', '--rest-api-id', apiId, '--patch-operations', 'op=add,path=/binaryMediaTypes/image~1png', 'op=replace,path=/endpointConfiguration/types/EDGE,value=REGIONAL');
    assert.deepEqual(updated.binaryMediaTypes, ['image/png']);
    assert.deepEqual((updated.endpointConfiguration as { types: string[] }).types, ['REGIONAL']);

    const authorizer = await aws('create-authorizer', '--rest-api-id', apiId, '--name', 'tokens', '--type', 'TOKEN', '--identity-source', 'method.request.header.Authorization',
      '--authorizer-uri', bufferedUri('authorizer'), '--authorizer-result-ttl-in-seconds', '0');
    const method = await aws('update-method', '--rest-api-id', apiId, '--resource-id', secure.id, '--http-method', 'GET', '--patch-operations',
      'op=replace,path=/authorizationType,value=CUSTOM', `op=replace,path=/authorizerId,value=${String(authorizer.id)}`);
    assert.equal(method.authorizationType, 'CUSTOM');
    await aws('update-resource', '--rest-api-id', apiId, '--resource-id', hello.id, '--patch-operations', 'op=replace,path=/pathPart,value=greet');

    const deployment = await aws('create-deployment', '--rest-api-id', apiId, '--stage-name', 'dev', '--description', 'first');
    await aws('update-deployment', '--rest-api-id', apiId, '--deployment-id', String(deployment.id), '--patch-operations', 'op=replace,path=/description,value=first deploy');
    const stage = await aws('update-stage', '--rest-api-id', apiId, '--stage-name', 'dev', '--patch-operations', 'op=replace,path=/variables/color,value=blue', 'op=replace,path=/tracingEnabled,value=true');
    assert.deepEqual([stage.variables, stage.tracingEnabled], [{ color: 'blue' }, true]);

    const invoke = (p: string) => gw.invokeUrl(apiId, 'dev', p);
    const greeted = await curl(invoke('greet'));
    assert.deepEqual(greeted, { status: 200, body: 'hello from /hello' });
    assert.equal((await curl(invoke('secure'))).status, 401);
    const allowed = await curl(invoke('secure'), 'Authorization: allow');
    assert.equal(allowed.status, 200, allowed.body);
    assert.equal(JSON.parse(allowed.body).requestContext.authorizer.principalId, 'user-allow');
    assert.equal(JSON.parse(allowed.body).stageVariables.color, 'blue');
    assert.equal((await curl(invoke('secure'), 'Authorization: deny')).status, 403);

    const exportFile = path.join(dir, 'export.yaml');
    await aws('get-export', '--rest-api-id', apiId, '--stage-name', 'dev', '--export-type', 'oas30', '--parameters', 'extensions=apigateway', '--accepts', 'application/yaml', exportFile);
    const exported = parseYaml(readFileSync(exportFile, 'utf8'));
    const integration = exported.paths['/greet'].get['x-amazon-apigateway-integration'];
    assert.deepEqual([integration.responseTransferMode, integration.timeoutInMillis], ['STREAM', 600000]);
    assert.deepEqual(exported.paths['/secure'].get.security, [{ tokens: [] }]);

    const copy = await aws('import-rest-api', '--body', `fileb://${exportFile}`);
    const copied = (await aws('get-resources', '--rest-api-id', String(copy.id))).items as typeof resources;
    const greetCopy = copied.find((r) => r.path === '/greet')!;
    assert.equal((await sdk.send(new GetIntegrationCommand({ restApiId: String(copy.id), resourceId: greetCopy.id, httpMethod: 'GET' }))).responseTransferMode, 'STREAM');

    await assert.rejects(aws('get-domain-names'), /NotImplementedException.*GetDomainNames is not implemented/s);
  });

  function writeDoc(name: string, paths: Record<string, unknown>): string {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify({ openapi: '3.0.1', info: { title: 'Session', version: '1' }, paths }));
    return file;
  }
});
