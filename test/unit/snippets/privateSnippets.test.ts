// IaC snippets for private integrations carry the connection fields in every format.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { awsCliSnippet, cdkSnippet, cloudFormationSnippet, openApiSnippet, terraformSnippet, type SnippetContext } from '../../../src/core/snippets';

const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders-alb/0123456789abcdef';
const ctx = (connectionId: string, integrationTarget?: string): SnippetContext => ({
  apiId: 'abc123defg', resourceId: 'res001', httpMethod: 'GET', path: '/orders', region: 'us-east-1',
  settings: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://internal-nlb.example/orders', responseTransferMode: 'STREAM', timeoutInMillis: 60000,
    connectionType: 'VPC_LINK', connectionId, ...(integrationTarget ? { integrationTarget } : {}) },
});

describe('snippets: private integrations', () => {
  it('CloudFormation and OpenAPI include ConnectionType, ConnectionId and IntegrationTarget', () => {
    const cf = parse(cloudFormationSnippet(ctx('v2link', ALB))) as { Resources: Record<string, { Properties: { Integration: Record<string, unknown> } }> };
    const integration = Object.values(cf.Resources)[0]!.Properties.Integration;
    assert.equal(integration.ConnectionType, 'VPC_LINK');
    assert.equal(integration.ConnectionId, 'v2link');
    assert.equal(integration.IntegrationTarget, ALB);
    const oa = parse(openApiSnippet(ctx('${stageVariables.vpcLinkId}'))) as { paths: Record<string, Record<string, Record<string, Record<string, unknown>>>> };
    const x = oa.paths['/orders']!.get!['x-amazon-apigateway-integration']!;
    assert.equal(x.connectionType, 'VPC_LINK');
    assert.equal(x.connectionId, '${stageVariables.vpcLinkId}');
  });

  it('the AWS CLI command sets the connection in the same update-integration call', () => {
    const text = awsCliSnippet(ctx('${stageVariables.vpcLinkId}'));
    const json = /--patch-operations '(.+)'/.exec(text)?.[1];
    assert.ok(json, text);
    assert.deepEqual(JSON.parse(json).map((o: { path: string; value: string }) => [o.path, o.value]).slice(3), [
      ['/connectionType', 'VPC_LINK'], ['/connectionId', '${stageVariables.vpcLinkId}'],
    ]);
  });

  it('Terraform writes connection_type, connection_id (stage variable escaped) and integration_target', () => {
    const tf = terraformSnippet(ctx('${stageVariables.vpcLinkId}', ALB));
    assert.match(tf, /connection_type\s+= "VPC_LINK"/);
    assert.match(tf, /connection_id\s+= "\$\$\{stageVariables\.vpcLinkId\}"/);
    assert.match(tf, /integration_target\s+= "arn:aws:elasticloadbalancing:.*app\/orders-alb/);
  });

  it('CDK names the link with VpcLink.fromVpcLinkId and sets integrationTarget as an override', () => {
    const cdk = cdkSnippet(ctx('v2link', ALB));
    assert.match(cdk, /vpcLink: apigateway\.VpcLink\.fromVpcLinkId\(this, 'VpcLink', "v2link"\)/);
    assert.match(cdk, /const method = resource\.addMethod\("GET", getOrdersIntegration\);/);
    assert.match(cdk, /addPropertyOverride\('Integration\.IntegrationTarget', "arn:aws:elasticloadbalancing/);
    assert.doesNotMatch(cdkSnippet(ctx('v1link')), /addPropertyOverride/);
  });
});
