// Measures what listing an account costs in API calls: the numbers the benchmarks report
// (expected: ceil(apis/500) GetRestApis pages, ceil(resources/500) GetResources pages per
// API, and no per-method calls when the server honours embed=methods).
import type { ControlPlaneService } from './service';

export interface ListingCost {
  apis: number;
  resources: number;
  methods: number;
  getRestApisCalls: number;
  getResourcesCalls: number;
  /** GetMethod + GetIntegration calls: zero when embed=methods works. */
  perMethodCalls: number;
  totalCalls: number;
  elapsedMs: number;
}

/** Lists every API and every resource of each (sequentially), counting the calls made. */
export async function measureListingCost(service: ControlPlaneService, signal?: AbortSignal): Promise<ListingCost> {
  service.resetCallCounts();
  const started = performance.now();
  const apis = await service.listAllRestApis(signal);
  let resources = 0;
  let methods = 0;
  for (const api of apis) {
    const list = await service.listAllResources(api.id, signal);
    resources += list.length;
    for (const r of list) methods += Object.keys(r.methods).length;
  }
  const calls = service.callsByOperation;
  return {
    apis: apis.length,
    resources,
    methods,
    getRestApisCalls: calls.GetRestApis ?? 0,
    getResourcesCalls: calls.GetResources ?? 0,
    perMethodCalls: (calls.GetMethod ?? 0) + (calls.GetIntegration ?? 0),
    totalCalls: service.callCount,
    elapsedMs: Math.round(performance.now() - started),
  };
}
