// Turns socket, DNS, TLS and HTTP-parser errors into a stable failure code plus the facts
// (host, bytes received, whether headers had arrived), and one neutral sentence. Remedies that
// depend on the edge — a CLI flag, a VS Code setting — are not written here: the CLI and the
// extension each turn the code into their own words (src/cli/failureWords.ts,
// src/extension/failureWords.ts).
import * as l10n from '@vscode/l10n';

const UNTRUSTED_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED',
]);

/** Stable codes for a run that did not complete; edges map them to their own wording. */
export type FailureCode =
  | 'DNS_FAILED' | 'CONNECTION_REFUSED' | 'CONNECT_TIMEOUT' | 'HOST_UNREACHABLE' | 'CONNECTION_RESET'
  | 'REQUEST_NOT_SENT' | 'TLS_CERT_EXPIRED' | 'TLS_HOSTNAME_MISMATCH' | 'TLS_CERT_UNTRUSTED' | 'TLS_HANDSHAKE_FAILED'
  | 'BODY_TRUNCATED' | 'SERVER_CLOSED' | 'NOT_HTTP' | 'BAD_CHUNKED_ENCODING' | 'INVALID_HTTP'
  | 'INVALID_REQUEST' | 'NETWORK'
  | 'MAX_TIME' | 'IDLE_TIMEOUT' | 'ABORTED' | 'BODY_FILE_FAILED' | 'OBSERVER_FAILED';

export interface ErrorContext {
  host: string;
  /** Body bytes received before the failure. */
  bytes: number;
  /** Whether response headers had arrived. */
  gotHeaders: boolean;
  /** Declared content-length of the response, if any. */
  contentLength?: number;
}

/** Why a run failed: the stable code, the facts, and the low-level cause (e.g. ENOTFOUND). */
export interface RunFailure {
  code: FailureCode;
  host: string;
  status: number | null;
  bytes: number;
  contentLength?: number;
  /** The system/undici/TLS code underneath, when there is one. */
  cause?: string;
}

export interface ClassifiedError {
  code: FailureCode;
  cause?: string;
  /** One neutral sentence: what happened, no edge-specific remedy. */
  message: string;
}

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

// undici 7 builds its HTTPParserError with `constants.ERROR[ret]`, a name→number map indexed by
// number, so `code` is always undefined; the parser's reason is only in the message.
function parserReason(err: unknown): string | undefined {
  const e = err as { name?: unknown; message?: unknown } | null;
  if (e?.name !== 'HTTPParserError' || typeof e.message !== 'string') return undefined;
  return /\(([^)]*)\)\s*$/.exec(e.message)?.[1] ?? e.message;
}

export function classifyNetworkError(err: unknown, ctx: ErrorContext): ClassifiedError {
  const code = codeOf(err);
  const raw = err instanceof Error ? err.message : String(err);
  // The fragment joins the sentence without a space of its own, so a language can place it freely.
  const received = ctx.gotHeaders ? l10n.t(' after {0} body bytes', ctx.bytes) : l10n.t(' before any response');
  const reason = code === undefined ? parserReason(err) : undefined;
  const is = (c: FailureCode, message: string): ClassifiedError => ({ code: c, ...(code ? { cause: code } : {}), message });
  if (reason !== undefined) {
    if (/expected http\//i.test(reason)) return classifyNetworkError({ code: 'HPE_INVALID_CONSTANT' }, ctx);
    if (/chunk/i.test(reason)) return is('BAD_CHUNKED_ENCODING', l10n.t('the server sent malformed chunked encoding{0} ({1})', received, reason));
    return is('INVALID_HTTP', l10n.t('the response from {0} is not valid HTTP/1.1{1} ({2})', ctx.host, received, reason));
  }
  const truncated = l10n.t('the server closed the connection after {0} of {1} bytes announced by content-length', ctx.bytes, ctx.contentLength ?? '?');
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return is('DNS_FAILED', l10n.t('DNS lookup failed for {0} ({1}): check the host name and your network', ctx.host, code));
    case 'ECONNREFUSED':
      return is('CONNECTION_REFUSED', l10n.t('connection refused by {0}: is the server running and listening on that port?', ctx.host));
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return is('CONNECT_TIMEOUT', l10n.t('connecting to {0} timed out ({1})', ctx.host, code));
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return is('HOST_UNREACHABLE', l10n.t('{0} is unreachable ({1}): check the network or VPN', ctx.host, code));
    case 'ECONNRESET':
      return is('CONNECTION_RESET', l10n.t('connection reset by the server{0}', received));
    case 'EPIPE':
      return is('REQUEST_NOT_SENT', l10n.t('the server closed the connection while the request was being sent'));
    case 'CERT_HAS_EXPIRED':
      return is('TLS_CERT_EXPIRED', l10n.t('TLS: the certificate of {0} has expired', ctx.host));
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return is('TLS_HOSTNAME_MISMATCH', l10n.t('TLS: the certificate does not match the host name {0}', ctx.host));
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return is('BODY_TRUNCATED', truncated);
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return ctx.contentLength !== undefined && ctx.bytes < ctx.contentLength
        ? is('BODY_TRUNCATED', truncated)
        : is('SERVER_CLOSED', l10n.t('the server closed the connection{0} ({1})', received, raw));
    case 'UND_ERR_INVALID_ARG':
      return is('INVALID_REQUEST', l10n.t('invalid request: {0}', raw));
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
      return is('NOT_HTTP', l10n.t('the server at {0} did not answer with HTTP/1.1 (is this an https port reached over http?)', ctx.host));
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
      return is('TLS_HANDSHAKE_FAILED', l10n.t('TLS handshake with {0} failed (is this an http port reached over https?): {1}', ctx.host, raw));
    default:
      if (code && UNTRUSTED_CERT_CODES.has(code)) return is('TLS_CERT_UNTRUSTED', l10n.t('TLS: the certificate of {0} is not trusted ({1})', ctx.host, code));
      return is('NETWORK', code ? `${raw} (${code})` : raw);
  }
}

/** The neutral sentence alone (kept for callers that only log). */
export function describeNetworkError(err: unknown, ctx: ErrorContext): string {
  return classifyNetworkError(err, ctx).message;
}
