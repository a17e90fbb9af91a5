// Checks a state file's contents before the gateway trusts them. A file edited by hand, written
// by another version or cut short must stop the gateway with a message naming the file, the
// entry and the field — never crash later in a request, and never be overwritten until the user
// decides (see `resetCorruptState`).
import type { GatewayState, StoredRestApi } from './model';
import type { SharedState } from './store';

/** A state file the gateway will not load. `entry` is e.g. "restApis[2]", `field` e.g. "name". */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly entry?: string,
    readonly field?: string,
  ) {
    super(`The local gateway state file ${file} cannot be loaded: ${entry ? `${entry}${field ? `.${field}` : ''} ` : ''}${detail}. `
      + 'The file was left untouched; fix it, or start empty with the file kept aside (--reset-corrupt-state / resetCorruptState).');
    this.name = 'StateFileError';
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  constructor(private readonly file: string) {}

  fail(entry: string, field: string | undefined, detail: string): never {
    throw new StateFileError(this.file, detail, entry, field);
  }

  obj(parent: Obj, field: string, entry: string): Obj {
    const v = parent[field];
    if (!isObj(v)) this.fail(entry, field, v === undefined ? 'is missing (an object is required)' : 'must be an object');
    return v;
  }

  str(o: Obj, field: string, entry: string, optional = false): void {
    const v = o[field];
    if (optional && (v === undefined || v === null)) return;
    if (typeof v !== 'string') this.fail(entry, field, v === undefined ? 'is missing (a string is required)' : `must be a string, found ${JSON.stringify(v)?.slice(0, 40)}`);
  }

  num(o: Obj, field: string, entry: string): void {
    if (typeof o[field] !== 'number' || !Number.isFinite(o[field])) this.fail(entry, field, o[field] === undefined ? 'is missing (a number is required)' : 'must be a number');
  }

  bool(o: Obj, field: string, entry: string): void {
    if (typeof o[field] !== 'boolean') this.fail(entry, field, o[field] === undefined ? 'is missing (true or false is required)' : 'must be true or false');
  }

  list(o: Obj, field: string, entry: string, optional = false): unknown[] {
    const v = o[field];
    if (optional && (v === undefined || v === null)) return [];
    if (!Array.isArray(v)) this.fail(entry, field, v === undefined ? 'is missing (a list is required)' : 'must be a list');
    return v;
  }

  strList(o: Obj, field: string, entry: string, optional = false): void {
    this.list(o, field, entry, optional).forEach((x, i) => { if (typeof x !== 'string') this.fail(entry, `${field}[${i}]`, 'must be a string'); });
  }

  map(o: Obj, field: string, entry: string, valueType: 'string' | 'boolean'): void {
    const v = o[field];
    if (v === undefined || v === null) return;
    if (!isObj(v)) this.fail(entry, field, `must be a map of ${valueType}s`);
    for (const [k, x] of Object.entries(v)) if (typeof x !== valueType) this.fail(entry, `${field}.${k}`, `must be a ${valueType}`);
  }

  each(list: unknown[], entry: string, check: (o: Obj, entry: string) => void): void {
    list.forEach((x, i) => {
      const e = `${entry}[${i}]`;
      if (!isObj(x)) this.fail(e, undefined, x === null ? 'is null (an object is required)' : 'must be an object');
      check(x, e);
    });
  }

  /** API keys, usage plans, account settings and VPC links (absent in files written before they existed). */
  shared = (o: Obj, e: string): void => {
    const at = (name: string) => (e === '(top level)' ? name : `${e}.${name}`);
    this.each(this.list(o, 'apiKeys', e, true), at('apiKeys'), (k, ke) => {
      this.str(k, 'id', ke);
      this.str(k, 'value', ke);
      this.strList(k, 'stageKeys', ke, true);
    });
    this.each(this.list(o, 'usagePlans', e, true), at('usagePlans'), (p, pe) => {
      this.str(p, 'id', pe);
      this.strList(p, 'keyIds', pe);
      this.each(this.list(p, 'apiStages', pe), `${pe}.apiStages`, (s, se) => { this.str(s, 'apiId', se); this.str(s, 'stage', se); });
    });
    this.each(this.list(o, 'vpcLinks', e, true), at('vpcLinks'), (l, le) => {
      this.str(l, 'id', le);
      this.str(l, 'name', le);
      this.str(l, 'status', le);
    });
    if (o.account !== undefined && !isObj(o.account)) this.fail(e, 'account', 'must be an object');
  };

  resource = (r: Obj, e: string): void => {
    this.str(r, 'id', e);
    this.str(r, 'path', e);
    this.str(r, 'parentId', e, true);
    this.str(r, 'pathPart', e, true);
    const methods = this.obj(r, 'resourceMethods', e);
    for (const [verb, m] of Object.entries(methods)) {
      const me = `${e}.resourceMethods.${verb}`;
      if (!isObj(m)) this.fail(me, undefined, 'must be an object');
      this.str(m, 'httpMethod', me);
      this.str(m, 'authorizationType', me);
      this.bool(m, 'apiKeyRequired', me);
      this.map(m, 'requestParameters', me, 'boolean');
      this.map(m, 'requestModels', me, 'string');
      if (m.methodIntegration !== undefined) this.integration(this.obj(m, 'methodIntegration', me), `${me}.methodIntegration`);
    }
  };

  integration(i: Obj, e: string): void {
    this.str(i, 'type', e);
    this.str(i, 'uri', e, true);
    this.str(i, 'httpMethod', e, true);
    this.str(i, 'connectionType', e);
    this.num(i, 'timeoutInMillis', e);
    if (i.responseTransferMode !== 'BUFFERED' && i.responseTransferMode !== 'STREAM') this.fail(e, 'responseTransferMode', 'must be BUFFERED or STREAM');
    this.strList(i, 'cacheKeyParameters', e);
    this.map(i, 'requestParameters', e, 'string');
    this.map(i, 'requestTemplates', e, 'string');
    const responses = i.integrationResponses;
    if (responses !== undefined) {
      if (!isObj(responses)) this.fail(e, 'integrationResponses', 'must be an object');
      for (const [code, r] of Object.entries(responses)) {
        const re = `${e}.integrationResponses.${code}`;
        if (!isObj(r)) this.fail(re, undefined, 'must be an object');
        this.str(r, 'statusCode', re);
        this.map(r, 'responseParameters', re, 'string');
        this.map(r, 'responseTemplates', re, 'string');
      }
    }
  }

  api = (a: Obj, e: string): void => {
    this.str(a, 'id', e);
    this.str(a, 'name', e);
    this.str(a, 'rootResourceId', e);
    this.num(a, 'createdDate', e);
    this.str(a, 'apiKeySource', e);
    this.bool(a, 'disableExecuteApiEndpoint', e);
    this.strList(this.obj(a, 'endpointConfiguration', e), 'types', `${e}.endpointConfiguration`);
    this.strList(a, 'binaryMediaTypes', e, true);
    this.map(a, 'tags', e, 'string');
    this.each(this.list(a, 'resources', e), `${e}.resources`, this.resource);
    this.each(this.list(a, 'deployments', e), `${e}.deployments`, (d, de) => {
      this.str(d, 'id', de);
      this.num(d, 'createdDate', de);
      this.each(this.list(d, 'snapshot', de), `${de}.snapshot`, this.resource);
    });
    this.each(this.list(a, 'stages', e), `${e}.stages`, (s, se) => {
      this.str(s, 'stageName', se);
      this.str(s, 'deploymentId', se);
      this.obj(s, 'methodSettings', se);
      this.map(s, 'variables', se, 'string');
      this.bool(s, 'cacheClusterEnabled', se);
      this.bool(s, 'tracingEnabled', se);
    });
    const resources = a.resources as Obj[];
    if (!resources.some((r) => r.id === a.rootResourceId)) this.fail(e, 'rootResourceId', `names no resource of the API (${String(a.rootResourceId)})`);
  };
}

/** Validates a whole snapshot ({"version":1,"restApis":[...]}). */
export function validateState(parsed: unknown, file: string): GatewayState {
  const c: Checker = new Checker(file);
  if (!isObj(parsed)) c.fail('(top level)', undefined, 'must be an object {"version":1,"restApis":[...]}');
  if (parsed.version !== 1) c.fail('(top level)', 'version', `must be 1 (found ${JSON.stringify(parsed.version)}); this is not a StreamGate state file or it is from a newer version`);
  c.each(c.list(parsed, 'restApis', '(top level)'), 'restApis', c.api);
  c.shared(parsed, '(top level)');
  const seen = new Set<string>();
  (parsed.restApis as StoredRestApi[]).forEach((a, i) => {
    if (seen.has(a.id)) c.fail(`restApis[${i}]`, 'id', `repeats the id ${a.id} of an earlier entry`);
    seen.add(a.id);
  });
  return parsed as unknown as GatewayState;
}

/** Validates one REST API (a journal record). */
export function validateApi(parsed: unknown, file: string, entry: string): StoredRestApi {
  const c: Checker = new Checker(file);
  if (!isObj(parsed)) c.fail(entry, undefined, 'must be an object');
  c.api(parsed, entry);
  return parsed as unknown as StoredRestApi;
}

/** Validates the account-wide part of the state (a "shared" journal record). */
export function validateShared(parsed: unknown, file: string, entry: string): SharedState {
  const c: Checker = new Checker(file);
  if (!isObj(parsed)) c.fail(entry, undefined, 'must be an object');
  c.shared(parsed, entry);
  return parsed as SharedState;
}
