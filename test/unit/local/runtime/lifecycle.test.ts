// Runtime process lifecycle through the gateway over real HTTP: the Lambda environment a process
// starts with, Handler strings, warm reuse and scale-out, the concurrency cap (429), Timeout,
// the integration timeout (504 first), crashes, out-of-memory, code changes, idle stop — and
// isolation: the control plane keeps answering while a function busy-loops.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLocalGateway, type LocalGateway } from '../../../../src/local/index';
import type { FunctionSpec } from '../../../../src/local/functions/types';
import { deployLambda, timedRequest } from '../helpers';
import { RUNTIME_FIXTURES, spec } from './fixtures';

const NODE_FUNCTIONS = path.join(RUNTIME_FIXTURES, 'node-functions');
const nodeFn = (name: string, handler: string, over: Partial<FunctionSpec> = {}) => spec(name, { runtime: 'nodejs20.x', handler, codeDir: NODE_FUNCTIONS, ...over });
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (cond()) return true;
  return cond();
}

describe('function runtime lifecycle', () => {
  let gw: LocalGateway;
  let codeDir: string;
  const access: string[] = [];
  const fnLogs: string[] = [];

  before(async () => {
    codeDir = mkdtempSync(path.join(tmpdir(), 'sg-code-'));
    writeFileSync(path.join(codeDir, 'version.mjs'), 'export const handler = async () => ({ statusCode: 200, body: "v1" });\n');
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST';
    gw = await startLocalGateway({ debugHeaders: true,
      sample: false,
      functionConcurrency: 2,
      log: (l) => access.push(l),
      onFunctionLog: (l) => fnLogs.push(`${l.requestId} ${l.stream} ${l.line}`),
      functions: [
        nodeFn('env', 'env.handler', { memoryMb: 192, environment: { MY_SETTING: 'from-template' } }),
        nodeFn('cjs-sub', 'src/app.lambdaHandler'),
        nodeFn('esm-nested', 'esm/app.handlers.main'),
        nodeFn('sleepy', 'sleepy.handler'),
        nodeFn('short', 'sleepy.handler', { timeoutSeconds: 1 }),
        nodeFn('crash', 'crash.handler'),
        nodeFn('oom', 'oom.handler', { memoryMb: 64 }),
        nodeFn('busy', 'busy.handler'),
        spec('version', { runtime: 'nodejs22.x', handler: 'version.handler', codeDir }),
        spec('py', { runtime: 'python3.12', handler: 'app.handler', codeDir: NODE_FUNCTIONS }),
        nodeFn('no-such-module', 'missing.handler'),
        nodeFn('no-such-export', 'sleepy.nothere'),
      ],
    });
  });
  after(async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    await gw?.close();
    rmSync(codeDir, { recursive: true, force: true });
  });

  it('starts the process with the Lambda environment, the function\'s variables, credentials and a heap capped by MemorySize', async () => {
    const ownOptions = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = '--max-http-header-size=12345';
    let r;
    try {
      r = await timedRequest(await deployLambda(gw, 'env'));
    } finally {
      if (ownOptions === undefined) delete process.env.NODE_OPTIONS; else process.env.NODE_OPTIONS = ownOptions;
    }
    assert.equal(r.status, 200, String(r.headers['x-streamgate-error']));
    const { env, heapLimitMb, context } = JSON.parse(r.body.toString());
    assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
    assert.equal(env._HANDLER, 'env.handler');
    assert.equal(env.LAMBDA_TASK_ROOT, NODE_FUNCTIONS);
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'env');
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '192');
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
    assert.equal(env.AWS_REGION, 'us-east-1');
    assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/env');
    assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(env.MY_SETTING, 'from-template');
    assert.equal(env.AWS_ACCESS_KEY_ID, 'AKIDLOCALTEST', 'the developer\'s credentials are passed on');
    assert.equal(env.NODE_OPTIONS, undefined, 'the gateway\'s own NODE_OPTIONS never leak in');
    assert.ok(heapLimitMb <= 192 + 32, `heap limit ${heapLimitMb} MB for MemorySize 192`);
    assert.deepEqual(context, { functionName: 'env', memoryLimitInMB: '192', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:env' });
  });

  it('loads Handler strings with folders, CommonJS, ES modules and nested exports', async () => {
    assert.equal((await timedRequest(await deployLambda(gw, 'cjs-sub'))).body.toString(), 'cjs in src/');
    assert.equal((await timedRequest(await deployLambda(gw, 'esm-nested'))).body.toString(), 'esm nested export');
  });

  it('reuses a warm process, starts another while it is busy, and throttles past the concurrency cap with 429', async () => {
    const url = await deployLambda(gw, 'sleepy');
    const first = JSON.parse((await timedRequest(`${url}?ms=1`)).body.toString()).pid;
    const second = JSON.parse((await timedRequest(`${url}?ms=1`)).body.toString()).pid;
    assert.equal(second, first, 'warm reuse');
    const log = access.length;
    const results = await Promise.all([0, 1, 2].map(() => timedRequest(`${url}?ms=600`)));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 429]);
    const pids = new Set(results.filter((r) => r.status === 200).map((r) => JSON.parse(r.body.toString()).pid));
    assert.equal(pids.size, 2, 'a second process served the concurrent call');
    const throttled = results.find((r) => r.status === 429)!;
    assert.equal(throttled.headers['x-amzn-errortype'], 'TooManyRequestsException');
    assert.ok(access.slice(log).some((l) => / 429 .*concurrency limit/.test(l)));
    assert.ok(access.slice(log).some((l) => /cold start of sleepy/.test(l)), 'the cold start is noted');
  });

  it('kills a function at its Timeout ("Task timed out after 1.00 seconds", 502)', async () => {
    const url = await deployLambda(gw, 'short');
    await timedRequest(`${url}?ms=1`);
    const [pid] = gw.functions.processIds('short');
    const r = await timedRequest(`${url}?ms=5000`);
    assert.equal(r.status, 502);
    assert.ok(r.endAtMs < 3000, `answered after ${r.endAtMs.toFixed(0)} ms`);
    assert.match(String(r.headers['x-streamgate-error']), /Task timed out after 1\.00 seconds/);
    assert.ok(await until(() => !alive(pid!), 2000), 'the timed-out process is killed');
    assert.equal((await timedRequest(`${url}?ms=1`)).status, 200, 'the next call gets a fresh process');
  });

  it('answers 504 when the integration timeout is shorter than the function\'s, and cancels the function', async () => {
    const url = await deployLambda(gw, 'sleepy', { timeoutInMillis: 300 });
    await timedRequest(`${url}?ms=1`);
    const before = gw.functions.processIds('sleepy');
    const r = await timedRequest(`${url}?ms=5000`);
    assert.equal(r.status, 504);
    assert.ok(r.endAtMs < 2000, `answered after ${r.endAtMs.toFixed(0)} ms`);
    assert.ok(await until(() => gw.functions.processIds('sleepy').filter((p) => before.includes(p) && alive(p)).length < before.length, 2000), 'the cancelled invocation\'s process is stopped');
  });

  it('answers 502 when the runtime crashes, with the stderr tail in the log, and recovers', async () => {
    const url = await deployLambda(gw, 'crash');
    const r = await timedRequest(url);
    assert.equal(r.status, 502);
    const line = access.find((l) => l.includes(String(r.headers['x-amzn-requestid'])))!;
    assert.match(line, /Runtime exited with error: exit status 3/);
    assert.match(line, /disk on fire/);
    assert.ok(fnLogs.some((l) => l.startsWith(String(r.headers['x-amzn-requestid'])) && /disk on fire/.test(l)));
    assert.equal((await timedRequest(url)).status, 502, 'each call gets a new process (and the same crash)');
  });

  it('survives a function running out of memory', async () => {
    const r = await timedRequest(await deployLambda(gw, 'oom'), { timeoutMs: 30_000 });
    assert.equal(r.status, 502);
    assert.match(access.find((l) => l.includes(String(r.headers['x-amzn-requestid']))) ?? '', /Runtime exited with error/);
    assert.equal((await fetch(`${gw.url}/__streamgate/health`)).status, 200);
  });

  it('keeps the control plane answering within 50 ms while a function busy-loops', async () => {
    const url = await deployLambda(gw, 'busy');
    const busy = timedRequest(`${url}?ms=2500`);
    await until(() => gw.functions.processIds('busy').length > 0, 3000);
    await sleep(300); // inside the loop now
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const res = await fetch(`${gw.url}/restapis`);
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      await sleep(50);
    }
    // The median is the figure (this 2-core machine is shared, so single calls can wait for the
    // OS scheduler); a blocked event loop would hold every call for the whole 2.5 s loop.
    const sorted = [...times].sort((a, b) => a - b);
    const detail = `control plane answered in ${times.map((t) => t.toFixed(1)).join(', ')} ms`;
    assert.ok(sorted[Math.floor(sorted.length / 2)]! < 50, detail);
    assert.ok(sorted[sorted.length - 1]! < 1000, detail);
    assert.equal((await busy).status, 200);
  });

  it('runs changed code on the next invocation in a fresh process (the old one stops)', async () => {
    const url = await deployLambda(gw, 'version');
    assert.equal((await timedRequest(url)).body.toString(), 'v1');
    const [oldPid] = gw.functions.processIds('version');
    const file = path.join(codeDir, 'version.mjs');
    writeFileSync(file, 'export const handler = async () => ({ statusCode: 200, body: "v2" });\n');
    const later = new Date(Date.now() + 2000);
    utimesSync(file, later, later);
    assert.equal((await timedRequest(url)).body.toString(), 'v2');
    assert.ok(await until(() => !alive(oldPid!), 2000), 'the process with the old code is stopped');
    assert.equal(gw.functions.processIds('version').length, 1);
  });

  it('reports init errors (POST /runtime/init/error) as 502 with the runtime\'s error type', async () => {
    for (const [name, type] of [['no-such-module', 'Runtime.ImportModuleError'], ['no-such-export', 'Runtime.HandlerNotFound']] as const) {
      const r = await timedRequest(await deployLambda(gw, name));
      assert.equal(r.status, 502, name);
      assert.match(String(r.headers['x-streamgate-error']), new RegExp(type.replace('.', '\\.')), name);
    }
  });

  it('says how to get awslambdaric when python3 cannot import it (never pretending Python streams)', async () => {
    const r = await timedRequest(await deployLambda(gw, 'py'));
    assert.equal(r.status, 502);
    assert.match(String(r.headers['x-streamgate-error']), /python3 -m pip install awslambdaric/);
  });

  it('stops idle processes after the idle timeout and all processes on close', async () => {
    const local = await startLocalGateway({ sample: false, functionIdleTimeoutMs: 200, functions: [nodeFn('sleepy', 'sleepy.handler')] });
    try {
      const url = await deployLambda(local, 'sleepy');
      await timedRequest(`${url}?ms=1`);
      const [pid] = local.functions.processIds('sleepy');
      assert.ok(alive(pid!));
      assert.ok(await until(() => !alive(pid!), 3000), 'stopped after being idle');
      // Long enough to overlap even when the second request is slow to arrive on a loaded machine.
      const calls = Promise.all([timedRequest(`${url}?ms=1500`), timedRequest(`${url}?ms=1500`)]);
      assert.ok(await until(() => local.functions.processIds('sleepy').length === 2, 1500), 'two processes serve two concurrent calls');
      const pids = local.functions.processIds('sleepy');
      await calls;
      await local.close();
      assert.ok(pids.every((p) => !alive(p)), 'close() stops every process');
    } finally {
      await local.close();
    }
  });
});
