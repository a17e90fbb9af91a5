// API keys: Create/Get/Update/Delete(ApiKey), GetApiKeys. Values are generated like AWS's
// (40 characters) unless given; they are returned only with includeValue(s)=true, as on AWS.
import { replaceWith } from '../state/store';
import { randomBytes } from 'node:crypto';
import { badRequest, conflict, notFound } from '../http/awsError';
import { newId } from '../state/ids';
import { nowSeconds, type GatewayState, type StoredApiKey } from '../state/model';
import { optBoolean, optString, optStringMap, page, pageLimit } from './input';
import { parseBooleanValue, parsePatchOperations, patchSegments, patchStringMap, requireValue, unsupportedPatch } from './patch';
import { accepted, created, notImplemented, ok, type RouteRegistrar } from './routing';

export function apiKeys(state: GatewayState): StoredApiKey[] {
  return (state.apiKeys ??= []);
}

export function findApiKey(state: GatewayState, id: string): StoredApiKey {
  const k = apiKeys(state).find((x) => x.id === id);
  if (!k) throw notFound('Invalid API Key identifier specified');
  return k;
}

export function apiKeyShape(k: StoredApiKey, includeValue: boolean): Record<string, unknown> {
  const { value, ...rest } = k;
  return includeValue ? { ...rest, value } : rest;
}

export function registerApiKeyRoutes(route: RouteRegistrar): void {
  route('POST', '/apikeys', ({ query, json, ctx }) => {
    if (query.get('mode') === 'import') throw notImplemented('ImportApiKeys');
    const b = json();
    const value = optString(b, 'value') ?? randomBytes(30).toString('base64url').slice(0, 40);
    if (value.length < 20) throw badRequest('API Key value should be at least 20 characters');
    if (apiKeys(ctx.store.state).some((k) => k.value === value)) throw conflict('API Key already exists');
    const stageKeys = Array.isArray(b.stageKeys) ? (b.stageKeys as Array<{ restApiId?: string; stageName?: string }>).map((s) => {
      const api = ctx.store.api(String(s.restApiId ?? ''));
      ctx.store.stage(api, String(s.stageName ?? ''));
      return `${api.id}/${s.stageName}`;
    }) : [];
    const now = nowSeconds();
    const key: StoredApiKey = {
      id: newId(10), value, name: optString(b, 'name'), description: optString(b, 'description'),
      enabled: optBoolean(b, 'enabled') ?? false, customerId: optString(b, 'customerId'),
      createdDate: now, lastUpdatedDate: now, stageKeys, tags: optStringMap(b, 'tags'),
    };
    apiKeys(ctx.store.state).push(key);
    return created(apiKeyShape(key, true));
  });
  route('GET', '/apikeys', ({ query, ctx }) => {
    const name = query.get('name');
    const customerId = query.get('customerId');
    const items = apiKeys(ctx.store.state).filter((k) => (!name || k.name?.startsWith(name)) && (!customerId || k.customerId === customerId));
    const p = page(items, pageLimit(query.get('limit')), query.get('position'));
    return ok({ item: p.items.map((k) => apiKeyShape(k, query.get('includeValues') === 'true')), position: p.position });
  });
  route('GET', '/apikeys/{key}', ({ params, query, ctx }) => ok(apiKeyShape(findApiKey(ctx.store.state, params.key!), query.get('includeValue') === 'true')));
  route('PATCH', '/apikeys/{key}', ({ params, json, ctx }) => {
    const key = findApiKey(ctx.store.state, params.key!);
    const next = structuredClone(key);
    for (const op of parsePatchOperations(json().patchOperations)) {
      const [field, ...rest] = patchSegments(op.path);
      if (field === 'tags') { next.tags = patchStringMap(next.tags, rest.join('/'), op); continue; }
      if (op.op !== 'replace') throw unsupportedPatch(op);
      switch (field) {
        case 'name': next.name = requireValue(op); break;
        case 'description': next.description = op.value; break;
        case 'enabled': next.enabled = parseBooleanValue(op); break;
        case 'customerId': next.customerId = op.value; break;
        default: throw unsupportedPatch(op);
      }
    }
    next.lastUpdatedDate = nowSeconds();
    replaceWith(key, next);
    return ok(apiKeyShape(key, false));
  });
  route('DELETE', '/apikeys/{key}', ({ params, ctx }) => {
    const key = findApiKey(ctx.store.state, params.key!);
    ctx.store.state.apiKeys = apiKeys(ctx.store.state).filter((k) => k !== key);
    for (const plan of ctx.store.state.usagePlans ?? []) plan.keyIds = plan.keyIds.filter((id) => id !== key.id);
    return accepted();
  });
}
