// What the client receives, as on AWS: remapped and merged headers, AWS's ids on every response
// and no non-AWS headers, base64 Lambda bodies decoded only for binaryMediaTypes, and
// minimumCompressionSize compressing BUFFERED (never STREAM) responses — so the doctor's
// compression rule fires for an API on the local gateway.
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { type APIGatewayClient, GetRestApiCommand, UpdateRestApiCommand, CreateDeploymentCommand } from '@aws-sdk/client-api-gateway';
import { toRestApiSummary } from '../../../src/core/controlplane/mapping';
import { diagnoseIntegration } from '../../../src/core/rules/doctor';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { bufferedUri, deployMethod, FIXTURE_LAMBDAS, sdkClient, startBackend, timedRequest, type ScriptedBackend } from './helpers';

describe('local gateway: responses as AWS sends them', () => {
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let backend: ScriptedBackend;

  before(async () => {
    gw = await startLocalGateway({ sample: false, handlerDirs: [FIXTURE_LAMBDAS] });
    sdk = sdkClient(gw.url);
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', server: 'nginx', 'www-authenticate': 'Bearer' });
      res.end('y'.repeat(5000));
    });
  });
  after(async () => { sdk.destroy(); await backend.close(); await gw.close(); });

  it('remaps Date, Server, WWW-Authenticate, Connection and Content-MD5 to x-amzn-Remapped-*, and merges headers with multiValueHeaders', async () => {
    const { apiId } = await deployMethod(sdk, '/h', { type: 'AWS_PROXY', uri: bufferedUri('headers') });
    const r = await timedRequest(gw.invokeUrl(apiId, 'dev', 'h'));
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-amzn-remapped-date'], 'Mon, 01 Jan 2024 00:00:00 GMT');
    assert.notEqual(r.headers.date, 'Mon, 01 Jan 2024 00:00:00 GMT', 'the gateway sets its own Date');
    assert.equal(r.headers['x-amzn-remapped-server'], 'my-server');
    assert.equal(r.headers.server, undefined);
    assert.equal(r.headers['x-amzn-remapped-www-authenticate'], 'Basic realm="x"');
    assert.equal(r.headers['www-authenticate'], undefined);
    assert.equal(r.headers['x-amzn-remapped-connection'], 'close');
    assert.equal(r.headers['x-amzn-remapped-content-md5'], 'abc');
    assert.equal(r.headers['x-both'], 'm1, m2', 'a name in both: only the multiValueHeaders values');
    assert.equal(r.headers['x-multi'], 'a, b');
    assert.equal(r.headers['x-single'], 'one');

    const proxied = await deployMethod(sdk, '/p', { type: 'HTTP_PROXY', uri: `${backend.url}/p` });
    const p = await timedRequest(gw.invokeUrl(proxied.apiId, 'dev', 'p'));
    assert.equal(p.headers['x-amzn-remapped-server'], 'nginx', 'HTTP_PROXY responses are remapped too');
    assert.equal(p.headers['x-amzn-remapped-www-authenticate'], 'Bearer');
  });

  it('sends x-amzn-RequestId, x-amz-apigw-id and X-Amzn-Trace-Id on every response, and no x-streamgate-* header unless debugging', async () => {
    const ok = await deployMethod(sdk, '/ids', { type: 'AWS_PROXY', uri: bufferedUri('headers') });
    const missing = await deployMethod(sdk, '/gone', { type: 'AWS_PROXY', uri: bufferedUri('no-such-function') });
    for (const r of [
      await timedRequest(gw.invokeUrl(ok.apiId, 'dev', 'ids')),
      await timedRequest(gw.invokeUrl(missing.apiId, 'dev', 'gone')),
      await timedRequest(gw.invokeUrl(ok.apiId, 'dev', 'nothing-here')),
    ]) {
      assert.match(String(r.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
      assert.match(String(r.headers['x-amz-apigw-id']), /^[A-Za-z0-9+/]{14}w=$/);
      assert.match(String(r.headers['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      assert.deepEqual(Object.keys(r.headers).filter((h) => h.startsWith('x-streamgate')), [], `status ${r.status}`);
    }
    const debug = await startLocalGateway({ sample: false, debugHeaders: true });
    try {
      const dsdk = sdkClient(debug.url);
      const d = await deployMethod(dsdk, '/gone', { type: 'AWS_PROXY', uri: bufferedUri('no-such-function') });
      assert.match(String((await timedRequest(debug.invokeUrl(d.apiId, 'dev', 'gone'))).headers['x-streamgate-error']), /Function not found/);
      dsdk.destroy();
    } finally { await debug.close(); }
  });

  it('decodes an isBase64Encoded Lambda body only when Accept or the response Content-Type matches binaryMediaTypes', async () => {
    const plain = await deployMethod(sdk, '/img', { type: 'AWS_PROXY', uri: bufferedUri('binary') });
    const asText = await timedRequest(gw.invokeUrl(plain.apiId, 'dev', 'img'), { headers: { accept: 'image/png' } });
    assert.equal(asText.body.toString(), 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAA=', 'no binaryMediaTypes: the base64 text');
    const binary = await deployMethod(sdk, '/img', { type: 'AWS_PROXY', uri: bufferedUri('binary'), api: { binaryMediaTypes: ['image/png'] } });
    const decoded = await timedRequest(gw.invokeUrl(binary.apiId, 'dev', 'img'));
    assert.equal(decoded.body.subarray(0, 4).toString('hex'), '89504e47', 'Content-Type image/png matches: decoded');
    const byAccept = await deployMethod(sdk, '/img', { type: 'AWS_PROXY', uri: bufferedUri('binary'), api: { binaryMediaTypes: ['application/x-bytes'] } });
    const viaAccept = await timedRequest(gw.invokeUrl(byAccept.apiId, 'dev', 'img'), { headers: { accept: 'application/x-bytes' } });
    assert.equal(viaAccept.body.subarray(0, 4).toString('hex'), '89504e47', 'Accept matches: decoded');
    const notAccepted = await timedRequest(gw.invokeUrl(byAccept.apiId, 'dev', 'img'), { headers: { accept: 'text/html' } });
    assert.match(notAccepted.body.toString(), /^iVBOR/);
  });

  it('compresses BUFFERED responses over minimumCompressionSize when accepted, never STREAM ones; the doctor flags it', async () => {
    const { apiId } = await deployMethod(sdk, '/z', { type: 'HTTP_PROXY', uri: `${backend.url}/z` });
    const url = gw.invokeUrl(apiId, 'dev', 'z');
    assert.equal((await timedRequest(url, { headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'], undefined, 'compression off by default');
    await sdk.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/minimumCompressionSize', value: '1000' }] }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    const gz = await timedRequest(url, { headers: { 'accept-encoding': 'gzip, deflate' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(gz.body.length < 200, `5000 bytes compressed to ${gz.body.length}`);
    assert.equal(gunzipSync(gz.body).toString(), 'y'.repeat(5000));
    assert.equal((await timedRequest(url)).headers['content-encoding'], undefined, 'not compressed without Accept-Encoding');

    const big = await sdk.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/minimumCompressionSize', value: '10000' }] }));
    assert.equal(big.minimumCompressionSize, 10000);
    await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev' }));
    assert.equal((await timedRequest(url, { headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding'], undefined, 'under the threshold');

    const stream = await deployMethod(sdk, '/s', { type: 'HTTP_PROXY', uri: `${backend.url}/s`, mode: 'STREAM' });
    await sdk.send(new UpdateRestApiCommand({ restApiId: stream.apiId, patchOperations: [{ op: 'replace', path: '/minimumCompressionSize', value: '0' }] }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: stream.apiId, stageName: 'dev' }));
    const s = await timedRequest(gw.invokeUrl(stream.apiId, 'dev', 's'), { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(s.headers['content-encoding'], undefined, 'STREAM: content encoding is not supported');
    assert.equal(s.body.toString(), 'y'.repeat(5000));

    const summary = toRestApiSummary(await sdk.send(new GetRestApiCommand({ restApiId: stream.apiId })));
    const findings = diagnoseIntegration({ settings: { type: 'HTTP_PROXY', responseTransferMode: 'STREAM', timeoutInMillis: 29000 }, minimumCompressionSize: summary.minimumCompressionSize });
    assert.ok(findings.some((f) => f.code === 'stream-with-compression'), 'the doctor sees the local API compressing');
  });

});
