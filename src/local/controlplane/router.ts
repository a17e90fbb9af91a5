// The control plane: AWS API Gateway REST API paths and JSON shapes, so the AWS SDK pointed at
// the local gateway (`endpoint: http://127.0.0.1:PORT`) works unchanged. Request signatures are
// accepted without checking: there are no accounts locally.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, badRequest, notFound, toAwsError } from '../http/awsError';
import { readBody, sendAwsError, sendJson } from '../http/io';
import { optBoolean, optString, optStringList, optStringMap, page, pageLimit, parseJsonObject, reqString, type JsonObject } from './input';
import { integrationFromPutBody } from './integrationSpec';
import { importRestApi } from './importOpenApi';
import { deleteMethod, normalizeVerb, putMethod, requireIntegration, updateIntegration } from './methodOps';
import { parsePatchOperations } from './patch';
import { createResource, createRestApi, deleteResource, deleteRestApi } from './restApiOps';
import { deploymentShape, integrationShape, methodShape, resourceShape, restApiShape, stageShape } from './shapes';
import { createDeployment, createStage, deleteStage, updateStage, type NewStageSettings } from './stageOps';
import { CONTROL_PLANE_ROOTS, created, notImplemented, ok, operationFor, type Call, type ControlPlaneContext, type Handler } from './routing';
import { registerAccountRoutes } from './accountRoutes';
import { registerApiKeyRoutes } from './apiKeyRoutes';
import { registerAuthorizerRoutes } from './authorizerRoutes';
import { registerExportRoutes } from './exportRoutes';
import { registerGatewayResponseRoutes } from './gatewayResponseRoutes';
import { registerResponseRoutes } from './responseRoutes';
import { registerRestApiUpdateRoutes } from './restApiUpdateRoutes';
import { registerStageCacheRoutes } from './stageCacheRoutes';
import { registerUsagePlanRoutes } from './usagePlanRoutes';

/** ImportRestApi documents can be large; AWS caps API definitions at 6 MB. */
export const CONTROL_PLANE_BODY_LIMIT = 6 * 1024 * 1024;

export type { ControlPlaneContext } from './routing';

interface Route { verb: string; segments: string[]; handler: Handler }

const routes: Route[] = [];
function route(verb: string, pattern: string, handler: Handler): void {
  routes.push({ verb, segments: pattern.split('/').filter(Boolean), handler });
}

const embedsMethods = (q: URLSearchParams) => q.getAll('embed').flatMap((e) => e.split(',')).includes('methods');

// --- REST APIs --------------------------------------------------------------------------
route('GET', '/restapis', ({ query, ctx }) => {
  const p = page(ctx.store.state.restApis, pageLimit(query.get('limit')), query.get('position'));
  return ok({ item: p.items.map(restApiShape), position: p.position });
});
route('POST', '/restapis', ({ query, body, json, ctx }) => {
  if (query.get('mode') === 'import') return created(restApiShape(importRestApi(ctx.store, body, query, ctx.bufferedQuotaMs)));
  if (query.has('mode')) throw badRequest(`Invalid mode "${query.get('mode')}": use mode=import to import an OpenAPI document`);
  const b = json();
  const endpoint = b.endpointConfiguration as JsonObject | undefined;
  if (endpoint !== undefined && (typeof endpoint !== 'object' || endpoint === null || Array.isArray(endpoint))) {
    throw badRequest("1 validation error detected: Value at 'endpointConfiguration' failed to satisfy constraint: Member must be an object");
  }
  const api = createRestApi(ctx.store, {
    name: reqString(b, 'name'),
    description: optString(b, 'description'),
    version: optString(b, 'version'),
    binaryMediaTypes: optStringList(b, 'binaryMediaTypes'),
    apiKeySource: optString(b, 'apiKeySource'),
    endpointTypes: endpoint ? optStringList(endpoint, 'types') : undefined,
    disableExecuteApiEndpoint: optBoolean(b, 'disableExecuteApiEndpoint'),
    tags: optStringMap(b, 'tags'),
  });
  return created(restApiShape(api));
});
route('GET', '/restapis/{api}', ({ params, ctx }) => ok(restApiShape(ctx.store.api(params.api!))));
route('DELETE', '/restapis/{api}', ({ params, ctx }) => { deleteRestApi(ctx.store, params.api!); return { status: 202 }; });

// --- Resources --------------------------------------------------------------------------
route('GET', '/restapis/{api}/resources', ({ params, query, ctx }) => {
  const api = ctx.store.api(params.api!);
  const p = page(api.resources, pageLimit(query.get('limit')), query.get('position'));
  const embed = embedsMethods(query);
  return ok({ item: p.items.map((r) => resourceShape(r, embed)), position: p.position });
});
route('GET', '/restapis/{api}/resources/{res}', ({ params, query, ctx }) => {
  const api = ctx.store.api(params.api!);
  return ok(resourceShape(ctx.store.resource(api, params.res!), embedsMethods(query)));
});
route('POST', '/restapis/{api}/resources/{res}', ({ params, json, ctx }) => {
  const api = ctx.store.api(params.api!);
  return created(resourceShape(createResource(ctx.store, api, params.res!, reqString(json(), 'pathPart')), false));
});
route('DELETE', '/restapis/{api}/resources/{res}', ({ params, ctx }) => {
  deleteResource(ctx.store, ctx.store.api(params.api!), params.res!);
  return { status: 202 };
});

// --- Methods and integrations -----------------------------------------------------------
function methodOf(call: Call) {
  const api = call.ctx.store.api(call.params.api!);
  const resource = call.ctx.store.resource(api, call.params.res!);
  return { api, resource, method: call.ctx.store.method(resource, call.params.verb!) };
}
route('PUT', '/restapis/{api}/resources/{res}/methods/{verb}', ({ params, json, ctx }) => {
  const api = ctx.store.api(params.api!);
  return created(methodShape(putMethod(ctx.store.resource(api, params.res!), params.verb!, json())));
});
route('GET', '/restapis/{api}/resources/{res}/methods/{verb}', (call) => ok(methodShape(methodOf(call).method)));
route('DELETE', '/restapis/{api}/resources/{res}/methods/{verb}', ({ params, ctx }) => {
  const api = ctx.store.api(params.api!);
  deleteMethod(ctx.store.resource(api, params.res!), params.verb!);
  return { status: 204 };
});
route('PUT', '/restapis/{api}/resources/{res}/methods/{verb}/integration', (call) => {
  normalizeVerb(call.params.verb!);
  const { method } = methodOf(call);
  const integration = integrationFromPutBody(call.json(), call.ctx.bufferedQuotaMs);
  method.methodIntegration = integration;
  return created(integrationShape(integration));
});
route('GET', '/restapis/{api}/resources/{res}/methods/{verb}/integration', (call) => ok(integrationShape(requireIntegration(methodOf(call).method))));
route('PATCH', '/restapis/{api}/resources/{res}/methods/{verb}/integration', (call) => {
  const ops = parsePatchOperations(call.json().patchOperations);
  return ok(integrationShape(updateIntegration(methodOf(call).method, ops, call.ctx.bufferedQuotaMs)));
});
route('DELETE', '/restapis/{api}/resources/{res}/methods/{verb}/integration', (call) => {
  const { method } = methodOf(call);
  requireIntegration(method);
  delete method.methodIntegration;
  return { status: 204 };
});

// --- Deployments and stages -------------------------------------------------------------
function stageSettings(b: JsonObject, prefix: '' | 'stage'): NewStageSettings {
  return {
    description: optString(b, prefix ? 'stageDescription' : 'description'),
    cacheClusterEnabled: optBoolean(b, 'cacheClusterEnabled'),
    cacheClusterSize: optString(b, 'cacheClusterSize'),
    variables: optStringMap(b, 'variables'),
    tracingEnabled: optBoolean(b, 'tracingEnabled'),
  };
}
route('POST', '/restapis/{api}/deployments', ({ params, json, ctx }) => {
  const api = ctx.store.api(params.api!);
  const b = json();
  return created(deploymentShape(createDeployment(api, optString(b, 'description'), optString(b, 'stageName'), stageSettings(b, 'stage'))));
});
route('GET', '/restapis/{api}/deployments', ({ params, query, ctx }) => {
  const api = ctx.store.api(params.api!);
  const p = page(api.deployments, pageLimit(query.get('limit')), query.get('position'));
  return ok({ item: p.items.map((d) => deploymentShape(d)), position: p.position });
});
route('GET', '/restapis/{api}/deployments/{dep}', ({ params, query, ctx }) => {
  const api = ctx.store.api(params.api!);
  return ok(deploymentShape(ctx.store.deployment(api, params.dep!), query.getAll('embed').includes('apisummary')));
});
route('DELETE', '/restapis/{api}/deployments/{dep}', ({ params, ctx }) => {
  const api = ctx.store.api(params.api!);
  const dep = ctx.store.deployment(api, params.dep!);
  const users = api.stages.filter((s) => s.deploymentId === dep.id).map((s) => s.stageName);
  if (users.length) throw badRequest(`Active stages pointing to this deployment must be moved or deleted (${users.join(', ')})`);
  api.deployments = api.deployments.filter((d) => d !== dep);
  return { status: 202 };
});
route('GET', '/restapis/{api}/stages', ({ params, query, ctx }) => {
  const api = ctx.store.api(params.api!);
  const deploymentId = query.get('deploymentId');
  return ok({ item: api.stages.filter((s) => !deploymentId || s.deploymentId === deploymentId).map(stageShape) });
});
route('POST', '/restapis/{api}/stages', ({ params, json, ctx }) => {
  const api = ctx.store.api(params.api!);
  const b = json();
  return created(stageShape(createStage(ctx.store, api, reqString(b, 'stageName'), reqString(b, 'deploymentId'), stageSettings(b, ''))));
});
route('GET', '/restapis/{api}/stages/{stage}', ({ params, ctx }) => ok(stageShape(ctx.store.stage(ctx.store.api(params.api!), params.stage!))));
route('PATCH', '/restapis/{api}/stages/{stage}', ({ params, json, ctx }) => {
  const api = ctx.store.api(params.api!);
  const stage = ctx.store.stage(api, params.stage!);
  return ok(stageShape(updateStage(ctx.store, api, stage, parsePatchOperations(json().patchOperations))));
});
route('DELETE', '/restapis/{api}/stages/{stage}', ({ params, ctx }) => {
  deleteStage(ctx.store, ctx.store.api(params.api!), params.stage!);
  return { status: 202 };
});

// --- Operation groups, one module each ----------------------------------------------------
registerRestApiUpdateRoutes(route);
registerExportRoutes(route);
registerResponseRoutes(route);
registerAuthorizerRoutes(route);
registerApiKeyRoutes(route);
registerUsagePlanRoutes(route);
registerAccountRoutes(route);
registerGatewayResponseRoutes(route);
registerStageCacheRoutes(route);

function decodeSegments(pathname: string): string[] {
  try {
    return pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest(`Malformed percent-encoding in path ${pathname}`);
  }
}

function match(verb: string, segments: string[]): { route: Route; params: Record<string, string> } | 'wrong-verb' | undefined {
  let wrongVerb = false;
  for (const r of routes) {
    if (r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const hit = r.segments.every((p, i) => {
      if (p.startsWith('{')) { params[p.slice(1, -1)] = segments[i]!; return true; }
      return p === segments[i];
    });
    if (!hit) continue;
    if (r.verb === verb) return { route: r, params };
    wrongVerb = true;
  }
  return wrongVerb ? 'wrong-verb' : undefined;
}

export function isControlPlanePath(pathname: string): boolean {
  return CONTROL_PLANE_ROOTS.has(pathname.split('/')[1] ?? '');
}

export async function handleControlPlane(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ControlPlaneContext, requestId: string): Promise<void> {
  const verb = (req.method ?? 'GET').toUpperCase();
  try {
    const fault = ctx.faults.take(`${verb} ${url.pathname}`);
    if (fault) { req.resume(); throw fault; }
    const segments = decodeSegments(url.pathname);
    const found = match(verb, segments);
    if (found === undefined || found === 'wrong-verb') {
      req.resume();
      // An AWS operation the local gateway lacks is named, never a 404 tools read as "not found".
      const operation = operationFor(verb, segments, url.searchParams);
      if (operation) throw notImplemented(operation);
      if (found === undefined) throw notFound(`No resource matches ${url.pathname}; the local gateway serves the API Gateway REST API under /restapis`);
      throw new AwsError(405, 'MethodNotAllowedException', `${verb} is not supported on ${url.pathname}`);
    }
    const body = await readBody(req, CONTROL_PLANE_BODY_LIMIT, `Request Too Large: control-plane request bodies are limited to ${CONTROL_PLANE_BODY_LIMIT} bytes`);
    let parsed: JsonObject | undefined;
    const result = found.route.handler({
      params: found.params,
      query: url.searchParams,
      body,
      headers: req.headers,
      json: () => (parsed ??= parseJsonObject(body)),
      ctx,
    });
    if (verb !== 'GET') ctx.store.commit();
    if (result.status === 202 || result.status === 204) {
      res.writeHead(result.status, { 'x-amzn-RequestId': requestId, 'Content-Length': 0 });
      res.end();
      return;
    }
    if (result.raw) {
      res.writeHead(result.status, { 'Content-Type': result.raw.contentType, 'Content-Length': Buffer.byteLength(result.raw.body), 'x-amzn-RequestId': requestId, ...result.raw.headers });
      res.end(result.raw.body);
      return;
    }
    sendJson(res, result.status, result.body, requestId);
  } catch (err) {
    sendAwsError(res, toAwsError(err), requestId);
  }
}

