// Masks secrets in headers before they reach a log, an export (JSON/HAR) or the screen.
// Browser-safe (no Node imports): the webview uses it for "copy as curl" too.

const MASK = '****';
const FULLY_SECRET = new Set(['x-api-key', 'x-amz-security-token', 'proxy-authorization']);
const WITH_SCHEME = new Set(['authorization']);
const COOKIE_HEADERS = new Set(['cookie', 'set-cookie']);

function maskCookies(value: string, header: string): string {
  // Cookie: "a=1; b=2". Set-Cookie: "sid=abc; Path=/; HttpOnly" — only the first pair is the value.
  if (header === 'set-cookie') {
    // A nameless cookie ("Set-Cookie: abc123; Path=/") is all value.
    return value.split(/,\s*(?=[^;=\s]+=)/).map((cookie) => (/^[^;]*=/.test(cookie)
      ? cookie.replace(/^([^=;]+)=[^;]*/, `$1=${MASK}`)
      : cookie.replace(/^\s*[^;\s][^;]*/, MASK))).join(', ');
  }
  return value.split(';').map((pair) => {
    const eq = pair.indexOf('=');
    // A pair without "=" is a nameless cookie: its text is the value.
    if (eq === -1) return pair.trim() === '' ? pair : pair.replace(/\S.*$/, MASK);
    return `${pair.slice(0, eq)}=${MASK}`;
  }).join(';');
}

/** Returns a copy with secret values masked; the scheme of Authorization stays visible (e.g. "Bearer ****"). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (FULLY_SECRET.has(lower)) out[name] = MASK;
    else if (WITH_SCHEME.has(lower)) {
      const scheme = /^\s*([A-Za-z0-9-]+)\s+\S/.exec(value);
      out[name] = scheme ? `${scheme[1]} ${MASK}` : MASK;
    } else if (COOKIE_HEADERS.has(lower)) out[name] = maskCookies(value, lower);
    else out[name] = value;
  }
  return out;
}

/** Whether a header carries a secret that redactHeaders masks. */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return FULLY_SECRET.has(lower) || WITH_SCHEME.has(lower) || COOKIE_HEADERS.has(lower);
}
