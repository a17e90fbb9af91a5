// Lambda authorizers (TOKEN and REQUEST) as API Gateway runs them: identity sources read from
// the request, a missing identity answers 401 without calling the function, the function runs
// through the FunctionInvoker seam (raw payload), its policy document is evaluated for the
// method ARN, results are cached per identity for authorizerResultTtlInSeconds, and its
// principalId + context reach the integration as requestContext.authorizer.
import type { FunctionInvoker } from '../functions/types';
import type { StoredAuthorizer } from '../state/model';
import { GATEWAY_RESPONSES, type GatewayResponse } from './gatewayResponses';
import { policyAllows } from './authPolicy';

export interface AuthorizerRequest {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  query: URLSearchParams;
  pathParameters: Record<string, string>;
  stageVariables: Record<string, string>;
  methodArn: string;
  httpMethod: string;
  path: string;
  resourcePath: string;
  requestContext: Record<string, unknown>;
  requestId: string;
  signal: AbortSignal;
  deadlineMs: number;
  note(line: string): void;
}

export type AuthOutcome =
  | { ok: true; authorizer: Record<string, unknown>; usageIdentifierKey?: string; principalId: string }
  | { ok: false; response: GatewayResponse; detail: string };

interface CachedResult { expiresAt: number; policy: unknown; principalId: string; context: Record<string, unknown>; usageIdentifierKey?: string }

/** Authorizer results per stage; FlushStageAuthorizersCache empties a stage's entries. */
export class AuthorizerCache {
  private readonly entries = new Map<string, CachedResult>();
  get(key: string, now = Date.now()): CachedResult | undefined {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit;
    this.entries.delete(key);
    return undefined;
  }
  set(key: string, value: CachedResult): void { this.entries.set(key, value); }
  flush(prefix: string): void { for (const k of [...this.entries.keys()]) if (k.startsWith(prefix)) this.entries.delete(k); }
}

const fail = (response: GatewayResponse, detail: string): AuthOutcome => ({ ok: false, response, detail });

/** Reads one identity source: method.request.header.X, method.request.querystring.X, stageVariables.X, context.X. */
function identityValue(source: string, r: AuthorizerRequest): string | undefined {
  const s = source.trim();
  let m: RegExpExecArray | null;
  if ((m = /^method\.request\.header\.(.+)$/i.exec(s))) {
    const want = m[1]!.toLowerCase();
    return Object.entries(r.headers).find(([k]) => k.toLowerCase() === want)?.[1];
  }
  if ((m = /^method\.request\.querystring\.(.+)$/.exec(s))) return r.query.get(m[1]!) ?? undefined;
  if ((m = /^stageVariables\.(.+)$/.exec(s))) return r.stageVariables[m[1]!];
  if ((m = /^context\.(.+)$/.exec(s))) {
    const v = m[1]!.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r.requestContext);
    return v === undefined || v === null ? undefined : String(v);
  }
  return undefined;
}

function functionArnOf(authorizerUri: string | undefined): string | undefined {
  return /\/functions\/(arn:aws[\w-]*:lambda:[^/]+)\/invocations$/.exec(authorizerUri ?? '')?.[1];
}

function buildEvent(a: StoredAuthorizer, r: AuthorizerRequest, token: string | undefined): Record<string, unknown> {
  if (a.type === 'TOKEN') return { type: 'TOKEN', authorizationToken: token, methodArn: r.methodArn };
  const q = Object.fromEntries(r.query);
  const mq: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of r.query) (mq[k] ??= []).push(v);
  return {
    type: 'REQUEST', methodArn: r.methodArn, resource: r.resourcePath, path: r.path, httpMethod: r.httpMethod,
    headers: r.headers, multiValueHeaders: r.multiValueHeaders, queryStringParameters: q, multiValueQueryStringParameters: mq,
    pathParameters: r.pathParameters, stageVariables: r.stageVariables, requestContext: r.requestContext,
  };
}

async function invokeAuthorizer(invoker: FunctionInvoker, functionArn: string, event: unknown, r: AuthorizerRequest): Promise<{ error?: string; result?: unknown }> {
  const up = await invoker.invoke({ functionArn, mode: 'BUFFERED', event, requestId: r.requestId, deadlineMs: r.deadlineMs, signal: r.signal, note: r.note, payload: 'raw' });
  const chunks: Buffer[] = [];
  for await (const c of up.body) chunks.push(Buffer.from(c as Buffer));
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : null; } catch { return { error: `authorizer returned non-JSON output: ${text.slice(0, 200)}` }; }
  const functionError = up.headers.some(([k]) => k.toLowerCase() === 'x-amz-function-error');
  if (functionError) {
    const message = parsed && typeof parsed === 'object' ? String((parsed as Record<string, unknown>).errorMessage ?? '') : String(parsed);
    return { error: message || 'function error' };
  }
  return { result: parsed };
}

/** AWS allows only string, number and boolean values in an authorizer's context. */
function validContext(context: unknown): context is Record<string, string | number | boolean> {
  return context === undefined || context === null
    || (typeof context === 'object' && !Array.isArray(context) && Object.values(context).every((v) => ['string', 'number', 'boolean'].includes(typeof v)));
}

export async function runLambdaAuthorizer(a: StoredAuthorizer, r: AuthorizerRequest, invoker: FunctionInvoker, cache: AuthorizerCache, cachePrefix: string): Promise<AuthOutcome> {
  const started = performance.now();
  const sources = (a.identitySource ?? (a.type === 'TOKEN' ? 'method.request.header.Authorization' : '')).split(',').map((s) => s.trim()).filter(Boolean);
  const values = sources.map((s) => identityValue(s, r));
  const ttl = a.authorizerResultTtlInSeconds;
  // AWS: the TOKEN identity is always required; REQUEST identities are required when caching is on.
  if ((a.type === 'TOKEN' || ttl > 0) && values.some((v) => v === undefined || v === '')) {
    return fail(GATEWAY_RESPONSES.unauthorized, `identity source ${sources.join(', ')} missing from the request`);
  }
  const token = values[0];
  if (a.type === 'TOKEN' && a.identityValidationExpression) {
    let re: RegExp | undefined;
    try { re = new RegExp(`^(?:${a.identityValidationExpression})$`); } catch { re = undefined; }
    if (re && !re.test(token!)) return fail(GATEWAY_RESPONSES.unauthorized, 'the token does not match identityValidationExpression');
  }
  const key = `${cachePrefix}${a.id}\u0000${values.join('\u0000')}`;
  let entry = ttl > 0 ? cache.get(key) : undefined;
  const cached = entry !== undefined;
  if (!entry) {
    const functionArn = functionArnOf(a.authorizerUri);
    if (!functionArn) return fail(GATEWAY_RESPONSES.authorizerConfigurationError, `authorizerUri ${a.authorizerUri} is not a Lambda invocation URI`);
    let outcome: { error?: string; result?: unknown };
    try {
      outcome = await invokeAuthorizer(invoker, functionArn, buildEvent(a, r, token), r);
    } catch (err) {
      return fail(GATEWAY_RESPONSES.authorizerFailure, `authorizer ${a.name} failed: ${(err as Error).message}`);
    }
    if (outcome.error === 'Unauthorized') return fail(GATEWAY_RESPONSES.unauthorized, `authorizer ${a.name} answered Unauthorized`);
    if (outcome.error !== undefined) return fail(GATEWAY_RESPONSES.authorizerFailure, `authorizer ${a.name} failed: ${outcome.error}`);
    const res = outcome.result as Record<string, unknown> | null;
    if (!res || typeof res !== 'object' || typeof res.principalId !== 'string' || !res.policyDocument || !validContext(res.context)) {
      return fail(GATEWAY_RESPONSES.authorizerConfigurationError, `authorizer ${a.name} returned an invalid result: it needs principalId, policyDocument and a context of strings, numbers and booleans`);
    }
    entry = {
      expiresAt: Date.now() + ttl * 1000, policy: res.policyDocument, principalId: res.principalId,
      context: (res.context ?? {}) as Record<string, unknown>,
      ...(typeof res.usageIdentifierKey === 'string' ? { usageIdentifierKey: res.usageIdentifierKey } : {}),
    };
    if (ttl > 0) cache.set(key, entry);
  }
  const verdict = policyAllows(entry.policy, r.methodArn);
  if (verdict === 'deny') return fail(GATEWAY_RESPONSES.accessDenied, `policy of ${a.name} denies ${r.methodArn}${cached ? ' (cached result)' : ''}`);
  if (verdict !== 'allow') {
    return fail({ ...GATEWAY_RESPONSES.accessDenied, message: 'User is not authorized to access this resource' }, `policy of ${a.name} does not allow ${r.methodArn}${cached ? ' (cached result)' : ''}`);
  }
  return {
    ok: true,
    principalId: entry.principalId,
    authorizer: { ...entry.context, principalId: entry.principalId, integrationLatency: cached ? 0 : Math.round(performance.now() - started) },
    ...(entry.usageIdentifierKey ? { usageIdentifierKey: entry.usageIdentifierKey } : {}),
  };
}
