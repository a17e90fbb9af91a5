// PRIVATE REST APIs on the local gateway over real HTTP: invoked with x-apigw-api-id, with a
// {api-id}-{vpce-id}.execute-api.{region}.vpce.amazonaws.com Host or the private-DNS Host;
// the deployed resource policy evaluated for aws:SourceVpce / aws:SourceVpc against the
// configured local VPC endpoint; AWS's refusals (no policy, implicit and explicit deny).
import assert from 'node:assert/strict';
import * as http from 'node:http';
import {
  type APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
  UpdateRestApiCommand, GetExportCommand, ImportRestApiCommand, PutRestApiCommand, GetRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { sdkClient } from './helpers';

const LOCAL_VPCE = 'vpce-0abc1234def567890';
const LOCAL_VPC = 'vpc-0123456789abcdef0';

const allowFromVpce = (vpce: string) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': vpce } } },
  ],
});

/** Sends a request to the gateway with a chosen Host (what `curl --resolve` does). */
function send(gw: LocalGateway, path: string, headers: Record<string, string>): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: gw.port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local data plane: PRIVATE APIs and resource policies', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;

  before(async () => {
    gw = await startLocalGateway({ sample: false, debugHeaders: true, vpcEndpointId: LOCAL_VPCE, vpcId: LOCAL_VPC });
    sdk = sdkClient(gw.url);
  });
  after(async () => { sdk.destroy(); await gw.close(); });

  /** A PRIVATE API with GET /ping (MOCK), the given policy, deployed to dev when it has one. */
  async function privateApi(policy: string | undefined, vpcEndpointIds?: string[]) {
    const api = await sdk.send(new CreateRestApiCommand({ name: 'private', endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds }, policy }));
    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    // As on AWS, a MOCK answers through its integration response (which needs a method response).
    await sdk.send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', statusCode: '200' }));
    await sdk.send(new PutIntegrationResponseCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', statusCode: '200' }));
    if (policy) await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    return api.id!;
  }

  it('refuses to deploy a private API without a resource policy, as AWS does', async () => {
    const apiId = await privateApi(undefined);
    await assert.rejects(sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' })),
      (e: Error) => e.name === 'BadRequestException' && e.message === "Private REST API doesn't have a resource policy attached to it");
  });

  it('invoked with x-apigw-api-id, with the vpce Host and the private-DNS Host when the policy allows the local VPC endpoint', async () => {
    const apiId = await privateApi(allowFromVpce(LOCAL_VPCE), [LOCAL_VPCE]);
    const byHeader = await send(gw, '/dev/', { host: `${LOCAL_VPCE}-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com`, 'x-apigw-api-id': apiId });
    assert.equal(byHeader.status, 200, byHeader.body);
    const byVpceHost = await send(gw, '/dev/', { host: `${apiId}-${LOCAL_VPCE}.execute-api.us-east-1.vpce.amazonaws.com:${gw.port}` });
    assert.equal(byVpceHost.status, 200, byVpceHost.body);
    const byPrivateDns = await send(gw, '/dev/', { host: `${apiId}.execute-api.us-east-1.amazonaws.com` });
    assert.equal(byPrivateDns.status, 200, byPrivateDns.body);
    const byLocalPath = await send(gw, `/restapis/${apiId}/dev/_user_request_/`, {});
    assert.equal(byLocalPath.status, 200, 'the local path form counts as coming through the local VPC endpoint');
  });

  it('answers 403 with AWS\'s message when the policy does not allow the VPC endpoint (explicit and implicit deny)', async () => {
    const explicit = await privateApi(allowFromVpce('vpce-0someoneelse000000'));
    const r = await send(gw, '/dev/', { 'x-apigw-api-id': explicit });
    assert.equal(r.status, 403);
    assert.equal(r.headers['x-amzn-errortype'], 'AccessDeniedException');
    assert.deepEqual(JSON.parse(r.body), {
      message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:000000000000:${explicit}/dev/GET/ with an explicit deny`,
    });
    assert.match(String(r.headers['x-streamgate-error']), new RegExp(`from VPC endpoint ${LOCAL_VPCE} \\(VPC ${LOCAL_VPC}\\)`));

    const onlyOtherVpc = await privateApi(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0other' } } }] }));
    const implicit = await send(gw, '/dev/', { 'x-apigw-api-id': onlyOtherVpc });
    assert.equal(implicit.status, 403);
    assert.equal(JSON.parse(implicit.body).message,
      `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:000000000000:${onlyOtherVpc}/dev/GET/`);

    const byVpc = await privateApi(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpc': LOCAL_VPC } } }] }));
    assert.equal((await send(gw, '/dev/', { 'x-apigw-api-id': byVpc })).status, 200, 'aws:SourceVpc matches the configured local VPC');
  });

  it('the vpce Host must name a VPC endpoint the API is associated with', async () => {
    const apiId = await privateApi(allowFromVpce(LOCAL_VPCE), [LOCAL_VPCE]);
    const r = await send(gw, '/dev/', { host: `${apiId}-vpce-0notassociated0000.execute-api.us-east-1.vpce.amazonaws.com` });
    assert.equal(r.status, 403);
    assert.match(String(r.headers['x-streamgate-error']), /not associated with/);
  });

  it('a policy change takes effect only after a redeploy; a private API whose deployment has no policy answers 403', async () => {
    const apiId = await privateApi(allowFromVpce(LOCAL_VPCE));
    await sdk.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/policy', value: allowFromVpce('vpce-0elsewhere00000000') }] }));
    assert.equal((await send(gw, '/dev/', { 'x-apigw-api-id': apiId })).status, 200, 'still the deployed policy');
    await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    assert.equal((await send(gw, '/dev/', { 'x-apigw-api-id': apiId })).status, 403, 'the redeployed policy denies');

    // A Regional API deployed without a policy, then switched to PRIVATE: nothing allows the call.
    const api = await sdk.send(new CreateRestApiCommand({ name: 'was regional', endpointConfiguration: { types: ['REGIONAL'] } }));
    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await sdk.send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', statusCode: '200' }));
    await sdk.send(new PutIntegrationResponseCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', statusCode: '200' }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    assert.equal((await send(gw, `/restapis/${api.id}/dev/_user_request_/`, {})).status, 200);
    const viaHeader = await send(gw, '/dev/', { 'x-apigw-api-id': api.id! });
    assert.equal(viaHeader.status, 403, 'a Regional API is not reachable through a VPC endpoint');
    await sdk.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: 'replace', path: '/endpointConfiguration/types/REGIONAL', value: 'PRIVATE' }] }));
    const noPolicy = await send(gw, '/dev/', { 'x-apigw-api-id': api.id! });
    assert.equal(noPolicy.status, 403);
    assert.match(JSON.parse(noPolicy.body).message, /^User: anonymous is not authorized to perform: execute-api:Invoke on resource: /);
    assert.match(String(noPolicy.headers['x-streamgate-error']), /has no resource policy/);
  });

  it('GetExport carries the deployed policy; ImportRestApi and PutRestApi take it back, so the copy deploys and answers', async () => {
    const apiId = await privateApi(allowFromVpce(LOCAL_VPCE));
    const out = await sdk.send(new GetExportCommand({ restApiId: apiId, stageName: 'dev', exportType: 'oas30', accepts: 'application/json', parameters: { extensions: 'integrations' } }));
    const doc = JSON.parse(Buffer.from(out.body!).toString()) as Record<string, unknown>;
    assert.deepEqual(doc['x-amazon-apigateway-policy'], JSON.parse(allowFromVpce(LOCAL_VPCE)));
    const withoutExtensions = await sdk.send(new GetExportCommand({ restApiId: apiId, stageName: 'dev', exportType: 'oas30', accepts: 'application/json' }));
    assert.equal(JSON.parse(Buffer.from(withoutExtensions.body!).toString())['x-amazon-apigateway-policy'], undefined);

    const copy = await sdk.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)), parameters: { endpointConfigurationTypes: 'PRIVATE' } }));
    assert.equal(copy.policy, allowFromVpce(LOCAL_VPCE));
    await sdk.send(new CreateDeploymentCommand({ restApiId: copy.id, stageName: 'dev' }));
    assert.equal((await send(gw, '/dev/', { 'x-apigw-api-id': copy.id! })).status, 200);

    const other = await sdk.send(new CreateRestApiCommand({ name: 'put target', endpointConfiguration: { types: ['PRIVATE'] } }));
    await sdk.send(new PutRestApiCommand({ restApiId: other.id, mode: 'overwrite', body: Buffer.from(JSON.stringify(doc)) }));
    assert.equal((await sdk.send(new GetRestApiCommand({ restApiId: other.id }))).policy, allowFromVpce(LOCAL_VPCE));
  });

  it('unknown stages and APIs addressed by header answer like the path form', async () => {
    assert.equal((await send(gw, '/dev/', { 'x-apigw-api-id': 'zzzzzzzzzz' })).status, 403);
    const apiId = await privateApi(allowFromVpce(LOCAL_VPCE));
    const r = await send(gw, '/nostage/', { 'x-apigw-api-id': apiId });
    assert.equal(r.status, 403);
    assert.match(String(r.headers['x-streamgate-error']), /No stage nostage/);
  });
});
