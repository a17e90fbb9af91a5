// The data plane: http://HOST:PORT/restapis/{apiId}/{stage}/_user_request_/{path} served from
// the stage's deployed snapshot (so changes take effect only after CreateDeployment), in the
// integration's transfer mode: route, authorize, run the integration, deliver, access-log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BUFFERED_MAX_BODY_BYTES } from '../../core/rules/integrationRules';
import type { FunctionInvoker } from '../functions/types';
import { readBody } from '../http/io';
import type { RequestTarget } from '../http/target';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../lambda/event';
import type { GatewayStore } from '../state/store';
import { formatAccessLog, type AccessLogSink } from './accessLog';
import { accessLogValues } from './accessLogValues';
import { authorize } from './authorization';
import { streamIdleTimeoutMs, type AwsLimits } from './awsLimits';
import { deliver, type DeliveryResult } from './delivery';
import type { RecentErrorDetails } from './errorDetails';
import type { RequestTraces } from '../trace/requestTraces';
import { GATEWAY_RESPONSES, sendGatewayResponse, type GatewayResponse } from './gatewayResponses';
import { runIntegration, type IntegrationCall } from './integrations';
import { checkInvokeAccess, type ExecuteApiRoute, type PrivateNetwork } from './privateEndpoint';
import type { AuthorizerCache } from './lambdaAuthorizer';
import { newExtendedRequestId, traceIdFor } from './requestIds';
import { matchRoute } from './routeMatch';
import type { VpcLinkRouting } from './vpcLinkTarget';

export const USER_REQUEST_MARKER = '_user_request_';
const DATA_PLANE = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/.*)?$/;

export interface DataPlaneContext {
  store: GatewayStore;
  /** Runs AWS_PROXY integrations. */
  functions: FunctionInvoker;
  /** Runs Lambda authorizers (normally the same runner as `functions`). */
  invoker?: FunctionInvoker;
  authorizerCache: AuthorizerCache;
  agents?: IntegrationCall['agents'];
  limits: AwsLimits;
  /** Send the non-AWS x-streamgate-error header on gateway errors (off: details go to the access log only). */
  debugHeaders: boolean;
  accessLog: AccessLogSink;
  /** Where each error response's reason is kept for local clients (the console). */
  errorDetails?: RecentErrorDetails;
  /** Lambda's own request id of the request's function invocation ($context.integration.requestId). */
  lambdaRequestId?(requestId: string): string | undefined;
  /** Per-request traces (GET /__streamgate/requests/{id}); absent when tracing is off. */
  traces?: RequestTraces;
  vpcLinks: VpcLinkRouting;
  privateNetwork: PrivateNetwork;
}

export function isDataPlanePath(pathname: string): boolean {
  return DATA_PLANE.test(pathname);
}

/** The lines a developer would grep: mode and type first, details at the end. */
function defaultLogLine(v: Record<string, unknown>, r: DeliveryResult, detail: string): string {
  return `${new Date().toISOString()} ${String(v.requestId)} ${String(v.httpMethod)} /${String(v.stage)}${String(v.path)} ${r.status} ${String(v['integration.responseTransferMode'] ?? '-')} ${String(v['integration.type'] ?? '-')} ${r.bytes}B ${String(v.responseLatency)}ms ${r.outcome}${detail ? ` - ${detail}` : ''}`;
}

export async function handleDataPlane(req: IncomingMessage, res: ServerResponse, url: RequestTarget, ctx: DataPlaneContext, requestId: string,
  via: ExecuteApiRoute = { apiId: '', via: 'path' }): Promise<void> {
  const started = performance.now();
  const receivedAtMs = Date.now();
  const verb = (req.method ?? 'GET').toUpperCase();
  const [, apiId = '', stageName = '', rawPath = '/'] = DATA_PLANE.exec(url.pathname) ?? [];
  const trace = ctx.traces?.begin(requestId, stageName, started);
  const extendedRequestId = newExtendedRequestId();
  const traceId = traceIdFor(req.headers['x-amzn-trace-id'] as string | undefined);
  const gatewayHeaders: Array<[string, string]> = [['x-amzn-RequestId', requestId], ['x-amz-apigw-id', extendedRequestId], ['X-Amzn-Trace-Id', traceId]];
  const notes: string[] = [];
  const api = ctx.store.findApi(apiId);
  const stage = api?.stages.find((s) => s.stageName === stageName);
  const deployment = stage && api?.deployments.find((d) => d.id === stage.deploymentId);
  const facts: Parameters<typeof accessLogValues>[0] = {
    requestId, extendedRequestId, traceId, apiId, stage: stageName, verb, path: rawPath, receivedAtMs, started,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'], protocol: `HTTP/${req.httpVersion}`,
    domainName: req.headers.host, accountId: LOCAL_ACCOUNT_ID, deploymentId: deployment?.id,
  };
  const errorCtx = { requestId, headers: gatewayHeaders, custom: deployment?.gatewayResponses, debugHeaders: ctx.debugHeaders };
  let errorMessage: string | null | undefined;
  let errorType: string | undefined;
  const replyError = (g: GatewayResponse, detail?: string) => {
    errorMessage = g.message; errorType = g.type;
    if (detail) ctx.errorDetails?.record(requestId, detail);
    return sendGatewayResponse(res, g, errorCtx, detail);
  };

  const logLine = (r: DeliveryResult) => {
    const detail = [r.detail, ...notes].filter(Boolean).join('; ');
    trace?.finished(r, facts.mode, ctx.limits.emulate);
    const values = accessLogValues(facts, r, { errorMessage, errorType, detail });
    values['integration.requestId'] = ctx.lambdaRequestId?.(requestId);
    const format = stage?.accessLogSettings?.format;
    const destinationArn = stage?.accessLogSettings?.destinationArn;
    ctx.accessLog.write({ apiId, stage: stageName, line: format ? formatAccessLog(format, values) : defaultLogLine(values, r, detail), context: values, ...(destinationArn ? { destinationArn } : {}) });
  };
  const refuse = (g: GatewayResponse, detail: string) => {
    req.resume();
    logLine({ status: replyError(g, detail), bytes: 0, outcome: 'error', detail });
  };

  if (!api) return refuse(GATEWAY_RESPONSES.forbidden, `No REST API with id ${apiId}`);
  if (api.disableExecuteApiEndpoint) return refuse(GATEWAY_RESPONSES.forbidden, 'The default execute-api endpoint is disabled for this API');
  if (!stage) return refuse(GATEWAY_RESPONSES.forbidden, `No stage ${stageName} on API ${apiId}; deploy the API to that stage first`);
  if (!deployment) return refuse(GATEWAY_RESPONSES.forbidden, `Stage ${stageName} points at a missing deployment`);

  let segments: string[];
  try {
    segments = rawPath.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    return refuse(GATEWAY_RESPONSES.missingAuthenticationToken, 'Malformed percent-encoding in the path');
  }
  const refusal = checkInvokeAccess({
    api, deployment, stageName, verb, path: '/' + segments.join('/'), route: via, network: ctx.privateNetwork,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1', signed: /^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? ''),
  });
  if (refusal) return refuse(refusal.response, refusal.detail);
  const route = matchRoute(deployment.snapshot, segments, verb);
  if (!route) return refuse(GATEWAY_RESPONSES.missingAuthenticationToken, `No deployed method matches ${verb} /${segments.join('/')} on stage ${stageName}`);
  facts.resourcePath = route.resource.path;
  facts.resourceId = route.resource.id;
  const integration = route.method.methodIntegration;
  if (!integration) return refuse(GATEWAY_RESPONSES.internalError, 'The deployed method has no integration');
  facts.mode = integration.responseTransferMode === 'STREAM' ? 'STREAMED' : 'BUFFERED';
  facts.integrationType = integration.type;

  let body: Buffer;
  try {
    body = await readBody(req, BUFFERED_MAX_BODY_BYTES);
  } catch {
    return refuse(GATEWAY_RESPONSES.requestTooLarge, `Request bodies are limited to ${BUFFERED_MAX_BODY_BYTES} bytes (requests are never streamed)`);
  }

  const abort = new AbortController();
  const deadlineMs = Date.now() + integration.timeoutInMillis;
  const path = '/' + segments.join('/');
  const requestHeaders: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    requestHeaders[req.rawHeaders[i]!] = req.rawHeaders[i + 1]!;
    (multiValueHeaders[req.rawHeaders[i]!] ??= []).push(req.rawHeaders[i + 1]!);
  }
  const methodArn = `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${apiId}/${stageName}/${verb}${path === '/' ? '/' : path}`;
  const auth = await authorize({
    method: route.method, apiId, stage: stageName, apiKeySource: api.apiKeySource, authorizers: deployment.authorizers ?? [],
    state: ctx.store.state, invoker: ctx.invoker, cache: ctx.authorizerCache,
    headers: requestHeaders, multiValueHeaders, query: url.searchParams, pathParameters: route.pathParameters, stageVariables: stage.variables ?? {},
    methodArn, httpMethod: verb, path, resourcePath: route.resource.path,
    requestContext: { apiId, stage: stageName, requestId, resourcePath: route.resource.path, httpMethod: verb, path: `/${stageName}${path}`, identity: { sourceIp: facts.sourceIp, userAgent: facts.userAgent ?? null } },
    requestId, signal: abort.signal, deadlineMs, note: (line) => notes.push(line),
  });
  if (!auth.ok) return refuse(auth.response, auth.detail);
  facts.authorizer = auth.authorizer;
  facts.apiKeyId = auth.apiKey?.id;
  facts.accessKey = auth.accessKey;

  const integrationStartedAt = performance.now();
  trace?.integrationStarted(integrationStartedAt);
  const upstream = runIntegration({
    integration,
    mode: integration.responseTransferMode,
    signal: abort.signal,
    deadlineMs,
    functions: ctx.functions,
    ...(ctx.agents ? { agents: ctx.agents } : {}),
    vpcLinks: ctx.vpcLinks,
    note: (line) => notes.push(line),
    request: {
      apiId, stage: stageName, requestId, extendedRequestId, traceId, method: verb, path,
      resourcePath: route.resource.path,
      resourceId: route.resource.id,
      pathParameters: route.pathParameters,
      query: url.searchParams,
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: facts.sourceIp,
      stageVariables: stage.variables,
      binaryMediaTypes: api.binaryMediaTypes,
      receivedAtMs,
      protocol: facts.protocol,
      deploymentId: deployment.id,
      ...(auth.apiKey ? { apiKey: auth.apiKey } : {}),
      ...(auth.accessKey ? { accessKey: auth.accessKey } : {}),
      ...(auth.authorizer ? { authorizer: auth.authorizer } : {}),
    },
  });
  const result = await deliver(res, upstream, {
    mode: integration.responseTransferMode,
    timeoutMs: integration.timeoutInMillis,
    idleTimeoutMs: streamIdleTimeoutMs(api.endpointConfiguration.types, ctx.limits, integration.timeoutInMillis),
    emulateThrottle: ctx.limits.emulate,
    abort,
    gatewayHeaders,
    shaping: {
      binaryMediaTypes: api.binaryMediaTypes ?? [],
      accept: req.headers.accept,
      acceptEncoding: req.headers['accept-encoding'],
      minimumCompressionSize: api.minimumCompressionSize,
    },
    replyError,
    integrationStartedAt,
    // The request's trace recorder sees every STREAM chunk sent; without tracing there is none (no cost).
    observer: trace,
  });
  logLine(result);
}
