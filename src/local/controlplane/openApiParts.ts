// Reading the API-level parts of an OpenAPI / Swagger document: security schemes (SigV4, API
// keys, x-amazon-apigateway-authorizer Lambda and Cognito authorizers), an operation's security
// requirement, and x-amazon-apigateway-gateway-responses.
import { parse as parseYaml } from 'yaml';
import { badRequest } from '../http/awsError';
import { newId } from '../state/ids';
import type { StoredAuthorizer, StoredGatewayResponse } from '../state/model';
import { GATEWAY_RESPONSE_TYPES } from '../dataplane/gatewayResponses';

export type Doc = Record<string, unknown>;

export function parseOpenApiDocument(body: Buffer): Doc {
  const text = body.toString('utf8').trim();
  if (!text) throw badRequest('Invalid OpenAPI input: the request body is empty. Send an OpenAPI 3 document (JSON or YAML).');
  let doc: unknown;
  try {
    doc = text.startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw badRequest(`Invalid OpenAPI input: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw badRequest('Invalid OpenAPI input: expected an object at the top level');
  const d = doc as Doc;
  if (typeof d.openapi !== 'string' && typeof d.swagger !== 'string') {
    throw badRequest('Invalid OpenAPI input: missing "openapi" (or "swagger") version field');
  }
  return d;
}

/** OpenAPI 3 components.securitySchemes or Swagger 2 securityDefinitions. */
export function securitySchemes(doc: Doc): Record<string, Doc> {
  const components = (doc.components && typeof doc.components === 'object' ? doc.components : {}) as Doc;
  const schemes = components.securitySchemes ?? doc.securityDefinitions;
  return (schemes && typeof schemes === 'object' ? schemes : {}) as Record<string, Doc>;
}

export function planAuthorizers(doc: Doc, existing: StoredAuthorizer[], errors: string[]): StoredAuthorizer[] {
  const out: StoredAuthorizer[] = [];
  for (const [name, scheme] of Object.entries(securitySchemes(doc))) {
    const x = scheme?.['x-amazon-apigateway-authorizer'] as Doc | undefined;
    if (!x || typeof x !== 'object') continue;
    const type = String(x.type ?? 'token').toUpperCase();
    if (type !== 'TOKEN' && type !== 'REQUEST' && type !== 'COGNITO_USER_POOLS') { errors.push(`Authorizer ${name}: invalid type ${String(x.type)}`); continue; }
    const header = typeof scheme.name === 'string' ? scheme.name : 'Authorization';
    const ttl = x.authorizerResultTtlInSeconds;
    out.push({
      id: existing.find((a) => a.name === name)?.id ?? newId(6),
      name,
      type,
      ...(typeof x.authorizerUri === 'string' ? { authorizerUri: x.authorizerUri } : {}),
      ...(typeof x.authorizerCredentials === 'string' ? { authorizerCredentials: x.authorizerCredentials } : {}),
      ...(Array.isArray(x.providerARNs) ? { providerARNs: x.providerARNs.map(String) } : {}),
      identitySource: typeof x.identitySource === 'string' ? x.identitySource : `method.request.header.${header}`,
      ...(typeof x.identityValidationExpression === 'string' ? { identityValidationExpression: x.identityValidationExpression } : {}),
      authType: typeof scheme['x-amazon-apigateway-authtype'] === 'string' ? String(scheme['x-amazon-apigateway-authtype']) : 'custom',
      authorizerResultTtlInSeconds: typeof ttl === 'number' ? ttl : 300,
    });
  }
  return out;
}

export interface MethodSecurity { authorizationType: string; authorizerId?: string; apiKeyRequired: boolean }

/** An operation's `security` (or the document's default) as authorizationType / authorizerId / apiKeyRequired. */
export function securityOf(op: Doc, doc: Doc, authorizers: StoredAuthorizer[]): MethodSecurity {
  const requirement = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
  const names = requirement.flatMap((s) => (s && typeof s === 'object' ? Object.keys(s as Doc) : []));
  const schemes = securitySchemes(doc);
  const result: MethodSecurity = { authorizationType: 'NONE', apiKeyRequired: false };
  for (const name of names) {
    const scheme = schemes[name] ?? {};
    const authtype = String(scheme['x-amazon-apigateway-authtype'] ?? '').toLowerCase();
    const authorizer = authorizers.find((a) => a.name === name);
    if (authorizer) {
      result.authorizationType = authorizer.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
      result.authorizerId = authorizer.id;
    } else if (authtype === 'awssigv4' || name === 'sigv4') {
      result.authorizationType = 'AWS_IAM';
    } else if (name === 'api_key' || (scheme.type === 'apiKey' && String(scheme.name).toLowerCase() === 'x-api-key')) {
      result.apiKeyRequired = true;
    }
  }
  return result;
}

export function planGatewayResponses(doc: Doc, errors: string[]): Record<string, StoredGatewayResponse> {
  const raw = doc['x-amazon-apigateway-gateway-responses'];
  const out: Record<string, StoredGatewayResponse> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [type, r] of Object.entries(raw as Doc)) {
    if (!(type in GATEWAY_RESPONSE_TYPES)) { errors.push(`Invalid gateway response type ${type}`); continue; }
    const g = (r && typeof r === 'object' ? r : {}) as Doc;
    out[type] = {
      responseType: type,
      ...(g.statusCode !== undefined ? { statusCode: String(g.statusCode) } : {}),
      ...(g.responseParameters && typeof g.responseParameters === 'object' ? { responseParameters: g.responseParameters as Record<string, string> } : {}),
      ...(g.responseTemplates && typeof g.responseTemplates === 'object' ? { responseTemplates: g.responseTemplates as Record<string, string> } : {}),
    };
  }
  return out;
}
