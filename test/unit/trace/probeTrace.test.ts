// `streamgate probe URL --trace` as a user runs it (a child process) against a real local gateway:
// the sample /chat BUFFERED → "gateway" and STREAM → "none"; a function that collects its output →
// "function"; a buffering HTTP proxy of our own between the probe and the gateway → "between";
// and the AWS path — GetStage, FilterLogEvents through @aws-sdk/client-cloudwatch-logs against
// the gateway's own CloudWatch Logs API, with the access log arriving late.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { startLocalGateway, SAMPLE_STAGE, type LocalGateway } from '../../../src/local/index';
import { SAMPLE_FUNCTIONS, sampleFunctionArn } from '../../../src/local/sample/handlers';
import { STREAMING_ACCESS_LOG_FORMAT } from '../../../src/core/trace';
import { runCli } from '../cli/runCli';
import { deployLambda, FIXTURE_LAMBDAS, sdkClient } from '../local/helpers';

interface ProbeJson { status: number; trace: { diagnosis?: { hop: string; reason: string }; error?: string; accessLogging?: string; waitedMs?: number; logGroup?: string; source?: string;
  function?: { functionName: string; durationMs: number | null; coldStart: boolean } | null; gateway?: { modeServed: string | null; integrationLatency: number | null } } }

async function probeJson(args: string[]): Promise<ProbeJson> {
  const r = await runCli(['probe', ...args, '--trace', '--json'], 90_000);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ProbeJson;
}

/** A reverse proxy that holds each invoke-URL response until it is complete (as a buffering proxy or a compressing hop does). */
async function startBufferingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent: false }, (up) => {
      const parts: Buffer[] = [];
      up.on('data', (c: Buffer) => parts.push(c));
      up.on('end', () => {
        const body = Buffer.concat(parts);
        const headers = { ...up.headers };
        delete headers['transfer-encoding'];
        res.writeHead(up.statusCode!, { ...headers, 'content-length': String(body.length) });
        res.end(body);
      });
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

describe('streamgate probe --trace', function () {
  this.timeout(120_000);
  let gw: LocalGateway;
  before(async () => { gw = await startLocalGateway({ sampleScale: 0.25, handlerDirs: [FIXTURE_LAMBDAS] }); });
  after(async () => { await gw.close(); });

  it('sample /chat BUFFERED: hop "gateway"; human output prints the diagnosis line', async () => {
    const url = gw.invokeUrl(gw.sampleApiId!, SAMPLE_STAGE, 'chat');
    const j = await probeJson([url]);
    assert.equal(j.trace.diagnosis?.hop, 'gateway', JSON.stringify(j.trace));
    assert.equal(j.trace.gateway?.modeServed, 'BUFFERED');
    assert.equal(j.trace.function?.functionName, SAMPLE_FUNCTIONS.chat);
    const live = await runCli(['probe', url, '--trace'], 60_000);
    assert.equal(live.code, 0, live.stderr);
    assert.match(live.stdout, /^trace: buffered at the gateway: .*\(BUFFERED on stage dev\)$/m);
  });

  it('sample /chat STREAM: hop "none", streamed end to end', async () => {
    const url = await deployLambda(gw, 'chat', { functionArn: sampleFunctionArn(SAMPLE_FUNCTIONS.chat), mode: 'STREAM' });
    await runCli(['probe', url], 60_000); // warm
    const j = await probeJson([url]);
    assert.deepEqual(j.trace.diagnosis && [j.trace.diagnosis.hop, j.trace.diagnosis.reason], ['none', 'streamed end to end']);
  });

  it('a function that collects its output before writing: hop "function"', async () => {
    const url = await deployLambda(gw, 'collect-then-write', { mode: 'STREAM' });
    const j = await probeJson([`${url}?stepMs=20`]);
    assert.equal(j.trace.diagnosis?.hop, 'function', JSON.stringify(j.trace.diagnosis));
    assert.match(j.trace.diagnosis!.reason, /^buffered in the function: its first write was at \d+(\.\d\d)? m?s$/);
  });

  it('a buffering proxy between the probe and the gateway: hop "between"', async () => {
    const url = await deployLambda(gw, 'chat', { functionArn: sampleFunctionArn(SAMPLE_FUNCTIONS.chat), mode: 'STREAM' });
    const proxy = await startBufferingProxy(gw.url);
    try {
      const j = await probeJson([url.replace(gw.url, proxy.url)]);
      assert.equal(j.trace.diagnosis?.hop, 'between', JSON.stringify(j.trace.diagnosis));
      assert.match(j.trace.diagnosis!.reason, /^buffered between the gateway and you: the gateway sent first content at \d+ ms, your first byte arrived at .+ \(a proxy or compression in between\?\)$/);
    } finally {
      await proxy.close();
    }
  });

  it('refuses trace flags without --trace, and a bad --logs-endpoint', async () => {
    const url = gw.invokeUrl(gw.sampleApiId!, SAMPLE_STAGE, 'chat');
    const noTrace = await runCli(['probe', url, '--log-group', 'x']);
    assert.equal(noTrace.code, 2, noTrace.stderr);
    assert.match(noTrace.stderr, /only apply with --trace/);
    const bad = await runCli(['probe', url, '--trace', '--logs-endpoint', 'ftp://x']);
    assert.match(bad.stderr, /--logs-endpoint must be an http/);
  });
});

describe('streamgate probe --trace through CloudWatch Logs (the AWS path, real SDK, late log)', function () {
  this.timeout(120_000);
  let gw: LocalGateway;
  // Access logs and function logs become visible 1.5 s after they are written, as CloudWatch's arrive late.
  before(async () => { gw = await startLocalGateway({ sampleScale: 0.25, logsDeliveryDelayMs: 1500 }); });
  after(async () => { await gw.close(); });

  it('says access logging is off and how to turn it on', async () => {
    const j = await probeJson([gw.invokeUrl(gw.sampleApiId!, SAMPLE_STAGE, 'chat'), '--logs-endpoint', gw.url]);
    assert.equal(j.trace.accessLogging, 'off');
    assert.match(j.trace.error!, /Access logging is off on stage dev/);
  });

  it('reads the stage\'s JSON access log and the function\'s REPORT line, waiting for the late log', async () => {
    const sdk = sdkClient(gw.url);
    try {
      await sdk.send(new UpdateStageCommand({ restApiId: gw.sampleApiId, stageName: SAMPLE_STAGE, patchOperations: [
        { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:123456789012:log-group:sample-access' },
        { op: 'replace', path: '/accessLogSettings/format', value: STREAMING_ACCESS_LOG_FORMAT },
      ] }));
    } finally {
      sdk.destroy();
    }
    const j = await probeJson([gw.invokeUrl(gw.sampleApiId!, SAMPLE_STAGE, 'chat'), '--logs-endpoint', gw.url, '--region', 'us-east-1']);
    assert.equal(j.trace.source, 'aws');
    assert.equal(j.trace.logGroup, 'sample-access');
    assert.ok(j.trace.waitedMs! >= 1000, `the probe waited for the late log (${j.trace.waitedMs} ms)`);
    assert.equal(j.trace.gateway?.modeServed, 'BUFFERED');
    assert.ok(j.trace.gateway!.integrationLatency! > 100);
    assert.equal(j.trace.function?.functionName, SAMPLE_FUNCTIONS.chat);
    assert.equal(j.trace.function?.coldStart, false, 'the environment was warmed by the call before: no Init Duration');
    assert.ok(j.trace.function!.durationMs! > 100);
    assert.equal(j.trace.diagnosis?.hop, 'gateway', JSON.stringify(j.trace.diagnosis));
    assert.match(j.trace.diagnosis!.reason, /^buffered at the gateway: the integration took .+, the gateway's first content to the client was at .+ \(BUFFERED on stage dev\)$/);
  });
});
