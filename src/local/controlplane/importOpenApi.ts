// ImportRestApi: an OpenAPI 3 (or Swagger 2) document, JSON or YAML, with
// x-amazon-apigateway-integration on operations. Everything is checked before anything is
// stored, so a failed import leaves no half-created API behind.
import { parse as parseYaml } from 'yaml';
import { DEFAULT_TIMEOUT_MS } from '../../core/rules/integrationRules';
import { badRequest } from '../http/awsError';
import type { StoredIntegration, StoredIntegrationResponse, StoredMethod, StoredRestApi } from '../state/model';
import type { GatewayStore } from '../state/store';
import { createRestApi, deleteRestApi, ensureResourcePath } from './restApiOps';
import { parseIntegrationType, parseTransferMode, validateIntegration } from './integrationSpec';

const OPERATION_KEYS: Record<string, string> = {
  get: 'GET', post: 'POST', put: 'PUT', delete: 'DELETE', patch: 'PATCH', head: 'HEAD', options: 'OPTIONS',
  'x-amazon-apigateway-any-method': 'ANY',
};

type Doc = Record<string, unknown>;

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

interface PlannedMethod { path: string; verb: string; method: StoredMethod }

/** A parsed, fully validated document: nothing is stored until every operation checks out. */
interface ImportPlan {
  title?: string;
  description?: string;
  version?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  planned: PlannedMethod[];
}

function planImport(body: Buffer, bufferedQuotaMs: number): ImportPlan {
  const doc = parseOpenApiDocument(body);
  const info = (doc.info && typeof doc.info === 'object' ? doc.info : {}) as Doc;
  const paths = (doc.paths && typeof doc.paths === 'object' ? doc.paths : {}) as Doc;
  const errors: string[] = [];
  const planned: PlannedMethod[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) { errors.push(`Invalid path "${path}": paths must start with "/"`); continue; }
    if (!item || typeof item !== 'object') continue;
    for (const [key, op] of Object.entries(item as Doc)) {
      const verb = OPERATION_KEYS[key.toLowerCase()];
      if (!verb || !op || typeof op !== 'object') continue;
      try {
        planned.push({ path, verb, method: methodFromOperation(verb, op as Doc, bufferedQuotaMs) });
      } catch (err) {
        errors.push(`${verb} ${path}: ${(err as Error).message}`);
      }
    }
  }
  const compression = doc['x-amazon-apigateway-minimum-compression-size'];
  if (compression !== undefined && (typeof compression !== 'number' || !Number.isInteger(compression) || compression < 0 || compression > 10_485_760)) {
    errors.push('x-amazon-apigateway-minimum-compression-size must be a whole number of bytes between 0 and 10485760');
  }
  if (errors.length) throw badRequest(`Errors found during import:\n\t${errors.join('\n\t')}`);
  return {
    title: typeof info.title === 'string' && info.title ? info.title : undefined,
    description: typeof info.description === 'string' ? info.description : undefined,
    version: typeof info.version === 'string' ? info.version : undefined,
    binaryMediaTypes: Array.isArray(doc['x-amazon-apigateway-binary-media-types']) ? (doc['x-amazon-apigateway-binary-media-types'] as unknown[]).map(String) : undefined,
    minimumCompressionSize: compression as number | undefined,
    planned,
  };
}

function addPlannedMethods(store: GatewayStore, api: StoredRestApi, planned: PlannedMethod[]): void {
  for (const p of planned) {
    const resource = ensureResourcePath(store, api, p.path);
    resource.resourceMethods[p.verb] = p.method;
  }
}

export function importRestApi(store: GatewayStore, body: Buffer, params: URLSearchParams, bufferedQuotaMs: number): StoredRestApi {
  const plan = planImport(body, bufferedQuotaMs);
  if (!plan.title) throw badRequest('Errors found during import:\n\tMissing required field info.title (the API name)');
  const endpointTypes = params.get('endpointConfigurationTypes')?.split(',').map((t) => t.trim().toUpperCase()).filter(Boolean);
  const api = createRestApi(store, {
    name: plan.title, description: plan.description, version: plan.version, binaryMediaTypes: plan.binaryMediaTypes,
    minimumCompressionSize: plan.minimumCompressionSize, endpointTypes,
  });
  try {
    addPlannedMethods(store, api, plan.planned);
  } catch (err) {
    deleteRestApi(store, api.id);
    throw badRequest(`Errors found during import:\n\t${(err as Error).message}`);
  }
  return api;
}

/**
 * PutRestApi: mode=overwrite replaces the API's resources and methods with the document's
 * (the id, deployments and stages stay, so invoke URLs keep working after the next deploy);
 * mode=merge (AWS's default) adds and replaces methods. Built on a copy: a failure changes nothing.
 */
export function putRestApi(store: GatewayStore, apiId: string, body: Buffer, params: URLSearchParams, bufferedQuotaMs: number): StoredRestApi {
  const api = store.api(apiId);
  const mode = (params.get('mode') ?? 'merge').toLowerCase();
  if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(`Invalid mode "${params.get('mode')}": use merge or overwrite`);
  const plan = planImport(body, bufferedQuotaMs);
  const next = structuredClone(api);
  if (mode === 'overwrite') {
    next.resources = [{ id: api.rootResourceId, path: '/', resourceMethods: {} }];
    next.binaryMediaTypes = plan.binaryMediaTypes;
    next.minimumCompressionSize = plan.minimumCompressionSize;
    next.description = plan.description;
  } else {
    if (plan.binaryMediaTypes) next.binaryMediaTypes = [...new Set([...(next.binaryMediaTypes ?? []), ...plan.binaryMediaTypes])];
    if (plan.minimumCompressionSize !== undefined) next.minimumCompressionSize = plan.minimumCompressionSize;
    if (plan.description !== undefined) next.description = plan.description;
  }
  if (plan.title) next.name = plan.title;
  if (plan.version !== undefined) next.version = plan.version;
  try {
    addPlannedMethods(store, next, plan.planned);
  } catch (err) {
    throw badRequest(`Errors found during import:\n\t${(err as Error).message}`);
  }
  Object.assign(api, next);
  return api;
}

function methodFromOperation(verb: string, op: Doc, bufferedQuotaMs: number): StoredMethod {
  const method: StoredMethod = {
    httpMethod: verb,
    authorizationType: Array.isArray(op.security) && op.security.some((s) => s && typeof s === 'object' && 'sigv4' in s) ? 'AWS_IAM' : 'NONE',
    apiKeyRequired: Array.isArray(op.security) && op.security.some((s) => s && typeof s === 'object' && 'api_key' in s),
    operationName: typeof op.operationId === 'string' ? op.operationId : undefined,
  };
  const x = op['x-amazon-apigateway-integration'];
  if (x !== undefined) {
    if (!x || typeof x !== 'object') throw new Error('x-amazon-apigateway-integration must be an object');
    method.methodIntegration = integrationFromExtension(x as Doc, bufferedQuotaMs);
  }
  return method;
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

/** OpenAPI `responses` keyed by selection pattern ("default" = no pattern). */
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
