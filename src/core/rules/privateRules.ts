// Doctor rules for private integrations (HTTP_PROXY over a VPC link) and PRIVATE APIs: what
// makes their invocations fail although the integration itself looks right.
import * as l10n from '@vscode/l10n';
import type { EndpointType, IntegrationSettings } from '../../shared/model';
import type { Diagnostic, DiagnosticFix, DiagnosticSeverity } from './doctor';

/** The VPC link facts the rules need (VpcLinkSummary from GetVpcLinks fits). */
export interface VpcLinkInfo {
  id: string;
  name: string;
  status: string;
  statusMessage?: string;
}

export interface PrivateIntegrationContext {
  settings: IntegrationSettings;
  /** The account's VPC links V1, when they could be read; undefined skips the status checks. */
  vpcLinks?: readonly VpcLinkInfo[];
  /** True when vpcLinks includes the VPC links V2 (apigatewayv2), so a V2 id missing from it is unknown. */
  vpcLinksV2Known?: boolean;
  /** The API's stages with their variables, when loaded. */
  stages?: ReadonlyArray<{ name: string; variables?: Readonly<Record<string, string>> }>;
}

export type PrivateDiagnosticCode = 'vpc-link-not-available' | 'vpc-link-unknown' | 'vpc-link-stage-variable-undefined' | 'private-api-without-policy';

const STAGE_VARIABLE = /^\$\{stageVariables\.([A-Za-z0-9_]+)\}$/;

function finding(code: PrivateDiagnosticCode, severity: DiagnosticSeverity, message: string, fixes: DiagnosticFix[]): Diagnostic {
  return fixes.length ? { code, severity, message, fix: fixes[0], fixes } : { code, severity, message, fixes };
}

/** The stage variable a connectionId refers to (`${stageVariables.vpcLinkId}` → vpcLinkId). */
export function connectionStageVariable(connectionId: string | undefined): string | undefined {
  return connectionId ? STAGE_VARIABLE.exec(connectionId)?.[1] : undefined;
}

function linkStatusFinding(link: VpcLinkInfo, where: string): Diagnostic | undefined {
  if (link.status === 'AVAILABLE') return undefined;
  const pending = link.status === 'PENDING';
  return finding('vpc-link-not-available', pending ? 'warning' : 'error',
    `${l10n.t('VPC link "{0}" ({1}){2} is {3}', link.name, link.id, where, `${link.status}${link.statusMessage ? ` — ${link.statusMessage}` : ''}`)}; ` +
    (pending ? l10n.t('calls fail with 500 until it is AVAILABLE (deployments wait for it).') : l10n.t('every call through it fails with 500 Internal server error.')),
    [{ label: pending ? l10n.t('Wait for the VPC link to become AVAILABLE') : l10n.t('Recreate VPC link "{0}" or point the integration at an AVAILABLE one', link.name) }]);
}

export function diagnosePrivateIntegration(ctx: PrivateIntegrationContext): Diagnostic[] {
  const s = ctx.settings;
  if (s.connectionType !== 'VPC_LINK') return [];
  const out: Diagnostic[] = [];
  const variable = connectionStageVariable(s.connectionId);
  const byId = (id: string) => ctx.vpcLinks?.find((l) => l.id === id);
  if (variable) {
    for (const stage of ctx.stages ?? []) {
      const id = stage.variables?.[variable];
      if (!id) {
        out.push(finding('vpc-link-stage-variable-undefined', 'error',
          l10n.t('Stage "{0}" does not define the stage variable "{1}" that connectionId {2} needs; every call on that stage fails with 500.', stage.name, variable, s.connectionId ?? ''),
          [{ label: l10n.t('Add the stage variable {0} (a VPC link id) to stage "{1}"', variable, stage.name) }]));
        continue;
      }
      const link = byId(id);
      const problem = link && linkStatusFinding(link, l10n.t(' used by stage "{0}"', stage.name));
      if (problem) out.push(problem);
    }
    return out;
  }
  if (!s.connectionId || ctx.vpcLinks === undefined) return out;
  const link = byId(s.connectionId);
  // VPC links V2 (with an integrationTarget) live in the apigatewayv2 API: unknown only if those were read.
  if (!link && (!s.integrationTarget || ctx.vpcLinksV2Known)) {
    out.push(finding('vpc-link-unknown', 'error',
      l10n.t('No VPC link with id {0} exists in this account and region; every call fails with 500.', s.connectionId ?? ''),
      [{ label: l10n.t('Point connectionId at an existing VPC link') }]));
  }
  const problem = link && linkStatusFinding(link, '');
  if (problem) out.push(problem);
  return out;
}

export function diagnosePrivateApi(api: { endpointType?: EndpointType; hasResourcePolicy?: boolean }): Diagnostic[] {
  if (api.endpointType !== 'PRIVATE' || api.hasResourcePolicy) return [];
  return [finding('private-api-without-policy', 'error',
    l10n.t('PRIVATE API without a resource policy: API Gateway refuses to deploy it ("Private REST API doesn\'t have a resource policy attached to it") and denies every call. ' +
    'Attach a policy that allows execute-api:Invoke from your VPC endpoint (aws:SourceVpce) or VPC (aws:SourceVpc), then deploy.'),
    [{ label: l10n.t('Attach a resource policy that allows your VPC endpoint (UpdateRestApi /policy)') }])];
}
