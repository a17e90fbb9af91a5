// Response headers as API Gateway (REST) hands them to the client. From AWS's table of headers
// it drops, remaps or overwrites ("Important notes for REST APIs"): a remapped header arrives as
// x-amzn-Remapped-NAME so the client still sees the value without it steering the connection.

/** Integration response headers API Gateway renames to x-amzn-Remapped-{name}. */
export const REMAPPED_RESPONSE_HEADERS = new Set([
  'authorization', 'connection', 'content-md5', 'date', 'max-forwards', 'server', 'user-agent', 'www-authenticate',
]);

/** Integration response headers API Gateway drops. Content-Length is recomputed by the gateway. */
export const DROPPED_RESPONSE_HEADERS = new Set([
  'host', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'keep-alive', 'proxy-connection', 'content-length', 'expect',
]);

/** Applies AWS's drop / remap rules; `own` names the headers the gateway itself sets (they win). */
export function shapeResponseHeaders(headers: ReadonlyArray<[string, string]>, own: ReadonlySet<string> = new Set()): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (DROPPED_RESPONSE_HEADERS.has(lower) || own.has(lower)) continue;
    out.push(REMAPPED_RESPONSE_HEADERS.has(lower) ? [`x-amzn-Remapped-${name}`, value] : [name, value]);
  }
  return out;
}

/**
 * Lambda proxy results carry `headers` and `multiValueHeaders`. AWS merges them into one list;
 * for a name present in both (any case), only the multiValueHeaders values are sent.
 */
export function mergeProxyHeaders(headers: Record<string, unknown> | undefined | null, multiValueHeaders: Record<string, unknown> | undefined | null): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const multiNames = new Set(Object.keys(multiValueHeaders ?? {}).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (!multiNames.has(k.toLowerCase()) && v !== undefined && v !== null) out.push([k, String(v)]);
  }
  for (const [k, vs] of Object.entries(multiValueHeaders ?? {})) {
    for (const v of Array.isArray(vs) ? vs : []) out.push([k, String(v)]);
  }
  return out;
}

/** The value of a header in a pair list (case-insensitive, first wins). */
export function headerValue(headers: ReadonlyArray<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}
