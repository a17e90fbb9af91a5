// The control-plane service against the local gateway (real AWS SDK): GetVpcLinks for the tree
// and doctor, a PRIVATE API's resource policy, stage variables and a private integration's fields.
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand, CreateRestApiCommand, CreateVpcLinkCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { createApiGatewayClient, createApiGatewayV2Client } from '../../../src/core/controlplane/client';
import { ControlPlaneService } from '../../../src/core/controlplane/service';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';

const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders-nlb/0123456789abcdef';

describe('control-plane service: VPC links and private APIs', () => {
  let gw: LocalGateway;
  before(async () => { gw = await startLocalGateway({ sample: false, vpcLinkProvisionMs: 0 }); });
  after(async () => { await gw.close(); });

  it('lists VPC links with name and status, and reads policy, stage variables and connection fields', async () => {
    const client = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url });
    const service = new ControlPlaneService(client);
    const link = await client.send(new CreateVpcLinkCommand({ name: 'orders-link', targetArns: [NLB] }));
    const links = await service.listVpcLinks();
    assert.deepEqual(links.map((l) => [l.id, l.name, l.status]), [[link.id, 'orders-link', 'AVAILABLE']]);
    assert.equal(service.callsByOperation.GetVpcLinks, 1);

    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });
    const api = await client.send(new CreateRestApiCommand({ name: 'private', endpointConfiguration: { types: ['PRIVATE'] }, policy }));
    await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'HTTP_PROXY',
      integrationHttpMethod: 'GET', uri: 'http://internal-nlb.example/', connectionType: 'VPC_LINK', connectionId: '${stageVariables.vpcLinkId}' }));
    await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev', variables: { vpcLinkId: link.id! } }));

    const summary = (await service.listAllRestApis()).find((a) => a.id === api.id)!;
    assert.equal(summary.endpointType, 'PRIVATE');
    assert.equal(summary.hasResourcePolicy, true);
    const [stage] = await service.listStages(api.id!);
    assert.deepEqual(stage!.variables, { vpcLinkId: link.id });
    const [root] = await service.listAllResources(api.id!);
    assert.deepEqual(root!.methods.GET!.integration, {
      type: 'HTTP_PROXY', responseTransferMode: 'BUFFERED', timeoutInMillis: 29000, uri: 'http://internal-nlb.example/', httpMethod: 'GET',
      connectionType: 'VPC_LINK', connectionId: '${stageVariables.vpcLinkId}',
    });
    client.destroy();
  });

  it('lists VPC links V2 through the apigatewayv2 client on the same connection, and none without one', async () => {
    const config = { region: 'us-east-1', endpoint: gw.url };
    const client = createApiGatewayClient(config);
    const v2 = await createApiGatewayV2Client(config);
    const { CreateVpcLinkCommand: CreateV2 } = await import('@aws-sdk/client-apigatewayv2');
    const created = await v2.send(new CreateV2({ Name: 'alb-link', SubnetIds: ['subnet-1'] }));
    const service = new ControlPlaneService(client, { v2Client: async () => v2 });
    const links = await service.listVpcLinksV2();
    assert.deepEqual(links.map((l) => [l.id, l.name, l.version, l.status]), [[created.VpcLinkId, 'alb-link', 'V2', 'AVAILABLE']]);
    assert.deepEqual(await new ControlPlaneService(client).listVpcLinksV2(), []);
    client.destroy();
    v2.destroy();
  });
});
