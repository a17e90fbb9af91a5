// Put/Get/Update/Delete MethodResponse and IntegrationResponse. As on AWS, an integration
// response needs the method response of its status code, and a MOCK integration answers only
// through its integration responses (without one it fails with 500, see integrations.ts).
import { replaceWith } from '../state/store';
import { badRequest, notFound } from '../http/awsError';
import type { StoredIntegrationResponse, StoredMethod } from '../state/model';
import { optBooleanMap, optString, optStringMap } from './input';
import { normalizeVerb, requireIntegration } from './methodOps';
import { parseBooleanValue, parsePatchOperations, patchSegments, patchStringMap, requireValue, unsupportedPatch } from './patch';
import { created, noContent, ok, type Call, type RouteRegistrar } from './routing';

type MethodResponse = NonNullable<StoredMethod['methodResponses']>[string];

const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'];

function methodOf(call: Call): StoredMethod {
  const api = call.ctx.store.api(call.params.api!);
  const resource = call.ctx.store.resource(api, call.params.res!);
  return call.ctx.store.method(resource, normalizeVerb(call.params.verb!));
}

function statusOf(call: Call): string {
  const code = call.params.status!;
  if (!/^[1-5]\d\d$/.test(code)) throw badRequest(`Invalid status code specified: ${code}`);
  return code;
}

function methodResponse(m: StoredMethod, code: string): MethodResponse {
  const r = m.methodResponses?.[code];
  if (!r) throw notFound('Invalid Response status code specified');
  return r;
}

function integrationResponse(m: StoredMethod, code: string): StoredIntegrationResponse {
  const r = requireIntegration(m).integrationResponses?.[code];
  if (!r) throw notFound('Invalid Response status code specified');
  return r;
}

function checkContentHandling(v: string | undefined): void {
  if (v !== undefined && !CONTENT_HANDLING.includes(v)) throw badRequest(`Invalid content handling specified: ${v}. Valid values are ${CONTENT_HANDLING.join(', ')}`);
}

export function registerResponseRoutes(route: RouteRegistrar): void {
  const methodPath = '/restapis/{api}/resources/{res}/methods/{verb}/responses/{status}';
  route('PUT', methodPath, (call) => {
    const m = methodOf(call);
    const code = statusOf(call);
    const b = call.json();
    const r: MethodResponse = { statusCode: code, responseParameters: optBooleanMap(b, 'responseParameters'), responseModels: optStringMap(b, 'responseModels') };
    m.methodResponses = { ...(m.methodResponses ?? {}), [code]: r };
    return created(r);
  });
  route('GET', methodPath, (call) => ok(methodResponse(methodOf(call), statusOf(call))));
  route('PATCH', methodPath, (call) => {
    const m = methodOf(call);
    const current = methodResponse(m, statusOf(call));
    const next = structuredClone(current);
    for (const op of parsePatchOperations(call.json().patchOperations)) {
      const [field, ...rest] = patchSegments(op.path);
      const key = rest.join('/');
      if (field === 'responseParameters' && key) {
        const map = { ...(next.responseParameters ?? {}) };
        if (op.op === 'remove') delete map[key]; else map[key] = op.value === undefined ? false : parseBooleanValue(op);
        next.responseParameters = map;
      } else if (field === 'responseModels' && key) {
        next.responseModels = patchStringMap(next.responseModels, key, op);
      } else {
        throw unsupportedPatch(op);
      }
    }
    replaceWith(current, next);
    // AWS answers UpdateMethodResponse with 201 (its model says so).
    return created(current);
  });
  route('DELETE', methodPath, (call) => {
    const m = methodOf(call);
    const code = statusOf(call);
    methodResponse(m, code);
    const { [code]: _gone, ...rest } = m.methodResponses!;
    m.methodResponses = rest;
    return noContent();
  });

  const integrationPath = '/restapis/{api}/resources/{res}/methods/{verb}/integration/responses/{status}';
  route('PUT', integrationPath, (call) => {
    const m = methodOf(call);
    const code = statusOf(call);
    const integration = requireIntegration(m);
    methodResponse(m, code);
    const b = call.json();
    const contentHandling = optString(b, 'contentHandling');
    checkContentHandling(contentHandling);
    const r: StoredIntegrationResponse = {
      statusCode: code, selectionPattern: optString(b, 'selectionPattern'),
      responseParameters: optStringMap(b, 'responseParameters'), responseTemplates: optStringMap(b, 'responseTemplates'), contentHandling,
    };
    integration.integrationResponses = { ...(integration.integrationResponses ?? {}), [code]: r };
    return created(r);
  });
  route('GET', integrationPath, (call) => ok(integrationResponse(methodOf(call), statusOf(call))));
  route('PATCH', integrationPath, (call) => {
    const current = integrationResponse(methodOf(call), statusOf(call));
    const next = structuredClone(current);
    for (const op of parsePatchOperations(call.json().patchOperations)) {
      const [field, ...rest] = patchSegments(op.path);
      const key = rest.join('/');
      if (field === 'selectionPattern' && op.op === 'replace') next.selectionPattern = op.value || undefined;
      else if (field === 'contentHandling' && op.op === 'replace') { checkContentHandling(op.value); next.contentHandling = op.value; }
      else if (field === 'responseParameters' && key) next.responseParameters = patchStringMap(next.responseParameters, key, op);
      else if (field === 'responseTemplates' && key) next.responseTemplates = patchStringMap(next.responseTemplates, key, op.op === 'remove' ? op : { ...op, value: requireValue(op) });
      else throw unsupportedPatch(op);
    }
    replaceWith(current, next);
    return ok(current);
  });
  route('DELETE', integrationPath, (call) => {
    const m = methodOf(call);
    const code = statusOf(call);
    integrationResponse(m, code);
    const integration = requireIntegration(m);
    const { [code]: _gone, ...rest } = integration.integrationResponses!;
    integration.integrationResponses = rest;
    return noContent();
  });
}
