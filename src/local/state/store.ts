// The in-memory gateway state plus lookups that fail with AWS's NotFoundException wording.
// Every mutation goes through `commit()`, which persists the state when a state file is set.
import { notFound } from '../http/awsError';
import type { GatewayState, StoredMethod, StoredResource, StoredRestApi, StoredStage, StoredDeployment } from './model';
import { StateWriter } from './persistence';

export class GatewayStore {
  constructor(readonly state: GatewayState, private readonly writer?: StateWriter) {}

  commit(): void {
    this.writer?.save(this.state);
  }

  flush(): Promise<void> {
    return this.writer?.flush() ?? Promise.resolve();
  }

  findApi(apiId: string): StoredRestApi | undefined {
    return this.state.restApis.find((a) => a.id === apiId);
  }

  api(apiId: string): StoredRestApi {
    const api = this.findApi(apiId);
    if (!api) throw notFound('Invalid API identifier specified');
    return api;
  }

  resource(api: StoredRestApi, resourceId: string): StoredResource {
    const r = api.resources.find((x) => x.id === resourceId);
    if (!r) throw notFound('Invalid Resource identifier specified');
    return r;
  }

  method(resource: StoredResource, httpMethod: string): StoredMethod {
    const m = resource.resourceMethods[httpMethod.toUpperCase()];
    if (!m) throw notFound('Invalid Method identifier specified');
    return m;
  }

  deployment(api: StoredRestApi, deploymentId: string): StoredDeployment {
    const d = api.deployments.find((x) => x.id === deploymentId);
    if (!d) throw notFound('Invalid Deployment identifier specified');
    return d;
  }

  stage(api: StoredRestApi, stageName: string): StoredStage {
    const s = api.stages.find((x) => x.stageName === stageName);
    if (!s) throw notFound('Invalid Stage identifier specified');
    return s;
  }
}

/** Path of a child resource, e.g. parent "/" + "chat" → "/chat". */
export function childPath(parentPath: string, pathPart: string): string {
  return parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`;
}

/** The resource and all its descendants (used by DeleteResource). */
export function subtreeIds(resources: StoredResource[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of resources) {
      if (r.parentId && ids.has(r.parentId) && !ids.has(r.id)) { ids.add(r.id); grew = true; }
    }
  }
  return ids;
}

/** Makes `target` equal to `next` in place (keys missing from `next` are removed), so references stay valid. */
export function replaceWith<T extends object>(target: T, next: T): T {
  for (const k of Object.keys(target)) if (!(k in next)) delete (target as Record<string, unknown>)[k];
  return Object.assign(target, next);
}
