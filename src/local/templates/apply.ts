// Puts a TemplatePlan's REST APIs into an API Gateway control plane (the local gateway) through
// the AWS SDK, as `sam deploy` would: ImportRestApi the first time, PutRestApi mode=overwrite on
// a re-import (same API id, so invoke URLs stay), then CreateDeployment to each stage. Each API
// is one import call, so a bad definition never leaves a half-built API behind.
import {
  CreateDeploymentCommand, GetRestApiCommand, ImportRestApiCommand, PutRestApiCommand, type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import type { ApiPlan, MethodOrigin, TemplatePlan } from './types';

export interface AppliedApi {
  logicalId: string;
  apiId: string;
  name: string;
  stages: string[];
  /** Routes with their integration type, transfer mode and origin, for the CLI listing and the tree. */
  routes: AppliedRoute[];
  origins: MethodOrigin[];
}

export interface AppliedRoute {
  path: string;
  httpMethod: string;
  type: string;
  mode: 'BUFFERED' | 'STREAM';
  timeoutInMillis?: number;
  uri?: string;
}

/** Logical id → API id of an earlier apply, so a re-import keeps the same API. */
export type ApiIds = ReadonlyMap<string, string>;

export async function applyPlan(client: APIGatewayClient, plan: TemplatePlan, previous: ApiIds = new Map(), signal?: AbortSignal): Promise<AppliedApi[]> {
  const applied: AppliedApi[] = [];
  for (const api of plan.apis) applied.push(await applyApi(client, plan, api, previous.get(api.logicalId), signal));
  return applied;
}

async function applyApi(client: APIGatewayClient, plan: TemplatePlan, api: ApiPlan, existingId: string | undefined, signal?: AbortSignal): Promise<AppliedApi> {
  const body = new TextEncoder().encode(JSON.stringify(api.definition));
  const parameters = api.endpointType ? { endpointConfigurationTypes: api.endpointType } : undefined;
  const options = signal ? { abortSignal: signal } : {};
  let apiId: string | undefined;
  if (existingId && (await exists(client, existingId, signal))) {
    await client.send(new PutRestApiCommand({ restApiId: existingId, mode: 'overwrite', body, parameters }), options);
    apiId = existingId;
  } else {
    apiId = (await client.send(new ImportRestApiCommand({ body, parameters }), options)).id;
  }
  if (!apiId) throw new Error(`${plan.source}: importing ${api.logicalId} returned no API id`);
  const hasMethods = routesOf(api).length > 0;
  for (const stage of hasMethods ? api.stages : []) {
    await client.send(new CreateDeploymentCommand({
      restApiId: apiId,
      stageName: stage.stageName,
      description: `streamgate local --template ${plan.source}`,
      stageDescription: stage.description,
      variables: stage.variables,
      cacheClusterEnabled: stage.cacheClusterEnabled,
      tracingEnabled: stage.tracingEnabled,
    }), options);
  }
  return { logicalId: api.logicalId, apiId, name: api.name, stages: hasMethods ? api.stages.map((s) => s.stageName) : [], routes: routesOf(api), origins: api.origins };
}

async function exists(client: APIGatewayClient, apiId: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await client.send(new GetRestApiCommand({ restApiId: apiId }), signal ? { abortSignal: signal } : {});
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFoundException') return false;
    throw err;
  }
}

const VERBS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', delete: 'DELETE', patch: 'PATCH', head: 'HEAD', options: 'OPTIONS', 'x-amazon-apigateway-any-method': 'ANY' };

export function routesOf(api: ApiPlan): AppliedRoute[] {
  const out: AppliedRoute[] = [];
  for (const [path, item] of Object.entries((api.definition.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const [key, op] of Object.entries(item ?? {})) {
      const verb = VERBS[key.toLowerCase()];
      if (!verb || !op || typeof op !== 'object') continue;
      const x = (op as Record<string, unknown>)['x-amazon-apigateway-integration'] as Record<string, unknown> | undefined;
      out.push({
        path, httpMethod: verb, type: String(x?.type ?? 'none').toUpperCase(),
        mode: String(x?.responseTransferMode ?? 'BUFFERED').toUpperCase() === 'STREAM' ? 'STREAM' : 'BUFFERED',
        timeoutInMillis: typeof x?.timeoutInMillis === 'number' ? x.timeoutInMillis : undefined,
        uri: typeof x?.uri === 'string' ? x.uri : undefined,
      });
    }
  }
  return out;
}
