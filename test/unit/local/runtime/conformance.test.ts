// Runtime API conformance: the official Node runtime interface client (aws-lambda-ric from npm,
// unmodified, exec'd by a provided.al2023 bootstrap) and a bash + curl custom runtime written as
// AWS's tutorial writes one, each buffered and streaming, including an error after the first
// byte (the Lambda-Runtime-Function-Error-* trailers), through the gateway over real HTTP.
import assert from 'node:assert/strict';
import { startLocalGateway, type LocalGateway } from '../../../../src/local/index';
import type { FunctionLogLine } from '../../../../src/local/runtime/logs';
import { deployLambda, lambdaArn, timedRequest } from '../helpers';
import { bashFunction, requireRic, ricFunction } from './fixtures';

describe('Lambda Runtime API conformance', () => {
  let gw: LocalGateway;
  const logs: FunctionLogLine[] = [];
  const access: string[] = [];

  before(async () => {
    requireRic();
    gw = await startLocalGateway({
      sample: false,
      debugHeaders: true, // the error detail header, read by these tests
      log: (l) => access.push(l),
      onFunctionLog: (l) => logs.push(l),
      functions: [
        ricFunction('ric-buffered', 'buffered'), ricFunction('ric-streamed', 'streamed'), ricFunction('ric-midstream', 'midStreamError'), ricFunction('ric-fails', 'fails'),
        bashFunction('bash-buffered', 'handler'), bashFunction('bash-streamed', 'ticker_stream'), bashFunction('bash-midstream', 'ticker_stream_fail'),
      ],
    });
  });
  after(async () => { await gw?.close(); });

  describe('aws-lambda-ric (official Node runtime interface client)', () => {
    it('answers buffered, with the context it was given and its console output tagged with the request id', async () => {
      const r = await timedRequest(await deployLambda(gw, 'ric-buffered'), { timeoutMs: 20_000 });
      assert.equal(r.status, 201, r.body.toString());
      assert.equal(r.headers['x-runtime'], 'aws-lambda-ric');
      const body = JSON.parse(r.body.toString());
      assert.equal(body.path, '/fn');
      assert.equal(body.fn, 'ric-buffered');
      assert.equal(body.remaining, true);
      assert.match(body.requestId, /^[0-9a-f-]{36}$/);
      const requestId = String(r.headers['x-amzn-requestid']);
      assert.ok(logs.some((l) => l.requestId === requestId && /buffered invoked for \/fn/.test(l.line)), 'console.log reaches the function log with the request id');
      const trace = gw.functionTrace(requestId)!;
      assert.equal(trace.functionName, 'ric-buffered');
      assert.equal(trace.coldStart, true, 'the first call is a cold start');
      assert.ok(trace.initMs! > 0);
      assert.ok(trace.logs.some((l) => /buffered invoked/.test(l.line) && Math.abs(l.timeMs - Date.now()) < 60_000), 'lines kept per request, on the wall clock');
    });

    it('streams: each write reaches the client as it happens', async () => {
      const r = await timedRequest(await deployLambda(gw, 'ric-streamed', { mode: 'STREAM' }), { timeoutMs: 20_000 });
      assert.equal(r.status, 200, r.body.toString());
      assert.equal(r.headers['x-runtime'], 'aws-lambda-ric');
      assert.equal(r.body.toString(), 'part 1;part 2;part 3;');
      assert.ok(r.chunks.length >= 3, `${r.chunks.length} chunks`);
      assert.ok(r.endAtMs - r.firstByteAtMs! >= 400, `body spread over ${(r.endAtMs - r.firstByteAtMs!).toFixed(0)} ms`);
    });

    it('a failure after the first byte arrives as error trailers and cuts the stream', async () => {
      const r = await timedRequest(await deployLambda(gw, 'ric-midstream', { mode: 'STREAM' }), { timeoutMs: 20_000 });
      assert.equal(r.status, 200);
      assert.equal(r.body.toString(), 'before the failure;');
      assert.equal(r.truncated, true, 'the client sees a cut stream, not a clean end');
      const line = access.find((l) => l.includes(String(r.headers['x-amzn-requestid'])));
      assert.match(line ?? '', /failed mid-stream/);
    });

    it('a handler error posted to /invocation/{id}/error answers 502', async () => {
      const r = await timedRequest(await deployLambda(gw, 'ric-fails'), { timeoutMs: 20_000 });
      assert.equal(r.status, 502);
      assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Internal server error' });
      assert.match(String(r.headers['x-streamgate-error']), /TypeError: plain failure/);
    });
  });

  describe('bash + curl custom runtime (AWS tutorial style)', () => {
    it('answers buffered', async () => {
      const r = await timedRequest(await deployLambda(gw, 'bash-buffered'), { timeoutMs: 20_000 });
      assert.equal(r.status, 200, String(r.headers['x-streamgate-error']));
      assert.equal(r.headers['x-runtime'], 'bash');
      assert.equal(r.body.toString(), 'hello from bash');
      assert.ok(logs.some((l) => l.functionName === 'bash-buffered' && l.stream === 'stderr' && /handler got/.test(l.line)));
    });

    it('streams the prelude and body as curl uploads them', async () => {
      const r = await timedRequest(await deployLambda(gw, 'bash-streamed', { mode: 'STREAM' }), { timeoutMs: 20_000 });
      assert.equal(r.status, 200, String(r.headers['x-streamgate-error']));
      assert.equal(r.headers['x-runtime'], 'bash');
      assert.equal(r.body.toString(), 'tick 1;tick 2;tick 3;');
      assert.ok(r.chunks.length >= 2, `${r.chunks.length} chunks`);
      assert.ok(r.endAtMs - r.firstByteAtMs! >= 300, `body spread over ${(r.endAtMs - r.firstByteAtMs!).toFixed(0)} ms`);
    });

    it('a failure after the first byte (trailers written by hand) cuts the stream', async () => {
      const r = await timedRequest(await deployLambda(gw, 'bash-midstream', { mode: 'STREAM' }), { timeoutMs: 20_000 });
      assert.equal(r.status, 200);
      assert.equal(r.body.toString(), 'partial output');
      assert.equal(r.truncated, true);
      assert.match(access.find((l) => l.includes(String(r.headers['x-amzn-requestid']))) ?? '', /BashError/);
    });
  });

  it('keeps each runtime warm: a second call reuses the process', async () => {
    const url = await deployLambda(gw, 'bash-buffered', { functionArn: lambdaArn('bash-buffered') });
    await timedRequest(url);
    const before = gw.functions.processIds('bash-buffered');
    await timedRequest(url);
    assert.deepEqual(gw.functions.processIds('bash-buffered'), before);
  });
});
