// A template names the local service behind each VPC link (Metadata.StreamGate.VpcLinks, or
// x-streamgate-vpc-links in OpenAPI); serving it maps the link, so a private integration reaches
// that service with its path intact. Bad metadata stops with the file and the entry named.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateVpcLinkCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { startLocalGateway } from '../../../src/local/index';
import { loadTemplate } from '../../../src/local/templates/load';
import { TemplateError } from '../../../src/local/templates/types';
import { sdkClient, startBackend, timedRequest } from '../local/helpers';

const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders-nlb/0123456789abcdef';

function templateFile(body: string, name = 'template.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-vpc-template-'));
  const file = join(dir, name);
  writeFileSync(file, body);
  return file;
}

const CFN = (url: string) => `AWSTemplateFormatVersion: '2010-09-09'
Metadata:
  StreamGate:
    VpcLinks:
      orders-link: ${url}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
`;

describe('templates: VPC link mappings from template metadata', () => {
  it('reads Metadata.StreamGate.VpcLinks and x-streamgate-vpc-links; none means none', () => {
    assert.deepEqual(loadTemplate(templateFile(CFN('http://127.0.0.1:8081'))).vpcLinks, { 'orders-link': 'http://127.0.0.1:8081' });
    const openApi = templateFile(JSON.stringify({ openapi: '3.0.1', info: { title: 'o', version: '1' }, paths: {}, 'x-streamgate-vpc-links': { abc123: 'http://127.0.0.1:9' } }), 'api.json');
    assert.deepEqual(loadTemplate(openApi).vpcLinks, { abc123: 'http://127.0.0.1:9' });
    assert.deepEqual(loadTemplate(templateFile(CFN('x').replace(/Metadata:[\s\S]*?Resources:/, 'Resources:'))).vpcLinks, {});
  });

  it('refuses metadata that is not NAME: URL, naming the file and the entry', () => {
    const notUrl = templateFile(CFN('not a url'));
    assert.throws(() => loadTemplate(notUrl), (e: unknown) => e instanceof TemplateError && e.message.includes(notUrl) && /Metadata\.StreamGate\.VpcLinks: .*orders-link/.test(e.message));
    const withPath = templateFile(CFN('http://127.0.0.1:8081/orders'));
    assert.throws(() => loadTemplate(withPath), /give only scheme, host and port/);
    const list = templateFile(CFN('x').replace('      orders-link: x', '      - http://127.0.0.1:1'));
    assert.throws(() => loadTemplate(list), /must map VPC link names or ids to local URLs/);
  });

  it('a served template maps its link: the private integration reaches the local service, path and query intact', async () => {
    const orders = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    const gw = await startLocalGateway({ sample: false, vpcLinkProvisionMs: 0 });
    const sdk = sdkClient(gw.url);
    try {
      const plan = loadTemplate(templateFile(CFN(orders.url)));
      const linkId = (await sdk.send(new CreateVpcLinkCommand({ name: 'orders-link', targetArns: [NLB] }))).id!;
      const api = await sdk.send(new CreateRestApiCommand({ name: 'orders' }));
      const res = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'orders' }));
      await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: res.id, httpMethod: 'GET', authorizationType: 'NONE' }));
      await sdk.send(new PutIntegrationCommand({
        restApiId: api.id, resourceId: res.id, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET',
        uri: 'http://internal-nlb.example/v1/orders', connectionType: 'VPC_LINK', connectionId: linkId,
      }));
      await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
      const before = await timedRequest(gw.invokeUrl(api.id!, 'dev', 'orders?x=1'));
      assert.equal(before.status, 500, 'without a mapping the link is unreachable, as on AWS');
      gw.mapVpcLinks(plan.vpcLinks);
      const after = await timedRequest(gw.invokeUrl(api.id!, 'dev', 'orders?x=1'));
      assert.equal(after.status, 200, after.body.toString());
      assert.deepEqual(JSON.parse(after.body.toString()), { path: '/v1/orders?x=1' });
    } finally {
      sdk.destroy();
      await gw.close();
      await orders.close();
    }
  });
});
