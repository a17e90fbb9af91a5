// Method authorization in API Gateway's order: the authorizationType (AWS_IAM, CUSTOM = Lambda
// authorizer, COGNITO_USER_POOLS), then apiKeyRequired. AWS_IAM checks that a SigV4 signature is
// present and well formed with AWS's messages; the signature itself cannot be verified locally
// (there are no IAM credentials to verify against; see docs/aws-behaviour.md).
import type { FunctionInvoker } from '../functions/types';
import type { GatewayState, StoredAuthorizer, StoredMethod } from '../state/model';
import { GATEWAY_RESPONSES, type GatewayResponse } from './gatewayResponses';
import { runLambdaAuthorizer, type AuthorizerCache, type AuthorizerRequest } from './lambdaAuthorizer';

export interface AuthorizationInput extends AuthorizerRequest {
  method: StoredMethod;
  apiId: string;
  stage: string;
  apiKeySource: string;
  authorizers: StoredAuthorizer[];
  state: GatewayState;
  invoker: FunctionInvoker | undefined;
  cache: AuthorizerCache;
}

export type AuthorizationResult =
  | { ok: true; authorizer?: Record<string, unknown>; apiKey?: { value: string; id: string }; accessKey?: string }
  | { ok: false; response: GatewayResponse; detail: string };

const deny = (response: GatewayResponse, detail: string): AuthorizationResult => ({ ok: false, response, detail });

/** AWS's IncompleteSignatureException text for an Authorization header missing SigV4 parts. */
export function sigV4Problems(authorization: string, headers: Record<string, string>): string | undefined {
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  if (!/^AWS4-HMAC-SHA256\s/.test(authorization)) {
    return `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`;
  }
  const problems: string[] = [];
  for (const part of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!new RegExp(`[\\s,]${part}=[^,\\s]+`).test(authorization)) problems.push(`Authorization header requires '${part}' parameter.`);
  }
  if (!has('x-amz-date') && !has('date')) problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const credential = /Credential=([^,\s]+)/.exec(authorization)?.[1];
  if (credential && !/^[^/]+\/\d{8}\/[^/]+\/execute-api\/aws4_request$/.test(credential)) {
    problems.push(`Credential should be scoped to correct service: 'execute-api'.`);
  }
  return problems.length ? `${problems.join(' ')} Authorization=${authorization}` : undefined;
}

function checkIam(i: AuthorizationInput): AuthorizationResult {
  const auth = Object.entries(i.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  const presigned = i.query.get('X-Amz-Signature') && i.query.get('X-Amz-Credential');
  if (!auth && !presigned) return deny(GATEWAY_RESPONSES.missingAuthenticationToken, 'AWS_IAM method called without a SigV4 Authorization header');
  if (auth) {
    const problem = sigV4Problems(auth, i.headers);
    if (problem) return deny({ type: 'INVALID_SIGNATURE', status: 403, errorType: 'IncompleteSignatureException', message: problem }, 'malformed SigV4 Authorization header');
  }
  const credential = auth ? /Credential=([^,\s]+)/.exec(auth)?.[1] : i.query.get('X-Amz-Credential') ?? undefined;
  return { ok: true, accessKey: credential?.split('/')[0] };
}

function checkApiKey(i: AuthorizationInput, fromAuthorizer: string | undefined): AuthorizationResult | { ok: true; apiKey: { value: string; id: string } } {
  const value = i.apiKeySource === 'AUTHORIZER' ? fromAuthorizer : Object.entries(i.headers).find(([k]) => k.toLowerCase() === 'x-api-key')?.[1];
  if (!value) return deny(GATEWAY_RESPONSES.forbidden, 'the method requires an API key and none was sent (x-api-key)');
  const key = (i.state.apiKeys ?? []).find((k) => k.value === value);
  if (!key) return deny(GATEWAY_RESPONSES.invalidApiKey, 'the API key is not known');
  if (!key.enabled) return deny(GATEWAY_RESPONSES.invalidApiKey, `API key ${key.id} is disabled`);
  const inPlan = (i.state.usagePlans ?? []).some((p) => p.keyIds.includes(key.id) && p.apiStages.some((s) => s.apiId === i.apiId && s.stage === i.stage));
  if (!inPlan) return deny(GATEWAY_RESPONSES.invalidApiKey, `API key ${key.id} is not in a usage plan of stage ${i.stage}`);
  return { ok: true, apiKey: { value, id: key.id } };
}

export async function authorize(i: AuthorizationInput): Promise<AuthorizationResult> {
  let result: AuthorizationResult = { ok: true };
  let usageIdentifierKey: string | undefined;
  switch (i.method.authorizationType) {
    case 'AWS_IAM':
      result = checkIam(i);
      break;
    case 'CUSTOM': {
      const a = i.authorizers.find((x) => x.id === i.method.authorizerId);
      if (!a) return deny(GATEWAY_RESPONSES.authorizerConfigurationError, `the method's authorizer ${i.method.authorizerId} is not deployed`);
      if (!i.invoker) return deny(GATEWAY_RESPONSES.authorizerConfigurationError, 'no function runner is available for Lambda authorizers');
      const out = await runLambdaAuthorizer(a, i, i.invoker, i.cache, `${i.apiId}/${i.stage}/`);
      if (!out.ok) return out;
      usageIdentifierKey = out.usageIdentifierKey;
      result = { ok: true, authorizer: out.authorizer };
      break;
    }
    case 'COGNITO_USER_POOLS': {
      // Tokens are not validated locally (no user pool); a missing token answers as AWS does.
      const a = i.authorizers.find((x) => x.id === i.method.authorizerId);
      const source = (a?.identitySource ?? 'method.request.header.Authorization').replace(/^method\.request\.header\./i, '').toLowerCase();
      if (!Object.entries(i.headers).some(([k, v]) => k.toLowerCase() === source && v)) return deny(GATEWAY_RESPONSES.unauthorized, 'no Cognito token in the request');
      result = { ok: true, authorizer: { claims: {} } };
      break;
    }
  }
  if (!result.ok || !i.method.apiKeyRequired) return result;
  const key = checkApiKey(i, usageIdentifierKey);
  return key.ok ? { ...result, apiKey: (key as { apiKey: { value: string; id: string } }).apiKey } : key;
}
