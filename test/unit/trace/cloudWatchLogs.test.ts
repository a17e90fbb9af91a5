// The local gateway's CloudWatch Logs API through the real @aws-sdk/client-cloudwatch-logs over
// HTTP, the access-log format parser (round trip with the gateway's own formatter), the REPORT
// line parser, and fetchAwsTrace's retry deadline on an injected clock.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as http from 'node:http';
import { UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import {
  CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand,
  InvalidParameterException, ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { startLocalGateway, SAMPLE_STAGE, type LocalGateway } from '../../../src/local/index';
import { ACCESS_LOG_FORMATS, formatAccessLog } from '../../../src/local/dataplane/accessLog';
import { SAMPLE_FUNCTIONS, sampleFunctionSpecs } from '../../../src/local/sample/handlers';
import { fetchAwsTrace, parseAccessLogLine, parseReportLine, enableAccessLogPatch, STREAMING_ACCESS_LOG_FORMAT } from '../../../src/core/trace';
import { sdkClient } from '../local/helpers';

const CUSTOM = '$context.requestId [$context.requestTime] "$context.httpMethod $context.resourcePath" $context.status ' +
  'mode=$context.integration.responseTransferMode ttah=${context.integration.timeToAllHeaders} ttfc=$context.integration.timeToFirstContent lat=$context.integration.latency rl=$context.responseLatency';

function logsClient(gw: LocalGateway): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ endpoint: gw.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers['x-amzn-requestid'] as string));
    }).on('error', reject);
  });
}

describe('CloudWatch Logs API of the local gateway (real SDK over HTTP)', function () {
  this.timeout(60_000);
  let gw: LocalGateway;
  let logs: CloudWatchLogsClient;
  let requestId: string;
  before(async () => {
    gw = await startLocalGateway({ sampleScale: 0.1 });
    logs = logsClient(gw);
    const sdk = sdkClient(gw.url);
    await sdk.send(new UpdateStageCommand({ restApiId: gw.sampleApiId, stageName: SAMPLE_STAGE, patchOperations: [
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:123456789012:log-group:custom-access:*' },
      { op: 'replace', path: '/accessLogSettings/format', value: CUSTOM },
    ] }));
    sdk.destroy();
    requestId = await get(gw.invokeUrl(gw.sampleApiId!, SAMPLE_STAGE, 'chat'));
  });
  after(async () => { logs.destroy(); await gw.close(); });

  it('DescribeLogGroups lists the stage\'s access-log group and /aws/lambda/NAME', async () => {
    const r = await logs.send(new DescribeLogGroupsCommand({}));
    const names = r.logGroups!.map((g) => g.logGroupName);
    assert.ok(names.includes('custom-access') && names.includes(`/aws/lambda/${SAMPLE_FUNCTIONS.chat}`), names.join(', '));
    const prefixed = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    assert.deepEqual(prefixed.logGroups!.map((g) => g.logGroupName), [`/aws/lambda/${SAMPLE_FUNCTIONS.chat}`]);
  });

  it('FilterLogEvents finds the access-log line by request id, and the custom format parses back', async () => {
    const r = await logs.send(new FilterLogEventsCommand({ logGroupName: 'custom-access', filterPattern: `"${requestId}"` }));
    assert.equal(r.events!.length, 1);
    const fields = parseAccessLogLine(CUSTOM, r.events![0]!.message!)!;
    assert.equal(fields.requestId, requestId);
    assert.equal(fields['integration.responseTransferMode'], 'BUFFERED');
    assert.equal(fields.resourcePath, '/chat');
    assert.ok(Number(fields['integration.latency']) > 50 && Number(fields.responseLatency) >= Number(fields['integration.latency']));
    const none = await logs.send(new FilterLogEventsCommand({ logGroupName: 'custom-access', filterPattern: '"no-such-request"' }));
    assert.deepEqual(none.events, []);
  });

  it('GetLogEvents: START, the function\'s lines, END and a REPORT line as Lambda writes it (cold start: Init Duration)', async () => {
    const group = `/aws/lambda/${SAMPLE_FUNCTIONS.chat}`;
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    assert.match(streams.logStreams![0]!.logStreamName!, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    const r = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: streams.logStreams![0]!.logStreamName!, startFromHead: true }));
    const messages = r.events!.map((e) => e.message!);
    const start = messages.findIndex((m) => m.startsWith('START RequestId: '));
    const report = messages.find((m) => m.startsWith('REPORT RequestId: '))!;
    assert.ok(start >= 0 && report, messages.join(''));
    assert.ok(messages.some((m) => /\tINFO\tyielded token 10\n$/.test(m)), 'the function\'s own lines, prefixed as the Node.js runtime does');
    const parsed = parseReportLine(report)!;
    assert.equal(messages[start], `START RequestId: ${parsed.requestId} Version: $LATEST\n`);
    assert.ok(parsed.durationMs > 50 && parsed.billedMs === Math.ceil(parsed.durationMs));
    assert.equal(parsed.memorySizeMb, sampleFunctionSpecs(1).find((f) => f.name === SAMPLE_FUNCTIONS.chat)!.memoryMb);
    assert.ok(parsed.initMs !== null && parsed.initMs > 0, report);
  });

  it('answers a missing group, a bad pattern and an unknown operation the way AWS does (typed, 400)', async () => {
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: 'nope' })), (e: unknown) => e instanceof ResourceNotFoundException && /nope/.test(e.message));
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: 'custom-access', filterPattern: '{ $.x ~ 1 }' })), (e: unknown) => e instanceof InvalidParameterException);
    const res = await fetch(gw.url, { method: 'POST', headers: { 'x-amz-target': 'Logs_20140328.PutLogEvents', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  });

  it('is guarded like the control plane (a foreign Host is refused)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(gw.url, { method: 'POST', headers: { host: 'rebound.example', 'x-amz-target': 'Logs_20140328.DescribeLogGroups', 'content-type': 'application/x-amz-json-1.1' }, agent: false }, (res) => { res.resume(); resolve(res.statusCode!); });
      req.on('error', reject);
      req.end('{}');
    });
    assert.equal(status, 403);
  });

  it('fetchAwsTrace gives up after its deadline (injected clock), having searched again and again', async () => {
    const apigw = sdkClient(gw.url);
    let now = 1_000_000;
    const sleeps: number[] = [];
    try {
      const r = await fetchAwsTrace({ restApiId: gw.sampleApiId!, stage: SAMPLE_STAGE, requestId: 'never-sent', sentAt: Date.now() },
        { apigw, logs, now: () => now, sleep: async (ms) => { sleeps.push(ms); now += ms; } });
      assert.equal(r.kind, 'not-found');
      assert.ok(r.kind === 'not-found' && r.waitedMs === 60_000 && /after 60 s/.test(r.message), JSON.stringify(r));
      assert.ok(sleeps.length >= 12 && sleeps.every((ms) => ms <= 5000), sleeps.join(','));
    } finally {
      apigw.destroy();
    }
  });
});

describe('access-log format parsing', () => {
  it('property: parses back what the gateway formats, for the CLF, CSV and streaming JSON formats', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9_.:/+=]{1,12}$/);
    fc.assert(fc.property(value, value, fc.integer({ min: 100, max: 599 }), fc.integer({ min: 0, max: 1e6 }), (requestId, path, status, latency) => {
      const values = { requestId, resourcePath: path, status, responseLatency: latency, 'integration.latency': latency, httpMethod: 'GET', 'integration.responseTransferMode': 'STREAMED' };
      for (const format of [ACCESS_LOG_FORMATS.CLF, ACCESS_LOG_FORMATS.CSV, STREAMING_ACCESS_LOG_FORMAT, ACCESS_LOG_FORMATS.JSON]) {
        const f = parseAccessLogLine(format, formatAccessLog(format, values))!;
        assert.ok(f, format);
        assert.equal(f.requestId, requestId);
        assert.equal(f.status, String(status));
        if (format.includes('responseLatency')) assert.equal(f.responseLatency, String(latency));
      }
    }), { numRuns: 200 });
  });

  it('reads unquoted JSON numbers, "-" as missing, and refuses a line of another shape', () => {
    const format = '{"id":"$context.requestId","lat":$context.responseLatency,"mode":"$context.integration.responseTransferMode"}';
    assert.deepEqual(parseAccessLogLine(format, '{"id":"a","lat":12,"mode":"-"}'), { requestId: 'a', responseLatency: '12', 'integration.responseTransferMode': null });
    assert.equal(parseAccessLogLine(ACCESS_LOG_FORMATS.CSV, 'not, a, csv line'), undefined);
  });

  it('builds the UpdateStage patch that turns streaming access logs on, and refuses a non-log ARN', () => {
    const patch = enableAccessLogPatch('arn:aws:logs:us-east-1:123456789012:log-group:access:*');
    assert.deepEqual(patch.map((p) => p.path), ['/accessLogSettings/destinationArn', '/accessLogSettings/format']);
    assert.equal(patch[0]!.value, 'arn:aws:logs:us-east-1:123456789012:log-group:access');
    for (const v of ['integration.responseTransferMode', 'integration.timeToAllHeaders', 'integration.timeToFirstContent', 'integration.requestId']) assert.ok(patch[1]!.value.includes(`$context.${v}`));
    assert.throws(() => enableAccessLogPatch('s3://bucket'), /not a CloudWatch Logs group/);
  });

  it('parses REPORT lines with and without Init Duration', () => {
    assert.deepEqual(parseReportLine('REPORT RequestId: 8f5b-1\tDuration: 2282.81 ms\tBilled Duration: 2283 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n'),
      { requestId: '8f5b-1', durationMs: 2282.81, billedMs: 2283, memorySizeMb: 128, maxMemoryUsedMb: 60, initMs: null });
    assert.equal(parseReportLine('REPORT RequestId: x Duration: 5.00 ms Billed Duration: 5 ms Memory Size: 128 MB Max Memory Used: 1 MB Init Duration: 243.40 ms')?.initMs, 243.4);
    assert.equal(parseReportLine('START RequestId: x Version: $LATEST'), undefined);
  });
});
