// What a control-plane route handler receives and returns, and the registrar each group of
// operations (one small module per group) uses to add its routes to the router.
import { AwsError } from '../http/awsError';
import type { GatewayStore } from '../state/store';
import type { AuthorizerCache } from '../dataplane/lambdaAuthorizer';
import { AWS_OPERATIONS } from './awsOperations';
import type { ControlPlaneFaults } from './faults';
import type { JsonObject } from './input';

export interface ControlPlaneContext {
  store: GatewayStore;
  faults: ControlPlaneFaults;
  bufferedQuotaMs: number;
  /** The data plane's Lambda authorizer cache (FlushStageAuthorizersCache empties it). */
  authorizerCache?: AuthorizerCache;
}

export interface Call {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
  json(): JsonObject;
  ctx: ControlPlaneContext;
}

/** `raw` sends a non-JSON body (GetExport) with its content type. */
export interface Result { status: number; body?: unknown; raw?: { contentType: string; body: string | Buffer; headers?: Record<string, string> } }

export type Handler = (call: Call) => Result;
export type RouteRegistrar = (verb: string, pattern: string, handler: Handler) => void;

export const ok = (body: unknown): Result => ({ status: 200, body });
export const created = (body: unknown): Result => ({ status: 201, body });
export const accepted = (): Result => ({ status: 202 });
export const noContent = (): Result => ({ status: 204 });

/** The AWS operation a request names (by verb and path shape), for NotImplemented answers. */
export function operationFor(verb: string, segments: string[], query: URLSearchParams): string | undefined {
  let best: { name: string; literals: number } | undefined;
  for (const [name, opVerb, opPath] of AWS_OPERATIONS) {
    if (opVerb !== verb) continue;
    const [pathPart, queryPart] = opPath.split('?');
    const parts = pathPart!.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    if (queryPart) { const [k, v] = queryPart.split('='); if (query.get(k!) !== v) continue; }
    if (!parts.every((p, i) => p.startsWith('{') || p === segments[i])) continue;
    const literals = parts.filter((p) => !p.startsWith('{')).length + (queryPart ? 1 : 0);
    if (!best || literals > best.literals) best = { name, literals };
  }
  return best?.name;
}

export function notImplemented(operation: string): AwsError {
  return new AwsError(501, 'NotImplementedException', `${operation} is not implemented by the StreamGate local gateway`);
}

/** Top-level paths of the API Gateway REST API (the control plane answers all of them). */
export const CONTROL_PLANE_ROOTS = new Set(AWS_OPERATIONS.map(([, , p]) => p.split('?')[0]!.split('/')[1]!));
