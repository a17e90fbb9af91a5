// The streaming doctor's findings for one method, from what the tree already has loaded (never
// calls AWS). The tree shows them on the method's item; the doctor command lists them with fixes.
import { diagnoseIntegration, type Diagnostic } from '../../core/rules/doctor';
import type { IntegrationRef, RestApiSummary, StageSummary } from '../../core/controlplane/types';
import type { IntegrationSettings } from '../../shared/model';
import { readSettings } from '../platform/settings';
import type { ChangeTracker } from './changeTracker';
import type { VpcLinkDirectory } from './privateIntegration';

/**
 * What the doctor reads of a tree method (nodes.ts MethodItem has it all): described here, not
 * imported, so the tree can call this module without an import cycle.
 */
export interface DiagnosableMethod {
  readonly integration: IntegrationSettings | null;
  readonly resource: { readonly path: string };
  readonly httpMethod: string;
  readonly ref: IntegrationRef;
  readonly apiNode: {
    readonly restApi: RestApiSummary;
    readonly stagesNode?: { readonly stages?: StageSummary[] };
    readonly context: { readonly tracker: ChangeTracker; readonly vpcLinks: VpcLinkDirectory };
  };
}

/** Every diagnostic for one method's integration (none when it has no integration yet). */
export function diagnoseMethod(m: DiagnosableMethod): Diagnostic[] {
  const settings = m.integration;
  if (!settings) return [];
  const api = m.apiNode;
  return diagnoseIntegration({
    settings, path: m.resource.path, httpMethod: m.httpMethod,
    endpointType: api.restApi.endpointType, minimumCompressionSize: api.restApi.minimumCompressionSize,
    stages: api.stagesNode?.stages, undeployedChanges: api.context.tracker.isUndeployed(m.ref),
    bufferedTimeoutQuotaMs: readSettings().bufferedTimeoutQuotaMs,
    vpcLinks: api.context.vpcLinks.known, vpcLinksV2Known: api.context.vpcLinks.v2Known,
  });
}

/** Shown on the tree item: problems only (the "not deployed" mark has its own decoration). */
export function treeWarnings(m: DiagnosableMethod): string[] {
  return diagnoseMethod(m).filter((d) => d.code !== 'undeployed-changes' && d.severity !== 'info').map((d) => d.message);
}
