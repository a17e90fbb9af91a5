// Private integrations (HTTP_PROXY over a VPC link) in the tree: the account's VPC links, read
// once per connection with GetVpcLinks, and how a private integration is shown — its own icon,
// the link's name and status, or the stage variable it is chosen by.
import * as vscode from 'vscode';
import type { ControlPlaneService } from '../../core/controlplane/service';
import type { StageSummary, VpcLinkSummary } from '../../core/controlplane/types';
import { connectionStageVariable } from '../../core/rules/privateRules';
import type { IntegrationSettings } from '../../shared/model';

/** The VPC links of the connection. A failed read (e.g. AccessDenied) leaves them unknown, never breaks the tree. */
export class VpcLinkDirectory {
  private links: readonly VpcLinkSummary[] | undefined;
  private loading: Promise<readonly VpcLinkSummary[] | undefined> | undefined;
  /** Why the links could not be read, for the tooltip. */
  error: string | undefined;

  /** True when the VPC links V2 were read too (so an id missing from both lists really is unknown). */
  v2Known = false;

  constructor(private readonly service: Pick<ControlPlaneService, 'listVpcLinks' | 'listVpcLinksV2'>) {}

  load(): Promise<readonly VpcLinkSummary[] | undefined> {
    if (this.links) return Promise.resolve(this.links);
    const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
    this.loading ??= (async () => {
      // V1 and V2 are separate APIs (and permissions): one failing leaves the other usable.
      const [v1, v2] = await Promise.allSettled([this.service.listVpcLinks(), this.service.listVpcLinksV2()]);
      const errors = [v1, v2].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => message(r.reason));
      this.error = errors.length ? errors.join('; ') : undefined;
      this.v2Known = v2.status === 'fulfilled';
      if (v1.status === 'rejected' && v2.status === 'rejected') return undefined;
      this.links = [...(v1.status === 'fulfilled' ? v1.value : []), ...(v2.status === 'fulfilled' ? v2.value : [])];
      return this.links;
    })().finally(() => { this.loading = undefined; });
    return this.loading;
  }

  /** What is loaded so far (undefined: not read, or not readable). */
  get known(): readonly VpcLinkSummary[] | undefined {
    return this.links;
  }

  find(id: string | undefined): VpcLinkSummary | undefined {
    return id ? this.links?.find((l) => l.id === id) : undefined;
  }
}

export function isPrivateIntegration(i: IntegrationSettings | null | undefined): boolean {
  return i?.connectionType === 'VPC_LINK';
}

export interface PrivateIntegrationView {
  /** e.g. "VPC link orders-link (AVAILABLE)" */
  label: string;
  icon: vscode.ThemeIcon;
  tooltip: string;
}

function linkLabel(id: string, links: VpcLinkDirectory): string {
  const link = links.find(id);
  if (link) return `${link.name} (${link.status})`;
  return links.known ? vscode.l10n.t('{0} (not found)', id) : id;
}

export function privateIntegrationView(i: IntegrationSettings, links: VpcLinkDirectory, stages?: readonly StageSummary[]): PrivateIntegrationView {
  const variable = connectionStageVariable(i.connectionId);
  const id = i.connectionId ?? '';
  const label = vscode.l10n.t('VPC link {0}', variable ? `via \${stageVariables.${variable}}` : linkLabel(id, links));
  const lines = [i.integrationTarget ? vscode.l10n.t('Private integration over a VPC link V2.') : vscode.l10n.t('Private integration over a VPC link.')];
  if (!variable && !links.find(id) && links.known) {
    lines.push(links.v2Known ? vscode.l10n.t("VPC link {0} is not among the account's VPC links.", id)
      : vscode.l10n.t("VPC link {0} is not among the account's VPC links V1 (V2 links could not be read).", id));
  }
  if (variable) {
    lines.push(vscode.l10n.t('connectionId {0} — chosen per stage:', id));
    for (const s of stages ?? []) {
      const value = s.variables?.[variable];
      lines.push(`  ${s.name}: ${value ? linkLabel(value, links) : vscode.l10n.t('not defined (calls fail with 500)')}`);
    }
    if (!stages) lines.push(`  ${vscode.l10n.t("(expand Stages to see each stage's link)")}`);
  } else {
    const link = links.find(id);
    lines.push(vscode.l10n.t('VPC link {0}', `${id}${link ? ` "${link.name}": ${link.status}${link.statusMessage ? ` — ${link.statusMessage}` : ''}` : ''}`));
    if (link?.targetArns.length) lines.push(vscode.l10n.t('Targets: {0}', link.targetArns.join(', ')));
  }
  if (i.integrationTarget) lines.push(vscode.l10n.t('Integration target: {0}', i.integrationTarget));
  if (links.error) lines.push(vscode.l10n.t('VPC links could not be read: {0}', links.error));
  const streaming = i.responseTransferMode === 'STREAM';
  return { label, icon: new vscode.ThemeIcon('plug', new vscode.ThemeColor(streaming ? 'charts.green' : 'charts.blue')), tooltip: lines.join('\n') };
}
