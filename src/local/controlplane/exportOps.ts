// GetExport for the local gateway: a stage's deployment as an OpenAPI 3 document, with the
// x-amazon-apigateway-integration extensions when asked (`extensions=integrations`), as AWS
// exports it. Built from the deployment's frozen snapshot, so it says what the stage serves —
// the console reads each run's transfer mode from it (src/core/controlplane/stageExport.ts).
import { badRequest } from '../http/awsError';
import type { StoredIntegration, StoredRestApi, StoredStage } from '../state/model';
import type { GatewayStore } from '../state/store';

const EXPORT_TYPES = ['oas30', 'swagger'];

function integrationExtension(i: StoredIntegration): Record<string, unknown> {
  const ext: Record<string, unknown> = {
    type: i.type.toLowerCase(), httpMethod: i.httpMethod, uri: i.uri, passthroughBehavior: i.passthroughBehavior,
    timeoutInMillis: i.timeoutInMillis, responseTransferMode: i.responseTransferMode ?? 'BUFFERED',
  };
  if (i.contentHandling) ext.contentHandling = i.contentHandling;
  if (i.connectionType === 'VPC_LINK') { ext.connectionType = i.connectionType; ext.connectionId = i.connectionId; }
  return Object.fromEntries(Object.entries(ext).filter(([, v]) => v !== undefined));
}

export function exportStage(store: GatewayStore, api: StoredRestApi, stage: StoredStage, exportType: string, query: URLSearchParams): Record<string, unknown> {
  if (!EXPORT_TYPES.includes(exportType)) throw badRequest(`Invalid export type ${exportType}: use oas30 or swagger`);
  const withIntegrations = (query.get('extensions') ?? '').split(',').map((e) => e.trim()).some((e) => e === 'integrations' || e === 'apigateway');
  const deployment = store.deployment(api, stage.deploymentId);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of deployment.snapshot) {
    const ops: Record<string, unknown> = {};
    for (const m of Object.values(r.resourceMethods)) {
      const key = m.httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : m.httpMethod.toLowerCase();
      const op: Record<string, unknown> = { responses: {} };
      if (withIntegrations && m.methodIntegration) op['x-amazon-apigateway-integration'] = integrationExtension(m.methodIntegration);
      ops[key] = op;
    }
    if (Object.keys(ops).length) paths[r.path] = ops;
  }
  const info = { title: api.name, version: new Date(deployment.createdDate * 1000).toISOString(), ...(api.description ? { description: api.description } : {}) };
  return exportType === 'oas30'
    ? { openapi: '3.0.1', info, servers: [{ variables: { basePath: { default: stage.stageName } } }], paths }
    : { swagger: '2.0', info, basePath: `/${stage.stageName}`, paths };
}
