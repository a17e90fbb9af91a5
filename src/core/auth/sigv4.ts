// IAM authorization for API Gateway invoke URLs: Signature V4 for service `execute-api`.
// Credentials come from the standard Node provider chain (env, SSO, shared files with a
// profile, container/instance roles) unless given explicitly.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { RequestSpec } from '../stream/engine';
import { mergeHeaders } from './mergeHeaders';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Options {
  /** Defaults to the region in an execute-api host name. Required for custom domains. */
  region?: string;
  /** Shared-config profile for the provider chain. */
  profile?: string;
  credentials?: AwsCredentials;
  /** Signing time (tests); defaults to now. */
  signingDate?: Date;
}

export class AuthError extends Error {}

const EXECUTE_API_HOST = /\.execute-api\.([a-z0-9-]+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/i;

/** `abc123.execute-api.eu-west-1.amazonaws.com` → `eu-west-1`; undefined for other hosts. */
export function regionFromInvokeUrl(url: string): string | undefined {
  try {
    return EXECUTE_API_HOST.exec(new URL(url).hostname)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

async function resolveCredentials(options: SigV4Options): Promise<AwsCredentials> {
  if (options.credentials) return options.credentials;
  try {
    return await fromNodeProviderChain(options.profile ? { profile: options.profile } : {})();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const where = options.profile ? `profile "${options.profile}"` : 'the default credential chain';
    throw new AuthError(`no AWS credentials from ${where} (${reason}). ` +
      'Run `aws configure` or `aws sso login`' + (options.profile ? ` --profile ${options.profile}` : '') +
      ', or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.');
  }
}

/** Returns the spec with Authorization, X-Amz-Date, Host (and X-Amz-Security-Token) headers added. */
export async function signExecuteApiRequest(spec: RequestSpec, options: SigV4Options = {}): Promise<RequestSpec> {
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    throw new AuthError(`cannot sign: invalid URL "${spec.url}"`);
  }
  const region = options.region ?? regionFromInvokeUrl(spec.url);
  if (!region) {
    throw new AuthError(`cannot tell the AWS region from "${url.hostname}" (not an execute-api host): set the region for IAM auth`);
  }
  const credentials = await resolveCredentials(options);
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  // Unsigned headers the caller set must not be dropped; all are signed (host included).
  const headers = mergeHeaders(spec.headers, { host: url.host });
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: spec.method.toUpperCase(),
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers,
    body: spec.body,
  }, options.signingDate ? { signingDate: options.signingDate } : {});
  return { ...spec, headers: signed.headers as Record<string, string> };
}
