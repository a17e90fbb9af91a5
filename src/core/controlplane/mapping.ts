// Maps the SDK's wire shapes to StreamGate's plain types. Missing fields get AWS's defaults
// (a missing responseTransferMode means BUFFERED; a missing timeout means 29,000 ms).
import type { Integration, Method, Resource, RestApi, Stage, VpcLink } from '@aws-sdk/client-api-gateway';
import type { EndpointType, IntegrationSettings, IntegrationType } from '../../shared/model';
import { DEFAULT_TIMEOUT_MS } from '../rules/integrationRules';
import type { MethodCachingSetting, MethodInfo, ResourceInfo, RestApiSummary, StageSummary, VpcLinkSummary } from './types';

export function toIntegrationSettings(integration: Integration): IntegrationSettings {
  const settings: IntegrationSettings = {
    type: (integration.type ?? 'MOCK') as IntegrationType,
    responseTransferMode: integration.responseTransferMode === 'STREAM' ? 'STREAM' : 'BUFFERED',
    timeoutInMillis: integration.timeoutInMillis ?? DEFAULT_TIMEOUT_MS,
  };
  if (integration.uri !== undefined) settings.uri = integration.uri;
  if (integration.httpMethod !== undefined) settings.httpMethod = integration.httpMethod;
  if (integration.connectionType !== undefined) settings.connectionType = integration.connectionType;
  if (integration.connectionId !== undefined) settings.connectionId = integration.connectionId;
  if (integration.integrationTarget !== undefined) settings.integrationTarget = integration.integrationTarget;
  if (integration.contentHandling !== undefined) settings.contentHandling = integration.contentHandling;
  const responses = Object.values(integration.integrationResponses ?? {});
  if (responses.some((r) => Object.keys(r.responseTemplates ?? {}).length > 0)) settings.hasResponseTemplates = true;
  return settings;
}

/** A method object from `embed=methods` or GetMethod; AWS without embed sends `{}` per method. */
export function isDetailedMethod(method: Method | undefined): boolean {
  return method !== undefined && typeof method.httpMethod === 'string';
}

export function toMethodInfo(httpMethod: string, method: Method): MethodInfo {
  const node: MethodInfo = {
    httpMethod,
    integration: method.methodIntegration ? toIntegrationSettings(method.methodIntegration) : null,
  };
  if (method.authorizationType !== undefined) node.authorizationType = method.authorizationType;
  if (method.apiKeyRequired !== undefined) node.apiKeyRequired = method.apiKeyRequired;
  return node;
}

export function toResourceInfo(resource: Resource, methods: Record<string, MethodInfo>): ResourceInfo {
  const node: ResourceInfo = { id: resource.id ?? '', path: resource.path ?? '/', methods };
  if (resource.parentId !== undefined) node.parentId = resource.parentId;
  if (resource.pathPart !== undefined) node.pathPart = resource.pathPart;
  return node;
}

export function toRestApiSummary(api: RestApi): RestApiSummary {
  const types = api.endpointConfiguration?.types ?? [];
  const endpointType: EndpointType = types.includes('PRIVATE') ? 'PRIVATE' : types.includes('REGIONAL') ? 'REGIONAL' : types.includes('EDGE') ? 'EDGE' : 'EDGE';
  const summary: RestApiSummary = {
    id: api.id ?? '',
    name: api.name ?? api.id ?? '',
    endpointType,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint === true,
  };
  if (api.description) summary.description = api.description;
  if (api.policy) summary.hasResourcePolicy = true;
  if (typeof api.minimumCompressionSize === 'number') summary.minimumCompressionSize = api.minimumCompressionSize;
  if (api.createdDate) summary.createdDate = api.createdDate.toISOString();
  return summary;
}

/** Method-setting keys are "{path with / as ~1}/{METHOD}", or "*\/*" for every method. */
export function parseMethodSettingKey(key: string): MethodCachingSetting {
  const slash = key.lastIndexOf('/');
  if (slash === -1) return { path: key, httpMethod: '*' };
  const rawPath = key.slice(0, slash);
  const httpMethod = key.slice(slash + 1);
  const path = rawPath === '*' ? '*' : rawPath.replace(/~1/g, '/').replace(/~0/g, '~');
  return { path: path.startsWith('/') || path === '*' ? path : `/${path}`, httpMethod };
}

export function toStageSummary(stage: Stage): StageSummary {
  const methodCaching = Object.entries(stage.methodSettings ?? {})
    .filter(([, s]) => s.cachingEnabled === true)
    .map(([key]) => parseMethodSettingKey(key));
  const summary: StageSummary = {
    name: stage.stageName ?? '',
    cacheClusterEnabled: stage.cacheClusterEnabled === true,
    methodCaching,
  };
  if (stage.description) summary.description = stage.description;
  if (stage.variables && Object.keys(stage.variables).length) summary.variables = { ...stage.variables };
  if (stage.deploymentId) summary.deploymentId = stage.deploymentId;
  if (stage.lastUpdatedDate) summary.lastUpdatedAt = stage.lastUpdatedDate.toISOString();
  return summary;
}

export function toVpcLinkSummary(link: VpcLink): VpcLinkSummary {
  const summary: VpcLinkSummary = { id: link.id ?? '', name: link.name ?? link.id ?? '', version: 'V1', status: link.status ?? 'PENDING', targetArns: link.targetArns ?? [] };
  if (link.statusMessage) summary.statusMessage = link.statusMessage;
  return summary;
}
