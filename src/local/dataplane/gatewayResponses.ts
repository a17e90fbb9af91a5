// API Gateway's own responses (gateway responses), with AWS's response types, status codes,
// bodies and error types. An API's PutGatewayResponse customisations (deployed with the API)
// replace status, headers and body template per type, falling back to DEFAULT_4XX / DEFAULT_5XX.
// The detail AWS only writes to execution logs goes to the access log; it is sent as the
// non-AWS `x-streamgate-error` header only when debug headers are switched on.
import type { ServerResponse } from 'node:http';
import type { StoredGatewayResponse } from '../state/model';

/** `message: null` reproduces AWS's `{"message":null}` body for authorizer failures. */
export interface GatewayResponse { type: string; status: number; errorType: string; message: string | null }

/** AWS's response types and their default status codes (GetGatewayResponses lists all of them). */
export const GATEWAY_RESPONSE_TYPES: Record<string, number | undefined> = {
  ACCESS_DENIED: 403, API_CONFIGURATION_ERROR: 500, AUTHORIZER_CONFIGURATION_ERROR: 500, AUTHORIZER_FAILURE: 500,
  BAD_REQUEST_PARAMETERS: 400, BAD_REQUEST_BODY: 400, DEFAULT_4XX: undefined, DEFAULT_5XX: undefined, EXPIRED_TOKEN: 403,
  INTEGRATION_FAILURE: 504, INTEGRATION_TIMEOUT: 504, INVALID_API_KEY: 403, INVALID_SIGNATURE: 403,
  MISSING_AUTHENTICATION_TOKEN: 403, QUOTA_EXCEEDED: 429, REQUEST_TOO_LARGE: 413, RESOURCE_NOT_FOUND: 404,
  THROTTLED: 429, UNAUTHORIZED: 401, UNSUPPORTED_MEDIA_TYPE: 415, WAF_FILTERED: 403,
};

export const DEFAULT_GATEWAY_TEMPLATE = '{"message":$context.error.messageString}';

export const GATEWAY_RESPONSES = {
  missingAuthenticationToken: { type: 'MISSING_AUTHENTICATION_TOKEN', status: 403, errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
  forbidden: { type: 'DEFAULT_4XX', status: 403, errorType: 'ForbiddenException', message: 'Forbidden' },
  invalidApiKey: { type: 'INVALID_API_KEY', status: 403, errorType: 'ForbiddenException', message: 'Forbidden' },
  accessDenied: { type: 'ACCESS_DENIED', status: 403, errorType: 'AccessDeniedException', message: 'User is not authorized to access this resource with an explicit deny' },
  unauthorized: { type: 'UNAUTHORIZED', status: 401, errorType: 'UnauthorizedException', message: 'Unauthorized' },
  authorizerFailure: { type: 'AUTHORIZER_FAILURE', status: 500, errorType: 'AuthorizerConfigurationException', message: null },
  authorizerConfigurationError: { type: 'AUTHORIZER_CONFIGURATION_ERROR', status: 500, errorType: 'AuthorizerConfigurationException', message: null },
  requestTooLarge: { type: 'REQUEST_TOO_LARGE', status: 413, errorType: 'RequestTooLargeException', message: 'Request Too Large' },
  internalError: { type: 'API_CONFIGURATION_ERROR', status: 500, errorType: 'InternalServerErrorException', message: 'Internal server error' },
  badGateway: { type: 'DEFAULT_5XX', status: 502, errorType: 'InternalServerErrorException', message: 'Internal server error' },
  timeout: { type: 'INTEGRATION_TIMEOUT', status: 504, errorType: 'InternalServerErrorException', message: 'Endpoint request timed out' },
  /** Lambda throttled the invocation (the function's concurrency limit was reached). */
  throttled: { type: 'THROTTLED', status: 429, errorType: 'TooManyRequestsException', message: 'Too Many Requests' },
} satisfies Record<string, GatewayResponse>;

export function gatewayResponseForStatus(status: 429 | 500 | 502 | 504): GatewayResponse {
  if (status === 429) return GATEWAY_RESPONSES.throttled;
  return status === 504 ? GATEWAY_RESPONSES.timeout : status === 502 ? GATEWAY_RESPONSES.badGateway : GATEWAY_RESPONSES.internalError;
}

export interface GatewayReplyContext {
  requestId: string;
  /** Headers on every response (x-amzn-RequestId, x-amz-apigw-id, X-Amzn-Trace-Id). */
  headers: Array<[string, string]>;
  /** The deployed API's gateway response customisations, keyed by response type. */
  custom?: Record<string, StoredGatewayResponse>;
  /** Send the non-AWS x-streamgate-error header with the detail. */
  debugHeaders: boolean;
  /** Extra $context values for templates (e.g. authorizer fields). */
  context?: Record<string, string>;
}

/** Header values must be single-line Latin-1; keep the detail readable and bounded. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]+/g, ' ').slice(0, 600);
}

/** The customisation that applies: the type's own, else DEFAULT_4XX / DEFAULT_5XX. */
export function customFor(custom: Record<string, StoredGatewayResponse> | undefined, g: GatewayResponse): StoredGatewayResponse | undefined {
  return custom?.[g.type] ?? custom?.[g.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX'];
}

function fillTemplate(template: string, g: GatewayResponse, ctx: GatewayReplyContext): string {
  const values: Record<string, string> = {
    'error.messageString': g.message === null ? 'null' : JSON.stringify(g.message),
    'error.message': g.message ?? '',
    'error.responseType': g.type,
    requestId: ctx.requestId,
    ...ctx.context,
  };
  return template.replace(/\$(?:\{context\.([\w.]+)\}|context\.([\w.]+))/g, (all, a?: string, b?: string) => values[(a ?? b)!] ?? all);
}

export function sendGatewayResponse(res: ServerResponse, g: GatewayResponse, ctx: GatewayReplyContext, detail?: string): number {
  if (res.headersSent) { res.destroy(); return g.status; }
  const custom = customFor(ctx.custom, g);
  const status = custom?.statusCode ? Number(custom.statusCode) : g.status;
  const template = custom?.responseTemplates?.['application/json'] ?? DEFAULT_GATEWAY_TEMPLATE;
  const body = fillTemplate(template, g, ctx);
  const headers: Array<[string, string]> = [['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(body))], ...ctx.headers, ['x-amzn-ErrorType', g.errorType]];
  for (const [k, v] of Object.entries(custom?.responseParameters ?? {})) {
    const name = /^gatewayresponse\.header\.(.+)$/.exec(k)?.[1];
    const literal = /^'(.*)'$/.exec(v)?.[1];
    if (name && literal !== undefined) headers.push([name, literal]);
  }
  if (detail && ctx.debugHeaders) headers.push(['x-streamgate-error', headerSafe(detail)]);
  res.writeHead(status, headers.flat());
  res.end(body);
  return status;
}
