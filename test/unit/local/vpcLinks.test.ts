// VPC links on the local control plane through the real AWS SDKs: API Gateway's V1 links
// (CreateVpcLink … DeleteVpcLink, PENDING → AVAILABLE) and apigatewayv2's V2 links, and
// private integrations that name them (connectionType VPC_LINK, connectionId, integrationTarget).
import assert from 'node:assert/strict';
import {
  type APIGatewayClient, CreateRestApiCommand, CreateVpcLinkCommand, DeleteVpcLinkCommand, GetIntegrationCommand, GetRestApiCommand,
  GetResourcesCommand, GetVpcLinkCommand, GetVpcLinksCommand, ImportRestApiCommand, PutIntegrationCommand, PutMethodCommand, UpdateIntegrationCommand, UpdateRestApiCommand,
  UpdateVpcLinkCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client, CreateVpcLinkCommand as CreateVpcLinkV2Command, DeleteVpcLinkCommand as DeleteVpcLinkV2Command,
  GetVpcLinkCommand as GetVpcLinkV2Command, GetVpcLinksCommand as GetVpcLinksV2Command, UpdateVpcLinkCommand as UpdateVpcLinkV2Command,
} from '@aws-sdk/client-apigatewayv2';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { sdkClient } from './helpers';

const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders-nlb/0123456789abcdef';
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders-alb/0123456789abcdef';
const PROVISION_MS = 150;

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('local control plane: VPC links and private integrations (real AWS SDK)', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let v2: ApiGatewayV2Client;

  before(async () => {
    gw = await startLocalGateway({ sample: false, vpcLinkProvisionMs: PROVISION_MS });
    sdk = sdkClient(gw.url);
    v2 = new ApiGatewayV2Client({ endpoint: gw.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
  });
  after(async () => { sdk.destroy(); v2.destroy(); await gw.close(); });

  async function method() {
    const api = await sdk.send(new CreateRestApiCommand({ name: `private ${Math.random()}` }));
    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    return { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' };
  }

  it('CreateVpcLink answers PENDING, GetVpcLink turns AVAILABLE after provisioning; GetVpcLinks pages; Update; Delete', async () => {
    const created = await sdk.send(new CreateVpcLinkCommand({ name: 'orders-link', description: 'to the orders NLB', targetArns: [NLB], tags: { team: 'a' } }));
    assert.equal(created.status, 'PENDING');
    assert.match(created.id!, /^[a-z0-9]{6}$/);
    assert.deepEqual(created.targetArns, [NLB]);
    assert.deepEqual(created.tags, { team: 'a' });
    const started = Date.now();
    const ready = await until('AVAILABLE', async () => {
      const l = await sdk.send(new GetVpcLinkCommand({ vpcLinkId: created.id }));
      return l.status === 'AVAILABLE' ? l : undefined;
    });
    assert.ok(Date.now() - started >= PROVISION_MS - 30, 'stays PENDING for the provisioning delay');
    assert.equal(ready.name, 'orders-link');
    assert.ok(ready.statusMessage);

    const second = await sdk.send(new CreateVpcLinkCommand({ name: 'second', targetArns: [NLB] }));
    const page1 = await sdk.send(new GetVpcLinksCommand({ limit: 1 }));
    assert.equal(page1.items?.length, 1);
    assert.ok(page1.position, 'a position for the next page');
    const page2 = await sdk.send(new GetVpcLinksCommand({ limit: 1, position: page1.position }));
    assert.deepEqual([page1.items![0]!.id, page2.items![0]!.id].sort(), [created.id, second.id].sort());

    const renamed = await sdk.send(new UpdateVpcLinkCommand({ vpcLinkId: second.id, patchOperations: [
      { op: 'replace', path: '/name', value: 'renamed' }, { op: 'replace', path: '/description', value: 'd' }] }));
    assert.equal(renamed.name, 'renamed');
    assert.equal(renamed.description, 'd');
    await assert.rejects(sdk.send(new UpdateVpcLinkCommand({ vpcLinkId: second.id, patchOperations: [{ op: 'replace', path: '/targetArns', value: NLB }] })),
      (e: Error) => e.name === 'BadRequestException');

    await sdk.send(new DeleteVpcLinkCommand({ vpcLinkId: second.id }));
    await assert.rejects(sdk.send(new GetVpcLinkCommand({ vpcLinkId: second.id })), (e: Error) => e.name === 'NotFoundException' && /Invalid VPC link identifier/.test(e.message));
  });

  it('validates CreateVpcLink input and marks an ALB target FAILED with the reason (V1 links need an NLB)', async () => {
    await assert.rejects(sdk.send(new CreateVpcLinkCommand({ name: 'x', targetArns: [] })), /targetArns/);
    await assert.rejects(sdk.send(new CreateVpcLinkCommand({ name: 'x', targetArns: ['not-an-arn'] })), /Invalid target ARN not-an-arn/);
    const alb = await sdk.send(new CreateVpcLinkCommand({ name: 'alb', targetArns: [ALB] }));
    assert.equal(alb.status, 'FAILED');
    assert.match(alb.statusMessage!, /VPC link V2/);
  });

  it('VPC links V2 through the apigatewayv2 SDK: create PENDING → AVAILABLE, list, rename, delete', async () => {
    const created = await v2.send(new CreateVpcLinkV2Command({ Name: 'alb-link', SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroupIds: ['sg-1'] }));
    assert.equal(created.VpcLinkStatus, 'PENDING');
    assert.equal(created.VpcLinkVersion, 'V2');
    assert.ok(created.CreatedDate instanceof Date);
    const ready = await until('V2 AVAILABLE', async () => {
      const l = await v2.send(new GetVpcLinkV2Command({ VpcLinkId: created.VpcLinkId }));
      return l.VpcLinkStatus === 'AVAILABLE' ? l : undefined;
    });
    assert.deepEqual(ready.SubnetIds, ['subnet-1', 'subnet-2']);
    const list = await v2.send(new GetVpcLinksV2Command({}));
    assert.ok(list.Items?.some((l) => l.VpcLinkId === created.VpcLinkId));
    // V2 links are not V1 links: API Gateway's own GetVpcLinks does not list them.
    const v1 = await sdk.send(new GetVpcLinksCommand({ limit: 500 }));
    assert.ok(!v1.items?.some((l) => l.id === created.VpcLinkId));
    assert.equal((await v2.send(new UpdateVpcLinkV2Command({ VpcLinkId: created.VpcLinkId, Name: 'alb-2' }))).Name, 'alb-2');
    await v2.send(new DeleteVpcLinkV2Command({ VpcLinkId: created.VpcLinkId }));
    await assert.rejects(v2.send(new GetVpcLinkV2Command({ VpcLinkId: created.VpcLinkId })), (e: Error) => e.name === 'NotFoundException');
  });

  it('PutIntegration with VPC_LINK: an existing V1 link, a stage variable, a V2 link with integrationTarget; bad combinations refused', async () => {
    const link = await sdk.send(new CreateVpcLinkCommand({ name: 'pi-link', targetArns: [NLB] }));
    const m = await method();
    const base = { ...m, type: 'HTTP_PROXY' as const, integrationHttpMethod: 'GET', uri: 'http://internal-nlb.example/orders', connectionType: 'VPC_LINK' as const };
    const put = await sdk.send(new PutIntegrationCommand({ ...base, connectionId: link.id, responseTransferMode: 'STREAM' }));
    assert.equal(put.connectionType, 'VPC_LINK');
    assert.equal(put.connectionId, link.id);
    assert.equal(put.responseTransferMode, 'STREAM');

    const viaVariable = await sdk.send(new PutIntegrationCommand({ ...base, connectionId: '${stageVariables.vpcLinkId}' }));
    assert.equal(viaVariable.connectionId, '${stageVariables.vpcLinkId}');

    const linkV2 = await v2.send(new CreateVpcLinkV2Command({ Name: 'alb', SubnetIds: ['subnet-1'] }));
    const withTarget = await sdk.send(new PutIntegrationCommand({ ...base, connectionId: linkV2.VpcLinkId, integrationTarget: ALB }));
    assert.equal(withTarget.integrationTarget, ALB);
    assert.equal((await sdk.send(new GetIntegrationCommand(m))).integrationTarget, ALB);

    await assert.rejects(sdk.send(new PutIntegrationCommand({ ...base, connectionId: linkV2.VpcLinkId })), /VPC link V2: set integrationTarget/);
    await assert.rejects(sdk.send(new PutIntegrationCommand({ ...base, connectionId: link.id, integrationTarget: ALB })), /integrationTarget applies to VPC links V2 only/);
    await assert.rejects(sdk.send(new PutIntegrationCommand({ ...base, connectionId: 'nope00' })), /Invalid VPC link identifier specified: nope00/);
    await assert.rejects(sdk.send(new PutIntegrationCommand({ ...base, connectionId: undefined })), /connectionId is required/);
    await assert.rejects(sdk.send(new PutIntegrationCommand({ ...m, type: 'MOCK', connectionType: 'VPC_LINK', connectionId: link.id })), /only supported for HTTP and HTTP_PROXY/);

    // UpdateIntegration switches the link in one call and validates the result as a whole.
    const switched = await sdk.send(new UpdateIntegrationCommand({ ...m, patchOperations: [
      { op: 'replace', path: '/connectionId', value: link.id }, { op: 'remove', path: '/integrationTarget' }] }));
    assert.equal(switched.connectionId, link.id);
    assert.equal(switched.integrationTarget, undefined);
    await assert.rejects(sdk.send(new UpdateIntegrationCommand({ ...m, patchOperations: [{ op: 'replace', path: '/connectionType', value: 'INTERNET' }] })),
      /connectionId is only valid when connectionType is VPC_LINK/);
    assert.equal((await sdk.send(new GetIntegrationCommand(m))).connectionType, 'VPC_LINK', 'the refused update changed nothing');

    // A link in use cannot be deleted.
    await assert.rejects(sdk.send(new DeleteVpcLinkCommand({ vpcLinkId: link.id })), /still used by 1 integration/);
  });

  it('CreateRestApi and UpdateRestApi carry the resource policy and the PRIVATE endpoint with its VPC endpoint ids', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });
    const api = await sdk.send(new CreateRestApiCommand({ name: 'priv', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-aaa'] }, policy }));
    assert.equal(api.policy, policy);
    assert.deepEqual(api.endpointConfiguration, { types: ['PRIVATE'], vpcEndpointIds: ['vpce-aaa'] });
    const updated = await sdk.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [
      { op: 'add', path: '/endpointConfiguration/vpcEndpointIds', value: 'vpce-bbb' }, { op: 'remove', path: '/policy' }] }));
    assert.deepEqual(updated.endpointConfiguration?.vpcEndpointIds, ['vpce-aaa', 'vpce-bbb']);
    assert.equal(updated.policy, undefined);
    await assert.rejects(sdk.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/policy', value: '{not json' }] })), /Invalid policy document/);
    const regional = await sdk.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [
      { op: 'replace', path: '/endpointConfiguration/types/PRIVATE', value: 'REGIONAL' }] })).catch((e: Error) => e);
    assert.match(String((regional as Error).message), /only be associated with a PRIVATE/, 'refused while VPC endpoints are associated');
    assert.deepEqual((await sdk.send(new GetRestApiCommand({ restApiId: api.id }))).endpointConfiguration?.types, ['PRIVATE']);
  });

  it('ImportRestApi keeps a private integration\'s connection fields and x-amazon-apigateway-policy', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] };
    const doc = { openapi: '3.0.1', info: { title: 'imported private', version: '1' }, 'x-amazon-apigateway-policy': policy, paths: { '/orders': { get: {
      'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'http://internal-nlb.example/orders', connectionType: 'VPC_LINK',
        connectionId: '${stageVariables.vpcLinkId}', integrationTarget: ALB, responseTransferMode: 'STREAM' } } } } };
    const api = await sdk.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)), parameters: { endpointConfigurationTypes: 'PRIVATE' } }));
    assert.deepEqual(JSON.parse(api.policy!), policy);
    const resources = await sdk.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }));
    const integration = resources.items!.find((r) => r.path === '/orders')!.resourceMethods!.GET!.methodIntegration!;
    assert.equal(integration.connectionType, 'VPC_LINK');
    assert.equal(integration.connectionId, '${stageVariables.vpcLinkId}');
    assert.equal(integration.integrationTarget, ALB);
  });
});
