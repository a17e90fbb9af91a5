// The AWS_PROXY event as AWS fills it, over real HTTP with the real AWS SDK building the API:
// header names in the client's case, requestContext fields and formats, query keys that are
// Object.prototype names, and request bodies base64-encoded only for binaryMediaTypes.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { bufferedUri, deployMethod, FIXTURE_LAMBDAS, sdkClient } from './helpers';

// The echoed event is read field by field; a loose JSON type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** Sends a request with header names exactly as given (node keeps rawHeaders' case on the wire). */
function send(url: string, o: { method?: string; headers?: Array<[string, string]>; body?: string | Buffer } = {}): Promise<{ status: number; json: Json }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? 'GET', agent: false, setHost: true });
    for (const [k, v] of o.headers ?? []) req.setHeader(k, v);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString();
        try { resolve({ status: res.statusCode!, json: JSON.parse(text) }); } catch { reject(new Error(`${res.statusCode}: ${text}`)); }
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('local gateway: the proxy event as AWS fills it', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let url: string;

  before(async () => {
    gw = await startLocalGateway({ sample: false, handlerDirs: [FIXTURE_LAMBDAS] });
    sdk = sdkClient(gw.url);
    const { apiId } = await deployMethod(sdk, '/items/{id}', {
      type: 'AWS_PROXY', uri: bufferedUri('event-echo'), verb: 'POST',
      api: { binaryMediaTypes: ['image/*', 'application/octet-stream'] },
    });
    url = gw.invokeUrl(apiId, 'dev', 'items/42');
  });
  after(async () => { sdk.destroy(); await gw.close(); });

  it('keeps header names as the client sent them (content-type stays lowercase, X-Custom stays capitalised)', async () => {
    const { json } = await send(url, { method: 'POST', headers: [['content-type', 'application/json'], ['X-Custom-Header', 'v1'], ['accept', 'text/plain']], body: '{}' });
    assert.equal(json.headers['content-type'], 'application/json');
    assert.equal(json.headers['Content-Type'], undefined, 'no re-capitalised duplicate');
    assert.equal(json.headers['X-Custom-Header'], 'v1');
    assert.deepEqual(json.multiValueHeaders['accept'], ['text/plain']);
    assert.match(json.headers['X-Amzn-Trace-Id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/, 'API Gateway adds a trace id for the function');
  });

  it('fills requestContext like AWS: requestTime format, epoch, identity fields, ids, path with stage', async () => {
    const before = Date.now();
    const { json } = await send(`${url}?x=1`, { method: 'POST', headers: [['User-Agent', 'curl/8.0']], body: 'hi' });
    const rc = json.requestContext;
    assert.match(rc.requestTime, /^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.ok(rc.requestTimeEpoch >= before - 1000 && rc.requestTimeEpoch <= Date.now(), 'epoch in ms');
    assert.equal(rc.resourcePath, '/items/{id}');
    assert.equal(rc.path, '/dev/items/42');
    assert.equal(rc.stage, 'dev');
    assert.equal(rc.httpMethod, 'POST');
    assert.equal(rc.protocol, 'HTTP/1.1');
    assert.match(rc.accountId, /^\d{12}$/);
    assert.equal(typeof rc.apiId, 'string');
    assert.match(rc.requestId, /^[0-9a-f-]{36}$/);
    assert.match(rc.extendedRequestId, /^[A-Za-z0-9+/]{14}w=$/);
    assert.equal(rc.domainName, new URL(url).host, 'the host the client called');
    assert.equal(typeof rc.deploymentId, 'string');
    for (const field of ['cognitoIdentityPoolId', 'accountId', 'cognitoIdentityId', 'caller', 'apiKey', 'apiKeyId', 'accessKey', 'userArn', 'user', 'principalOrgId', 'cognitoAuthenticationType', 'cognitoAuthenticationProvider']) {
      assert.ok(field in rc.identity && rc.identity[field] === null, `identity.${field} is present and null`);
    }
    assert.equal(rc.identity.sourceIp, '127.0.0.1');
    assert.equal(rc.identity.userAgent, 'curl/8.0');
    assert.deepEqual(json.pathParameters, { id: '42' });
  });

  it('treats query keys such as toString, constructor and __proto__ as ordinary keys', async () => {
    const { status, json } = await send(`${url}?toString=a&constructor=b&__proto__=c&hasOwnProperty=d&toString=e`, { method: 'POST' });
    assert.equal(status, 200);
    assert.equal(json.queryStringParameters.toString, 'e');
    assert.equal(json.queryStringParameters.constructor, 'b');
    assert.equal(json.queryStringParameters.hasOwnProperty, 'd');
    assert.ok(Object.prototype.hasOwnProperty.call(json.queryStringParameters, '__proto__'), '__proto__ arrives as a key');
    assert.deepEqual(json.multiValueQueryStringParameters.toString, ['a', 'e']);
  });

  it('base64-encodes request bodies only when their Content-Type matches binaryMediaTypes', async () => {
    const graphql = await send(url, { method: 'POST', headers: [['Content-Type', 'application/graphql']], body: '{ me { id } }' });
    assert.equal(graphql.json.isBase64Encoded, false);
    assert.equal(graphql.json.body, '{ me { id } }');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const image = await send(url, { method: 'POST', headers: [['Content-Type', 'image/png']], body: png });
    assert.equal(image.json.isBase64Encoded, true);
    assert.equal(image.json.body, png.toString('base64'));
    const empty = await send(url, { method: 'POST', headers: [['Content-Type', 'image/png']] });
    assert.equal(empty.json.body, null);
    assert.equal(empty.json.isBase64Encoded, false);
  });
});
