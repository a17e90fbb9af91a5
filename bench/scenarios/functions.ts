// (10) Functions through the Lambda Runtime API (src/local/runtime). The local gateway runs in
// this process; every function runs in its own runtime process, as HTTP_PROXY backends run in
// theirs. Measured: a Node function's cold start (first invocation of a new function, request to
// last byte, and the init time the runner records); warm invocation overhead against HTTP_PROXY to
// an equivalent server (same tiny JSON body); streaming throughput of a function with MemorySize
// 256 MB (160 MB body: Lambda streams at most 200 MB) against
// HTTP_PROXY to a server streaming the same bytes; and 100 invocations kept 10 in flight over
// 10 warm processes (the default concurrency cap), checking that every answer arrives intact.
import {
  APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'undici';
import type { BenchContext, Scenario } from '../lib/context';
import { throwIfAborted } from '../lib/context';
import { startServerProcess } from '../lib/proc';
import { makeRow, type BenchRow } from '../lib/result';
import { median } from '../lib/stats';
import { viaUndici, mbPerS } from '../lib/clients';
import { startLocalGateway } from '../../src/local/index';
import type { FunctionSpec } from '../../src/local/functions/types';
import { sampleFunctionsDir } from '../../src/local/runtime/assets';

const STAGE = 'bench';
const ACCOUNT_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';

interface Route { path: string; type: 'AWS_PROXY' | 'HTTP_PROXY'; target: string; mode: 'BUFFERED' | 'STREAM' }

async function createApi(sdk: APIGatewayClient, routes: Route[]): Promise<string> {
  const api = await sdk.send(new CreateRestApiCommand({ name: `streamgate-bench-fn-${Date.now()}` }));
  for (const r of routes) {
    const res = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: r.path }));
    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: res.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    const uri = r.type === 'HTTP_PROXY' ? r.target
      : r.mode === 'STREAM' ? `arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${ACCOUNT_ARN}${r.target}/response-streaming-invocations`
        : `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ACCOUNT_ARN}${r.target}/invocations`;
    await sdk.send(new PutIntegrationCommand({
      restApiId: api.id, resourceId: res.id, httpMethod: 'GET', type: r.type, integrationHttpMethod: r.type === 'AWS_PROXY' ? 'POST' : 'GET', uri,
      responseTransferMode: r.mode, timeoutInMillis: r.mode === 'STREAM' ? 900_000 : 29_000,
    }));
  }
  await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: STAGE }));
  return api.id!;
}

/** One GET over a kept-alive connection: ms to the last byte, and the body. */
async function timedGet(client: Client, path: string): Promise<{ ms: number; status: number; body: string }> {
  const t0 = performance.now();
  const res = await client.request({ method: 'GET', path });
  const body = await res.body.text();
  return { ms: performance.now() - t0, status: res.statusCode, body };
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const reps = ctx.quick ? 5 : 15;
  const coldReps = ctx.quick ? 3 : 7;
  const streamReps = ctx.quick ? 2 : 4;
  // Under Lambda's 200 MB streamed-response limit (beyond it the runner cuts the stream, as Lambda does).
  const streamMb = ctx.quick ? 64 : 160;
  const tinyDir = join(ctx.root, 'bench/functions');
  const fn = (name: string, over: Partial<FunctionSpec> = {}): FunctionSpec => ({
    name, arn: `${ACCOUNT_ARN}${name}`, runtime: 'nodejs20.x', handler: 'tiny.handler', codeDir: tinyDir, environment: {},
    timeoutSeconds: 60, memoryMb: 256, source: 'bench', ...over,
  });
  const coldNames = Array.from({ length: coldReps }, (_, i) => `cold-${i}`);
  const gw = await startLocalGateway({
    sample: false,
    // Lambda's and API Gateway's emulated throttles are off: the rows measure the Runtime API path itself.
    emulateAwsLimits: false,
    functions: [
      fn('tiny'),
      fn('download', { handler: 'download.handler', codeDir: sampleFunctionsDir(), environment: { SAMPLE_INVOKE_MODE: 'STREAM' }, memoryMb: 256 }),
      ...coldNames.map((n) => fn(n)),
    ],
  });
  ctx.defer(() => gw.close());
  const equivalent = await startServerProcess(ctx, { kind: 'chunks', schedule: [{ delayMs: 0, data: JSON.stringify({ ok: true, q: null }) }], headers: { 'content-type': 'application/json' } });
  const huge = await startServerProcess(ctx, { kind: 'huge', totalBytes: streamMb * 1024 * 1024 });
  const sdk = new APIGatewayClient({ region: 'us-east-1', endpoint: gw.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 2 });
  ctx.defer(() => sdk.destroy());
  const apiId = await createApi(sdk, [
    { path: 'tiny', type: 'AWS_PROXY', target: 'tiny', mode: 'BUFFERED' },
    { path: 'proxy', type: 'HTTP_PROXY', target: `${equivalent.url}/`, mode: 'BUFFERED' },
    { path: 'download', type: 'AWS_PROXY', target: 'download', mode: 'STREAM' },
    { path: 'huge', type: 'HTTP_PROXY', target: `${huge.url}/`, mode: 'STREAM' },
    ...coldNames.map((n) => ({ path: n, type: 'AWS_PROXY' as const, target: n, mode: 'BUFFERED' as const })),
  ]);
  const base = `/restapis/${apiId}/${STAGE}/_user_request_`;
  const client = new Client(gw.url, { pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
  ctx.defer(() => client.close());

  // Cold start: the first invocation of a function that has never run (a new process each).
  const coldMs: number[] = [];
  const initMs: number[] = [];
  for (const name of coldNames) {
    throwIfAborted(ctx.signal);
    const r = await timedGet(client, `${base}/${name}`);
    if (r.status !== 200) throw new Error(`cold ${name}: ${r.status} ${r.body}`);
    coldMs.push(r.ms);
    if (gw.functions.processIds(name).length !== 1) throw new Error(`cold ${name}: expected one new process`);
    // The runner's own measure: process spawn → its first /invocation/next poll.
    initMs.push(...gw.functions.initTimes(name));
  }
  // The floor on this machine: a bare `node -e 0` (spawn → exit), measured beside it.
  const bareNodeMs: number[] = [];
  for (let i = 0; i < coldReps; i++) {
    const t = performance.now();
    await new Promise<void>((resolve, reject) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('exit', () => resolve()).once('error', reject));
    bareNodeMs.push(performance.now() - t);
  }
  ctx.log(`cold start ${median(coldMs)!.toFixed(1)} ms (init ${median(initMs)!.toFixed(1)} ms; bare node -e 0: ${median(bareNodeMs)!.toFixed(1)} ms)`);

  // Warm overhead: alternate Lambda and HTTP_PROXY calls, both kept alive.
  for (let i = 0; i < 5; i++) { await timedGet(client, `${base}/tiny`); await timedGet(client, `${base}/proxy`); }
  const lambdaMs: number[] = [];
  const proxyMs: number[] = [];
  for (let i = 0; i < reps * 4; i++) {
    throwIfAborted(ctx.signal);
    const l = await timedGet(client, `${base}/tiny`);
    const p = await timedGet(client, `${base}/proxy`);
    if (l.status !== 200 || p.status !== 200 || JSON.parse(l.body).ok !== true || JSON.parse(p.body).ok !== true) throw new Error(`warm: ${l.status} ${l.body} / ${p.status} ${p.body}`);
    lambdaMs.push(l.ms);
    proxyMs.push(p.ms);
  }
  const added = lambdaMs.map((v, i) => v - proxyMs[i]!);
  ctx.log(`warm Lambda ${median(lambdaMs)!.toFixed(2)} ms vs HTTP_PROXY ${median(proxyMs)!.toFixed(2)} ms`);

  // Streaming throughput on 256 MB: the sample download function (STREAM) vs HTTP_PROXY streaming the same size.
  const fnMbps: number[] = [];
  const proxyMbps: number[] = [];
  for (let i = 0; i < streamReps; i++) {
    throwIfAborted(ctx.signal);
    const f = await viaUndici(`${gw.url}${base}/download?mb=${streamMb}`);
    const p = await viaUndici(`${gw.url}${base}/huge`);
    if (f.bytes !== streamMb * 1024 * 1024 || p.bytes !== streamMb * 1024 * 1024) throw new Error(`stream: ${f.bytes} / ${p.bytes} bytes`);
    fnMbps.push(mbPerS(f));
    proxyMbps.push(mbPerS(p));
  }
  ctx.log(`streaming ${median(fnMbps)!.toFixed(0)} MB/s through the Runtime API vs ${median(proxyMbps)!.toFixed(0)} MB/s HTTP_PROXY`);

  // 100 invocations, 10 always in flight (10 clients in parallel), over 10 warm processes.
  const workers = Array.from({ length: 10 }, () => new Client(gw.url, { pipelining: 1 }));
  ctx.defer(() => Promise.all(workers.map((w) => w.close())));
  await Promise.all(workers.map((w) => timedGet(w, `${base}/tiny?n=warm`)));
  const t0 = performance.now();
  const answers = await Promise.all(workers.map(async (w, k) => {
    const got: string[] = [];
    for (let j = 0; j < 10; j++) {
      const n = String(k * 10 + j);
      const r = await timedGet(w, `${base}/tiny?n=${n}`);
      if (r.status === 200 && JSON.parse(r.body).q === n) got.push(n);
    }
    return got;
  }));
  const wallMs = performance.now() - t0;
  const intact = answers.flat().length;
  const processes = gw.functions.processIds('tiny').length;
  ctx.log(`100 invocations: ${intact} intact in ${wallMs.toFixed(0)} ms over ${processes} processes`);

  return [
    makeRow('functions', {
      metric: 'cold start, Node function (first invocation, request → last byte)', unit: 'ms', samples: coldMs,
      baselineName: 'bare `node -e 0` spawn → exit', baselineSamples: bareNodeMs, target: '< 150 ms', met: (v) => (v === null ? undefined : v < 150),
      note: `runtime init (spawn → first /next poll) median ${median(initMs)?.toFixed(1)} ms; warm invocation ${median(lambdaMs)?.toFixed(2)} ms`,
    }),
    makeRow('functions', {
      metric: 'warm invocation overhead over HTTP_PROXY to an equivalent server', unit: 'ms', samples: added,
      baselineName: 'HTTP_PROXY request', baselineSamples: proxyMs, ratioOverride: median(lambdaMs) !== null && median(proxyMs) ? median(lambdaMs)! / median(proxyMs)! : null,
      target: '< 2 ms', met: (v) => (v === null ? undefined : v < 2), note: 'value = per-pair difference (median); ratio = Lambda / HTTP_PROXY latency',
    }),
    makeRow('functions', {
      metric: `streaming throughput through the Runtime API (${streamMb} MB, 256 MB function)`, unit: 'MB/s', samples: fnMbps,
      baselineName: 'HTTP_PROXY STREAM, same bytes', baselineSamples: proxyMbps, target: '≥ 0.5× HTTP_PROXY', met: (_v, r) => (r === null ? undefined : r >= 0.5),
    }),
    makeRow('functions', {
      metric: '100 invocations, 10 in flight, over 10 warm processes: answers intact', unit: 'count', samples: [intact],
      baselineName: 'invocations sent', baselineSamples: [100], target: '100 of 100', met: (v) => (v === null ? undefined : v === 100),
      note: `${processes} processes, ${wallMs.toFixed(0)} ms wall time`,
    }),
  ];
}

const scenario: Scenario = { id: 10, name: 'functions', title: 'Functions through the Lambda Runtime API', budgetMs: { quick: 120_000, full: 400_000 }, run };
export default scenario;
