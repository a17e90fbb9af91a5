// Every invoke URL a connection serves — each REST API × stage × method — for the console's
// Target picker when it is opened without a method (palette, view title). Bounded so a large
// account still opens the console quickly: the first APIs and targets, with a note when cut.
import type { InvokeTarget } from '../../shared/protocol';
import type { ControlPlaneService } from './service';

export interface InvokeTargetSource {
  service: Pick<ControlPlaneService, 'listAllRestApis' | 'listStages' | 'listAllResources'>;
  invokeUrl(apiId: string, stage: string, path: string): string;
}

export interface InvokeTargetList { targets: InvokeTarget[]; truncated: boolean }

export const MAX_TARGET_APIS = 25;
export const MAX_TARGETS = 300;

export async function listInvokeTargets(source: InvokeTargetSource, signal?: AbortSignal, limits = { apis: MAX_TARGET_APIS, targets: MAX_TARGETS }): Promise<InvokeTargetList> {
  const apis = await source.service.listAllRestApis(signal);
  const targets: InvokeTarget[] = [];
  const truncated = apis.length > limits.apis;
  for (const api of apis.slice(0, limits.apis)) {
    const [stages, resources] = await Promise.all([source.service.listStages(api.id, signal), source.service.listAllResources(api.id, signal)]);
    const methods = resources
      .flatMap((r) => Object.keys(r.methods).sort().map((m) => ({ path: r.path, method: m })))
      .sort((a, b) => a.path.localeCompare(b.path));
    for (const stage of stages) {
      for (const m of methods) {
        if (targets.length >= limits.targets) return { targets, truncated: true };
        // The label names the method as the API defines it (ANY included); choosing a target with a
        // concrete method sets the console's method too, ANY keeps the one chosen.
        targets.push({
          label: `${api.name} · ${stage.name} — ${m.method} ${m.path}`, url: source.invokeUrl(api.id, stage.name, m.path), stage: stage.name,
          ...(m.method === 'ANY' ? {} : { method: m.method }),
        });
      }
    }
  }
  return { targets, truncated };
}
