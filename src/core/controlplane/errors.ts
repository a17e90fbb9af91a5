// Turns SDK, credential and network errors into one actionable line with a kind the UI can
// act on (error node + retry, "sign in again", …). Never includes credentials.
import { redactText } from '../../shared/redact';

export type AwsErrorKind =
  | 'access-denied'
  | 'throttled'
  | 'expired-credentials'
  | 'not-found'
  | 'conflict'
  | 'bad-request'
  | 'network'
  | 'cancelled'
  | 'other';

export interface AwsErrorDescription {
  message: string;
  kind: AwsErrorKind;
  retryable: boolean;
}

/** Raised by the service when a change is refused before anything is sent. */
export class IntegrationValidationError extends Error {
  override readonly name = 'IntegrationValidationError';
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'UnauthorizedException', 'UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'InvalidClientTokenId', 'AccessDenied', 'ForbiddenException']);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired', 'InvalidGrantException', 'UnauthorizedClientException']);
const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded', 'LimitExceededException', 'SlowDown']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** One line, with access key ids and anything that looks like a secret masked. */
function oneLine(text: string): string {
  return redactText(text.replace(/\s+/g, ' ').trim());
}

export function describeAwsError(err: unknown): AwsErrorDescription {
  const e: ErrorLike = typeof err === 'object' && err !== null ? (err as ErrorLike) : { message: String(err) };
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : typeof (e.cause as ErrorLike | undefined)?.code === 'string' ? String((e.cause as ErrorLike).code) : '';
  const raw = oneLine(typeof e.message === 'string' && e.message ? e.message : name || 'Unknown error');
  const status = e.$metadata?.httpStatusCode;

  // By name, not instanceof: the extension's lazily loaded bundle has its own copy of this class.
  if (err instanceof IntegrationValidationError || name === 'IntegrationValidationError') return { message: raw, kind: 'bad-request', retryable: false };
  if (name === 'AbortError' || code === 'ABORT_ERR') return { message: 'The request was cancelled.', kind: 'cancelled', retryable: true };
  if (EXPIRED.has(name) || (/expired|refresh failed|sso session/i.test(raw) && /token|credential|session/i.test(raw))) {
    return { message: `Your AWS credentials have expired (${raw}). Sign in again, e.g. "aws sso login --profile <profile>", then retry.`, kind: 'expired-credentials', retryable: true };
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(raw)) {
    return { message: `No AWS credentials found (${raw}). Configure a profile ("aws configure" or "aws configure sso"), set AWS_PROFILE, or use the local gateway.`, kind: 'expired-credentials', retryable: true };
  }
  if (ACCESS_DENIED.has(name) || status === 403) {
    return { message: `Access denied: ${raw}. Check that the profile's IAM policy allows apigateway:GET/PATCH/POST on this API.`, kind: 'access-denied', retryable: false };
  }
  if (THROTTLED.has(name) || status === 429) {
    return { message: `API Gateway is throttling requests (${raw}). Wait a few seconds and retry.`, kind: 'throttled', retryable: true };
  }
  if (name === 'NotFoundException' || status === 404) return { message: `Not found: ${raw}`, kind: 'not-found', retryable: false };
  if (name === 'ConflictException' || status === 409) {
    return { message: `Conflict: ${raw}. Another change is in progress; refresh and retry.`, kind: 'conflict', retryable: true };
  }
  if (name === 'BadRequestException' || status === 400) return { message: `Rejected by API Gateway: ${raw}`, kind: 'bad-request', retryable: false };
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || name === 'TimeoutError' || /socket hang up|fetch failed|ECONNREFUSED|ENOTFOUND/i.test(raw)) {
    return { message: `Cannot reach the API Gateway endpoint (${code || raw}). Check the endpoint/region and your network, then retry.`, kind: 'network', retryable: true };
  }
  if (typeof status === 'number' && status >= 500) return { message: `API Gateway failed (${status}): ${raw}. Retry in a moment.`, kind: 'other', retryable: true };
  return { message: raw, kind: 'other', retryable: false };
}
