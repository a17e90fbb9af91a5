// Method and integration operations. UpdateIntegration applies every patch op to a copy,
// validates the result as a whole, and only then stores it: a change is never half applied.
import { badRequest, conflict, notFound } from '../http/awsError';
import type { StoredIntegration, StoredMethod, StoredResource } from '../state/model';
import { optBoolean, optBooleanMap, optString, optStringList, optStringMap, reqString, type JsonObject } from './input';
import { parseIntegrationType, parseTransferMode, validateIntegration } from './integrationSpec';
import {
  emptyToUndefined, parseBooleanValue, parseIntegerValue, patchSegments, patchStringMap, requireValue, unsupportedPatch, type PatchOperation,
} from './patch';

const METHOD_VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY'];
const AUTH_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

export function normalizeVerb(raw: string): string {
  const verb = raw.toUpperCase();
  if (!METHOD_VERBS.includes(verb)) throw badRequest(`Invalid HttpMethod specified: ${raw}. Valid values are ${METHOD_VERBS.join(', ')}`);
  return verb;
}

export function putMethod(resource: StoredResource, verbRaw: string, body: JsonObject): StoredMethod {
  const verb = normalizeVerb(verbRaw);
  if (resource.resourceMethods[verb]) throw conflict('Method already exists for this resource');
  const authorizationType = reqString(body, 'authorizationType').toUpperCase();
  if (!AUTH_TYPES.includes(authorizationType)) {
    throw badRequest(`Invalid authorization type specified: ${authorizationType}. Valid values are ${AUTH_TYPES.join(', ')}`);
  }
  const method: StoredMethod = {
    httpMethod: verb,
    authorizationType,
    authorizerId: optString(body, 'authorizerId'),
    apiKeyRequired: optBoolean(body, 'apiKeyRequired') ?? false,
    operationName: optString(body, 'operationName'),
    requestParameters: optBooleanMap(body, 'requestParameters'),
    requestModels: optStringMap(body, 'requestModels'),
    requestValidatorId: optString(body, 'requestValidatorId'),
    authorizationScopes: optStringList(body, 'authorizationScopes'),
  };
  resource.resourceMethods[verb] = method;
  return method;
}

export function deleteMethod(resource: StoredResource, verbRaw: string): void {
  const verb = verbRaw.toUpperCase();
  if (!resource.resourceMethods[verb]) throw notFound('Invalid Method identifier specified');
  delete resource.resourceMethods[verb];
}

export function requireIntegration(method: StoredMethod): StoredIntegration {
  if (!method.methodIntegration) throw notFound('No integration defined for method');
  return method.methodIntegration;
}

export function updateIntegration(method: StoredMethod, ops: PatchOperation[], bufferedQuotaMs: number, checkConnection?: (i: StoredIntegration) => void): StoredIntegration {
  const current = requireIntegration(method);
  const next: StoredIntegration = structuredClone(current);
  // A set while patching, so adding or removing cache keys stays linear in the operations.
  const cacheKeys = new Set(next.cacheKeyParameters);
  for (const op of ops) applyIntegrationOp(next, op, cacheKeys);
  next.cacheKeyParameters = [...cacheKeys];
  next.requestParameters = emptyToUndefined(next.requestParameters);
  next.requestTemplates = emptyToUndefined(next.requestTemplates);
  validateIntegration(next, bufferedQuotaMs);
  checkConnection?.(next);
  method.methodIntegration = next;
  return next;
}

function applyIntegrationOp(i: StoredIntegration, op: PatchOperation, cacheKeys: Set<string>): void {
  const [field, ...rest] = patchSegments(op.path);
  const key = rest.join('/');
  const replaceOnly = () => { if (op.op !== 'replace') throw unsupportedPatch(op); };
  switch (field) {
    case 'responseTransferMode': replaceOnly(); i.responseTransferMode = parseTransferMode(requireValue(op)); return;
    case 'timeoutInMillis': replaceOnly(); i.timeoutInMillis = parseIntegerValue(op, 'timeout'); return;
    case 'uri': replaceOnly(); i.uri = requireValue(op); return;
    case 'httpMethod': replaceOnly(); i.httpMethod = requireValue(op).toUpperCase(); return;
    case 'type': replaceOnly(); i.type = parseIntegrationType(requireValue(op)); return;
    case 'connectionType': replaceOnly(); i.connectionType = requireValue(op) as StoredIntegration['connectionType']; return;
    case 'connectionId': if (op.op === 'remove') { delete i.connectionId; return; } replaceOnly(); i.connectionId = requireValue(op); return;
    case 'integrationTarget': if (op.op === 'remove') { delete i.integrationTarget; return; } replaceOnly(); i.integrationTarget = requireValue(op); return;
    case 'credentials': if (op.op === 'remove') { delete i.credentials; return; } replaceOnly(); i.credentials = requireValue(op); return;
    case 'passthroughBehavior': replaceOnly(); i.passthroughBehavior = requireValue(op); return;
    case 'contentHandling': if (op.op === 'remove') { delete i.contentHandling; return; } replaceOnly(); i.contentHandling = requireValue(op); return;
    case 'cacheNamespace': replaceOnly(); i.cacheNamespace = requireValue(op); return;
    case 'requestParameters': if (!key) throw unsupportedPatch(op); i.requestParameters = patchStringMap(i.requestParameters, key, op); return;
    case 'requestTemplates': if (!key) throw unsupportedPatch(op); i.requestTemplates = patchStringMap(i.requestTemplates, key, op); return;
    case 'cacheKeyParameters':
      if (!key) throw unsupportedPatch(op);
      if (op.op === 'add') { cacheKeys.add(key); return; }
      if (op.op === 'remove') { cacheKeys.delete(key); return; }
      throw unsupportedPatch(op);
    case 'tlsConfig':
      if (key !== 'insecureSkipVerification') throw unsupportedPatch(op);
      replaceOnly();
      i.tlsConfig = { insecureSkipVerification: parseBooleanValue(op) };
      return;
    default:
      throw unsupportedPatch(op);
  }
}
