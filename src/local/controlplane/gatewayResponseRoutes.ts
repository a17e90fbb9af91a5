// Put/Get/Update/Delete GatewayResponse and GetGatewayResponses. Every response type is listed,
// with AWS's defaults (defaultResponse: true) where the API has no customisation. The data plane
// uses the deployed customisations for its 4XX/5XX answers.
import { badRequest, notFound } from '../http/awsError';
import type { StoredGatewayResponse, StoredRestApi } from '../state/model';
import { DEFAULT_GATEWAY_TEMPLATE, GATEWAY_RESPONSE_TYPES } from '../dataplane/gatewayResponses';
import { optString, optStringMap } from './input';
import { parsePatchOperations, patchSegments, patchStringMap, unsupportedPatch } from './patch';
import { accepted, created, ok, type RouteRegistrar } from './routing';

function checkType(type: string): void {
  if (!(type in GATEWAY_RESPONSE_TYPES)) {
    throw badRequest(`Invalid response type specified: ${type}. Valid values are ${Object.keys(GATEWAY_RESPONSE_TYPES).join(', ')}`);
  }
}

function shape(api: StoredRestApi, type: string): Record<string, unknown> {
  const custom = api.gatewayResponses?.[type];
  if (custom) return { ...custom, defaultResponse: false };
  const status = GATEWAY_RESPONSE_TYPES[type];
  return {
    responseType: type,
    ...(status !== undefined ? { statusCode: String(status) } : {}),
    responseParameters: {},
    responseTemplates: { 'application/json': DEFAULT_GATEWAY_TEMPLATE },
    defaultResponse: true,
  };
}

function checkStatus(statusCode: string | undefined): void {
  if (statusCode !== undefined && !/^[1-5]\d\d$/.test(statusCode)) throw badRequest(`Invalid status code specified: ${statusCode}`);
}

export function registerGatewayResponseRoutes(route: RouteRegistrar): void {
  route('GET', '/restapis/{api}/gatewayresponses', ({ params, ctx }) => {
    const api = ctx.store.api(params.api!);
    return ok({ item: Object.keys(GATEWAY_RESPONSE_TYPES).map((t) => shape(api, t)) });
  });
  route('GET', '/restapis/{api}/gatewayresponses/{type}', ({ params, ctx }) => {
    checkType(params.type!);
    return ok(shape(ctx.store.api(params.api!), params.type!));
  });
  route('PUT', '/restapis/{api}/gatewayresponses/{type}', ({ params, json, ctx }) => {
    const api = ctx.store.api(params.api!);
    checkType(params.type!);
    const b = json();
    const statusCode = optString(b, 'statusCode');
    checkStatus(statusCode);
    const g: StoredGatewayResponse = {
      responseType: params.type!,
      ...(statusCode ? { statusCode } : {}),
      responseParameters: optStringMap(b, 'responseParameters') ?? {},
      responseTemplates: optStringMap(b, 'responseTemplates') ?? {},
    };
    api.gatewayResponses = { ...(api.gatewayResponses ?? {}), [g.responseType]: g };
    return created({ ...g, defaultResponse: false });
  });
  route('PATCH', '/restapis/{api}/gatewayresponses/{type}', ({ params, json, ctx }) => {
    const api = ctx.store.api(params.api!);
    checkType(params.type!);
    const g: StoredGatewayResponse = structuredClone(api.gatewayResponses?.[params.type!] ?? { responseType: params.type!, responseParameters: {}, responseTemplates: {} });
    for (const op of parsePatchOperations(json().patchOperations)) {
      const [field, ...rest] = patchSegments(op.path);
      const key = rest.join('/');
      if (field === 'statusCode' && op.op === 'replace') { checkStatus(op.value); g.statusCode = op.value; }
      else if (field === 'responseParameters' && key) g.responseParameters = patchStringMap(g.responseParameters, key, op) ?? {};
      else if (field === 'responseTemplates' && key) g.responseTemplates = patchStringMap(g.responseTemplates, key, op) ?? {};
      else throw unsupportedPatch(op);
    }
    api.gatewayResponses = { ...(api.gatewayResponses ?? {}), [g.responseType]: g };
    return ok({ ...g, defaultResponse: false });
  });
  route('DELETE', '/restapis/{api}/gatewayresponses/{type}', ({ params, ctx }) => {
    const api = ctx.store.api(params.api!);
    checkType(params.type!);
    if (!api.gatewayResponses?.[params.type!]) throw notFound('Invalid Gateway Response identifier specified');
    const { [params.type!]: _gone, ...rest } = api.gatewayResponses;
    api.gatewayResponses = rest;
    return accepted();
  });
}
