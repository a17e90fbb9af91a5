// Turns socket, DNS, TLS and HTTP-parser errors into one sentence a developer can act on.

const UNTRUSTED_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED',
]);

export interface ErrorContext {
  host: string;
  /** Body bytes received before the failure. */
  bytes: number;
  /** Whether response headers had arrived. */
  gotHeaders: boolean;
  /** Declared content-length of the response, if any. */
  contentLength?: number;
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

export function describeNetworkError(err: unknown, ctx: ErrorContext): string {
  const code = codeOf(err);
  const raw = err instanceof Error ? err.message : String(err);
  const received = ctx.gotHeaders ? ` after ${ctx.bytes} body bytes` : ' before any response';
  const reason = code === undefined ? parserReason(err) : undefined;
  if (reason !== undefined) {
    if (/expected http\//i.test(reason)) return describeNetworkError({ code: 'HPE_INVALID_CONSTANT' }, ctx);
    if (/chunk/i.test(reason)) return `the server sent malformed chunked encoding${received} (${reason})`;
    return `the response from ${ctx.host} is not valid HTTP/1.1${received} (${reason})`;
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DNS lookup failed for ${ctx.host} (${code}): check the host name and your network`;
    case 'ECONNREFUSED':
      return `connection refused by ${ctx.host}: is the server running and listening on that port?`;
    case 'ETIMEDOUT':
      return `connecting to ${ctx.host} timed out (ETIMEDOUT)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${ctx.host} is unreachable (${code}): check the network or VPN`;
    case 'ECONNRESET':
      return `connection reset by the server${received}`;
    case 'EPIPE':
      return `the server closed the connection while the request was being sent`;
    case 'CERT_HAS_EXPIRED':
      return `TLS: the certificate of ${ctx.host} has expired`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS: the certificate does not match the host name ${ctx.host}`;
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return `the server closed the connection after ${ctx.bytes} of ${ctx.contentLength ?? '?'} bytes announced by content-length`;
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return ctx.contentLength !== undefined && ctx.bytes < ctx.contentLength
        ? `the server closed the connection after ${ctx.bytes} of ${ctx.contentLength} bytes announced by content-length`
        : `the server closed the connection${received} (${raw})`;
    case 'UND_ERR_INVALID_ARG':
      return `invalid request: ${raw}`;
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
      return `the server at ${ctx.host} did not answer with HTTP/1.1 (is this an https port reached over http?)`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
      return `TLS handshake with ${ctx.host} failed (is this an http port reached over https?): ${raw}`;
    default:
      if (code && UNTRUSTED_CERT_CODES.has(code)) {
        return `TLS: the certificate of ${ctx.host} is not trusted (${code}). If you trust this host, ` +
          `allow it explicitly (insecureTlsHosts / --insecure) — only for this host.`;
      }
      return code ? `${raw} (${code})` : raw;
  }
}
