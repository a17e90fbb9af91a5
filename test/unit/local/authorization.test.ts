// Method authorization on the data plane, over real HTTP with the real AWS SDK configuring it:
// Lambda authorizers (TOKEN and REQUEST) through a FunctionInvoker, API keys in usage plans,
// and AWS_IAM's SigV4 presence/shape checks with AWS's messages.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  type APIGatewayClient, CreateApiKeyCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  FlushStageAuthorizersCacheCommand, UpdateMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { FunctionInvocation, FunctionInvoker } from '../../../src/local/functions/types';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { bufferedUri, deployMethod, FIXTURE_LAMBDAS, sdkClient, timedRequest } from './helpers';
/** An authorizer is invoked with the BUFFERED Lambda URI form. */
const authorizerUri = bufferedUri;

/** A function endpoint over HTTP: POST the event, get the raw result (or a function error). */
async function startFunctionServer(): Promise<{ url: string; calls: unknown[]; close(): Promise<void> }> {
  const { handler } = await import('../../fixtures/lambdas/authorizer.mjs' as string) as { handler: (e: unknown) => Promise<unknown> };
  const calls: unknown[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(parts).toString());
      calls.push(event);
      handler(event).then(
        (result) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(result)); },
        (err: Error) => { res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' }); res.end(JSON.stringify({ errorMessage: err.message, errorType: 'Error' })); },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** A FunctionInvoker that runs every function by POSTing to the function server. */
function httpInvoker(url: string): FunctionInvoker {
  return {
    has: () => true,
    close: () => Promise.resolve(),
    invoke: (inv: FunctionInvocation) => new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent: false }, (res) => {
        const headers: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ statusCode: res.statusCode!, headers, body: res as Readable });
      });
      req.on('error', reject);
      req.end(JSON.stringify(inv.event));
    }),
  };
}

describe('local gateway: method authorization', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let fn: Awaited<ReturnType<typeof startFunctionServer>>;

  before(async () => {
    fn = await startFunctionServer();
    gw = await startLocalGateway({ sample: false, handlerDirs: [FIXTURE_LAMBDAS], functionInvoker: httpInvoker(fn.url) });
    sdk = sdkClient(gw.url);
  });
  after(async () => { sdk.destroy(); await gw.close(); await fn.close(); });

  async function withAuthorizer(type: 'TOKEN' | 'REQUEST', ttl: number, identitySource: string) {
    const d = await deployMethod(sdk, '/secure', { type: 'AWS_PROXY', uri: bufferedUri('event-echo') });
    const a = await sdk.send(new CreateAuthorizerCommand({ restApiId: d.apiId, name: `auth-${type}`, type, authorizerUri: authorizerUri('authorizer'), identitySource, authorizerResultTtlInSeconds: ttl }));
    await sdk.send(new UpdateMethodCommand({ restApiId: d.apiId, resourceId: d.resourceId, httpMethod: 'GET', patchOperations: [
      { op: 'replace', path: '/authorizationType', value: 'CUSTOM' }, { op: 'replace', path: '/authorizerId', value: a.id },
    ] }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: d.apiId, stageName: 'dev' }));
    return { ...d, authorizerId: a.id!, url: gw.invokeUrl(d.apiId, 'dev', 'secure') };
  }

  it('TOKEN authorizer: 401 without a token, policy evaluated for the method ARN, context in requestContext.authorizer, results cached for the TTL', async () => {
    const { apiId, url } = await withAuthorizer('TOKEN', 300, 'method.request.header.Authorization');
    const none = await timedRequest(url);
    assert.equal(none.status, 401);
    assert.deepEqual(JSON.parse(none.body.toString()), { message: 'Unauthorized' });
    assert.equal(fn.calls.length, 0, 'a missing identity never calls the function');

    const allowed = await timedRequest(url, { headers: { Authorization: 'allow' } });
    assert.equal(allowed.status, 200, allowed.body.toString());
    const event = JSON.parse(allowed.body.toString());
    assert.deepEqual({ ...event.requestContext.authorizer, integrationLatency: 0 }, { principalId: 'user-allow', tier: 'gold', count: 3, admin: false, integrationLatency: 0 });
    const call = fn.calls.at(-1) as { type: string; authorizationToken: string; methodArn: string };
    assert.deepEqual([call.type, call.authorizationToken], ['TOKEN', 'allow']);
    assert.equal(call.methodArn, `arn:aws:execute-api:us-east-1:000000000000:${apiId}/dev/GET/secure`);

    const calls = fn.calls.length;
    assert.equal((await timedRequest(url, { headers: { Authorization: 'allow' } })).status, 200);
    assert.equal(fn.calls.length, calls, 'the second call with the same token is served from the cache');

    const denied = await timedRequest(url, { headers: { Authorization: 'deny' } });
    assert.equal(denied.status, 403);
    assert.deepEqual(JSON.parse(denied.body.toString()), { message: 'User is not authorized to access this resource with an explicit deny' });
    const unauthorized = await timedRequest(url, { headers: { Authorization: 'unauthorized' } });
    assert.equal(unauthorized.status, 401);
    const crashed = await timedRequest(url, { headers: { Authorization: 'boom' } });
    assert.equal(crashed.status, 500);
    assert.deepEqual(JSON.parse(crashed.body.toString()), { message: null });
    const bad = await timedRequest(url, { headers: { Authorization: 'bad' } });
    assert.equal(bad.status, 500);
  });

  it('REQUEST authorizer: identity sources from headers and query, TTL 0 calls every time, FlushStageAuthorizersCache empties the cache', async () => {
    const { apiId, url } = await withAuthorizer('REQUEST', 0, 'method.request.header.auth, method.request.querystring.tenant');
    const start = fn.calls.length;
    for (let i = 0; i < 2; i++) assert.equal((await timedRequest(`${url}?tenant=t1`, { headers: { auth: 'allow' } })).status, 200);
    assert.equal(fn.calls.length - start, 2, 'TTL 0: no caching');
    const call = fn.calls.at(-1) as { type: string; headers: Record<string, string>; queryStringParameters: Record<string, string> };
    assert.equal(call.type, 'REQUEST');
    assert.equal(call.headers.auth, 'allow');
    assert.equal(call.queryStringParameters.tenant, 't1');

    const cached = await withAuthorizer('REQUEST', 300, 'method.request.header.auth, method.request.querystring.tenant');
    assert.equal((await timedRequest(cached.url, { headers: { auth: 'allow' } })).status, 401, 'caching on: every identity source is required');
    const before = fn.calls.length;
    await timedRequest(`${cached.url}?tenant=t1`, { headers: { auth: 'allow' } });
    await timedRequest(`${cached.url}?tenant=t1`, { headers: { auth: 'allow' } });
    assert.equal(fn.calls.length - before, 1);
    await sdk.send(new FlushStageAuthorizersCacheCommand({ restApiId: cached.apiId, stageName: 'dev' }));
    await timedRequest(`${cached.url}?tenant=t1`, { headers: { auth: 'allow' } });
    assert.equal(fn.calls.length - before, 2, 'flushed: the authorizer runs again');
    void apiId;
  });

  it('apiKeyRequired: 403 {"message":"Forbidden"} unless x-api-key is an enabled key in a usage plan of the stage', async () => {
    const d = await deployMethod(sdk, '/keyed', { type: 'AWS_PROXY', uri: bufferedUri('event-echo'), method: { apiKeyRequired: true } });
    const url = gw.invokeUrl(d.apiId, 'dev', 'keyed');
    const forbidden = await timedRequest(url);
    assert.equal(forbidden.status, 403);
    assert.deepEqual(JSON.parse(forbidden.body.toString()), { message: 'Forbidden' });
    const key = await sdk.send(new CreateApiKeyCommand({ name: 'k', enabled: true }));
    assert.equal((await timedRequest(url, { headers: { 'x-api-key': key.value! } })).status, 403, 'a key outside any usage plan of the stage');
    const plan = await sdk.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId: d.apiId, stage: 'dev' }] }));
    await sdk.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    const ok = await timedRequest(url, { headers: { 'x-api-key': key.value! } });
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.body.toString()).requestContext.identity.apiKeyId, key.id);
    assert.equal((await timedRequest(url, { headers: { 'x-api-key': 'wrong-key-wrong-key-wrong' } })).status, 403);
  });

  it('AWS_IAM: Missing Authentication Token without a signature, IncompleteSignatureException for a malformed one, a SigV4-signed request passes', async () => {
    const d = await deployMethod(sdk, '/iam', { type: 'AWS_PROXY', uri: bufferedUri('event-echo'), method: { authorizationType: 'AWS_IAM' } });
    const url = gw.invokeUrl(d.apiId, 'dev', 'iam');
    const missing = await timedRequest(url);
    assert.equal(missing.status, 403);
    assert.deepEqual(JSON.parse(missing.body.toString()), { message: 'Missing Authentication Token' });
    assert.equal(missing.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    const malformed = await timedRequest(url, { headers: { Authorization: 'Bearer abc' } });
    assert.equal(malformed.status, 403);
    assert.equal(malformed.headers['x-amzn-errortype'], 'IncompleteSignatureException');
    assert.match(JSON.parse(malformed.body.toString()).message, /^Authorization header requires 'Credential' parameter\. .*Authorization=Bearer abc$/);

    const u = new URL(url);
    const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, sha256: Sha256 });
    const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: u.pathname, headers: { host: u.host }, query: {} });
    const ok = await timedRequest(url, { headers: signed.headers as Record<string, string> });
    assert.equal(ok.status, 200, ok.body.toString());
    assert.equal(JSON.parse(ok.body.toString()).requestContext.identity.accessKey, 'AKIDEXAMPLE', 'the access key of the (unverified) signature');
  });

  it('runs Lambda authorizers with the gateway\'s own function runner when no invoker is given', async () => {
    const local = await startLocalGateway({ sample: false, handlerDirs: [FIXTURE_LAMBDAS] });
    const lsdk = sdkClient(local.url);
    try {
      const d = await deployMethod(lsdk, '/secure', { type: 'AWS_PROXY', uri: bufferedUri('event-echo') });
      const a = await lsdk.send(new CreateAuthorizerCommand({ restApiId: d.apiId, name: 'a', type: 'TOKEN', authorizerUri: authorizerUri('authorizer'), identitySource: 'method.request.header.Authorization' }));
      await lsdk.send(new UpdateMethodCommand({ restApiId: d.apiId, resourceId: d.resourceId, httpMethod: 'GET', patchOperations: [
        { op: 'replace', path: '/authorizationType', value: 'CUSTOM' }, { op: 'replace', path: '/authorizerId', value: a.id }] }));
      await lsdk.send(new CreateDeploymentCommand({ restApiId: d.apiId, stageName: 'dev' }));
      const url = local.invokeUrl(d.apiId, 'dev', 'secure');
      assert.equal((await timedRequest(url, { headers: { Authorization: 'allow' } })).status, 200);
      assert.equal((await timedRequest(url, { headers: { Authorization: 'deny' } })).status, 403);
    } finally { lsdk.destroy(); await local.close(); }
  });
});
