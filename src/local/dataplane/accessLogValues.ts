// The $context variables of one data-plane call, as access-log formats use them. Timings are
// measured (performance.now() at the socket and stream events), never estimated.
import { formatRequestTime } from '../lambda/event';
import type { ContextValues } from './accessLog';
import type { DeliveryResult } from './delivery';

export interface RequestFacts {
  requestId: string;
  extendedRequestId: string;
  traceId: string;
  apiId: string;
  stage: string;
  verb: string;
  path: string;
  receivedAtMs: number;
  /** performance.now() when the request arrived. */
  started: number;
  sourceIp: string;
  userAgent?: string;
  protocol: string;
  domainName?: string;
  accountId: string;
  deploymentId?: string;
  resourcePath?: string;
  resourceId?: string;
  /** BUFFERED or STREAMED, as AWS logs $context.integration.responseTransferMode. */
  mode?: string;
  integrationType?: string;
  authorizer?: Record<string, unknown>;
  apiKeyId?: string;
  accessKey?: string;
}

export function accessLogValues(f: RequestFacts, r: DeliveryResult, e: { errorMessage?: string | null; errorType?: string; detail?: string }): ContextValues {
  const values: ContextValues = {
    requestId: f.requestId,
    extendedRequestId: f.extendedRequestId,
    awsEndpointRequestId: f.requestId,
    apiId: f.apiId,
    accountId: f.accountId,
    stage: f.stage,
    deploymentId: f.deploymentId,
    httpMethod: f.verb,
    path: `/${f.stage}${f.path}`,
    resourcePath: f.resourcePath,
    resourceId: f.resourceId,
    protocol: f.protocol,
    domainName: f.domainName,
    domainPrefix: f.apiId,
    requestTime: formatRequestTime(f.receivedAtMs),
    requestTimeEpoch: f.receivedAtMs,
    'identity.sourceIp': f.sourceIp,
    'identity.userAgent': f.userAgent,
    'identity.caller': f.accessKey,
    'identity.user': f.accessKey,
    'identity.accessKey': f.accessKey,
    'identity.apiKeyId': f.apiKeyId,
    status: r.status,
    responseLength: r.bytes,
    responseLatency: Math.round(performance.now() - f.started),
    'integration.status': r.integrationStatus,
    integrationStatus: r.integrationStatus,
    'integration.latency': r.integrationLatencyMs,
    integrationLatency: r.integrationLatencyMs,
    'integration.timeToAllHeaders': r.timeToAllHeadersMs,
    'integration.timeToFirstContent': r.timeToFirstContentMs,
    'integration.responseTransferMode': f.mode,
    'integration.type': f.integrationType,
    'integration.error': r.outcome === 'complete' ? undefined : r.detail,
    'error.message': e.errorMessage ?? undefined,
    'error.messageString': e.errorMessage === undefined ? undefined : JSON.stringify(e.errorMessage),
    'error.responseType': e.errorType,
    'xrayTraceId': f.traceId,
    // Not AWS variables: what happened and why, for the log channel.
    'streamgate.outcome': r.outcome,
    'streamgate.detail': e.detail,
    'streamgate.crossed10MB': r.crossedUnthrottledLimit,
  };
  for (const [k, v] of Object.entries(f.authorizer ?? {})) {
    if (typeof v !== 'object') values[`authorizer.${k}`] = v as string | number | boolean;
  }
  return values;
}
