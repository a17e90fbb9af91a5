// The Runtime API server on its own, over real HTTP as a runtime client sees it: the long poll
// and its headers, responses for the wrong or an already answered request id, the 6 MB buffered
// limit answered 413 to the runtime, and refusal of browser-originated requests.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { RuntimeApiServer, type RuntimeResult } from '../../../../src/local/runtime/runtimeApi';

function call(port: number, method: string, path: string, opts: { headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('Lambda Runtime API server', () => {
  let api: RuntimeApiServer;
  const results: Array<{ id: string; result: RuntimeResult }> = [];
  let ready = 0;

  beforeEach(async () => {
    results.length = 0;
    ready = 0;
    api = new RuntimeApiServer({
      onReady: () => { ready++; },
      onResult: (id, result) => { results.push({ id, result }); result.body.resume(); }, // read, as the gateway does
      onError: () => undefined,
      onResponseDone: () => undefined,
    }, { emulateLimits: false });
    await api.listen();
  });
  afterEach(() => api.close());

  it('long-polls /invocation/next and hands over the event with the Lambda-Runtime-* headers', async () => {
    const next = call(api.port, 'GET', '/2018-06-01/runtime/invocation/next');
    for (let i = 0; i < 100 && ready === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(ready, 1, 'the runtime is polling');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(results.length, 0);
    api.dispatch({ awsRequestId: 'req-1', event: { hello: 'world' }, deadlineMs: 1_900_000_000_000, invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', traceId: 'Root=1-abc', clientContext: 'e30=', cognitoIdentity: '{}' });
    const r = await next;
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.body), { hello: 'world' });
    assert.equal(r.headers['lambda-runtime-aws-request-id'], 'req-1');
    assert.equal(r.headers['lambda-runtime-deadline-ms'], '1900000000000');
    assert.equal(r.headers['lambda-runtime-invoked-function-arn'], 'arn:aws:lambda:us-east-1:123456789012:function:f');
    assert.equal(r.headers['lambda-runtime-trace-id'], 'Root=1-abc');
    assert.equal(r.headers['lambda-runtime-client-context'], 'e30=');
    assert.equal(r.headers['lambda-runtime-cognito-identity'], '{}');
  });

  it('accepts one response for the current request id, 400 for any other or a second one, 404 for unknown paths', async () => {
    api.dispatch({ awsRequestId: 'req-2', event: {}, deadlineMs: 0, invokedFunctionArn: 'a', traceId: 't' });
    await call(api.port, 'GET', '/2018-06-01/runtime/invocation/next');
    const wrong = await call(api.port, 'POST', '/2018-06-01/runtime/invocation/other/response', { body: '{}' });
    assert.equal(wrong.status, 400);
    assert.equal(JSON.parse(wrong.body).errorType, 'InvalidRequestID');
    assert.equal((await call(api.port, 'POST', '/2018-06-01/runtime/invocation/req-2/response', { body: '{"ok":1}' })).status, 202);
    assert.equal(results.length, 1);
    assert.equal((await call(api.port, 'POST', '/2018-06-01/runtime/invocation/req-2/response', { body: '{}' })).status, 400);
    assert.equal((await call(api.port, 'GET', '/2018-06-01/runtime/whatever')).status, 404);
  });

  it('answers 413 RequestEntityTooLarge to a buffered response over 6 MB, and the connection stays usable', async () => {
    api.dispatch({ awsRequestId: 'req-3', event: {}, deadlineMs: 0, invokedFunctionArn: 'a', traceId: 't' });
    await call(api.port, 'GET', '/2018-06-01/runtime/invocation/next');
    const r = await call(api.port, 'POST', '/2018-06-01/runtime/invocation/req-3/response', { body: Buffer.alloc(6_291_557, 0x61) });
    assert.equal(r.status, 413);
    assert.equal(JSON.parse(r.body).errorType, 'RequestEntityTooLarge');
    assert.match(String(results[0]!.result.body.errored?.message), /6291556 bytes/, 'the gateway side sees the limit error');
    // The same kept-alive runtime connection can poll again.
    api.dispatch({ awsRequestId: 'req-4', event: { again: true }, deadlineMs: 0, invokedFunctionArn: 'a', traceId: 't' });
    assert.deepEqual(JSON.parse((await call(api.port, 'GET', '/2018-06-01/runtime/invocation/next')).body), { again: true });
  });

  it('refuses requests a browser could make (an Origin header, a foreign Host)', async () => {
    const withOrigin = await call(api.port, 'GET', '/2018-06-01/runtime/invocation/next', { headers: { origin: 'http://evil.example' } });
    assert.equal(withOrigin.status, 403);
    const rebound = await call(api.port, 'GET', '/2018-06-01/runtime/invocation/next', { headers: { host: `evil.example:${api.port}` } });
    assert.equal(rebound.status, 403);
    assert.equal(ready, 0, 'neither counted as the runtime polling');
  });
});
