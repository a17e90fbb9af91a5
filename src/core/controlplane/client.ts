// The one place an APIGatewayClient is made: region, endpoint override, credentials from the
// standard chain (environment, profiles, SSO, process, web identity, container/instance),
// and adaptive retry so API Gateway's tight control-plane throttling is absorbed.
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { isLocalEndpoint } from './invokeUrl';

export interface ConnectionConfig {
  region: string;
  profile?: string;
  /** Endpoint override, e.g. the local gateway's URL. */
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call including retries (default 6). */
  maxAttempts?: number;
}

/** The local gateway does not check signatures, but the SDK insists on signing with something. */
export const LOCAL_DUMMY_CREDENTIALS: Readonly<AwsCredentialIdentity> = { accessKeyId: 'streamgate-local', secretAccessKey: 'streamgate-local' };

export const DEFAULT_MAX_ATTEMPTS = 6;

function environmentHasCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean((env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI);
}

/**
 * Which credentials to use. For a loopback endpoint with no profile and nothing in the
 * environment, dummy credentials: probing the chain would end at the instance-metadata
 * service and stall for seconds, for a gateway that ignores signatures anyway.
 */
export function resolveCredentials(cfg: ConnectionConfig, env: NodeJS.ProcessEnv = process.env): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (cfg.credentials) return typeof cfg.credentials === 'function' ? cfg.credentials : { ...cfg.credentials };
  if (isLocalEndpoint(cfg.endpoint) && !cfg.profile && !environmentHasCredentials(env)) return { ...LOCAL_DUMMY_CREDENTIALS }; // a copy: the SDK annotates credential objects
  return fromNodeProviderChain(cfg.profile ? { profile: cfg.profile } : {});
}

export function createApiGatewayClient(cfg: ConnectionConfig): APIGatewayClient {
  // The SDK warns on every process under Node < 22 (VS Code's extension host and our CLI
  // target Node 20); users cannot act on it and it breaks one-line CLI errors. Respect an
  // explicit setting.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (!cfg.region) throw new Error('A region is required (e.g. us-east-1); set it in the connection or AWS_REGION');
  if (cfg.endpoint !== undefined) {
    try {
      new URL(cfg.endpoint);
    } catch {
      throw new Error(`Endpoint "${cfg.endpoint}" is not a URL; use e.g. http://127.0.0.1:4510`);
    }
  }
  return new APIGatewayClient({
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    credentials: resolveCredentials(cfg),
    retryMode: 'adaptive',
    maxAttempts: cfg.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  });
}

/**
 * An apigatewayv2 client on the same connection, for VPC links V2 (which REST APIs use since
 * November 2025). Loaded on first use: only private integrations need it.
 */
export async function createApiGatewayV2Client(cfg: ConnectionConfig): Promise<ApiGatewayV2Client> {
  const { ApiGatewayV2Client } = await import('@aws-sdk/client-apigatewayv2');
  return new ApiGatewayV2Client({
    region: cfg.region,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    credentials: resolveCredentials(cfg),
    retryMode: 'adaptive',
    maxAttempts: cfg.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  });
}

/**
 * A CloudWatch Logs client on the same connection, for reading a request's access-log and
 * function-log lines (traces). Loaded on first use; 3 attempts, as a trace read already waits
 * and retries for its lines.
 */
export async function createCloudWatchLogsClient(cfg: ConnectionConfig): Promise<CloudWatchLogsClient> {
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  return new CloudWatchLogsClient({
    region: cfg.region,
    ...(cfg.profile ? { profile: cfg.profile } : {}),
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    credentials: resolveCredentials(cfg),
    maxAttempts: cfg.maxAttempts ?? 3,
  });
}
