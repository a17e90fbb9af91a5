// The data plane: http://HOST:PORT/restapis/{apiId}/{stage}/_user_request_/{path} served from
// the stage's deployed snapshot (so changes take effect only after CreateDeployment), in the
// integration's transfer mode, with one access-log line per call.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BUFFERED_MAX_BODY_BYTES } from '../../core/rules/integrationRules';
import { readBody } from '../http/io';
import type { FunctionInvoker } from '../functions/types';
import type { GatewayStore } from '../state/store';
import { deliver, type DeliveryResult } from './delivery';
import { GATEWAY_RESPONSES, sendGatewayResponse, type GatewayResponse } from './gatewayResponses';
import { runIntegration, type IntegrationCall } from './integrations';
import { matchRoute } from './routeMatch';

export const USER_REQUEST_MARKER = '_user_request_';
const DATA_PLANE = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/.*)?$/;

export interface DataPlaneContext {
  store: GatewayStore;
  functions: FunctionInvoker;
  agents?: IntegrationCall['agents'];
  idleTimeoutMs: number;
  emulateThrottle: boolean;
  log(line: string): void;
}

export function isDataPlanePath(pathname: string): boolean {
  return DATA_PLANE.test(pathname);
}

export async function handleDataPlane(req: IncomingMessage, res: ServerResponse, url: URL, ctx: DataPlaneContext, requestId: string): Promise<void> {
  const started = performance.now();
  const verb = (req.method ?? 'GET').toUpperCase();
  const [, apiId = '', stageName = '', rawPath = '/'] = DATA_PLANE.exec(url.pathname) ?? [];
  const notes: string[] = [];
  let mode = '-';
  let type = '-';

  const logLine = (r: Pick<DeliveryResult, 'status' | 'bytes' | 'outcome' | 'detail'>) => {
    const ms = (performance.now() - started).toFixed(0);
    const detail = [r.detail, ...notes].filter(Boolean).join('; ');
    ctx.log(`${new Date().toISOString()} ${requestId} ${verb} /${stageName}${rawPath} ${r.status} ${mode} ${type} ${r.bytes}B ${ms}ms ${r.outcome}${detail ? ` - ${detail}` : ''}`);
  };
  const refuse = (g: GatewayResponse, detail: string) => {
    req.resume();
    sendGatewayResponse(res, g, requestId, detail);
    logLine({ status: g.status, bytes: 0, outcome: 'error', detail });
  };

  const api = ctx.store.findApi(apiId);
  if (!api) return refuse(GATEWAY_RESPONSES.forbidden, `No REST API with id ${apiId}`);
  if (api.disableExecuteApiEndpoint) return refuse(GATEWAY_RESPONSES.forbidden, 'The default execute-api endpoint is disabled for this API');
  const stage = api.stages.find((s) => s.stageName === stageName);
  if (!stage) return refuse(GATEWAY_RESPONSES.forbidden, `No stage ${stageName} on API ${apiId}; deploy the API to that stage first`);
  const deployment = api.deployments.find((d) => d.id === stage.deploymentId);
  if (!deployment) return refuse(GATEWAY_RESPONSES.forbidden, `Stage ${stageName} points at a missing deployment`);

  let segments: string[];
  try {
    segments = rawPath.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    return refuse(GATEWAY_RESPONSES.missingAuthenticationToken, 'Malformed percent-encoding in the path');
  }
  const route = matchRoute(deployment.snapshot, segments, verb);
  if (!route) return refuse(GATEWAY_RESPONSES.missingAuthenticationToken, `No deployed method matches ${verb} /${segments.join('/')} on stage ${stageName}`);
  const integration = route.method.methodIntegration;
  if (!integration) return refuse(GATEWAY_RESPONSES.internalError, 'The deployed method has no integration');
  mode = integration.responseTransferMode === 'STREAM' ? 'STREAMED' : 'BUFFERED';
  type = integration.type;

  let body: Buffer;
  try {
    body = await readBody(req, BUFFERED_MAX_BODY_BYTES);
  } catch {
    return refuse(GATEWAY_RESPONSES.requestTooLarge, `Request bodies are limited to ${BUFFERED_MAX_BODY_BYTES} bytes (requests are never streamed)`);
  }

  const abort = new AbortController();
  const deadlineMs = Date.now() + integration.timeoutInMillis;
  const upstream = runIntegration({
    integration,
    mode: integration.responseTransferMode,
    signal: abort.signal,
    deadlineMs,
    functions: ctx.functions,
    ...(ctx.agents ? { agents: ctx.agents } : {}),
    note: (line) => notes.push(line),
    request: {
      apiId, stage: stageName, requestId, method: verb,
      path: '/' + segments.join('/'),
      resourcePath: route.resource.path,
      resourceId: route.resource.id,
      pathParameters: route.pathParameters,
      query: url.searchParams,
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      stageVariables: stage.variables,
    },
  });
  const result = await deliver(res, upstream, {
    mode: integration.responseTransferMode,
    timeoutMs: integration.timeoutInMillis,
    idleTimeoutMs: ctx.idleTimeoutMs,
    emulateThrottle: ctx.emulateThrottle,
    requestId,
    abort,
    gatewayHeaders: [['x-amzn-RequestId', requestId], ['x-amz-apigw-id', requestId.slice(0, 16)]],
  });
  logLine(result);
}
