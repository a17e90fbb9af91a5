// REST API and resource operations on the stored state.
import { badRequest, conflict } from '../http/awsError';
import { newId } from '../state/ids';
import { nowSeconds, type StoredResource, type StoredRestApi } from '../state/model';
import { childPath, subtreeIds, type GatewayStore } from '../state/store';
import { checkPolicyDocument } from './policyDocument';

export interface NewRestApi {
  name: string;
  description?: string;
  version?: string;
  binaryMediaTypes?: string[];
  apiKeySource?: string;
  endpointTypes?: string[];
  disableExecuteApiEndpoint?: boolean;
  tags?: Record<string, string>;
  vpcEndpointIds?: string[];
  policy?: string;
}

const ENDPOINT_TYPES = ['REGIONAL', 'EDGE', 'PRIVATE'];

export function createRestApi(store: GatewayStore, input: NewRestApi): StoredRestApi {
  const types = input.endpointTypes?.length ? input.endpointTypes : ['EDGE'];
  for (const t of types) {
    if (!ENDPOINT_TYPES.includes(t)) throw badRequest(`Invalid endpoint configuration type: ${t}. Valid values are ${ENDPOINT_TYPES.join(', ')}`);
  }
  if (input.apiKeySource && input.apiKeySource !== 'HEADER' && input.apiKeySource !== 'AUTHORIZER') {
    throw badRequest(`Invalid API key source: ${input.apiKeySource}. Valid values are HEADER, AUTHORIZER`);
  }
  const root: StoredResource = { id: newId(10), path: '/', resourceMethods: {} };
  const api: StoredRestApi = {
    id: newId(10),
    name: input.name,
    description: input.description,
    version: input.version,
    createdDate: nowSeconds(),
    binaryMediaTypes: input.binaryMediaTypes,
    apiKeySource: input.apiKeySource ?? 'HEADER',
    endpointConfiguration: input.vpcEndpointIds?.length ? { types, vpcEndpointIds: input.vpcEndpointIds } : { types },
    policy: input.policy === undefined ? undefined : checkPolicyDocument(input.policy),
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
    rootResourceId: root.id,
    tags: input.tags,
    resources: [root],
    deployments: [],
    stages: [],
  };
  store.state.restApis.push(api);
  return api;
}

export function deleteRestApi(store: GatewayStore, apiId: string): void {
  const api = store.api(apiId);
  store.state.restApis = store.state.restApis.filter((a) => a !== api);
}

// AWS: letters, digits, "._-", or one {variable} / {variable+} as the whole part.
const PATH_PART = /^(?:[A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\})$/;

export function createResource(store: GatewayStore, api: StoredRestApi, parentId: string, pathPart: string): StoredResource {
  const parent = store.resource(api, parentId);
  if (!PATH_PART.test(pathPart)) {
    throw badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.");
  }
  if (parent.pathPart?.endsWith('+}')) {
    throw badRequest(`A greedy path variable (${parent.pathPart}) must be the last part of a path; it cannot have child resources`);
  }
  const siblings = api.resources.filter((r) => r.parentId === parent.id);
  if (siblings.some((s) => s.pathPart === pathPart)) {
    throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  }
  const variable = siblings.find((s) => s.pathPart?.startsWith('{'));
  if (pathPart.startsWith('{') && variable) {
    throw badRequest(`A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`);
  }
  const resource: StoredResource = { id: newId(10), parentId: parent.id, pathPart, path: childPath(parent.path, pathPart), resourceMethods: {} };
  api.resources.push(resource);
  return resource;
}

export function deleteResource(store: GatewayStore, api: StoredRestApi, resourceId: string): void {
  const resource = store.resource(api, resourceId);
  if (resource.id === api.rootResourceId) throw badRequest('Cannot delete the root resource of an API');
  const doomed = subtreeIds(api.resources, resource.id);
  api.resources = api.resources.filter((r) => !doomed.has(r.id));
}

/** Finds or creates the resource for a full path such as "/chat/{id}" (used by import and seeding). */
export function ensureResourcePath(store: GatewayStore, api: StoredRestApi, path: string): StoredResource {
  let current = store.resource(api, api.rootResourceId);
  for (const part of path.split('/').filter(Boolean)) {
    const existing = api.resources.find((r) => r.parentId === current.id && r.pathPart === part);
    current = existing ?? createResource(store, api, current.id, part);
  }
  return current;
}
