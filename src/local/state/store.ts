// The in-memory gateway state plus lookups that fail with AWS's NotFoundException wording.
// Every mutation runs through `change()`: changes run one at a time, and each is all or nothing
// across memory and disk — if the handler throws, or its journal record cannot be made durable,
// the touched REST API is restored from its last durable value and the caller gets the error.
// The account-wide part of the state (API keys, usage plans, account settings, VPC links) is small and
// journaled as one "shared" record whenever a change alters it.
import { AwsError, notFound } from '../http/awsError';
import type { DurableLog } from './journal';
import type { GatewayState, StoredMethod, StoredResource, StoredRestApi, StoredStage, StoredDeployment } from './model';

export class GatewayStore {
  /** Each REST API's last durable value, as JSON, in state order: the rollback source and the snapshot. */
  private readonly durable = new Map<string, string>();
  /** The account-wide part's last durable value, as JSON. */
  private durableShared: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly state: GatewayState, private log?: DurableLog) {
    for (const api of state.restApis) this.durable.set(api.id, JSON.stringify(api));
    this.durableShared = JSON.stringify(sharedPartOf(state));
  }

  /** Makes every later change durable through `log` (opened from this store's snapshot). */
  attachLog(log: DurableLog): void {
    this.log = log;
  }

  /** The durable state as snapshot text (built from cached JSON: nothing is re-serialised). */
  snapshotText(): string {
    const shared = this.durableShared.slice(1, -1); // the object's members, e.g. "apiKeys":[...]
    return `{"version":1,${shared ? `${shared},` : ''}"restApis":[${[...this.durable.values()].join(',')}]}`;
  }

  /**
   * Runs `mutate` (which may change the REST API `apiId`, and create or delete APIs) and makes
   * the result durable before resolving. Changes are serialised, so rollback never undoes
   * another request's work.
   */
  change<T>(apiId: string | undefined, mutate: () => T): Promise<T> {
    const run = this.queue.then(() => this.apply(apiId, mutate));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply<T>(apiId: string | undefined, mutate: () => T): Promise<T> {
    const before = [...this.state.restApis];
    let result: T;
    let lines: string;
    const puts = new Map<string, string>();
    const dels: string[] = [];
    let shared: string | undefined;
    try {
      result = mutate();
      const now = new Set(this.state.restApis.map((a) => a.id));
      for (const a of this.state.restApis) {
        if (!this.durable.has(a.id) || a.id === apiId) puts.set(a.id, JSON.stringify(a));
      }
      for (const id of this.durable.keys()) if (!now.has(id)) dels.push(id);
      const sharedNow = JSON.stringify(sharedPartOf(this.state));
      if (sharedNow !== this.durableShared) shared = sharedNow;
      lines = [
        ...[...puts.values()].map((json) => `{"put":${json}}\n`),
        ...dels.map((id) => `${JSON.stringify({ del: id })}\n`),
        ...(shared === undefined ? [] : [`{"shared":${shared}}\n`]),
      ].join('');
    } catch (err) {
      this.rollback(before, apiId);
      throw err;
    }
    if (lines && this.log) {
      try {
        await this.log.append(lines);
      } catch (err) {
        this.rollback(before, apiId);
        throw new AwsError(503, 'ServiceUnavailableException', `The change was not applied: it could not be saved to the state file (${(err as Error).message})`);
      }
    }
    for (const [id, json] of puts) this.durable.set(id, json);
    for (const id of dels) this.durable.delete(id);
    if (shared !== undefined) this.durableShared = shared;
    this.log?.maybeCompact(() => this.snapshotText());
    return result;
  }

  private rollback(before: StoredRestApi[], apiId: string | undefined): void {
    this.state.restApis = before.map((a) => (a.id === apiId ? JSON.parse(this.durable.get(a.id)!) as StoredRestApi : a));
    const shared = JSON.parse(this.durableShared) as SharedState;
    for (const k of SHARED_KEYS) delete this.state[k];
    Object.assign(this.state, shared);
  }

  /** Resolves once every change so far is durable and no compaction is running. */
  async flush(): Promise<void> {
    await this.queue;
    await this.log?.idle();
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

/** The account-wide members of the state (everything but restApis and version). */
export const SHARED_KEYS = ['apiKeys', 'usagePlans', 'account', 'vpcLinks'] as const;
export type SharedState = Pick<GatewayState, (typeof SHARED_KEYS)[number]>;

export function sharedPartOf(state: GatewayState): SharedState {
  const out: SharedState = {};
  for (const k of SHARED_KEYS) if (state[k] !== undefined) (out as Record<string, unknown>)[k] = state[k];
  return out;
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
