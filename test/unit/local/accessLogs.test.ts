// Access logs: a stage's accessLogSettings.format (set with UpdateStage through the real SDK)
// is applied to every data-plane request — CLF, JSON, XML, CSV and custom $context variables
// including the streaming ones — with measured timings, to the log callback and to a
// JSON-lines file per stage.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type APIGatewayClient, UpdateStageCommand, BadRequestException, GetStageCommand } from '@aws-sdk/client-api-gateway';
import { ACCESS_LOG_FORMATS } from '../../../src/local/dataplane/accessLog';
import { startLocalGateway, type LocalGateway } from '../../../src/local/index';
import { deployMethod, sdkClient, startBackend, timedRequest, writeSchedule, type ScriptedBackend } from './helpers';

const STREAMING_FORMAT = JSON.stringify({
  requestId: '$context.requestId', status: '$context.status', mode: '$context.integration.responseTransferMode',
  headers: '$context.integration.timeToAllHeaders', first: '$context.integration.timeToFirstContent',
  latency: '$context.integration.latency', integrationLatency: '$context.integrationLatency', responseLatency: '$context.responseLatency',
  length: '$context.responseLength', integrationStatus: '$context.integration.status', error: '$context.error.message',
});

describe('local gateway: access logs with the stage format', function () {
  this.timeout(15_000);
  let gw: LocalGateway;
  let sdk: APIGatewayClient;
  let backend: ScriptedBackend;
  let dir: string;
  const lines: string[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sg-access-'));
    gw = await startLocalGateway({ sample: false, accessLogDir: dir, log: (l) => lines.push(l) });
    sdk = sdkClient(gw.url);
    // Headers at once, first body byte after 300 ms, end after 600 ms.
    backend = await startBackend((_req, res) => writeSchedule(res, [{ afterMs: 300, data: 'a' }, { afterMs: 300, data: 'bc' }]));
  });
  after(async () => { sdk.destroy(); await backend.close(); await gw.close(); rmSync(dir, { recursive: true, force: true }); });

  async function setFormat(apiId: string, format: string) {
    await sdk.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'dev', patchOperations: [
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:api' },
      { op: 'replace', path: '/accessLogSettings/format', value: format },
    ] }));
  }

  it('logs STREAMED with measured timeToAllHeaders < timeToFirstContent < latency, to the callback and the stage\'s JSON-lines file', async () => {
    const { apiId } = await deployMethod(sdk, '/s', { type: 'HTTP_PROXY', uri: `${backend.url}/s`, mode: 'STREAM' });
    await setFormat(apiId, STREAMING_FORMAT);
    assert.equal((await sdk.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }))).accessLogSettings?.format, STREAMING_FORMAT);
    const r = await timedRequest(gw.invokeUrl(apiId, 'dev', 's'));
    assert.equal(r.body.toString(), 'abc');
    const entry = JSON.parse(lines.at(-1)!);
    assert.equal(entry.requestId, r.headers['x-amzn-requestid']);
    assert.deepEqual([entry.status, entry.mode, entry.length, entry.integrationStatus, entry.error], ['200', 'STREAMED', '3', '200', '-']);
    const [h, first, latency, response] = [entry.headers, entry.first, entry.latency, entry.responseLatency].map(Number);
    assert.ok(h! < 250, `headers after ${h} ms`);
    assert.ok(first! >= 250 && first! < 1500, `first content after ${first} ms (backend waits 300 ms)`);
    assert.ok(latency! >= 550 && latency! >= first!, `latency ${latency} ms`);
    assert.equal(entry.integrationLatency, entry.latency);
    assert.ok(response! >= latency!);

    await gw.close();
    const file = readFileSync(path.join(dir, `${apiId}-dev.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(file.at(-1).requestId, entry.requestId);
    assert.equal(file.at(-1)['integration.responseTransferMode'], 'STREAMED');
    assert.equal(file.at(-1).line, lines.at(-1));
    gw = await startLocalGateway({ sample: false, accessLogDir: dir, log: (l) => lines.push(l) });
    sdk.destroy();
    sdk = sdkClient(gw.url);
  });

  it('applies the CLF, JSON, XML and CSV formats, with BUFFERED and error messages', async () => {
    const { apiId } = await deployMethod(sdk, '/b', { type: 'HTTP_PROXY', uri: `${backend.url}/b` });
    const url = gw.invokeUrl(apiId, 'dev', 'b');
    await setFormat(apiId, ACCESS_LOG_FORMATS.CLF);
    const r = await timedRequest(url, { headers: { 'user-agent': 'tester' } });
    assert.match(lines.at(-1)!, new RegExp(`^127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\] "GET /b HTTP/1\\.1" 200 3 ${r.headers['x-amzn-requestid']}$`));
    await setFormat(apiId, ACCESS_LOG_FORMATS.JSON);
    await timedRequest(url);
    assert.equal(JSON.parse(lines.at(-1)!).resourcePath, '/b');
    await setFormat(apiId, ACCESS_LOG_FORMATS.XML);
    await timedRequest(url);
    assert.match(lines.at(-1)!, /^<request id="[0-9a-f-]{36}"> <ip>127\.0\.0\.1<\/ip>.*<status>200<\/status>.*<\/request>$/);
    await setFormat(apiId, ACCESS_LOG_FORMATS.CSV);
    await timedRequest(url);
    assert.equal(lines.at(-1)!.split(',').length, 10);

    await setFormat(apiId, '$context.requestId $context.status "$context.error.message" $context.integration.responseTransferMode $context.error.responseType');
    await timedRequest(gw.invokeUrl(apiId, 'dev', 'missing'));
    assert.match(lines.at(-1)!, /^[0-9a-f-]{36} 403 "Missing Authentication Token" - MISSING_AUTHENTICATION_TOKEN$/);
  });

  it('refuses a format without $context.requestId, as AWS does', async () => {
    const { apiId } = await deployMethod(sdk, '/x', { type: 'HTTP_PROXY', uri: `${backend.url}/x` });
    await assert.rejects(setFormat(apiId, '$context.status'), (e: unknown) => e instanceof BadRequestException && /\$context\.requestId/.test(e.message));
  });
});
