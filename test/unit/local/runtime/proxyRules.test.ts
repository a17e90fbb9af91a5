// What API Gateway makes of a Lambda function's output (issue 13 point 6, issue 15 points 1
// and 5), with real functions in real processes: invalid prelude headers and 1xx statuses answer
// 502 and cancel the function; a write after the end keeps a complete response complete;
// BUFFERED payloads over Lambda's 6 MB limit answer 502; a streaming function behind the
// BUFFERED URI, and a plain one behind the STREAM URI, answer 502 as on AWS
// (docs/aws-behaviour.md), while the built-in sample answers in both modes.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { startLocalGateway, type LocalGateway } from '../../../../src/local/index';
import type { FunctionSpec } from '../../../../src/local/functions/types';
import { SAMPLE_FUNCTIONS, sampleFunctionArn } from '../../../../src/local/sample/handlers';
import { deployLambda, FIXTURE_LAMBDAS, timedRequest } from '../helpers';
import { RUNTIME_FIXTURES, spec } from './fixtures';

const nodeFn = (name: string, handler: string, over: Partial<FunctionSpec> = {}) =>
  spec(name, { runtime: 'nodejs20.x', handler, codeDir: path.join(RUNTIME_FIXTURES, 'node-functions'), ...over });
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('Lambda output rules (prelude, limits, mode mismatches)', () => {
  let gw: LocalGateway;
  const access: string[] = [];
  const lineFor = (r: { headers: Record<string, unknown> }) => access.find((l) => l.includes(String(r.headers['x-amzn-requestid']))) ?? '';

  before(async () => {
    gw = await startLocalGateway({
      sampleScale: 0.05,
      debugHeaders: true, // the error detail header, read by these tests
      handlerDirs: [FIXTURE_LAMBDAS],
      log: (l) => access.push(l),
      functions: [
        nodeFn('bad-header', 'bad-header.handler'), nodeFn('informational', 'informational.handler'),
        nodeFn('write-after-end', 'write-after-end.handler'), nodeFn('big', 'big.handler'),
      ],
    });
  });
  after(async () => { await gw?.close(); });

  it('a STREAM prelude header with an invalid character answers 502 (not 500) and cancels the function', async () => {
    const url = await deployLambda(gw, 'bad-header', { mode: 'STREAM' });
    const r = await timedRequest(url);
    assert.equal(r.status, 502);
    assert.deepEqual(JSON.parse(r.body.toString()), { message: 'Internal server error' });
    assert.match(String(r.headers['x-streamgate-error']), /header "x-bad" has an invalid name or value/);
    assert.doesNotMatch(r.body.toString(), /at .*\.ts:\d+/, 'no stack trace reaches the client');
    const started = Date.now();
    while (gw.functions.processIds('bad-header').some(alive) && Date.now() - started < 2000) await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(gw.functions.processIds('bad-header').filter(alive), [], 'the function that kept writing was stopped');
  });

  it('a prelude status that is informational (1xx) or outside 200-599 answers 502; 299 passes', async () => {
    const url = await deployLambda(gw, 'informational', { mode: 'STREAM' });
    for (const status of [100, 103, 199, 600, 999]) {
      const r = await timedRequest(`${url}?status=${status}`);
      assert.equal(r.status, 502, `status ${status}`);
    }
    const ok = await timedRequest(`${url}?status=299`);
    assert.equal(ok.status, 299);
    assert.equal(ok.body.toString(), 'body');
  });

  it('a write after the function ended its response leaves the complete response complete', async () => {
    const url = await deployLambda(gw, 'write-after-end', { mode: 'STREAM' });
    for (let i = 0; i < 2; i++) {
      const r = await timedRequest(url);
      assert.equal(r.status, 200);
      assert.equal(r.body.toString(), 'complete body');
      assert.equal(r.truncated, false);
    }
  });

  it('BUFFERED: a proxy result over Lambda\'s 6 MB limit answers 502; 5 MB passes', async () => {
    const url = await deployLambda(gw, 'big');
    const r = await timedRequest(`${url}?mb=7`);
    assert.equal(r.status, 502);
    assert.match(lineFor(r), /Response payload size exceeded maximum allowed payload size \(6291556 bytes\)/);
    const ok = await timedRequest(`${url}?mb=5`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.length, 5 * 1024 * 1024);
  });

  it('a streaming function behind the BUFFERED 2015-03-31 URI answers 502 (its prelude and body are no proxy JSON)', async () => {
    const r = await timedRequest(await deployLambda(gw, 'slow-stream'));
    assert.equal(r.status, 502);
    assert.match(String(r.headers['x-streamgate-error']), /the function streams its response .* but the integration is BUFFERED/);
  });

  it('a plain function behind the STREAM 2021-11-15 URI answers 502 (its JSON result has no prelude delimiter)', async () => {
    const r = await timedRequest(await deployLambda(gw, 'echo', { mode: 'STREAM' }));
    assert.equal(r.status, 502);
    assert.match(String(r.headers['x-streamgate-error']), /returned a buffered result/);
  });

  it('the built-in sample, written for both modes, answers in BUFFERED and in STREAM', async () => {
    const fn = sampleFunctionArn(SAMPLE_FUNCTIONS.ndjson);
    const buffered = await timedRequest(`${await deployLambda(gw, 'ndjson-b', { functionArn: fn })}?count=5&intervalMs=100`);
    const streamed = await timedRequest(`${await deployLambda(gw, 'ndjson-s', { functionArn: fn, mode: 'STREAM' })}?count=5&intervalMs=100`);
    for (const r of [buffered, streamed]) {
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/x-ndjson');
      assert.deepEqual(r.body.toString().trim().split('\n').map((l) => JSON.parse(l).seq), [1, 2, 3, 4, 5]);
    }
    assert.equal(buffered.chunks.length, 1, 'BUFFERED arrives at once');
    assert.ok(streamed.chunks.length >= 3, `STREAM arrives in ${streamed.chunks.length} chunks`);
  });

  it('emulated AWS limits: a function\'s stream goes at full speed for 6 MB, then about 2 MB/s (Lambda\'s own limit)', async () => {
    const fn = sampleFunctionArn(SAMPLE_FUNCTIONS.download);
    const limited = await startLocalGateway({ sample: true, emulateAwsLimits: true });
    try {
      const timeFor = async (target: LocalGateway, mb: number) => {
        const r = await timedRequest(`${await deployLambda(target, `dl${mb}`, { functionArn: fn, mode: 'STREAM' })}?mb=${mb}`, { timeoutMs: 30_000 });
        assert.equal(r.status, 200);
        assert.equal(r.body.length, mb * 1024 * 1024);
        return r.endAtMs - r.firstByteAtMs!;
      };
      const free = await timeFor(limited, 5);
      // 9 MB: 3 MB beyond Lambda's 6 MB at 2 MB/s ≈ 1.5 s (API Gateway's own 10 MB threshold is not reached).
      const throttled = await timeFor(limited, 9);
      assert.ok(throttled >= 1300, `9 MB took ${throttled.toFixed(0)} ms with limits emulated`);
      assert.ok(throttled > free + 900, `5 MB took ${free.toFixed(0)} ms, 9 MB ${throttled.toFixed(0)} ms`);
    } finally {
      await limited.close();
    }
  });
});
