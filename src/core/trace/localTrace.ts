// A request's trace from the embedded local gateway: GET /__streamgate/requests/{requestId} on
// the gateway that answered (loopback only), checked against the shared RequestTrace shape.
import * as l10n from '@vscode/l10n';
import { parseRequestTrace, type RequestTrace } from '../../shared/trace';

/** The local gateway's origin when `url` is one of its invoke URLs (…/restapis/{id}/{stage}/_user_request_/…). */
export function localGatewayOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) || /^127\./.test(u.hostname);
    return loopback && /^\/restapis\/[^/]+\/[^/]+\/_user_request_(\/|$)/.test(u.pathname) ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export class TraceUnavailable extends Error {}

export async function fetchLocalTrace(origin: string, requestId: string, signal?: AbortSignal): Promise<RequestTrace> {
  const res = await fetch(`${origin}/__streamgate/requests/${encodeURIComponent(requestId)}`, { ...(signal ? { signal } : {}) });
  const text = await res.text();
  if (res.status !== 200) {
    let message = text;
    try { message = (JSON.parse(text) as { message?: string }).message ?? text; } catch { /* not JSON */ }
    throw new TraceUnavailable(l10n.t('The local gateway at {0} has no trace for request {1}: {2}', origin, requestId, `${res.status} ${message}`));
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TraceUnavailable(l10n.t('The local gateway at {0} answered the trace request with something that is not JSON', origin));
  }
  const trace = parseRequestTrace(body);
  if (typeof trace === 'string') throw new TraceUnavailable(l10n.t("The local gateway's trace for {0} is malformed: {1}", requestId, trace));
  return trace;
}
