// The gateway's own endpoints under /__streamgate (not part of AWS): a health check, and the
// control-plane fault hook that tests and the extension's own tests use. The fault hook changes
// what every client sees, so it needs this gateway instance's token (printed at start by the
// CLI, `LocalGateway.faultToken` in code) in the x-streamgate-fault-token header.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { notFound, toAwsError } from '../http/awsError';
import { forbidden } from '../http/guard';
import { readBody, sendAwsError, sendJson } from '../http/io';
import { type ControlPlaneFaults, parseFaultSpec } from './faults';
import { parseJsonObject } from './input';
import type { RequestTrace } from '../../shared/trace';
import { KEPT_REQUESTS } from '../trace/ring';

export const STREAMGATE_INTERNAL_PREFIX = '/__streamgate';
export const FAULTS_PATH = `${STREAMGATE_INTERNAL_PREFIX}/faults`;
export const HEALTH_PATH = `${STREAMGATE_INTERNAL_PREFIX}/health`;
export const FAULT_TOKEN_HEADER = 'x-streamgate-fault-token';
/** GET {REQUESTS_PATH}/{requestId}: the request's trace (src/shared/trace.ts RequestTrace) as JSON. */
export const REQUESTS_PATH = `${STREAMGATE_INTERNAL_PREFIX}/requests`;

export interface InternalContext {
  faults: ControlPlaneFaults;
  faultToken: string;
  health(): Record<string, unknown>;
  /** The trace of a recent request by its x-amzn-RequestId; undefined when unknown or tracing is off. */
  requestTrace(requestId: string): RequestTrace | undefined;
  tracing: boolean;
}

function hasToken(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(String(req.headers[FAULT_TOKEN_HEADER] ?? ''));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function handleInternal(req: IncomingMessage, res: ServerResponse, pathname: string, ctx: InternalContext, requestId: string): Promise<void> {
  try {
    if (pathname === HEALTH_PATH && req.method === 'GET') {
      req.resume();
      sendJson(res, 200, { ok: true, ...ctx.health() }, requestId);
      return;
    }
    if (pathname.startsWith(`${REQUESTS_PATH}/`) && req.method === 'GET') {
      req.resume();
      sendRequestTrace(res, decodeSegment(pathname.slice(REQUESTS_PATH.length + 1)), ctx, requestId);
      return;
    }
    if (pathname === FAULTS_PATH) {
      if (!hasToken(req, ctx.faultToken)) {
        req.resume();
        throw forbidden(`The fault hook needs this gateway's token in the ${FAULT_TOKEN_HEADER} header (printed when the gateway starts; LocalGateway.faultToken in code)`);
      }
      const body = await readBody(req, 64 * 1024);
      if (req.method === 'POST') { ctx.faults.arm(parseFaultSpec(parseJsonObject(body))); sendJson(res, 200, { pending: ctx.faults.pending() }, requestId); return; }
      if (req.method === 'DELETE') { ctx.faults.clear(); sendJson(res, 200, { pending: [] }, requestId); return; }
      if (req.method === 'GET') { sendJson(res, 200, { pending: ctx.faults.pending() }, requestId); return; }
    }
    req.resume();
    throw notFound(`No resource matches ${req.method} ${pathname}. Control plane: /restapis/...; invoke URLs: /restapis/{apiId}/{stage}/_user_request_/{path}`);
  } catch (err) {
    sendAwsError(res, toAwsError(err), requestId);
  }
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function sendRequestTrace(res: ServerResponse, id: string, ctx: InternalContext, requestId: string): void {
  if (!ctx.tracing) throw notFound('Request tracing is off on this gateway (started with trace: false)');
  if (!id || id.includes('/')) throw notFound(`Use ${REQUESTS_PATH}/{requestId} with the x-amzn-RequestId the client received`);
  const trace = ctx.requestTrace(id);
  if (!trace) throw notFound(`No trace for request ${id}: the gateway keeps the last ${KEPT_REQUESTS} data-plane requests (is it the x-amzn-RequestId of a call to this gateway?)`);
  sendJson(res, 200, trace, requestId);
}
