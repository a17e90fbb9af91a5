// Usage plans and usage plan keys. A key in a plan that lists {apiId, stage} is what lets a
// request through an apiKeyRequired method of that stage. Quotas and throttles are stored and
// returned but not enforced locally (see docs/aws-behaviour.md).
import { badRequest, conflict, notFound } from '../http/awsError';
import { newId } from '../state/ids';
import type { GatewayState, StoredUsagePlan } from '../state/model';
import { replaceWith, type GatewayStore } from '../state/store';
import { findApiKey } from './apiKeyRoutes';
import { optString, optStringMap, page, pageLimit, reqString, type JsonObject } from './input';
import { parseIntegerValue, parseNumberValue, parsePatchOperations, patchSegments, requireValue, unsupportedPatch, type PatchOperation } from './patch';
import { accepted, created, ok, type RouteRegistrar } from './routing';

const plans = (state: GatewayState): StoredUsagePlan[] => (state.usagePlans ??= []);

function findPlan(state: GatewayState, id: string): StoredUsagePlan {
  const p = plans(state).find((x) => x.id === id);
  if (!p) throw notFound('Invalid Usage Plan ID specified');
  return p;
}

function planShape(p: StoredUsagePlan): Record<string, unknown> {
  const { keyIds: _keys, ...rest } = p;
  return rest;
}

function checkApiStage(store: GatewayStore, apiId: string, stage: string): void {
  const api = store.findApi(apiId);
  if (!api || !api.stages.some((s) => s.stageName === stage)) throw badRequest(`Invalid API Stage {api: ${apiId}, stage: ${stage}} specified for usageplan`);
}

function numberObject(o: unknown, fields: string[]): Record<string, number> | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const out: Record<string, number> = {};
  for (const f of fields) { const v = (o as JsonObject)[f]; if (typeof v === 'number') out[f] = v; }
  return out;
}

export function registerUsagePlanRoutes(route: RouteRegistrar): void {
  route('POST', '/usageplans', ({ json, ctx }) => {
    const b = json();
    const apiStages = Array.isArray(b.apiStages) ? (b.apiStages as JsonObject[]).map((s) => ({ apiId: String(s.apiId ?? ''), stage: String(s.stage ?? '') })) : [];
    for (const s of apiStages) checkApiStage(ctx.store, s.apiId, s.stage);
    const quota = b.quota as JsonObject | undefined;
    const plan: StoredUsagePlan = {
      id: newId(6), name: reqString(b, 'name'), description: optString(b, 'description'), apiStages,
      throttle: numberObject(b.throttle, ['burstLimit', 'rateLimit']),
      quota: quota ? { ...numberObject(quota, ['limit', 'offset']), ...(typeof quota.period === 'string' ? { period: quota.period } : {}) } : undefined,
      tags: optStringMap(b, 'tags'), keyIds: [],
    };
    plans(ctx.store.state).push(plan);
    return created(planShape(plan));
  });
  route('GET', '/usageplans', ({ query, ctx }) => {
    const keyId = query.get('keyId');
    const items = plans(ctx.store.state).filter((p) => !keyId || p.keyIds.includes(keyId));
    const pg = page(items, pageLimit(query.get('limit')), query.get('position'));
    return ok({ item: pg.items.map(planShape), position: pg.position });
  });
  route('GET', '/usageplans/{plan}', ({ params, ctx }) => ok(planShape(findPlan(ctx.store.state, params.plan!))));
  route('PATCH', '/usageplans/{plan}', ({ params, json, ctx }) => {
    const plan = findPlan(ctx.store.state, params.plan!);
    const next = structuredClone(plan);
    for (const op of parsePatchOperations(json().patchOperations)) applyPlanOp(ctx.store, next, op);
    replaceWith(plan, next);
    return ok(planShape(plan));
  });
  route('DELETE', '/usageplans/{plan}', ({ params, ctx }) => {
    const plan = findPlan(ctx.store.state, params.plan!);
    ctx.store.state.usagePlans = plans(ctx.store.state).filter((p) => p !== plan);
    return accepted();
  });

  route('POST', '/usageplans/{plan}/keys', ({ params, json, ctx }) => {
    const plan = findPlan(ctx.store.state, params.plan!);
    const b = json();
    const keyType = reqString(b, 'keyType');
    if (keyType !== 'API_KEY') throw badRequest(`Invalid key type ${keyType}: only API_KEY is supported`);
    const key = findApiKey(ctx.store.state, reqString(b, 'keyId'));
    if (plan.keyIds.includes(key.id)) throw conflict('Usage plan key already exists');
    plan.keyIds.push(key.id);
    return created({ id: key.id, type: 'API_KEY', value: key.value, name: key.name });
  });
  route('GET', '/usageplans/{plan}/keys', ({ params, query, ctx }) => {
    const plan = findPlan(ctx.store.state, params.plan!);
    const nameQuery = query.get('name');
    const keys = plan.keyIds.map((id) => findApiKey(ctx.store.state, id)).filter((k) => !nameQuery || k.name?.startsWith(nameQuery));
    const pg = page(keys, pageLimit(query.get('limit')), query.get('position'));
    return ok({ item: pg.items.map((k) => ({ id: k.id, type: 'API_KEY', value: k.value, name: k.name })), position: pg.position });
  });
  route('GET', '/usageplans/{plan}/keys/{key}', ({ params, ctx }) => {
    const plan = findPlan(ctx.store.state, params.plan!);
    if (!plan.keyIds.includes(params.key!)) throw notFound('Invalid Usage Plan Key identifier specified');
    const k = findApiKey(ctx.store.state, params.key!);
    return ok({ id: k.id, type: 'API_KEY', value: k.value, name: k.name });
  });
  route('DELETE', '/usageplans/{plan}/keys/{key}', ({ params, ctx }) => {
    const plan = findPlan(ctx.store.state, params.plan!);
    if (!plan.keyIds.includes(params.key!)) throw notFound('Invalid Usage Plan Key identifier specified');
    plan.keyIds = plan.keyIds.filter((id) => id !== params.key);
    return accepted();
  });
}

function applyPlanOp(store: GatewayStore, p: StoredUsagePlan, op: PatchOperation): void {
  const [field, ...rest] = patchSegments(op.path);
  switch (field) {
    case 'name': if (op.op !== 'replace') throw unsupportedPatch(op); p.name = requireValue(op); return;
    case 'description': if (op.op !== 'replace') throw unsupportedPatch(op); p.description = op.value; return;
    case 'productCode': if (op.op !== 'replace') throw unsupportedPatch(op); p.productCode = op.value; return;
    case 'apiStages': {
      // value "apiId:stage" as the AWS CLI / SDK docs show.
      const [apiId = '', stage = ''] = requireValue(op).split(':');
      if (op.op === 'add') { checkApiStage(store, apiId, stage); if (!p.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) p.apiStages.push({ apiId, stage }); return; }
      if (op.op === 'remove') { p.apiStages = p.apiStages.filter((s) => !(s.apiId === apiId && s.stage === stage)); return; }
      throw unsupportedPatch(op);
    }
    case 'throttle':
      if (op.op !== 'replace' || (rest[0] !== 'burstLimit' && rest[0] !== 'rateLimit')) throw unsupportedPatch(op);
      p.throttle = { ...p.throttle, [rest[0]]: rest[0] === 'burstLimit' ? parseIntegerValue(op, 'burst limit') : parseNumberValue(op, 'rate limit') };
      return;
    case 'quota':
      if (op.op !== 'replace' || !['limit', 'offset', 'period'].includes(rest[0] ?? '')) throw unsupportedPatch(op);
      p.quota = { ...p.quota, [rest[0]!]: rest[0] === 'period' ? requireValue(op) : parseIntegerValue(op, `quota ${rest[0]}`) };
      return;
    default:
      throw unsupportedPatch(op);
  }
}
