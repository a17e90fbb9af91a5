// API Gateway's own responses (gateway responses), with AWS's bodies and error types. The
// `x-streamgate-error` header carries the detail AWS only shows in execution logs.
import type { ServerResponse } from 'node:http';

export interface GatewayResponse { status: number; errorType: string; message: string }

export const GATEWAY_RESPONSES = {
  missingAuthenticationToken: { status: 403, errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
  forbidden: { status: 403, errorType: 'ForbiddenException', message: 'Forbidden' },
  requestTooLarge: { status: 413, errorType: 'RequestTooLargeException', message: 'Request Too Large' },
  internalError: { status: 500, errorType: 'InternalServerErrorException', message: 'Internal server error' },
  badGateway: { status: 502, errorType: 'InternalServerErrorException', message: 'Internal server error' },
  timeout: { status: 504, errorType: 'InternalServerErrorException', message: 'Endpoint request timed out' },
  /** Lambda throttled the invocation (the function's concurrency limit was reached). */
  throttled: { status: 429, errorType: 'TooManyRequestsException', message: 'Too Many Requests' },
} satisfies Record<string, GatewayResponse>;

export function gatewayResponseForStatus(status: 429 | 500 | 502 | 504): GatewayResponse {
  if (status === 429) return GATEWAY_RESPONSES.throttled;
  return status === 504 ? GATEWAY_RESPONSES.timeout : status === 502 ? GATEWAY_RESPONSES.badGateway : GATEWAY_RESPONSES.internalError;
}

/** Header values must be single-line Latin-1; keep the detail readable and bounded. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]+/g, ' ').slice(0, 600);
}

export function sendGatewayResponse(res: ServerResponse, g: GatewayResponse, requestId: string, detail?: string): void {
  if (res.headersSent) { res.destroy(); return; }
  const body = JSON.stringify({ message: g.message });
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': g.errorType,
  };
  if (detail) headers['x-streamgate-error'] = headerSafe(detail);
  res.writeHead(g.status, headers);
  res.end(body);
}
