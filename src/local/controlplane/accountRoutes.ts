// GetAccount / UpdateAccount and GetTags / TagResource / UntagResource. Tags are addressed by
// ARN: arn:aws:apigateway:REGION::/restapis/ID, …/restapis/ID/stages/NAME, /apikeys/ID, /usageplans/ID.
import { badRequest, notFound } from '../http/awsError';
import type { GatewayStore } from '../state/store';
import { findApiKey } from './apiKeyRoutes';
import { optStringMap } from './input';
import { parsePatchOperations, unsupportedPatch } from './patch';
import { noContent, ok, type RouteRegistrar } from './routing';

/** AWS's account defaults (account-level throttle 10,000 rps, burst 5,000). */
const ACCOUNT_THROTTLE = { burstLimit: 5000, rateLimit: 10000 };

function accountShape(store: GatewayStore): Record<string, unknown> {
  return { cloudwatchRoleArn: store.state.account?.cloudwatchRoleArn, throttleSettings: ACCOUNT_THROTTLE, features: ['UsagePlans'], apiKeyVersion: '4' };
}

type Taggable = { tags?: Record<string, string> };

/** The object an API Gateway resource ARN names; NotFound for anything else. */
function taggable(store: GatewayStore, arn: string): Taggable {
  const m = /^arn:aws[\w-]*:apigateway:[\w-]*::(\/.+)$/.exec(arn);
  if (!m) throw badRequest(`Invalid resource ARN: ${arn}. Use arn:aws:apigateway:REGION::/restapis/ID (or …/stages/NAME)`);
  const parts = m[1]!.split('/').filter(Boolean);
  if (parts[0] === 'restapis' && parts.length === 2) return store.api(parts[1]!);
  if (parts[0] === 'restapis' && parts.length === 4 && parts[2] === 'stages') return store.stage(store.api(parts[1]!), parts[3]!);
  if (parts[0] === 'apikeys' && parts.length === 2) return findApiKey(store.state, parts[1]!);
  if (parts[0] === 'usageplans' && parts.length === 2) {
    const plan = (store.state.usagePlans ?? []).find((p) => p.id === parts[1]);
    if (plan) return plan;
  }
  throw notFound(`Invalid resource ARN specified: ${arn}`);
}

export function registerAccountRoutes(route: RouteRegistrar): void {
  route('GET', '/account', ({ ctx }) => ok(accountShape(ctx.store)));
  route('PATCH', '/account', ({ json, ctx }) => {
    const ops = parsePatchOperations(json().patchOperations);
    let role = ctx.store.state.account?.cloudwatchRoleArn;
    for (const op of ops) {
      if (op.path !== '/cloudwatchRoleArn' || op.op !== 'replace') throw unsupportedPatch(op);
      role = op.value || undefined;
    }
    ctx.store.state.account = { ...ctx.store.state.account, cloudwatchRoleArn: role };
    return ok(accountShape(ctx.store));
  });

  route('GET', '/tags/{arn}', ({ params, ctx }) => ok({ tags: taggable(ctx.store, params.arn!).tags ?? {} }));
  route('PUT', '/tags/{arn}', ({ params, json, ctx }) => {
    const target = taggable(ctx.store, params.arn!);
    const tags = optStringMap(json(), 'tags');
    if (!tags) throw badRequest("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
    target.tags = { ...(target.tags ?? {}), ...tags };
    return noContent();
  });
  route('DELETE', '/tags/{arn}', ({ params, query, ctx }) => {
    const target = taggable(ctx.store, params.arn!);
    const keys = query.getAll('tagKeys').flatMap((k) => k.split(','));
    const next = { ...(target.tags ?? {}) };
    for (const k of keys) delete next[k];
    target.tags = next;
    return noContent();
  });
}
