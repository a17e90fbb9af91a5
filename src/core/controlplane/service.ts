// ControlPlaneService: every API Gateway control-plane call StreamGate makes, over one
// APIGatewayClient. Lists come page by page (limit 500, position) for lazy trees; resources
// use embed=methods so one GetResources call brings methods and integrations, with a
// GetMethod/GetIntegration fallback for servers that ignore embed. Changes are validated
// before anything is sent, then applied in ONE UpdateIntegration call. Every call takes an
// AbortSignal and is counted, so benchmarks can report the calls a listing costs.
import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetExportCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetVpcLinksCommand,
  UpdateIntegrationCommand,
  type APIGatewayClient,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { IntegrationChange, IntegrationSettings, TransferMode } from '../../shared/model';
import { BUFFERED_MAX_TIMEOUT_MS } from '../rules/integrationRules';
import { describeAwsError, IntegrationValidationError } from './errors';
import { isDetailedMethod, toIntegrationSettings, toMethodInfo, toResourceInfo, toRestApiSummary, toStageSummary, toVpcLinkSummary } from './mapping';
import { transferModeFromExport } from './stageExport';
import { buildIntegrationPatch, buildUndoPatch, precheckChange } from './patch';
import type { ChangeResult, DeployResult, IntegrationRef, MethodInfo, Page, PatchOperation, ResourceInfo, RestApiSummary, StageSummary, VpcLinkSummary } from './types';

/** AWS's maximum page size for GetRestApis and GetResources. */
export const MAX_PAGE_SIZE = 500;

export interface PageOptions {
  position?: string;
  limit?: number;
  signal?: AbortSignal;
}

export interface ChangeOptions {
  signal?: AbortSignal;
  /**
   * The integration as the caller last read it (e.g. from the tree). Saves the GetIntegration
   * read; the patch still sets absolute values, so a stale copy cannot corrupt the result.
   */
  current?: IntegrationSettings;
}

export interface ControlPlaneOptions {
  /** Makes the apigatewayv2 client for VPC links V2; without it only V1 links are listed. */
  v2Client?: () => Promise<Pick<ApiGatewayV2Client, 'send'>>;
  /** The account's BUFFERED timeout quota, when raised above 29,000 ms. */
  bufferedTimeoutQuotaMs?: number;
  /** Called once per API call, with the operation name (for logs and benchmarks). */
  onCall?: (operation: string) => void;
}

export class ControlPlaneService {
  /** API calls made so far (one per operation sent; SDK retries inside a call are not counted). */
  callCount = 0;
  readonly callsByOperation: Record<string, number> = {};
  private readonly bufferedQuotaMs: number;

  constructor(private readonly client: APIGatewayClient, private readonly opts: ControlPlaneOptions = {}) {
    this.bufferedQuotaMs = opts.bufferedTimeoutQuotaMs ?? BUFFERED_MAX_TIMEOUT_MS;
  }

  resetCallCounts(): void {
    this.callCount = 0;
    for (const key of Object.keys(this.callsByOperation)) delete this.callsByOperation[key];
  }

  /** Operation names are passed explicitly: class names do not survive minified bundles. */
  private async call<O>(operation: string, signal: AbortSignal | undefined, invoke: (options: { abortSignal?: AbortSignal }) => Promise<O>): Promise<O> {
    signal?.throwIfAborted();
    this.callCount++;
    this.callsByOperation[operation] = (this.callsByOperation[operation] ?? 0) + 1;
    this.opts.onCall?.(operation);
    return invoke(signal ? { abortSignal: signal } : {});
  }

  // --- REST APIs ---------------------------------------------------------------------------

  async listRestApis(opts: PageOptions = {}): Promise<Page<RestApiSummary>> {
    const input = { limit: clampLimit(opts.limit), ...(opts.position ? { position: opts.position } : {}) };
    const out = await this.call('GetRestApis', opts.signal, (o) => this.client.send(new GetRestApisCommand(input), o));
    return page((out.items ?? []).map(toRestApiSummary), out.position);
  }

  async listAllRestApis(signal?: AbortSignal): Promise<RestApiSummary[]> {
    return collectPages((position) => this.listRestApis({ position, signal }));
  }

  // --- Resources, methods, integrations ----------------------------------------------------

  async listResources(apiId: string, opts: PageOptions = {}): Promise<Page<ResourceInfo>> {
    const input = { restApiId: apiId, embed: ['methods'], limit: clampLimit(opts.limit), ...(opts.position ? { position: opts.position } : {}) };
    const out = await this.call('GetResources', opts.signal, (o) => this.client.send(new GetResourcesCommand(input), o));
    const items: ResourceInfo[] = [];
    for (const resource of out.items ?? []) items.push(await this.toResourceWithMethods(apiId, resource, opts.signal));
    return page(items, out.position);
  }

  async listAllResources(apiId: string, signal?: AbortSignal): Promise<ResourceInfo[]> {
    return collectPages((position) => this.listResources(apiId, { position, signal }));
  }

  /** Uses the embedded methods; only methods that came back as bare `{}` cost a GetMethod. */
  private async toResourceWithMethods(apiId: string, resource: Resource, signal?: AbortSignal): Promise<ResourceInfo> {
    const methods: Record<string, MethodInfo> = {};
    for (const [httpMethod, method] of Object.entries(resource.resourceMethods ?? {})) {
      methods[httpMethod] = isDetailedMethod(method)
        ? toMethodInfo(httpMethod, method)
        : await this.getMethodInfo(apiId, resource.id ?? '', httpMethod, signal);
    }
    return toResourceInfo(resource, methods);
  }

  /** The fallback for servers that ignore embed=methods: GetMethod, then GetIntegration if needed. */
  private async getMethodInfo(apiId: string, resourceId: string, httpMethod: string, signal?: AbortSignal): Promise<MethodInfo> {
    const method = await this.call('GetMethod', signal, (o) => this.client.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod }), o));
    const node = toMethodInfo(httpMethod, method);
    // AWS embeds the integration in GetMethod; a server that leaves it out is asked directly.
    if (!method.methodIntegration) node.integration = await this.getIntegration(apiId, resourceId, httpMethod, signal);
    return node;
  }

  /** The integration of one method, or null when the method has none. */
  async getIntegration(apiId: string, resourceId: string, httpMethod: string, signal?: AbortSignal): Promise<IntegrationSettings | null> {
    try {
      const out = await this.call('GetIntegration', signal, (o) => this.client.send(new GetIntegrationCommand({ restApiId: apiId, resourceId, httpMethod }), o));
      return toIntegrationSettings(out);
    } catch (err) {
      if (describeAwsError(err).kind === 'not-found' && /integration/i.test(String((err as Error).message))) return null;
      throw err;
    }
  }

  // --- Changing an integration -------------------------------------------------------------

  /**
   * Changes transfer mode and/or timeout (rewriting a Lambda URI to match the mode) in one
   * UpdateIntegration call. Refuses with IntegrationValidationError before sending anything
   * when the change is invalid for the integration.
   */
  async changeIntegration(ref: IntegrationRef, change: IntegrationChange, opts: ChangeOptions = {}): Promise<ChangeResult> {
    const pre = precheckChange(change);
    if (pre) throw new IntegrationValidationError(pre);
    const before = opts.current ?? (await this.getIntegration(ref.apiId, ref.resourceId, ref.httpMethod, opts.signal));
    if (!before) throw new IntegrationValidationError(`${ref.httpMethod} on resource ${ref.resourceId} has no integration to change; create one first`);
    const plan = buildIntegrationPatch(before, change, this.bufferedQuotaMs);
    if ('error' in plan) throw new IntegrationValidationError(plan.error);
    if (plan.ops.length === 0) return { ref, before, after: before, ops: [] };
    const after = await this.updateIntegration(ref, plan.ops, opts.signal);
    return { ref, before, after, ops: plan.ops };
  }

  /** Restores mode, timeout and URI to `before` with one patch; returns the restored integration. */
  async undo(ref: IntegrationRef, before: IntegrationSettings, signal?: AbortSignal): Promise<IntegrationSettings> {
    return this.updateIntegration(ref, buildUndoPatch(before), signal);
  }

  private async updateIntegration(ref: IntegrationRef, ops: PatchOperation[], signal?: AbortSignal): Promise<IntegrationSettings> {
    const input = { restApiId: ref.apiId, resourceId: ref.resourceId, httpMethod: ref.httpMethod, patchOperations: ops };
    const out = await this.call('UpdateIntegration', signal, (o) => this.client.send(new UpdateIntegrationCommand(input), o));
    return toIntegrationSettings(out);
  }

  // --- VPC links (private integrations) -----------------------------------------------------

  /** Every VPC link V1 of the account and region (GetVpcLinks, paged with limit 500). */
  async listVpcLinks(signal?: AbortSignal): Promise<VpcLinkSummary[]> {
    return collectPages(async (position) => {
      const input = { limit: MAX_PAGE_SIZE, ...(position ? { position } : {}) };
      const out = await this.call('GetVpcLinks', signal, (o) => this.client.send(new GetVpcLinksCommand(input), o));
      return page((out.items ?? []).map(toVpcLinkSummary), out.position);
    });
  }

  /** VPC links V2 (apigatewayv2 GetVpcLinks, paged by nextToken); [] when no v2 client is configured. */
  async listVpcLinksV2(signal?: AbortSignal): Promise<VpcLinkSummary[]> {
    if (!this.opts.v2Client) return [];
    const [client, { GetVpcLinksCommand: GetVpcLinksV2Command }] = await Promise.all([this.opts.v2Client(), import('@aws-sdk/client-apigatewayv2')]);
    return collectPages(async (nextToken) => {
      const out = await this.call('GetVpcLinks (v2)', signal, (o) => client.send(new GetVpcLinksV2Command({ MaxResults: '500', ...(nextToken ? { NextToken: nextToken } : {}) }), o));
      return page((out.Items ?? []).map((l): VpcLinkSummary => ({
        id: l.VpcLinkId ?? '', name: l.Name ?? l.VpcLinkId ?? '', version: 'V2', status: l.VpcLinkStatus ?? 'PENDING', targetArns: [],
        ...(l.VpcLinkStatusMessage ? { statusMessage: l.VpcLinkStatusMessage } : {}),
      })), out.NextToken);
    });
  }

  // --- Stages and deployments --------------------------------------------------------------

  async deploy(apiId: string, stageName: string, description: string, signal?: AbortSignal): Promise<DeployResult> {
    if (!stageName) throw new IntegrationValidationError('A stage name is required to deploy');
    const out = await this.call('CreateDeployment', signal, (o) => this.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName, description }), o));
    if (!out.id) throw new Error(`CreateDeployment for stage ${stageName} returned no deployment id`);
    return { deploymentId: out.id };
  }

  /** Stages (not paged by AWS) with the date of the deployment each points at. */
  async listStages(apiId: string, signal?: AbortSignal): Promise<StageSummary[]> {
    const out = await this.call('GetStages', signal, (o) => this.client.send(new GetStagesCommand({ restApiId: apiId }), o));
    const stages = (out.item ?? []).map(toStageSummary).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dates = new Map<string, string | undefined>();
    for (const id of new Set(stages.map((s) => s.deploymentId).filter((id): id is string => Boolean(id)))) {
      dates.set(id, await this.deploymentDate(apiId, id, signal));
    }
    for (const stage of stages) {
      const date = stage.deploymentId ? dates.get(stage.deploymentId) : undefined;
      if (date) stage.lastDeployedAt = date;
    }
    return stages;
  }

  /**
   * The transfer mode `stageName` serves for a method, from the stage's deployment (GetExport,
   * OpenAPI 3 with integrations): changes not deployed yet do not count. null when the
   * deployment does not have the method.
   */
  async deployedTransferMode(apiId: string, stageName: string, path: string, httpMethod: string, signal?: AbortSignal): Promise<TransferMode | null> {
    const out = await this.call('GetExport', signal, (o) => this.client.send(new GetExportCommand({
      restApiId: apiId, stageName, exportType: 'oas30', parameters: { extensions: 'integrations' }, accepts: 'application/json',
    }), o));
    const text = new TextDecoder().decode(out.body ?? new Uint8Array(0));
    let doc: unknown;
    try { doc = JSON.parse(text); } catch { throw new Error(`GetExport of stage ${stageName} returned no JSON document`); }
    return transferModeFromExport(doc, path, httpMethod);
  }

  private async deploymentDate(apiId: string, deploymentId: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const d = await this.call('GetDeployment', signal, (o) => this.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId }), o));
      return d.createdDate?.toISOString();
    } catch (err) {
      // A missing date is cosmetic; anything else (access, cancel) is the caller's business.
      if (describeAwsError(err).kind === 'not-found') return undefined;
      throw err;
    }
  }
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return MAX_PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(limit)));
}

function page<T>(items: T[], position: string | undefined): Page<T> {
  return position ? { items, nextPosition: position } : { items };
}

async function collectPages<T>(fetchPage: (position: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let position: string | undefined;
  const seen = new Set<string>();
  do {
    const p = await fetchPage(position);
    all.push(...p.items);
    position = p.nextPosition;
    // A server that hands back the same cursor twice would otherwise loop forever.
    if (position !== undefined) {
      if (seen.has(position)) throw new Error(`The server returned page position "${position}" twice; stopping to avoid an endless listing`);
      seen.add(position);
    }
  } while (position !== undefined);
  return all;
}
