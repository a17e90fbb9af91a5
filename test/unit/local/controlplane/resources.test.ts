// Authorizers, API keys, usage plans and their keys, tags, the account, gateway responses (and
// their effect on the data plane's 4XX/5XX bodies), FlushStageCache — through the real AWS SDK —
// and a NotImplemented answer naming every other operation of the SDK's model, never a 404.
import assert from 'node:assert/strict';
import {
  type APIGatewayClient, ConflictException, CreateApiKeyCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand, DeleteApiKeyCommand, DeleteAuthorizerCommand, DeleteGatewayResponseCommand, DeleteUsagePlanCommand,
  DeleteUsagePlanKeyCommand, FlushStageCacheCommand, GetAccountCommand, GetApiKeyCommand, GetApiKeysCommand, GetAuthorizerCommand,
  GetAuthorizersCommand, GetDomainNamesCommand, GetGatewayResponseCommand, GetGatewayResponsesCommand, GetTagsCommand, GetUsagePlanKeysCommand,
  GetUsagePlansCommand, NotFoundException, PutGatewayResponseCommand, TagResourceCommand, UntagResourceCommand, UpdateApiKeyCommand,
  UpdateAuthorizerCommand, UpdateUsagePlanCommand, BadRequestException, UpdateMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { AWS_OPERATIONS } from '../../../../src/local/controlplane/awsOperations';
import { startLocalGateway, type LocalGateway } from '../../../../src/local/index';
import { bufferedUri, deployMethod, sdkClient, timedRequest } from '../helpers';

const authorizerUri = bufferedUri('authz');

describe('local control plane: authorizers, keys, plans, tags, account, gateway responses', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;

  before(async () => { gw = await startLocalGateway({ sample: false }); sdk = sdkClient(gw.url); });
  after(async () => { sdk.destroy(); await gw.close(); });

  it('Create/Get/Update/DeleteAuthorizer with AWS validation; a used authorizer cannot be deleted', async () => {
    const d = await deployMethod(sdk, '/a', { type: 'MOCK' });
    const a = await sdk.send(new CreateAuthorizerCommand({ restApiId: d.apiId, name: 'tok', type: 'TOKEN', authorizerUri, identitySource: 'method.request.header.Authorization' }));
    assert.match(a.id!, /^[a-z0-9]{6}$/);
    assert.equal(a.authorizerResultTtlInSeconds, 300, 'AWS default TTL');
    assert.equal((await sdk.send(new GetAuthorizerCommand({ restApiId: d.apiId, authorizerId: a.id }))).name, 'tok');
    const u = await sdk.send(new UpdateAuthorizerCommand({ restApiId: d.apiId, authorizerId: a.id, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '0' }] }));
    assert.equal(u.authorizerResultTtlInSeconds, 0);
    assert.equal((await sdk.send(new GetAuthorizersCommand({ restApiId: d.apiId }))).items?.length, 1);
    await assert.rejects(sdk.send(new CreateAuthorizerCommand({ restApiId: d.apiId, name: 'bad', type: 'TOKEN', authorizerUri: 'not-an-arn', identitySource: 'method.request.header.Authorization' })), BadRequestException);
    await assert.rejects(sdk.send(new UpdateAuthorizerCommand({ restApiId: d.apiId, authorizerId: a.id, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '4000' }] })), BadRequestException);
    await sdk.send(new UpdateMethodCommand({ restApiId: d.apiId, resourceId: d.resourceId, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/authorizationType', value: 'CUSTOM' }, { op: 'replace', path: '/authorizerId', value: a.id }] }));
    await assert.rejects(sdk.send(new DeleteAuthorizerCommand({ restApiId: d.apiId, authorizerId: a.id })), ConflictException);
    await sdk.send(new UpdateMethodCommand({ restApiId: d.apiId, resourceId: d.resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'NONE' }] }));
    await sdk.send(new DeleteAuthorizerCommand({ restApiId: d.apiId, authorizerId: a.id }));
    await assert.rejects(sdk.send(new GetAuthorizerCommand({ restApiId: d.apiId, authorizerId: a.id })), NotFoundException);
  });

  it('API keys, usage plans and usage plan keys', async () => {
    const d = await deployMethod(sdk, '/k', { type: 'MOCK' });
    const key = await sdk.send(new CreateApiKeyCommand({ name: 'ci-key', enabled: true, tags: { team: 'a' } }));
    assert.equal(key.value?.length, 40);
    assert.equal((await sdk.send(new GetApiKeyCommand({ apiKey: key.id }))).value, undefined, 'the value only with includeValue');
    assert.equal((await sdk.send(new GetApiKeyCommand({ apiKey: key.id, includeValue: true }))).value, key.value);
    assert.ok((await sdk.send(new GetApiKeysCommand({ nameQuery: 'ci-' }))).items?.some((k) => k.id === key.id));
    assert.equal((await sdk.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }))).enabled, false);

    const plan = await sdk.send(new CreateUsagePlanCommand({ name: 'gold', apiStages: [{ apiId: d.apiId, stage: 'dev' }], throttle: { rateLimit: 10, burstLimit: 5 }, quota: { limit: 1000, period: 'DAY' } }));
    assert.deepEqual(plan.apiStages, [{ apiId: d.apiId, stage: 'dev' }]);
    await assert.rejects(sdk.send(new CreateUsagePlanCommand({ name: 'x', apiStages: [{ apiId: d.apiId, stage: 'nostage' }] })), BadRequestException);
    const pk = await sdk.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    assert.deepEqual([pk.id, pk.type, pk.name], [key.id, 'API_KEY', 'ci-key']);
    assert.equal((await sdk.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items?.length, 1);
    assert.ok((await sdk.send(new GetUsagePlansCommand({ keyId: key.id }))).items?.some((p) => p.id === plan.id));
    const up = await sdk.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '20' }, { op: 'replace', path: '/name', value: 'platinum' }] }));
    assert.deepEqual([up.name, up.throttle?.rateLimit], ['platinum', 20]);
    await sdk.send(new DeleteUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id }));
    assert.equal((await sdk.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items?.length, 0);
    await sdk.send(new DeleteUsagePlanCommand({ usagePlanId: plan.id }));
    await sdk.send(new DeleteApiKeyCommand({ apiKey: key.id }));
    await assert.rejects(sdk.send(new GetApiKeyCommand({ apiKey: key.id })), NotFoundException);
  });

  it('GetTags / TagResource / UntagResource on APIs and stages; GetAccount', async () => {
    const d = await deployMethod(sdk, '/t', { type: 'MOCK' });
    const arn = `arn:aws:apigateway:us-east-1::/restapis/${d.apiId}`;
    await sdk.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'dev', owner: 'me' } }));
    assert.deepEqual((await sdk.send(new GetTagsCommand({ resourceArn: arn }))).tags, { env: 'dev', owner: 'me' });
    await sdk.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['owner'] }));
    assert.deepEqual((await sdk.send(new GetTagsCommand({ resourceArn: arn }))).tags, { env: 'dev' });
    const stageArn = `${arn}/stages/dev`;
    await sdk.send(new TagResourceCommand({ resourceArn: stageArn, tags: { s: '1' } }));
    assert.deepEqual((await sdk.send(new GetTagsCommand({ resourceArn: stageArn }))).tags, { s: '1' });
    await assert.rejects(sdk.send(new GetTagsCommand({ resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/nothere' })), NotFoundException);
    const account = await sdk.send(new GetAccountCommand({}));
    assert.deepEqual(account.throttleSettings, { burstLimit: 5000, rateLimit: 10000 });
    assert.deepEqual(account.features, ['UsagePlans']);
  });

  it('gateway responses: listed with defaults, customised with PutGatewayResponse, used for 4XX/5XX bodies after deployment, deleted back to the default', async () => {
    const d = await deployMethod(sdk, '/g', { type: 'MOCK' });
    const all = await sdk.send(new GetGatewayResponsesCommand({ restApiId: d.apiId }));
    const missing = all.items?.find((g) => g.responseType === 'MISSING_AUTHENTICATION_TOKEN');
    assert.deepEqual([missing?.statusCode, missing?.defaultResponse], ['403', true]);
    await sdk.send(new PutGatewayResponseCommand({ restApiId: d.apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN', statusCode: '404',
      responseParameters: { 'gatewayresponse.header.x-why': "'no route'" }, responseTemplates: { 'application/json': '{"error":$context.error.messageString,"type":"$context.error.responseType"}' } }));
    await sdk.send(new PutGatewayResponseCommand({ restApiId: d.apiId, responseType: 'DEFAULT_5XX', responseTemplates: { 'application/json': '{"oops":true}' } }));
    const g = await sdk.send(new GetGatewayResponseCommand({ restApiId: d.apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }));
    assert.deepEqual([g.statusCode, g.defaultResponse], ['404', false]);
    const url = gw.invokeUrl(d.apiId, 'dev', 'nowhere');
    assert.equal((await timedRequest(url)).status, 403, 'not deployed yet');
    await sdk.send(new CreateDeploymentCommand({ restApiId: d.apiId, stageName: 'dev' }));
    const custom = await timedRequest(url);
    assert.equal(custom.status, 404);
    assert.equal(custom.headers['x-why'], 'no route');
    assert.deepEqual(JSON.parse(custom.body.toString()), { error: 'Missing Authentication Token', type: 'MISSING_AUTHENTICATION_TOKEN' });
    const fiveHundred = await timedRequest(gw.invokeUrl(d.apiId, 'dev', 'g'));
    assert.equal(fiveHundred.status, 500, 'the MOCK has no integration response');
    assert.equal(fiveHundred.body.toString(), '{"oops":true}', 'DEFAULT_5XX applies');
    await sdk.send(new DeleteGatewayResponseCommand({ restApiId: d.apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }));
    assert.equal((await sdk.send(new GetGatewayResponseCommand({ restApiId: d.apiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }))).defaultResponse, true);
    await assert.rejects(sdk.send(new GetGatewayResponseCommand({ restApiId: d.apiId, responseType: 'NOT_A_TYPE' as never })), BadRequestException);
  });

  it('FlushStageCache answers 202 for a stage and NotFound for a missing one', async () => {
    const d = await deployMethod(sdk, '/f', { type: 'MOCK' });
    await sdk.send(new FlushStageCacheCommand({ restApiId: d.apiId, stageName: 'dev' }));
    await assert.rejects(sdk.send(new FlushStageCacheCommand({ restApiId: d.apiId, stageName: 'prod' })), NotFoundException);
  });

  it('answers every other operation of the SDK model with NotImplementedException naming it, never a 404', async () => {
    await assert.rejects(sdk.send(new GetDomainNamesCommand({})), (e: Error & { $metadata?: { httpStatusCode?: number } }) =>
      e.name === 'NotImplementedException' && /GetDomainNames is not implemented/.test(e.message) && e.$metadata?.httpStatusCode === 501);
    const unanswered: string[] = [];
    for (const [name, verb, path] of AWS_OPERATIONS) {
      const url = gw.url + path.replace(/\{[^}]+\}/g, 'zzzzzz');
      const r = await timedRequest(url, { method: verb, headers: { 'content-type': 'application/json' }, body: verb === 'GET' || verb === 'DELETE' ? undefined : '{}' });
      const type = String(r.headers['x-amzn-errortype'] ?? '');
      // A 404 is fine only as the operation's own NotFoundException for the made-up ids.
      const routeMissing = r.status === 404 && /No resource matches/.test(r.body.toString());
      if (routeMissing || r.status === 405 || (type === 'NotImplementedException' && !r.body.toString().includes(name))) unanswered.push(`${name}: ${r.status} ${r.body.toString()}`);
    }
    assert.deepEqual(unanswered, []);
  });
});
