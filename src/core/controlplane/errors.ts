// Turns SDK, credential and network errors into one actionable line with a kind the UI can
// act on (error node + retry, "sign in again", …). Never includes credentials.
import * as l10n from '@vscode/l10n';
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
  if (name === 'AbortError' || code === 'ABORT_ERR') return { message: l10n.t('The request was cancelled.'), kind: 'cancelled', retryable: true };
  if (EXPIRED.has(name) || (/expired|refresh failed|sso session/i.test(raw) && /token|credential|session/i.test(raw))) {
    return { message: l10n.t('Your AWS credentials have expired ({0}). Sign in again, e.g. "aws sso login --profile <profile>", then retry.', raw), kind: 'expired-credentials', retryable: true };
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(raw)) {
    return { message: l10n.t('No AWS credentials found ({0}). Configure a profile ("aws configure" or "aws configure sso"), set AWS_PROFILE, or use the local gateway.', raw), kind: 'expired-credentials', retryable: true };
  }
  if (ACCESS_DENIED.has(name) || status === 403) {
    return { message: l10n.t('Access denied: {0}. Check that the profile\'s IAM policy allows apigateway:GET/PATCH/POST on this API.', raw), kind: 'access-denied', retryable: false };
  }
  if (THROTTLED.has(name) || status === 429) {
    return { message: l10n.t('API Gateway is throttling requests ({0}). Wait a few seconds and retry.', raw), kind: 'throttled', retryable: true };
  }
  if (name === 'NotFoundException' || status === 404) return { message: l10n.t('Not found: {0}', raw), kind: 'not-found', retryable: false };
  if (name === 'ConflictException' || status === 409) {
    return { message: l10n.t('Conflict: {0}. Another change is in progress; refresh and retry.', raw), kind: 'conflict', retryable: true };
  }
  if (name === 'BadRequestException' || status === 400) return { message: l10n.t('Rejected by API Gateway: {0}', raw), kind: 'bad-request', retryable: false };
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || name === 'TimeoutError' || /socket hang up|fetch failed|ECONNREFUSED|ENOTFOUND/i.test(raw)) {
    return { message: l10n.t('Cannot reach the API Gateway endpoint ({0}). Check the endpoint/region and your network, then retry.', code || raw), kind: 'network', retryable: true };
  }
  if (typeof status === 'number' && status >= 500) return { message: l10n.t('API Gateway failed ({0}): {1}. Retry in a moment.', status, raw), kind: 'other', retryable: true };
  return { message: raw, kind: 'other', retryable: false };
}
