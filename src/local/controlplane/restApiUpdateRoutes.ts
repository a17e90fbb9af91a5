// UpdateRestApi, PutRestApi, UpdateResource, UpdateMethod and UpdateDeployment. Every patch is
// applied to a copy and validated as a whole before it replaces the stored object.
import { badRequest, conflict } from '../http/awsError';
import type { StoredMethod, StoredResource, StoredRestApi } from '../state/model';
import { childPath, subtreeIds, replaceWith } from '../state/store';
import { putRestApi } from './importOpenApi';
import { normalizeVerb } from './methodOps';
import { parseBooleanValue, parseIntegerValue, parsePatchOperations, patchSegments, requireValue, unsupportedPatch, type PatchOperation } from './patch';
import { deploymentShape, methodShape, resourceShape, restApiShape } from './shapes';
import { ok, type RouteRegistrar } from './routing';

const ENDPOINT_TYPES = ['REGIONAL', 'EDGE', 'PRIVATE'];
const AUTH_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];
const MAX_COMPRESSION_SIZE = 10 * 1024 * 1024;

export function registerRestApiUpdateRoutes(route: RouteRegistrar): void {
  route('PATCH', '/restapis/{api}', ({ params, json, ctx }) => {
    const api = ctx.store.api(params.api!);
    return ok(restApiShape(updateRestApi(api, parsePatchOperations(json().patchOperations))));
  });
  route('PUT', '/restapis/{api}', ({ params, query, body, ctx }) => {
    const api = ctx.store.api(params.api!);
    return ok(restApiShape(putRestApi(ctx.store, api, body, query.get('mode') ?? 'merge', ctx.bufferedQuotaMs)));
  });
  route('PATCH', '/restapis/{api}/resources/{res}', ({ params, json, ctx }) => {
    const api = ctx.store.api(params.api!);
    const resource = ctx.store.resource(api, params.res!);
    return ok(resourceShape(updateResource(api, resource, parsePatchOperations(json().patchOperations)), false));
  });
  route('PATCH', '/restapis/{api}/resources/{res}/methods/{verb}', ({ params, json, ctx }) => {
    const api = ctx.store.api(params.api!);
    const resource = ctx.store.resource(api, params.res!);
    const method = ctx.store.method(resource, normalizeVerb(params.verb!));
    const next = updateMethod(api, method, parsePatchOperations(json().patchOperations));
    resource.resourceMethods[method.httpMethod] = next;
    return ok(methodShape(next));
  });
  route('PATCH', '/restapis/{api}/deployments/{dep}', ({ params, json, ctx }) => {
    const api = ctx.store.api(params.api!);
    const dep = ctx.store.deployment(api, params.dep!);
    const ops = parsePatchOperations(json().patchOperations);
    let description = dep.description;
    for (const op of ops) {
      if (op.path !== '/description' || op.op !== 'replace') throw unsupportedPatch(op);
      description = requireValue(op);
    }
    dep.description = description;
    return ok(deploymentShape(dep));
  });
}

export function updateRestApi(api: StoredRestApi, ops: PatchOperation[]): StoredRestApi {
  const next = structuredClone(api);
  for (const op of ops) applyRestApiOp(next, op);
  replaceWith(api, next);
  return api;
}

function applyRestApiOp(a: StoredRestApi, op: PatchOperation): void {
  const [field, ...rest] = patchSegments(op.path);
  const key = rest.join('/');
  const replaceOnly = () => { if (op.op !== 'replace') throw unsupportedPatch(op); };
  switch (field) {
    case 'name': replaceOnly(); if (!requireValue(op)) throw badRequest('Invalid name: the name must not be empty'); a.name = op.value!; return;
    case 'description': replaceOnly(); a.description = op.value; return;
    case 'version': replaceOnly(); a.version = op.value; return;
    case 'policy': replaceOnly(); a.policy = op.value; return;
    case 'apiKeySource': {
      replaceOnly();
      const v = requireValue(op);
      if (v !== 'HEADER' && v !== 'AUTHORIZER') throw badRequest(`Invalid API key source: ${v}. Valid values are HEADER, AUTHORIZER`);
      a.apiKeySource = v;
      return;
    }
    case 'disableExecuteApiEndpoint': replaceOnly(); a.disableExecuteApiEndpoint = parseBooleanValue(op); return;
    case 'minimumCompressionSize': {
      replaceOnly();
      // An empty or missing value disables compression, as on AWS.
      if (op.value === undefined || op.value === '') { delete a.minimumCompressionSize; return; }
      const n = parseIntegerValue(op, 'minimum compression size');
      if (n < 0 || n > MAX_COMPRESSION_SIZE) throw badRequest(`Invalid minimum compression size: ${n}. It must be between 0 and ${MAX_COMPRESSION_SIZE}`);
      a.minimumCompressionSize = n;
      return;
    }
    case 'binaryMediaTypes': {
      if (!key) throw unsupportedPatch(op);
      const types = a.binaryMediaTypes ?? [];
      if (op.op === 'add') { if (!types.includes(key)) types.push(key); a.binaryMediaTypes = types; return; }
      if (op.op === 'remove') {
        if (!types.includes(key)) throw badRequest(`Invalid patch path ${op.path}: ${key} is not a binary media type of this API`);
        a.binaryMediaTypes = types.filter((t) => t !== key);
        return;
      }
      if (op.op === 'replace') { a.binaryMediaTypes = types.map((t) => (t === key ? requireValue(op) : t)); return; }
      throw unsupportedPatch(op);
    }
    case 'endpointConfiguration': {
      if (rest[0] !== 'types' || op.op !== 'replace') throw unsupportedPatch(op);
      const value = requireValue(op).toUpperCase();
      if (!ENDPOINT_TYPES.includes(value)) throw badRequest(`Invalid endpoint configuration type: ${value}. Valid values are ${ENDPOINT_TYPES.join(', ')}`);
      // "/endpointConfiguration/types/EDGE" (the current type) or ".../types/0" (its index).
      const current = rest[1];
      const types = a.endpointConfiguration.types;
      const i = current === undefined ? 0 : /^\d+$/.test(current) ? Number(current) : types.indexOf(current.toUpperCase());
      if (i < 0 || i >= Math.max(types.length, 1)) throw badRequest(`Invalid patch path ${op.path}: the API's endpoint type is ${types.join(', ')}`);
      types[i] = value;
      return;
    }
    default:
      throw unsupportedPatch(op);
  }
}

function updateResource(api: StoredRestApi, resource: StoredResource, ops: PatchOperation[]): StoredResource {
  if (resource.id === api.rootResourceId) throw badRequest('The root resource cannot be updated');
  let { pathPart, parentId } = resource;
  for (const op of ops) {
    if (op.op !== 'replace') throw unsupportedPatch(op);
    if (op.path === '/pathPart') pathPart = requireValue(op);
    else if (op.path === '/parentId') parentId = requireValue(op);
    else throw unsupportedPatch(op);
  }
  const parent = api.resources.find((r) => r.id === parentId);
  if (!parent) throw badRequest('Invalid parent resource identifier specified');
  if (subtreeIds(api.resources, resource.id).has(parent.id)) throw badRequest('A resource cannot be moved below itself');
  if (!/^(?:[A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\})$/.test(pathPart!)) {
    throw badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.");
  }
  if (api.resources.some((r) => r !== resource && r.parentId === parent.id && r.pathPart === pathPart)) {
    throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  }
  resource.pathPart = pathPart;
  resource.parentId = parent.id;
  // Paths of the resource and everything below it follow the new name / place.
  const byId = new Map(api.resources.map((r) => [r.id, r]));
  const pathOf = (r: StoredResource): string => (r.parentId ? childPath(pathOf(byId.get(r.parentId)!), r.pathPart!) : '/');
  for (const id of subtreeIds(api.resources, resource.id)) { const r = byId.get(id)!; r.path = pathOf(r); }
  return resource;
}

function updateMethod(api: StoredRestApi, method: StoredMethod, ops: PatchOperation[]): StoredMethod {
  const m = structuredClone(method);
  for (const op of ops) {
    const [field, ...rest] = patchSegments(op.path);
    const key = rest.join('/');
    const replaceOnly = () => { if (op.op !== 'replace') throw unsupportedPatch(op); };
    switch (field) {
      case 'authorizationType': {
        replaceOnly();
        const v = requireValue(op).toUpperCase();
        if (!AUTH_TYPES.includes(v)) throw badRequest(`Invalid authorization type specified: ${v}. Valid values are ${AUTH_TYPES.join(', ')}`);
        m.authorizationType = v;
        break;
      }
      case 'authorizerId': replaceOnly(); if (op.value) m.authorizerId = op.value; else delete m.authorizerId; break;
      case 'apiKeyRequired': replaceOnly(); m.apiKeyRequired = parseBooleanValue(op); break;
      case 'operationName': replaceOnly(); m.operationName = op.value; break;
      case 'requestValidatorId': replaceOnly(); m.requestValidatorId = op.value; break;
      case 'requestParameters': {
        if (!key) throw unsupportedPatch(op);
        const map = { ...(m.requestParameters ?? {}) };
        if (op.op === 'remove') delete map[key];
        else map[key] = op.value === undefined ? false : parseBooleanValue(op);
        m.requestParameters = map;
        break;
      }
      case 'requestModels': {
        if (!key) throw unsupportedPatch(op);
        const map = { ...(m.requestModels ?? {}) };
        if (op.op === 'remove') delete map[key]; else map[key] = requireValue(op);
        m.requestModels = map;
        break;
      }
      case 'authorizationScopes': {
        const scopes = m.authorizationScopes ?? [];
        if (op.op === 'add') m.authorizationScopes = [...scopes, requireValue(op)];
        else if (op.op === 'remove') m.authorizationScopes = scopes.filter((s) => s !== (key || op.value));
        else throw unsupportedPatch(op);
        break;
      }
      default:
        throw unsupportedPatch(op);
    }
  }
  // Only CUSTOM and COGNITO_USER_POOLS methods keep an authorizer.
  if (m.authorizationType === 'NONE' || m.authorizationType === 'AWS_IAM') delete m.authorizerId;
  if (m.authorizationType === 'CUSTOM' || m.authorizationType === 'COGNITO_USER_POOLS') {
    if (!m.authorizerId) throw badRequest('Invalid authorizer ID specified: an authorizerId is required for CUSTOM and COGNITO_USER_POOLS authorization');
    if (!(api.authorizers ?? []).some((a) => a.id === m.authorizerId)) throw badRequest(`Invalid authorizer ID specified: ${m.authorizerId}`);
  }
  return m;
}
