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
import { checkDepth, docStringMap, MAX_DOCUMENT_DEPTH } from './input';

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
  checkDepth(doc, MAX_DOCUMENT_DEPTH, 'Invalid OpenAPI input: the document');
  const d = doc as Doc;
  if (typeof d.openapi !== 'string' && typeof d.swagger !== 'string') {
    throw badRequest('Invalid OpenAPI input: missing "openapi" (or "swagger") version field');
  }
  return d;
}

interface PlannedMethod { path: string; verb: string; method: StoredMethod }

export function importRestApi(store: GatewayStore, body: Buffer, params: URLSearchParams, bufferedQuotaMs: number): StoredRestApi {
  const doc = parseOpenApiDocument(body);
  const info = (doc.info && typeof doc.info === 'object' ? doc.info : {}) as Doc;
  const title = typeof info.title === 'string' && info.title ? info.title : undefined;
  if (!title) throw badRequest('Errors found during import:\n\tMissing required field info.title (the API name)');
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
  if (errors.length) throw badRequest(`Errors found during import:\n\t${errors.join('\n\t')}`);

  const endpointTypes = params.get('endpointConfigurationTypes')?.split(',').map((t) => t.trim().toUpperCase()).filter(Boolean);
  const api = createRestApi(store, {
    name: title,
    description: typeof info.description === 'string' ? info.description : undefined,
    version: typeof info.version === 'string' ? info.version : undefined,
    binaryMediaTypes: binaryMediaTypes(doc['x-amazon-apigateway-binary-media-types']),
    endpointTypes,
  });
  try {
    for (const p of planned) {
      const resource = ensureResourcePath(store, api, p.path);
      resource.resourceMethods[p.verb] = p.method;
    }
  } catch (err) {
    deleteRestApi(store, api.id);
    throw badRequest(`Errors found during import:\n\t${(err as Error).message}`);
  }
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
    requestParameters: docStringMap(x, 'requestParameters', EXT),
    requestTemplates: docStringMap(x, 'requestTemplates', EXT),
    passthroughBehavior: str(x, 'passthroughBehavior')?.toUpperCase() ?? 'WHEN_NO_MATCH',
    contentHandling: str(x, 'contentHandling'),
    timeoutInMillis: (timeout as number | undefined) ?? DEFAULT_TIMEOUT_MS,
    cacheNamespace: str(x, 'cacheNamespace'),
    cacheKeyParameters: stringList(x.cacheKeyParameters, `${EXT}.cacheKeyParameters`) ?? [],
    responseTransferMode: mode === undefined ? 'BUFFERED' : parseTransferMode(mode.toUpperCase()),
    integrationResponses: integrationResponses(x.responses),
  };
  validateIntegration(integration, bufferedQuotaMs);
  return integration;
}

/** OpenAPI `responses` keyed by selection pattern ("default" = no pattern). */
function integrationResponses(raw: unknown): Record<string, StoredIntegrationResponse> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${EXT}.responses must be an object keyed by selection pattern`);
  const out: Record<string, StoredIntegrationResponse> = {};
  for (const [pattern, r] of Object.entries(raw as Doc)) {
    const where = `${EXT}.responses.${pattern}`;
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error(`${where} must be an object`);
    const resp = r as Doc;
    const code = resp.statusCode ?? '200';
    if ((typeof code !== 'string' && typeof code !== 'number') || !/^[1-5]\d\d$/.test(String(code))) throw new Error(`${where}.statusCode must be an HTTP status code such as "200"`);
    const statusCode = String(code);
    if (resp.contentHandling !== undefined && typeof resp.contentHandling !== 'string') throw new Error(`${where}.contentHandling must be a string`);
    out[statusCode] = {
      statusCode,
      selectionPattern: pattern === 'default' ? undefined : pattern,
      responseParameters: docStringMap(resp, 'responseParameters', where),
      responseTemplates: docStringMap(resp, 'responseTemplates', where),
      contentHandling: resp.contentHandling as string | undefined,
    };
  }
  return Object.keys(out).length ? out : undefined;
}

const EXT = 'x-amazon-apigateway-integration';

function stringList(raw: unknown, where: string): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string')) throw new Error(`${where} must be a list of strings`);
  return [...(raw as string[])];
}

function binaryMediaTypes(raw: unknown): string[] | undefined {
  try {
    return stringList(raw, 'x-amazon-apigateway-binary-media-types');
  } catch (err) {
    throw badRequest(`Errors found during import:\n\t${(err as Error).message}`);
  }
}
