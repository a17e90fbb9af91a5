// GetExport: a stage's deployed API as OpenAPI 3.0 (oas30) or Swagger 2.0 (swagger). With
// extensions=integrations (or apigateway) operations carry x-amazon-apigateway-integration
// including responseTransferMode and timeoutInMillis; authorizers, API keys, binary media
// types and gateway responses are written as the extensions ImportRestApi reads back, so an
// export imports into the same API.
import type { StoredDeployment, StoredIntegration, StoredMethod, StoredRestApi, StoredStage } from '../state/model';
import { LOCAL_REGION } from '../lambda/event';

type Doc = Record<string, unknown>;

export interface ExportOptions { type: 'oas30' | 'swagger'; integrations: boolean; authorizers: boolean }

const VERB_KEYS: Record<string, string> = {
  GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete', PATCH: 'patch', HEAD: 'head', OPTIONS: 'options', ANY: 'x-amazon-apigateway-any-method',
};

function integrationExtension(i: StoredIntegration): Doc {
  const responses = Object.fromEntries(Object.values(i.integrationResponses ?? {}).map((r) => [r.selectionPattern ?? 'default', {
    statusCode: r.statusCode,
    ...(r.responseParameters ? { responseParameters: r.responseParameters } : {}),
    ...(r.responseTemplates ? { responseTemplates: r.responseTemplates } : {}),
    ...(r.contentHandling ? { contentHandling: r.contentHandling } : {}),
  }]));
  return {
    type: i.type.toLowerCase(),
    ...(i.httpMethod ? { httpMethod: i.httpMethod } : {}),
    ...(i.uri ? { uri: i.uri } : {}),
    ...(i.connectionType !== 'INTERNET' ? { connectionType: i.connectionType, connectionId: i.connectionId } : {}),
    ...(i.credentials ? { credentials: i.credentials } : {}),
    ...(i.requestParameters ? { requestParameters: i.requestParameters } : {}),
    ...(i.requestTemplates ? { requestTemplates: i.requestTemplates } : {}),
    passthroughBehavior: (i.passthroughBehavior ?? 'WHEN_NO_MATCH').toLowerCase(),
    ...(i.contentHandling ? { contentHandling: i.contentHandling } : {}),
    timeoutInMillis: i.timeoutInMillis,
    responseTransferMode: i.responseTransferMode,
    ...(i.cacheNamespace ? { cacheNamespace: i.cacheNamespace } : {}),
    ...(i.cacheKeyParameters.length ? { cacheKeyParameters: i.cacheKeyParameters } : {}),
    ...(Object.keys(responses).length ? { responses } : {}),
  };
}

function operation(m: StoredMethod, d: StoredDeployment, o: ExportOptions): Doc {
  const op: Doc = {};
  if (m.operationName) op.operationId = m.operationName;
  const responses: Doc = {};
  for (const r of Object.values(m.methodResponses ?? {})) {
    const headers = Object.keys(r.responseParameters ?? {}).map((k) => /^method\.response\.header\.(.+)$/.exec(k)?.[1]).filter((h): h is string => !!h);
    const entry: Doc = { description: `${r.statusCode} response` };
    if (headers.length) entry.headers = Object.fromEntries(headers.map((h) => [h, o.type === 'oas30' ? { schema: { type: 'string' } } : { type: 'string' }]));
    const models = Object.entries(r.responseModels ?? {});
    if (models.length && o.type === 'oas30') entry.content = Object.fromEntries(models.map(([ct, model]) => [ct, { schema: { $ref: `#/components/schemas/${model}` } }]));
    if (models.length && o.type === 'swagger') entry.schema = { $ref: `#/definitions/${models[0]![1]}` };
    responses[r.statusCode] = entry;
  }
  op.responses = responses;
  const security: Doc[] = [];
  if (m.authorizationType === 'AWS_IAM') security.push({ sigv4: [] });
  if ((m.authorizationType === 'CUSTOM' || m.authorizationType === 'COGNITO_USER_POOLS') && m.authorizerId) {
    const a = (d.authorizers ?? []).find((x) => x.id === m.authorizerId);
    if (a) security.push({ [a.name]: [] });
  }
  if (m.apiKeyRequired) security.push({ api_key: [] });
  if (security.length) op.security = security;
  if (o.integrations && m.methodIntegration) op['x-amazon-apigateway-integration'] = integrationExtension(m.methodIntegration);
  return op;
}

function securitySchemes(d: StoredDeployment, methods: StoredMethod[], o: ExportOptions): Doc {
  const schemes: Doc = {};
  if (methods.some((m) => m.apiKeyRequired)) schemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  if (methods.some((m) => m.authorizationType === 'AWS_IAM')) schemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  for (const a of d.authorizers ?? []) {
    if (!methods.some((m) => m.authorizerId === a.id)) continue;
    const header = /^method\.request\.header\.([^,\s]+)$/.exec(a.identitySource ?? '')?.[1] ?? 'Unused';
    schemes[a.name] = {
      type: 'apiKey', name: header, in: 'header',
      'x-amazon-apigateway-authtype': a.authType ?? (a.type === 'COGNITO_USER_POOLS' ? 'cognito_user_pools' : 'custom'),
      ...(o.authorizers ? {
        'x-amazon-apigateway-authorizer': {
          type: a.type.toLowerCase(),
          ...(a.authorizerUri ? { authorizerUri: a.authorizerUri } : {}),
          ...(a.authorizerCredentials ? { authorizerCredentials: a.authorizerCredentials } : {}),
          ...(a.providerARNs ? { providerARNs: a.providerARNs } : {}),
          authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
          ...(a.identitySource ? { identitySource: a.identitySource } : {}),
          ...(a.identityValidationExpression ? { identityValidationExpression: a.identityValidationExpression } : {}),
        },
      } : {}),
    };
  }
  return schemes;
}

export function exportStage(api: StoredRestApi, stage: StoredStage, d: StoredDeployment, o: ExportOptions): Doc {
  const paths: Doc = {};
  const methods: StoredMethod[] = [];
  for (const r of d.snapshot) {
    const item: Doc = {};
    for (const m of Object.values(r.resourceMethods)) {
      methods.push(m);
      item[VERB_KEYS[m.httpMethod] ?? m.httpMethod.toLowerCase()] = operation(m, d, o);
    }
    if (Object.keys(item).length) paths[r.path] = item;
  }
  const info = { title: api.name, ...(api.description ? { description: api.description } : {}), version: api.version ?? new Date(d.createdDate * 1000).toISOString().replace(/\.\d+Z$/, 'Z') };
  const host = `${api.id}.execute-api.${LOCAL_REGION}.amazonaws.com`;
  const schemes = securitySchemes(d, methods, o);
  const extensions: Doc = {};
  if (api.binaryMediaTypes?.length) extensions['x-amazon-apigateway-binary-media-types'] = api.binaryMediaTypes;
  if (api.minimumCompressionSize !== undefined) extensions['x-amazon-apigateway-minimum-compression-size'] = api.minimumCompressionSize;
  if (o.integrations && api.apiKeySource !== 'HEADER') extensions['x-amazon-apigateway-api-key-source'] = api.apiKeySource;
  if (o.integrations && Object.keys(d.gatewayResponses ?? {}).length) {
    extensions['x-amazon-apigateway-gateway-responses'] = Object.fromEntries(Object.values(d.gatewayResponses!).map((g) => [g.responseType, {
      ...(g.statusCode ? { statusCode: g.statusCode } : {}),
      ...(g.responseParameters && Object.keys(g.responseParameters).length ? { responseParameters: g.responseParameters } : {}),
      ...(g.responseTemplates && Object.keys(g.responseTemplates).length ? { responseTemplates: g.responseTemplates } : {}),
    }]));
  }
  if (o.type === 'oas30') {
    return {
      openapi: '3.0.1', info,
      servers: [{ url: `https://${host}/{basePath}`, variables: { basePath: { default: stage.stageName } } }],
      paths,
      ...(Object.keys(schemes).length ? { components: { securitySchemes: schemes } } : {}),
      ...extensions,
    };
  }
  return {
    swagger: '2.0', info, host, basePath: `/${stage.stageName}`, schemes: ['https'], paths,
    ...(Object.keys(schemes).length ? { securityDefinitions: schemes } : {}),
    ...extensions,
  };
}
