// Masks secrets in free text before it reaches a log, an export or a snapshot: AWS access keys,
// secret keys, session tokens, SigV4 signatures, bearer tokens, API keys in headers and the
// user:password part of URLs.
const PATTERNS: [RegExp, string][] = [
  // Credentials in a URL's userinfo (http://user:pass@host): both parts are masked.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi, '$1****@'],
  [/\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, '$1****************'],
  [/(Signature=)[0-9a-f]{16,}/gi, '$1****'],
  [/(X-Amz-Signature=)[0-9a-f]{16,}/gi, '$1****'],
  [/(X-Amz-Security-Token=)[^&\s"]+/gi, '$1****'],
  // Well-known secret query parameters (OAuth tokens, API keys, SAS signatures) in URLs.
  [/([?&](?:access_token|id_token|refresh_token|api_key|apikey|client_secret|password|sig)=)[^&\s"#]+/gi, '$1****'],
  [/(\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1****'],
  [/\b(secret|token|signature|credential)([=:]\s*)(?!\*{4})[^\s,;&"']+/gi, '$1$2****'],
  [/((?:x-api-key|authorization|x-amz-security-token|aws_secret_access_key|aws_session_token|secretAccessKey|sessionToken)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1****'],
];

export function redactText(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}
