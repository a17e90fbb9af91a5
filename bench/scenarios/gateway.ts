// (4) Local gateway overhead. An API is created on the embedded local API Gateway (own process)
// through the AWS SDK — CreateRestApi, CreateResource, PutMethod, PutIntegration (HTTP_PROXY,
// responseTransferMode STREAM), CreateDeployment — in front of reference backends (own
// processes). StreamGate's engine then calls each backend directly and through the gateway, in
// turns: the added time to first byte and the throughput ratio are the gateway's cost. Finally
// the integration is switched to BUFFERED (one UpdateIntegration + CreateDeployment) and the
// first byte must arrive with the end (TTFB/end ≈ 1) while STREAM delivers it early.
import {
  APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand,
  PutIntegrationCommand, PutMethodCommand, UpdateIntegrationCommand,
} from '@aws-sdk/client-api-gateway';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, Scenario } from '../lib/context';
import { SkipError, throwIfAborted } from '../lib/context';
import { startServerProcess } from '../lib/proc';
import { makeRow, type BenchRow } from '../lib/result';
import { median } from '../lib/stats';
import { mbPerS, viaEngine } from '../lib/clients';
import { runRequest } from '../../src/core/stream/engine';

const GiB = 1024 ** 3;
const STAGE = 'bench';

interface Route { resourceId: string; path: string }

/** An API with one GET HTTP_PROXY STREAM route per backend, deployed to the bench stage (also used by scenario 9). */
export async function createStreamApi(sdk: APIGatewayClient, gatewayUrl: string, backends: Record<string, string>):
  Promise<{ apiId: string; routes: Record<string, Route>; invoke(path: string): string }> {
  const api = await sdk.send(new CreateRestApiCommand({ name: `streamgate-bench-${Date.now()}` }));
  const apiId = api.id!;
  const root = (await sdk.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((r) => r.path === '/')!;
  const routes: Record<string, Route> = {};
  for (const [name, uri] of Object.entries(backends)) {
    const res = await sdk.send(new CreateResourceCommand({ restApiId: apiId, parentId: root.id!, pathPart: name }));
    await sdk.send(new PutMethodCommand({ restApiId: apiId, resourceId: res.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({
      restApiId: apiId, resourceId: res.id!, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri,
      responseTransferMode: 'STREAM', timeoutInMillis: 900_000,
    }));
    routes[name] = { resourceId: res.id!, path: name };
  }
  await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: STAGE }));
  return { apiId, routes, invoke: (path) => `${gatewayUrl}/restapis/${apiId}/${STAGE}/_user_request_/${path}` };
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  if (!existsSync(join(ctx.root, 'src/local/index.ts'))) throw new SkipError('src/local/index.ts (the local gateway) does not exist yet');
  const reps = ctx.quick ? 3 : 7;
  const bigReps = ctx.quick ? 2 : 5;
  const total = ctx.quick ? GiB / 4 : GiB;
  const gw = await startServerProcess(ctx, { kind: 'gateway' });
  // Backend for first-byte timing: headers at once, then 8 chunks 10 ms apart (first after 20 ms).
  const chunks = await startServerProcess(ctx, { kind: 'chunks', schedule: [20, 10, 10, 10, 10, 10, 10, 10].map((delayMs, i) => ({ delayMs, data: `event ${i}\n` })) });
  const huge = await startServerProcess(ctx, { kind: 'huge', totalBytes: total });
  const sdk = new APIGatewayClient({ region: 'us-east-1', endpoint: gw.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 2 });
  ctx.defer(() => sdk.destroy());
  const { apiId, routes, invoke } = await createStreamApi(sdk, gw.url, { events: `${chunks.url}/`, huge: `${huge.url}/` });

  const once = async (url: string) => {
    const r = await runRequest({ method: 'GET', url }, {}, { maxTimeMs: 60_000 });
    if (r.outcome !== 'complete' || r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.error ?? ''} ${r.failure?.code ?? ''}`);
    return r;
  };
  await once(invoke('events')); // warm-up
  await once(chunks.url);

  const ttfbDirect: number[] = [];
  const ttfbGateway: number[] = [];
  const ttfbAdded: number[] = [];
  const streamTtfbOverEnd: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const d = await once(chunks.url);
    const g = await once(invoke('events'));
    ttfbDirect.push(d.timing.ttfbMs!);
    ttfbGateway.push(g.timing.ttfbMs!);
    ttfbAdded.push(g.timing.ttfbMs! - d.timing.ttfbMs!);
    streamTtfbOverEnd.push(g.timing.ttfbMs! / g.timing.endMs!);
  }
  ctx.log(`TTFB direct ${median(ttfbDirect)!.toFixed(2)} ms, via gateway (STREAM) ${median(ttfbGateway)!.toFixed(2)} ms`);

  const tpDirect: number[] = [];
  const tpGateway: number[] = [];
  for (let rep = 0; rep < bigReps; rep++) {
    throwIfAborted(ctx.signal);
    const d = await viaEngine(huge.url);
    const g = await viaEngine(invoke('huge'));
    if (d.bytes !== total || g.bytes !== total) throw new Error(`incomplete transfer: direct ${d.bytes}, gateway ${g.bytes} of ${total}`);
    tpDirect.push(mbPerS(d));
    tpGateway.push(mbPerS(g));
    ctx.log(`rep ${rep + 1}/${bigReps}: direct ${mbPerS(d).toFixed(0)} MB/s, via gateway ${mbPerS(g).toFixed(0)} MB/s`);
  }

  // BUFFERED: one patch, one deployment, then the same requests.
  await sdk.send(new UpdateIntegrationCommand({
    restApiId: apiId, resourceId: routes.events!.resourceId, httpMethod: 'GET',
    patchOperations: [{ op: 'replace', path: '/responseTransferMode', value: 'BUFFERED' }, { op: 'replace', path: '/timeoutInMillis', value: '29000' }],
  }));
  await sdk.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: STAGE }));
  const bufferedTtfbOverEnd: number[] = [];
  const bufferedTtfb: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const b = await once(invoke('events'));
    bufferedTtfb.push(b.timing.ttfbMs!);
    bufferedTtfbOverEnd.push(b.timing.ttfbMs! / b.timing.endMs!);
  }
  const size = `${(total / GiB).toFixed(2).replace(/\.00$/, '')} GiB`;
  return [
    makeRow('gateway', {
      metric: 'added time to first byte, STREAM passthrough (gateway − direct)', unit: 'ms', samples: ttfbAdded,
      baselineName: 'engine → backend directly (TTFB)', baselineSamples: ttfbDirect,
      ratioOverride: (median(ttfbGateway) ?? NaN) / (median(ttfbDirect) ?? NaN),
      target: '≤ 0.3 ms', met: (v) => (v === null ? undefined : v <= 0.3),
      note: `gateway TTFB median ${median(ttfbGateway)?.toFixed(2)} ms; ratio = gateway/direct TTFB`,
    }),
    makeRow('gateway', {
      metric: `throughput via gateway, STREAM, ${size}`, unit: 'MB/s', samples: tpGateway,
      baselineName: 'engine → backend directly', baselineSamples: tpDirect,
      target: '≥ 0.85x direct', met: (_v, r) => (r === null ? undefined : r >= 0.85),
    }),
    makeRow('gateway', {
      metric: 'BUFFERED: first byte / end of response', unit: 'x', samples: bufferedTtfbOverEnd,
      baselineName: 'same route in STREAM mode', baselineSamples: streamTtfbOverEnd,
      target: 'BUFFERED ≈ 1 (first byte with the end)', met: (v) => (v === null ? undefined : v >= 0.9),
      note: `BUFFERED TTFB median ${median(bufferedTtfb)?.toFixed(1)} ms`,
    }),
  ];
}

const scenario: Scenario = { id: 4, name: 'gateway', title: 'local gateway overhead (STREAM passthrough, BUFFERED)', budgetMs: { quick: 40_000, full: 180_000 }, run };
export default scenario;
