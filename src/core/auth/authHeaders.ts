// Applies the request console's auth choice to a request: none, API key (x-api-key), bearer
// token, custom headers, or IAM SigV4. Secrets are only ever put in headers, never in logs —
// use redactHeaders before showing or exporting them.
import type { RequestSpec } from '../stream/engine';
import { AuthError, signExecuteApiRequest, type AwsCredentials } from './sigv4';
import { mergeHeaders } from './mergeHeaders';
import type { AuthKind } from '../../shared/model';

/** One variant per AuthKind (src/shared/model). */
export type AuthConfig =
  | { kind: 'none' }
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'custom'; headers: Record<string, string> }
  | { kind: 'iam'; region?: string; profile?: string; credentials?: AwsCredentials };
// Compile-time check that the variants and AuthKind name the same kinds.
type SameKinds = [AuthConfig['kind']] extends [AuthKind] ? ([AuthKind] extends [AuthConfig['kind']] ? true : false) : false;
const _sameKinds: SameKinds = true;
void _sameKinds;

export type { AuthKind } from '../../shared/model';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkHeader(name: string, value: string): void {
  if (!HEADER_NAME.test(name)) throw new AuthError(`invalid header name "${name}": use letters, digits and - only`);
  if (/[\r\n\0]/.test(value)) throw new AuthError(`header "${name}" contains a line break or NUL; remove it`);
}

/** Returns a copy of `spec` carrying the auth. Throws AuthError with an actionable message on bad input. */
export async function applyAuth(spec: RequestSpec, auth: AuthConfig): Promise<RequestSpec> {
  switch (auth.kind) {
    case 'none':
      return spec;
    case 'apiKey': {
      const key = auth.apiKey.trim();
      if (key === '') throw new AuthError('the API key is empty: paste the key value (API Gateway → API keys → Show)');
      checkHeader('x-api-key', key);
      return { ...spec, headers: mergeHeaders(spec.headers, { 'x-api-key': key }) };
    }
    case 'bearer': {
      const token = auth.token.trim().replace(/^Bearer\s+/i, '');
      if (token === '') throw new AuthError('the bearer token is empty');
      checkHeader('authorization', token);
      return { ...spec, headers: mergeHeaders(spec.headers, { authorization: `Bearer ${token}` }) };
    }
    case 'custom':
      for (const [name, value] of Object.entries(auth.headers)) checkHeader(name, value);
      return { ...spec, headers: mergeHeaders(spec.headers, auth.headers) };
    case 'iam':
      return signExecuteApiRequest(spec, { region: auth.region, profile: auth.profile, credentials: auth.credentials });
  }
}
