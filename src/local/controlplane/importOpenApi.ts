// ImportRestApi and PutRestApi: an OpenAPI 3 (or Swagger 2) document, JSON or YAML, with
// API Gateway's x-amazon-apigateway-* extensions. The document is planned completely (and every
// error collected) before anything is stored, so a failed import or put leaves nothing half done.
import { DEFAULT_TIMEOUT_MS } from '../../core/rules/integrationRules';
import { badRequest } from '../http/awsError';
import type { StoredAuthorizer, StoredGatewayResponse, StoredIntegration, StoredIntegrationResponse, StoredMethod, StoredRestApi } from '../state/model';
import { replaceWith, type GatewayStore } from '../state/store';
import { createRestApi, deleteRestApi, ensureResourcePath } from './restApiOps';
import { parseIntegrationType, parseTransferMode, validateIntegration } from './integrationSpec';
import { parseOpenApiDocument, planAuthorizers, planGatewayResponses, securityOf, type Doc } from './openApiParts';

export { parseOpenApiDocument } from './openApiParts';

const OPERATION_KEYS: Record<string, string> = {
  get: 'GET', post: 'POST', put: 'PUT', delete: 'DELETE', patch: 'PATCH', head: 'HEAD', options: 'OPTIONS',
  'x-amazon-apigateway-any-method': 'ANY',
};

interface PlannedMethod { path: string; verb: string; method: StoredMethod }

export interface ImportPlan {
  title: string;
  description?: string;
  version?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource?: string;
  endpointTypes?: string[];
  authorizers: StoredAuthorizer[];
  gatewayResponses: Record<string, StoredGatewayResponse>;
  methods: PlannedMethod[];
}

export function planImport(body: Buffer, bufferedQuotaMs: number, existingAuthorizers: StoredAuthorizer[] = []): ImportPlan {
  const doc = parseOpenApiDocument(body);
  const info = (doc.info && typeof doc.info === 'object' ? doc.info : {}) as Doc;
  const title = typeof info.title === 'string' && info.title ? info.title : undefined;
  if (!title) throw badRequest('Errors found during import:\n\tMissing required field info.title (the API name)');
  const paths = (doc.paths && typeof doc.paths === 'object' ? doc.paths : {}) as Doc;
  const errors: string[] = [];
  const authorizers = planAuthorizers(doc, existingAuthorizers, errors);
  const methods: PlannedMethod[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) { errors.push(`Invalid path "${path}": paths must start with "/"`); continue; }
    if (!item || typeof item !== 'object') continue;
    for (const [key, op] of Object.entries(item as Doc)) {
      const verb = OPERATION_KEYS[key.toLowerCase()];
      if (!verb || !op || typeof op !== 'object') continue;
      try {
        methods.push({ path, verb, method: methodFromOperation(verb, op as Doc, doc, authorizers, bufferedQuotaMs) });
      } catch (err) {
        errors.push(`${verb} ${path}: ${(err as Error).message}`);
      }
    }
  }
  const gatewayResponses = planGatewayResponses(doc, errors);
  if (errors.length) throw badRequest(`Errors found during import:\n\t${errors.join('\n\t')}`);
  const compression = doc['x-amazon-apigateway-minimum-compression-size'];
  const endpoint = doc['x-amazon-apigateway-endpoint-configuration'] as Doc | undefined;
  return {
    title,
    description: typeof info.description === 'string' ? info.description : undefined,
    version: typeof info.version === 'string' ? info.version : undefined,
    binaryMediaTypes: Array.isArray(doc['x-amazon-apigateway-binary-media-types']) ? (doc['x-amazon-apigateway-binary-media-types'] as unknown[]).map(String) : undefined,
    minimumCompressionSize: typeof compression === 'number' ? compression : undefined,
    apiKeySource: typeof doc['x-amazon-apigateway-api-key-source'] === 'string' ? String(doc['x-amazon-apigateway-api-key-source']).toUpperCase() : undefined,
    endpointTypes: endpoint && Array.isArray(endpoint.types) ? endpoint.types.map(String) : undefined,
    authorizers,
    gatewayResponses,
    methods,
  };
}

/** Writes a plan's methods, authorizers and gateway responses into `api` (merge keeps what the plan does not name). */
export function applyPlan(store: GatewayStore, api: StoredRestApi, plan: ImportPlan, mode: 'merge' | 'overwrite'): void {
  if (mode === 'overwrite') {
    api.resources = api.resources.filter((r) => r.id === api.rootResourceId);
    api.resources[0]!.resourceMethods = {};
    api.authorizers = [];
    api.gatewayResponses = {};
  }
  const authorizers = api.authorizers ?? [];
  for (const a of plan.authorizers) {
    const i = authorizers.findIndex((x) => x.name === a.name);
    if (i >= 0) authorizers[i] = a; else authorizers.push(a);
  }
  api.authorizers = authorizers;
  api.gatewayResponses = { ...(api.gatewayResponses ?? {}), ...plan.gatewayResponses };
  for (const p of plan.methods) {
    const resource = ensureResourcePath(store, api, p.path);
    resource.resourceMethods[p.verb] = p.method;
  }
  if (plan.binaryMediaTypes) api.binaryMediaTypes = mode === 'merge' ? [...new Set([...(api.binaryMediaTypes ?? []), ...plan.binaryMediaTypes])] : plan.binaryMediaTypes;
  if (plan.minimumCompressionSize !== undefined) api.minimumCompressionSize = plan.minimumCompressionSize;
  if (plan.apiKeySource) api.apiKeySource = plan.apiKeySource;
}

export function importRestApi(store: GatewayStore, body: Buffer, params: URLSearchParams, bufferedQuotaMs: number): StoredRestApi {
  const plan = planImport(body, bufferedQuotaMs);
  const endpointTypes = params.get('endpointConfigurationTypes')?.split(',').map((t) => t.trim().toUpperCase()).filter(Boolean) ?? plan.endpointTypes;
  const api = createRestApi(store, { name: plan.title, description: plan.description, version: plan.version, binaryMediaTypes: plan.binaryMediaTypes, endpointTypes, apiKeySource: plan.apiKeySource });
  try {
    applyPlan(store, api, plan, 'overwrite');
  } catch (err) {
    deleteRestApi(store, api.id);
    throw badRequest(`Errors found during import:\n\t${(err as Error).message}`);
  }
  return api;
}

/** PutRestApi: merge (default) or overwrite an existing API from a document, all or nothing. */
export function putRestApi(store: GatewayStore, api: StoredRestApi, body: Buffer, mode: string, bufferedQuotaMs: number): StoredRestApi {
  if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(`Invalid mode "${mode}": use merge or overwrite`);
  const plan = planImport(body, bufferedQuotaMs, api.authorizers ?? []);
  const next = structuredClone(api);
  try {
    applyPlan(store, next, plan, mode);
  } catch (err) {
    throw badRequest(`Errors found during import:\n\t${(err as Error).message}`);
  }
  if (mode === 'overwrite') { next.name = plan.title; next.description = plan.description; next.version = plan.version; }
  replaceWith(api, next);
  return api;
}

function methodFromOperation(verb: string, op: Doc, doc: Doc, authorizers: StoredAuthorizer[], bufferedQuotaMs: number): StoredMethod {
  const security = securityOf(op, doc, authorizers);
  const method: StoredMethod = {
    httpMethod: verb,
    authorizationType: security.authorizationType,
    ...(security.authorizerId ? { authorizerId: security.authorizerId } : {}),
    apiKeyRequired: security.apiKeyRequired,
    operationName: typeof op.operationId === 'string' ? op.operationId : undefined,
  };
  const responses = methodResponses(op.responses);
  if (responses) method.methodResponses = responses;
  const x = op['x-amazon-apigateway-integration'];
  if (x !== undefined) {
    if (!x || typeof x !== 'object') throw new Error('x-amazon-apigateway-integration must be an object');
    method.methodIntegration = integrationFromExtension(x as Doc, bufferedQuotaMs);
  }
  return method;
}

/** OpenAPI `responses` → methodResponses: status codes with their header names and models. */
function methodResponses(raw: unknown): StoredMethod['methodResponses'] {
  if (!raw || typeof raw !== 'object') return undefined;
  const out: NonNullable<StoredMethod['methodResponses']> = {};
  for (const [code, r] of Object.entries(raw as Doc)) {
    if (!/^\d{3}$/.test(code)) continue;
    const resp = (r && typeof r === 'object' ? r : {}) as Doc;
    const headers = resp.headers && typeof resp.headers === 'object' ? Object.keys(resp.headers) : [];
    const content = (resp.content && typeof resp.content === 'object' ? resp.content : {}) as Record<string, Doc>;
    const models: Record<string, string> = {};
    for (const [type, c] of Object.entries(content)) {
      const ref = (c?.schema as Doc | undefined)?.$ref;
      if (typeof ref === 'string') models[type] = ref.split('/').pop()!;
    }
    out[code] = {
      statusCode: code,
      ...(headers.length ? { responseParameters: Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, false])) } : {}),
      ...(Object.keys(models).length ? { responseModels: models } : {}),
    };
  }
  return Object.keys(out).length ? out : undefined;
}

function str(x: Doc, field: string): string | undefined {
  const v = x[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`x-amazon-apigateway-integration.${field} must be a string`);
  return v;
}

function integrationFromExtension(x: Doc, bufferedQuotaMs: number): StoredIntegration {
  const type = str(x, 'type');
  if (!type) throw new Error('x-amazon-apigateway-integration.type is required');
  const timeout = x.timeoutInMillis;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout))) {
    throw new Error('x-amazon-apigateway-integration.timeoutInMillis must be an integer');
  }
  const mode = str(x, 'responseTransferMode');
  const integration: StoredIntegration = {
    type: parseIntegrationType(type),
    httpMethod: str(x, 'httpMethod')?.toUpperCase(),
    uri: str(x, 'uri'),
    connectionType: (str(x, 'connectionType')?.toUpperCase() as StoredIntegration['connectionType'] | undefined) ?? 'INTERNET',
    connectionId: str(x, 'connectionId'),
    credentials: str(x, 'credentials'),
    requestParameters: x.requestParameters as Record<string, string> | undefined,
    requestTemplates: x.requestTemplates as Record<string, string> | undefined,
    passthroughBehavior: str(x, 'passthroughBehavior')?.toUpperCase() ?? 'WHEN_NO_MATCH',
    contentHandling: str(x, 'contentHandling'),
    timeoutInMillis: (timeout as number | undefined) ?? DEFAULT_TIMEOUT_MS,
    cacheNamespace: str(x, 'cacheNamespace'),
    cacheKeyParameters: Array.isArray(x.cacheKeyParameters) ? x.cacheKeyParameters.map(String) : [],
    responseTransferMode: mode === undefined ? 'BUFFERED' : parseTransferMode(mode.toUpperCase()),
    integrationResponses: integrationResponses(x.responses),
  };
  validateIntegration(integration, bufferedQuotaMs);
  return integration;
}

/** x-amazon-apigateway-integration `responses` keyed by selection pattern ("default" = no pattern). */
function integrationResponses(raw: unknown): Record<string, StoredIntegrationResponse> | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const out: Record<string, StoredIntegrationResponse> = {};
  for (const [pattern, r] of Object.entries(raw as Doc)) {
    if (!r || typeof r !== 'object') continue;
    const resp = r as Doc;
    const statusCode = String(resp.statusCode ?? '200');
    out[statusCode] = {
      statusCode,
      selectionPattern: pattern === 'default' ? undefined : pattern,
      responseParameters: resp.responseParameters as Record<string, string> | undefined,
      responseTemplates: resp.responseTemplates as Record<string, string> | undefined,
      contentHandling: typeof resp.contentHandling === 'string' ? resp.contentHandling : undefined,
    };
  }
  return Object.keys(out).length ? out : undefined;
}
