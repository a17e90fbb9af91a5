// (7) Control-plane calls. The embedded local gateway (own process) is filled through the SDK
// with 300 REST APIs, one of which is imported (ImportRestApi) with 2,000 resources each with a
// GET method and an HTTP_PROXY integration. StreamGate's ControlPlaneService then lists the APIs,
// the big API's resources (embed=methods, limit 500) and the whole account tree; the calls it
// makes are compared with the minimum AWS's paging allows: ceil(n/500) per listing. Listing
// time is compared with the same pages fetched with bare SDK calls.
import { CreateRestApiCommand, GetResourcesCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, Scenario } from '../lib/context';
import { SkipError, throwIfAborted } from '../lib/context';
import { startServerProcess } from '../lib/proc';
import { makeRow, type BenchRow } from '../lib/result';

const APIS = 300;
const RESOURCES = 2000;
const PAGE = 500;

function openApiWithResources(n: number): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    paths[`/r${String(i).padStart(4, '0')}`] = {
      get: {
        responses: { 200: { description: 'ok' } },
        'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: `http://127.0.0.1:9/r${i}`, responseTransferMode: i % 2 ? 'STREAM' : 'BUFFERED' },
      },
    };
  }
  return JSON.stringify({ openapi: '3.0.1', info: { title: 'streamgate-bench-2000', version: '1' }, paths });
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  if (!existsSync(join(ctx.root, 'src/local/index.ts'))) throw new SkipError('src/local/index.ts (the local gateway) does not exist yet');
  const svcPath = join(ctx.root, 'src/core/controlplane/service.ts');
  if (!existsSync(svcPath)) throw new SkipError('src/core/controlplane/service.ts does not exist yet');
  const { ControlPlaneService } = await import('../../src/core/controlplane/service');
  const { createApiGatewayClient } = await import('../../src/core/controlplane/client');
  const reps = ctx.quick ? 4 : 8;
  const gw = await startServerProcess(ctx, { kind: 'gateway' });
  const sdk = createApiGatewayClient({ region: 'us-east-1', endpoint: gw.url });
  ctx.defer(() => sdk.destroy());

  const t0 = performance.now();
  const big = await sdk.send(new ImportRestApiCommand({ body: Buffer.from(openApiWithResources(RESOURCES)) }));
  const bigId = big.id!;
  for (let i = 1; i < APIS; i += 10) {
    throwIfAborted(ctx.signal);
    await Promise.all(Array.from({ length: Math.min(10, APIS - i) }, (_, k) => sdk.send(new CreateRestApiCommand({ name: `bench-${i + k}` }))));
  }
  ctx.log(`created ${APIS} APIs (one with ${RESOURCES} resources) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Warm-up: first SDK calls load endpoint rules and credentials.
  await new ControlPlaneService(sdk).listAllResources(bigId, ctx.signal);
  const apiCalls: number[] = [];
  const resCalls: number[] = [];
  const treeCalls: number[] = [];
  const resMs: number[] = [];
  const rawResMs: number[] = [];
  let apiCount = 0;
  let resCount = 0;
  let treeMin = 0;
  for (let rep = 0; rep < reps; rep++) {
    throwIfAborted(ctx.signal);
    const svc = new ControlPlaneService(sdk);
    const apis = await svc.listAllRestApis(ctx.signal);
    apiCount = apis.length;
    apiCalls.push(svc.callCount);

    // Service and bare SDK take turns going first, so neither always pays for a cold cache.
    const viaService = async (): Promise<void> => {
      svc.resetCallCounts();
      const t = performance.now();
      const resources = await svc.listAllResources(bigId, ctx.signal);
      resMs.push(performance.now() - t);
      resCount = resources.length;
      resCalls.push(svc.callCount);
    };
    let rawCount = 0;
    const viaSdk = async (): Promise<void> => {
      const t = performance.now();
      let position: string | undefined;
      rawCount = 0;
      for (let page = 0; page < 100; page++) {
        const out = await sdk.send(new GetResourcesCommand({ restApiId: bigId, embed: ['methods'], limit: PAGE, ...(position ? { position } : {}) }));
        rawCount += out.items?.length ?? 0;
        position = out.position;
        if (!position) break;
      }
      rawResMs.push(performance.now() - t);
    };
    if (rep % 2 === 0) { await viaService(); await viaSdk(); } else { await viaSdk(); await viaService(); }
    if (rawCount !== resCount) throw new Error(`service listed ${resCount} resources, raw SDK ${rawCount}`);

    // The whole account tree: every API's resources.
    svc.resetCallCounts();
    treeMin = Math.ceil(apis.length / PAGE);
    await svc.listAllRestApis(ctx.signal);
    for (const api of apis) {
      const list = await svc.listAllResources(api.id, ctx.signal);
      treeMin += Math.max(1, Math.ceil(list.length / PAGE));
    }
    treeCalls.push(svc.callCount);
    ctx.log(`rep ${rep + 1}/${reps}: ${apiCount} APIs in ${apiCalls.at(-1)} calls, ${resCount} resources in ${resCalls.at(-1)} calls, tree in ${treeCalls.at(-1)} calls (min ${treeMin})`);
  }
  const minApis = Math.ceil(apiCount / PAGE);
  const minRes = Math.ceil(resCount / PAGE);
  const atMin = (_v: number | null, r: number | null) => (r === null ? undefined : r <= 1);
  return [
    makeRow('controlplane', { metric: `calls to list ${apiCount} REST APIs`, unit: 'calls', samples: apiCalls, baselineName: `minimum ceil(${apiCount}/500)`, baselineSamples: [minApis], target: 'minimum', met: atMin }),
    makeRow('controlplane', { metric: `calls to list a ${resCount}-resource API with methods+integrations`, unit: 'calls', samples: resCalls, baselineName: `minimum ceil(${resCount}/500)`, baselineSamples: [minRes], target: 'minimum', met: atMin }),
    makeRow('controlplane', { metric: `calls to list the whole tree (${apiCount} APIs, all resources)`, unit: 'calls', samples: treeCalls, baselineName: 'minimum: 1 page of APIs + ceil(res/500) per API', baselineSamples: [treeMin], target: 'minimum', met: atMin }),
    makeRow('controlplane', { metric: `time to list the ${resCount}-resource API (service)`, unit: 'ms', samples: resMs, baselineName: 'same pages with bare SDK calls', baselineSamples: rawResMs }),
  ];
}

const scenario: Scenario = { id: 7, name: 'controlplane', title: 'control-plane calls for 300 APIs and a 2,000-resource API', budgetMs: { quick: 40_000, full: 120_000 }, run };
export default scenario;
