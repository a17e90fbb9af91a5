// Private integrations and PRIVATE APIs inside VS Code against the local gateway: the tree shows
// a private integration with its own icon and the VPC link's name and status, toggles it like
// any HTTP_PROXY, the doctor flags what breaks it, and the console opened on a private API's
// method is prefilled with the x-apigw-api-id form that reaches the local gateway.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import {
  APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, CreateVpcLinkCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, CreateVpcLinkCommand as CreateVpcLinkV2Command } from '@aws-sdk/client-apigatewayv2';
import type { StreamGateTestHooks } from '../../src/extension/extension';
import { findMethod, getApi, setSetting } from './helpers';

const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders-nlb/0123456789abcdef';
const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*',
  Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0local00000000000' } } }] });

describe('private integrations and PRIVATE APIs in VS Code', function () {
  this.timeout(180_000);
  let api: StreamGateTestHooks;
  let sdk: APIGatewayClient;
  let backend: http.Server;
  const seen: string[] = [];

  before(async () => {
    backend = http.createServer((req, res) => {
      seen.push(`${req.headers.host} ${req.url} ${req.headers['x-apigw-api-id'] ?? '-'}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ from: 'orders-service', url: req.url }));
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    api = await getApi();
    // The mapping is read when the gateway starts: settings first, then a restart (a visible tree
    // may auto-start the gateway as soon as a setting changes; that start sees them too).
    await setSetting('connection', 'local');
    await setSetting('local.port', 0);
    await setSetting('local.vpcLinks', { 'orders-link': `http://127.0.0.1:${(backend.address() as AddressInfo).port}` });
    await api.local.stop();
    const gw = await api.local.start();
    api.connections.reset();
    sdk = new APIGatewayClient({ endpoint: gw.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  });
  after(async () => {
    sdk.destroy();
    await setSetting('local.vpcLinks', undefined);
    await new Promise<void>((resolve) => { backend.closeAllConnections(); backend.close(() => resolve()); });
  });

  async function privateApi(name: string, connectionId: string, withPolicy = true) {
    const created = await sdk.send(new CreateRestApiCommand({ name, endpointConfiguration: { types: ['PRIVATE'] }, ...(withPolicy ? { policy } : {}) }));
    await sdk.send(new PutMethodCommand({ restApiId: created.id, resourceId: created.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({ restApiId: created.id, resourceId: created.rootResourceId, httpMethod: 'GET', type: 'HTTP_PROXY',
      integrationHttpMethod: 'GET', uri: 'http://internal-nlb.example/orders', connectionType: 'VPC_LINK', connectionId }));
    return created.id!;
  }

  it('shows a private integration with its own icon and the VPC link\'s name and status; toggles it as streamable', async () => {
    const link = await sdk.send(new CreateVpcLinkCommand({ name: 'orders-link', targetArns: [NLB] }));
    const apiId = await privateApi('private-orders', link.id!);
    await new Promise((r) => setTimeout(r, 1100)); // the local link's PENDING → AVAILABLE delay
    api.tree.refresh();
    const method = await findMethod(api, apiId, '/', 'GET');
    const item = method.toTreeItem();
    assert.match(String(item.description), /^HTTP_PROXY · VPC link orders-link \(AVAILABLE\) · BUFFERED · 29 s$/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'plug', 'private integrations have their own icon');
    assert.match(String(item.contextValue), /\bstreamable\b/);
    assert.match(String(item.contextValue), /\bprivate\b/);
    assert.match((item.tooltip as vscode.MarkdownString).value, /VPC link [a-z0-9]{6} "orders-link": AVAILABLE/);

    assert.equal(await vscode.commands.executeCommand('streamgate.toggleStreaming', method), 'STREAM', api.lastError());
    assert.equal(method.integration?.responseTransferMode, 'STREAM');
    assert.equal(method.integration?.connectionType, 'VPC_LINK', 'the connection is kept');
    assert.match(String(method.toTreeItem().description), /VPC link orders-link \(AVAILABLE\) · STREAM · 29 s · not deployed/);
  });

  it('shows a private integration over a VPC link V2 (integrationTarget) with the V2 link\'s name and status', async () => {
    const v2 = new ApiGatewayV2Client({ endpoint: api.local.current!.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const link = await v2.send(new CreateVpcLinkV2Command({ Name: 'alb-link', SubnetIds: ['subnet-1'] }));
    v2.destroy();
    const created = await sdk.send(new CreateRestApiCommand({ name: 'private-v2', endpointConfiguration: { types: ['REGIONAL'] } }));
    await sdk.send(new PutMethodCommand({ restApiId: created.id, resourceId: created.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({ restApiId: created.id, resourceId: created.rootResourceId, httpMethod: 'GET', type: 'HTTP_PROXY',
      integrationHttpMethod: 'GET', uri: 'http://orders.internal.example/', connectionType: 'VPC_LINK', connectionId: link.VpcLinkId,
      integrationTarget: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders-alb/0123456789abcdef' }));
    api.tree.refresh();
    const method = await findMethod(api, created.id!, '/', 'GET');
    const item = method.toTreeItem();
    assert.match(String(item.description), /VPC link alb-link \((PENDING|AVAILABLE)\)/);
    assert.match((item.tooltip as vscode.MarkdownString).value, /Private integration over a VPC link V2[\s\S]*Integration target: arn:aws:elasticloadbalancing:.*app\/orders-alb/);
  });

  it('the doctor flags a PRIVATE API without a policy, a link that is not AVAILABLE and an undefined ${stageVariables.vpcLinkId}', async () => {
    const failed = await sdk.send(new CreateVpcLinkCommand({ name: 'alb-by-mistake',
      targetArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders-alb/0123456789abcdef'] }));
    const noPolicy = await privateApi('private-no-policy', failed.id!, false);
    const viaVariable = await privateApi('private-stage-variable', '${stageVariables.vpcLinkId}');
    await sdk.send(new CreateDeploymentCommand({ restApiId: viaVariable, stageName: 'dev' }));
    api.tree.refresh();
    const broken = await findMethod(api, noPolicy, '/', 'GET');
    assert.equal((broken.toTreeItem().iconPath as vscode.ThemeIcon).id, 'warning', 'a FAILED link shows as a problem on the tree item');
    const findings = await api.doctor.findings(broken.apiNode);
    const codes = findings.map((f) => f.diagnostic.code);
    assert.ok(codes.includes('private-api-without-policy'), codes.join(', '));
    assert.ok(codes.includes('vpc-link-not-available'), codes.join(', '));

    const stageMethod = await findMethod(api, viaVariable, '/', 'GET');
    const stageFindings = await api.doctor.findings(stageMethod.apiNode);
    const undefinedVar = stageFindings.find((f) => f.diagnostic.code === 'vpc-link-stage-variable-undefined');
    assert.ok(undefinedVar, stageFindings.map((f) => f.diagnostic.code).join(', '));
    assert.match(undefinedVar.diagnostic.message, /Stage "dev" does not define the stage variable "vpcLinkId"/);
    assert.match(String(stageMethod.toTreeItem().description), /VPC link via \$\{stageVariables\.vpcLinkId\}/);
  });

  it('opens a private API\'s method in the console with the x-apigw-api-id form, and that request reaches the mapped service', async () => {
    const link = (await sdk.send(new CreateVpcLinkCommand({ name: 'orders-link', targetArns: [NLB] }))).id!;
    await new Promise((r) => setTimeout(r, 1100));
    const apiId = await privateApi('private-console', link);
    await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    api.tree.refresh();
    const method = await findMethod(api, apiId, '/', 'GET');
    const handle = await vscode.commands.executeCommand<{ send(): Promise<{ status: number | null; outcome: string }> }>('streamgate.openInConsole', method);
    assert.ok(handle, `console opened: ${api.lastError()}`);
    const before = seen.length;
    const run = await handle.send();
    assert.equal(run.outcome, 'complete');
    if (run.status !== 200) {
      const direct = await fetch(`${api.local.current!.url}/dev/`, { headers: { 'x-apigw-api-id': apiId } });
      assert.fail(`console got ${run.status}; the same header form directly: ${direct.status} ${direct.headers.get('x-streamgate-error')}`);
    }
    assert.equal(seen.slice(before).at(-1), `internal-nlb.example /orders ${apiId}`, 'sent with x-apigw-api-id, through the VPC link mapping, with the URI host as Host');
  });
});
