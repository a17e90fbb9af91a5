// The local gateway's request traces, end to end over HTTP with real runtime processes: the sample
// /chat through a BUFFERED and a STREAM integration, a function that collects its output before
// writing, and GET /__streamgate/requests/{id} with the control plane's loopback guard.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { startLocalGateway, SAMPLE_STAGE, type LocalGateway } from '../../../../src/local/index';
import { runRequest } from '../../../../src/core/stream/engine';
import { SAMPLE_FUNCTIONS, sampleFunctionArn } from '../../../../src/local/sample/handlers';
import { carriedWrites, diagnoseTrace, parseRequestTrace, type ClientLane, type RequestTrace } from '../../../../src/shared/trace';
import { deployLambda, FIXTURE_LAMBDAS } from '../helpers';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });
}

async function send(url: string): Promise<{ client: ClientLane; requestId: string; sizes: number[] }> {
  const startedAt = performance.timeOrigin + performance.now();
  const result = await runRequest({ method: 'GET', url }, {}, { maxTimeMs: 20_000 });
  assert.equal(result.status, 200, result.error);
  return { client: { startedAt, marks: result.chunks, timing: result.timing }, requestId: result.headers['x-amzn-requestid']!, sizes: result.chunks.map((c) => c.bytes) };
}

async function traceOf(gw: LocalGateway, requestId: string): Promise<RequestTrace> {
  const res = await get(`${gw.url}/__streamgate/requests/${encodeURIComponent(requestId)}`);
  assert.equal(res.status, 200, res.body);
  const trace = parseRequestTrace(JSON.parse(res.body));
  assert.ok(typeof trace !== 'string', String(trace));
  return trace;
}

describe('local gateway request traces', function () {
  this.timeout(30_000);
  let gw: LocalGateway;
  before(async () => { gw = await startLocalGateway({ sampleScale: 0.2, handlerDirs: [FIXTURE_LAMBDAS] }); });
  after(async () => { await gw.close(); });

  it('sample /chat BUFFERED: the gateway is named, with the function\'s whole result and the gateway\'s first content', async () => {
    const url = gw.invokeUrl(gw.sampleApiId!, SAMPLE_STAGE, 'chat');
    await send(url); // warm
    const { client, requestId } = await send(url);
    const trace = await traceOf(gw, requestId);
    assert.equal(trace.gateway.modeServed, 'BUFFERED');
    assert.equal(trace.gateway.stage, 'dev');
    assert.equal(trace.function?.functionName, SAMPLE_FUNCTIONS.chat);
    assert.equal(trace.function?.responseMode, 'buffered');
    assert.equal(trace.function?.coldStart, false);
    const d = diagnoseTrace(trace, client);
    assert.equal(d.hop, 'gateway', d.reason);
    assert.match(d.reason, /^buffered at the gateway: the function returned its whole result at \d+ ms .*, the gateway's first content to the client was at \d+ ms \(BUFFERED on stage dev\)$/);
    // One clock: the gateway received the request after the client sent it, and wrote after the function answered.
    assert.ok(trace.gateway.received >= client.startedAt - 1 && trace.gateway.firstByte! >= trace.function!.writes.at(-1)!.t);
    assert.ok(trace.gateway.firstByte! <= client.startedAt + client.marks[0]!.atMs + 1);
  });

  it('sample /chat STREAM: streamed end to end, each client chunk mapped to the function writes it carried', async () => {
    const url = await deployLambda(gw, 'chat', { functionArn: sampleFunctionArn(SAMPLE_FUNCTIONS.chat), mode: 'STREAM' });
    await send(url);
    const { client, requestId, sizes } = await send(url);
    const trace = await traceOf(gw, requestId);
    const fn = trace.function!;
    assert.equal(trace.gateway.modeServed, 'STREAMED');
    assert.equal(fn.responseMode, 'streaming');
    assert.ok(fn.writeCount >= 40, `function writes: ${fn.writeCount}`);
    assert.ok(fn.preludeBytes > 8, 'the streaming prelude is counted apart from the body');
    const body = sizes.reduce((a, b) => a + b, 0);
    assert.equal(fn.writes.reduce((a, w) => a + w.bytes, 0) - fn.preludeBytes, body);
    assert.equal(trace.gateway.writes.reduce((a, w) => a + w.bytes, 0), body);
    const d = diagnoseTrace(trace, client);
    assert.deepEqual([d.hop, d.reason], ['none', 'streamed end to end']);
    const carried = carriedWrites(sizes, fn.writes, fn.preludeBytes);
    assert.ok(carried.every((c) => c !== null));
    assert.equal(carried.at(-1)!.last, fn.writes.length - 1);
    assert.ok(fn.logs.some((l) => l.text === 'yielded token 10'), 'log lines are part of the function side');
  });

  it('a function that collects its output before writing: the function is named', async () => {
    const url = await deployLambda(gw, 'collect-then-write', { mode: 'STREAM' });
    const { client, requestId } = await send(url);
    const trace = await traceOf(gw, requestId);
    assert.equal(trace.function?.coldStart, true);
    assert.ok((trace.function?.initMs ?? 0) > 0);
    const d = diagnoseTrace(trace, client);
    assert.equal(d.hop, 'function', d.reason);
    assert.match(d.reason, /^buffered in the function: its first write was at \d+(\.\d\d)? m?s$/);
  });

  it('answers only loopback callers, and says why a trace is missing', async () => {
    const url = gw.invokeUrl(gw.sampleApiId!, SAMPLE_STAGE, 'ndjson');
    const { requestId } = await send(url);
    const foreign = await get(`${gw.url}/__streamgate/requests/${requestId}`, { host: `evil.example:${gw.port}` });
    assert.equal(foreign.status, 403);
    assert.match(foreign.body, /DNS rebinding/);
    const fromPage = await get(`${gw.url}/__streamgate/requests/${requestId}`, { origin: 'https://evil.example' });
    assert.equal(fromPage.status, 403);
    const unknown = await get(`${gw.url}/__streamgate/requests/no-such-id`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.body, /keeps the last 1000 data-plane requests/);
    assert.equal(gw.requestTrace(requestId)?.requestId, requestId, 'in-process lookup for the extension');
  });
});

describe('local gateway with tracing off', () => {
  it('keeps no traces and says so', async () => {
    const gw = await startLocalGateway({ trace: false });
    try {
      const res = await get(`${gw.url}/__streamgate/requests/abc`);
      assert.equal(res.status, 404);
      assert.match(res.body, /tracing is off/);
    } finally {
      await gw.close();
    }
  });
});
