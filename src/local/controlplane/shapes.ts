// Stored state → the JSON shapes the AWS API Gateway REST API answers with (and the SDK reads).
import type { StoredDeployment, StoredIntegration, StoredMethod, StoredResource, StoredRestApi, StoredStage } from '../state/model';

export function restApiShape(api: StoredRestApi): Record<string, unknown> {
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    version: api.version,
    createdDate: api.createdDate,
    binaryMediaTypes: api.binaryMediaTypes,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: api.endpointConfiguration,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    minimumCompressionSize: api.minimumCompressionSize,
    policy: api.policy,
    rootResourceId: api.rootResourceId,
    tags: api.tags,
  };
}

export function integrationShape(i: StoredIntegration): Record<string, unknown> {
  return { ...i, responseTransferMode: i.responseTransferMode ?? 'BUFFERED' };
}

export function methodShape(m: StoredMethod): Record<string, unknown> {
  const { methodIntegration, ...rest } = m;
  return methodIntegration ? { ...rest, methodIntegration: integrationShape(methodIntegration) } : rest;
}

/**
 * Without embed, AWS lists a resource's methods as empty objects keyed by verb; with
 * embed=methods it includes each method with its integration (one call for the whole tree).
 */
export function resourceShape(r: StoredResource, embedMethods: boolean): Record<string, unknown> {
  const verbs = Object.keys(r.resourceMethods);
  const shape: Record<string, unknown> = { id: r.id, parentId: r.parentId, pathPart: r.pathPart, path: r.path };
  if (verbs.length) {
    shape.resourceMethods = Object.fromEntries(verbs.map((v) => [v, embedMethods ? methodShape(r.resourceMethods[v]!) : {}]));
  }
  return shape;
}

export function deploymentShape(d: StoredDeployment, embedSummary = false): Record<string, unknown> {
  const shape: Record<string, unknown> = { id: d.id, description: d.description, createdDate: d.createdDate };
  if (embedSummary) {
    shape.apiSummary = Object.fromEntries(d.snapshot.filter((r) => Object.keys(r.resourceMethods).length).map((r) => [
      r.path,
      Object.fromEntries(Object.values(r.resourceMethods).map((m) => [m.httpMethod, { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired }])),
    ]));
  }
  return shape;
}

export function stageShape(s: StoredStage): Record<string, unknown> {
  return { ...s };
}
