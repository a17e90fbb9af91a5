// Create/Get/Update/DeleteAuthorizer (and GetAuthorizers). Authorizers take effect on the data
// plane after a deployment, like every other change.
import { lambdaIntegrationUri } from '../../core/rules/integrationRules';
import { replaceWith } from '../state/store';
import { badRequest, conflict, notFound } from '../http/awsError';
import { newId } from '../state/ids';
import type { StoredAuthorizer, StoredRestApi } from '../state/model';
import { optInteger, optString, optStringList, reqString, type JsonObject } from './input';
import { parseIntegerValue, parsePatchOperations, patchSegments, requireValue, unsupportedPatch } from './patch';
import { accepted, created, ok, type RouteRegistrar } from './routing';

const TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'] as const;
const MAX_TTL = 3600;

function find(api: StoredRestApi, id: string): StoredAuthorizer {
  const a = (api.authorizers ?? []).find((x) => x.id === id);
  if (!a) throw notFound('Invalid Authorizer identifier specified');
  return a;
}

/** AWS's checks on a whole authorizer. */
function validate(a: StoredAuthorizer): void {
  if (!(TYPES as readonly string[]).includes(a.type)) throw badRequest(`Invalid authorizer type specified: ${a.type}. Valid values are ${TYPES.join(', ')}`);
  if (a.type !== 'COGNITO_USER_POOLS' && !a.authorizerUri) throw badRequest('Authorizer URI is required for TOKEN and REQUEST authorizers');
  if (a.type === 'COGNITO_USER_POOLS' && !a.providerARNs?.length) throw badRequest('Provider ARNs are required for COGNITO_USER_POOLS authorizers');
  if (a.authorizerUri && !/^arn:aws[\w-]*:apigateway:[\w-]+:lambda:path\/2015-03-31\/functions\/arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[^/]+\/invocations$/.test(a.authorizerUri)) {
    throw badRequest(`Invalid Authorizer URI: ${a.authorizerUri}. Use ${lambdaIntegrationUri('REGION', 'FUNCTION_ARN', 'BUFFERED')}`);
  }
  if (a.type === 'TOKEN' && !a.identitySource) throw badRequest('Identity source is required for TOKEN authorizers (e.g. method.request.header.Authorization)');
  if (a.type === 'TOKEN' && a.identitySource && !/^method\.request\.header\.[^,\s]+$/.test(a.identitySource)) {
    throw badRequest(`Invalid identity source for a TOKEN authorizer: ${a.identitySource}. Use method.request.header.NAME`);
  }
  if (a.type === 'REQUEST' && a.authorizerResultTtlInSeconds > 0 && !a.identitySource) {
    throw badRequest('An identity source is required for REQUEST authorizers when caching is enabled (authorizerResultTtlInSeconds > 0)');
  }
  if (a.authorizerResultTtlInSeconds < 0 || a.authorizerResultTtlInSeconds > MAX_TTL) {
    throw badRequest(`Invalid authorizer result TTL: ${a.authorizerResultTtlInSeconds}. It must be between 0 and ${MAX_TTL} seconds`);
  }
}

function fromBody(b: JsonObject): StoredAuthorizer {
  const a: StoredAuthorizer = {
    id: newId(6),
    name: reqString(b, 'name'),
    type: reqString(b, 'type').toUpperCase() as StoredAuthorizer['type'],
    providerARNs: optStringList(b, 'providerARNs'),
    authType: optString(b, 'authType'),
    authorizerUri: optString(b, 'authorizerUri'),
    authorizerCredentials: optString(b, 'authorizerCredentials'),
    identitySource: optString(b, 'identitySource'),
    identityValidationExpression: optString(b, 'identityValidationExpression'),
    authorizerResultTtlInSeconds: optInteger(b, 'authorizerResultTtlInSeconds') ?? 300,
  };
  validate(a);
  return a;
}

export function registerAuthorizerRoutes(route: RouteRegistrar): void {
  route('POST', '/restapis/{api}/authorizers', ({ params, json, ctx }) => {
    const api = ctx.store.api(params.api!);
    const a = fromBody(json());
    if ((api.authorizers ?? []).some((x) => x.name === a.name)) throw conflict(`Authorizer name ${a.name} already exists in this API`);
    (api.authorizers ??= []).push(a);
    return created(a);
  });
  route('GET', '/restapis/{api}/authorizers', ({ params, ctx }) => ok({ item: ctx.store.api(params.api!).authorizers ?? [] }));
  route('GET', '/restapis/{api}/authorizers/{id}', ({ params, ctx }) => ok(find(ctx.store.api(params.api!), params.id!)));
  route('PATCH', '/restapis/{api}/authorizers/{id}', ({ params, json, ctx }) => {
    const api = ctx.store.api(params.api!);
    const current = find(api, params.id!);
    const next = structuredClone(current);
    for (const op of parsePatchOperations(json().patchOperations)) {
      const [field, ...rest] = patchSegments(op.path);
      if (field === 'providerARNs') {
        const list = next.providerARNs ?? [];
        if (op.op === 'add') next.providerARNs = [...list, requireValue(op)];
        else if (op.op === 'remove') next.providerARNs = list.filter((x) => x !== (rest.join('/') || op.value));
        else throw unsupportedPatch(op);
        continue;
      }
      if (op.op !== 'replace') throw unsupportedPatch(op);
      switch (field) {
        case 'name': next.name = requireValue(op); break;
        case 'type': next.type = requireValue(op).toUpperCase() as StoredAuthorizer['type']; break;
        case 'authType': next.authType = op.value; break;
        case 'authorizerUri': next.authorizerUri = op.value; break;
        case 'authorizerCredentials': next.authorizerCredentials = op.value; break;
        case 'identitySource': next.identitySource = op.value; break;
        case 'identityValidationExpression': next.identityValidationExpression = op.value; break;
        case 'authorizerResultTtlInSeconds': next.authorizerResultTtlInSeconds = parseIntegerValue(op, 'authorizer result TTL'); break;
        default: throw unsupportedPatch(op);
      }
    }
    validate(next);
    replaceWith(current, next);
    return ok(current);
  });
  route('DELETE', '/restapis/{api}/authorizers/{id}', ({ params, ctx }) => {
    const api = ctx.store.api(params.api!);
    const a = find(api, params.id!);
    const users = api.resources.flatMap((r) => Object.values(r.resourceMethods).filter((m) => m.authorizerId === a.id).map((m) => `${m.httpMethod} ${r.path}`));
    if (users.length) throw conflict(`Cannot delete authorizer '${a.name}', is referenced in method: ${users.join(', ')}`);
    api.authorizers = (api.authorizers ?? []).filter((x) => x !== a);
    return accepted();
  });
}
