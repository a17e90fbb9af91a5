// `streamgate local --vpc-link NAME=URL --vpce-id ID` as a user runs it: a private integration on
// a PRIVATE API, called with x-apigw-api-id, reaches the mapped service; bad mappings exit 2.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CreateDeploymentCommand, CreateRestApiCommand, CreateVpcLinkCommand, PutIntegrationCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { sdkClient, startBackend, timedRequest, waitForLine } from '../local/helpers';

const ROOT = path.resolve(__dirname, '../../..');
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders-nlb/0123456789abcdef';

describe('streamgate local --vpc-link (CLI)', () => {
  it('maps a VPC link to a local service and evaluates the private API policy for --vpce-id', async function () {
    this.timeout(30_000);
    const backend = await startBackend((req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(`orders ${req.url}`); });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--port', '0', '--no-sample', '--quiet',
      '--vpc-link', `orders-link=${backend.url}`, '--vpce-id', 'vpce-0cli0000000000000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const [, url] = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*VPC link orders-link → http:\/\/127\.0\.0\.1:\d+/, 20_000);
      const sdk = sdkClient(url!);
      const link = await sdk.send(new CreateVpcLinkCommand({ name: 'orders-link', targetArns: [NLB] }));
      const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*',
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0cli0000000000000' } } }] });
      const api = await sdk.send(new CreateRestApiCommand({ name: 'cli private', endpointConfiguration: { types: ['PRIVATE'] }, policy }));
      await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'HTTP_PROXY',
        integrationHttpMethod: 'GET', uri: 'http://internal-nlb.example/orders?all=1', connectionType: 'VPC_LINK', connectionId: link.id, responseTransferMode: 'STREAM' }));
      await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
      sdk.destroy();
      await new Promise((r) => setTimeout(r, 1100)); // the link's PENDING → AVAILABLE delay
      const r = await timedRequest(`${url}/dev/`, { headers: { 'x-apigw-api-id': api.id! } });
      assert.equal(r.status, 200, `${r.body.toString()} ${String(r.headers['x-streamgate-error'])}`);
      assert.equal(r.body.toString(), 'orders /orders?all=1');
    } finally {
      child.kill('SIGTERM');
      await backend.close();
    }
  });

  it('rejects a malformed --vpc-link with a usage error (exit 2)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--port', '0', '--vpc-link', 'orders-link'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(err, /--vpc-link: VPC link mapping "orders-link" must look like NAME_OR_ID=http:\/\/127\.0\.0\.1:PORT/);
  });
});
