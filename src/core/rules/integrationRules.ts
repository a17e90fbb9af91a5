// AWS's rules for response transfer mode and timeouts, as AWS documents them
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html; the local
// gateway's choices where AWS does not say are in docs/aws-behaviour.md).
// Used by the local gateway to validate like AWS, and by the control-plane service and the
// doctor to refuse or flag a change before anything is sent.
import type { IntegrationType, TransferMode } from '../../shared/model';

export const MIN_TIMEOUT_MS = 50;
/** BUFFERED default and usual maximum; Regional/private APIs may raise it by quota. */
export const BUFFERED_MAX_TIMEOUT_MS = 29_000;
export const STREAM_MAX_TIMEOUT_MS = 900_000;
export const BUFFERED_MAX_BODY_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 29_000;

export const STREAMABLE_TYPES: readonly IntegrationType[] = ['HTTP_PROXY', 'AWS_PROXY'];

export function canStream(type: string): boolean {
  return (STREAMABLE_TYPES as readonly string[]).includes(type);
}

export function maxTimeoutFor(mode: TransferMode, bufferedQuotaMs = BUFFERED_MAX_TIMEOUT_MS): number {
  return mode === 'STREAM' ? STREAM_MAX_TIMEOUT_MS : bufferedQuotaMs;
}

/** AWS's own wording, so messages match what users see from the real service. */
export function timeoutRangeMessage(mode: TransferMode, bufferedQuotaMs = BUFFERED_MAX_TIMEOUT_MS): string {
  return `Timeout should be between ${MIN_TIMEOUT_MS} ms and ${maxTimeoutFor(mode, bufferedQuotaMs)} ms`;
}

/** Returns an error message, or undefined when the timeout is valid for the mode. */
export function validateTimeout(mode: TransferMode, timeoutMs: unknown, bufferedQuotaMs = BUFFERED_MAX_TIMEOUT_MS): string | undefined {
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs)) {
    return `Timeout must be a whole number of milliseconds. ${timeoutRangeMessage(mode, bufferedQuotaMs)}`;
  }
  if (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > maxTimeoutFor(mode, bufferedQuotaMs)) {
    return timeoutRangeMessage(mode, bufferedQuotaMs);
  }
  return undefined;
}

export function streamingNotSupportedMessage(type: string): string {
  return `Response transfer mode STREAM is only supported for HTTP_PROXY and AWS_PROXY integrations, not ${type}`;
}

// --- Lambda invocation URIs -------------------------------------------------------------
// Buffered:  arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{fnArn}/invocations
// Streaming: arn:aws:apigateway:{region}:lambda:path/2021-11-15/functions/{fnArn}/response-streaming-invocations
const LAMBDA_URI = /^(arn:aws[\w-]*:apigateway:[\w-]+:lambda:path)\/(2015-03-31|2021-11-15)\/functions\/(.+)\/(invocations|response-streaming-invocations)$/;

export interface LambdaUriParts { prefix: string; version: string; functionArn: string; action: string }

export function parseLambdaUri(uri: string | undefined): LambdaUriParts | undefined {
  const m = uri ? LAMBDA_URI.exec(uri) : null;
  return m ? { prefix: m[1]!, version: m[2]!, functionArn: m[3]!, action: m[4]! } : undefined;
}

/** The transfer mode a Lambda URI is written for, or undefined when it is not a Lambda URI. */
export function lambdaUriMode(uri: string | undefined): TransferMode | undefined {
  const p = parseLambdaUri(uri);
  if (!p) return undefined;
  return p.action === 'response-streaming-invocations' ? 'STREAM' : 'BUFFERED';
}

function lambdaUriFromParts(prefix: string, functionArn: string, mode: TransferMode): string {
  return mode === 'STREAM'
    ? `${prefix}/2021-11-15/functions/${functionArn}/response-streaming-invocations`
    : `${prefix}/2015-03-31/functions/${functionArn}/invocations`;
}

/**
 * The Lambda integration URI API Gateway needs for a mode: the one place the two forms are
 * spelled out (the local gateway, templates, snippets and tests all build theirs here).
 */
export function lambdaIntegrationUri(region: string, functionArn: string, mode: TransferMode, partition = 'aws'): string {
  return lambdaUriFromParts(`arn:${partition}:apigateway:${region}:lambda:path`, functionArn, mode);
}

/** Rewrites a Lambda URI into the form the mode needs; other URIs are returned unchanged. */
export function lambdaUriForMode(uri: string, mode: TransferMode): string {
  const p = parseLambdaUri(uri);
  return p ? lambdaUriFromParts(p.prefix, p.functionArn, mode) : uri;
}

export function lambdaUriMatchesMode(uri: string | undefined, mode: TransferMode): boolean {
  const uriMode = lambdaUriMode(uri);
  return uriMode === undefined || uriMode === mode;
}

export function lambdaArnFromUri(uri: string | undefined): string | undefined {
  return parseLambdaUri(uri)?.functionArn;
}
