// (4) Local gateway overhead. An API is created on the embedded local API Gateway (own process)
// through the AWS SDK — CreateRestApi, CreateResource, PutMethod, PutIntegration (HTTP_PROXY,
// responseTransferMode STREAM), CreateDeployment — in front of reference backends (own
// processes). StreamGate's engine then calls each backend directly and through the gateway, in
// turns: the added time to first byte and the throughput ratio are the gateway's cost. Finally
// the integration is switched to BUFFERED (one UpdateIntegration + CreateDeployment) and the
// first byte must arrive with the end (TTFB/end ≈ 1) while STREAM delivers it early.
// Two reference relays run beside it (bench/servers/relays.ts): a bare TCP relay, the ceiling for
// any process between client and backend on this machine, and the smallest node:http proxy, the
// floor for one that parses HTTP with Node's parser as the gateway does. Their rows say how much
// of the gateway's cost is StreamGate's own.
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
import { median, ratio } from '../lib/stats';
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
  const [tcpHuge, httpHuge, httpChunks] = await Promise.all([
    startServerProcess(ctx, { kind: 'relay', via: 'tcp', target: huge.url }),
    startServerProcess(ctx, { kind: 'relay', via: 'http', target: huge.url }),
    startServerProcess(ctx, { kind: 'relay', via: 'http', target: chunks.url }),
  ]);
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
  await once(httpChunks.url);

  const ttfbDirect: number[] = [];
  const ttfbGateway: number[] = [];
  const ttfbAdded: number[] = [];
  const ttfbAddedByProxy: number[] = [];
  const streamTtfbOverEnd: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const d = await once(chunks.url);
    const g = await once(invoke('events'));
    const p = await once(httpChunks.url);
    ttfbDirect.push(d.timing.ttfbMs!);
    ttfbGateway.push(g.timing.ttfbMs!);
    ttfbAdded.push(g.timing.ttfbMs! - d.timing.ttfbMs!);
    ttfbAddedByProxy.push(p.timing.ttfbMs! - d.timing.ttfbMs!);
    streamTtfbOverEnd.push(g.timing.ttfbMs! / g.timing.endMs!);
  }
  ctx.log(`TTFB direct ${median(ttfbDirect)!.toFixed(2)} ms, via gateway (STREAM) ${median(ttfbGateway)!.toFixed(2)} ms`);

  const tp = { direct: [] as number[], gateway: [] as number[], tcpRelay: [] as number[], httpProxy: [] as number[] };
  const bigUrls = { direct: huge.url, gateway: invoke('huge'), tcpRelay: tcpHuge.url, httpProxy: httpHuge.url };
  for (let rep = 0; rep < bigReps; rep++) {
    throwIfAborted(ctx.signal);
    for (const [name, url] of Object.entries(bigUrls) as Array<[keyof typeof tp, string]>) {
      const t = await viaEngine(url);
      if (t.bytes !== total) throw new Error(`incomplete transfer via ${name}: ${t.bytes} of ${total}`);
      tp[name].push(mbPerS(t));
    }
    ctx.log(`rep ${rep + 1}/${bigReps}: MB/s direct ${tp.direct[rep]!.toFixed(0)}, via gateway ${tp.gateway[rep]!.toFixed(0)}, ` +
      `bare TCP relay ${tp.tcpRelay[rep]!.toFixed(0)}, minimal node:http proxy ${tp.httpProxy[rep]!.toFixed(0)}`);
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
      note: `gateway TTFB median ${median(ttfbGateway)?.toFixed(2)} ms; ratio = gateway/direct TTFB; the minimal node:http proxy adds ${median(ttfbAddedByProxy)?.toFixed(2)} ms in the same runs`,
    }),
    makeRow('gateway', {
      metric: 'added time to first byte, minimal node:http proxy (reference)', unit: 'ms', samples: ttfbAddedByProxy,
      baselineName: 'engine → backend directly (TTFB)', baselineSamples: ttfbDirect,
      ratioOverride: null, note: 'what a relay built on node:http adds before StreamGate does anything',
    }),
    makeRow('gateway', {
      metric: `throughput via gateway, STREAM, ${size}`, unit: 'MB/s', samples: tp.gateway,
      baselineName: 'engine → backend directly', baselineSamples: tp.direct,
      target: '≥ 0.85x direct', met: (_v, r) => (r === null ? undefined : r >= 0.85),
    }),
    makeRow('gateway', {
      metric: `throughput via gateway vs the minimal node:http proxy, ${size}`, unit: 'MB/s', samples: tp.gateway,
      baselineName: 'minimal node:http proxy (reference)', baselineSamples: tp.httpProxy,
      note: `that proxy reaches ${ratio(median(tp.httpProxy), median(tp.direct))?.toFixed(2)}x of direct`,
    }),
    makeRow('gateway', {
      metric: `throughput via a bare TCP relay (reference: ceiling for any relay process), ${size}`, unit: 'MB/s', samples: tp.tcpRelay,
      baselineName: 'engine → backend directly', baselineSamples: tp.direct,
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
