// The streaming doctor in VS Code: diagnostics for every loaded integration and stage (a method's
// come from tree/treeDiagnostics, which the tree shows too), as a list the user walks through, applying fixes.
import * as vscode from 'vscode';
import { diagnoseStage, explainBufferedArrival, type Diagnostic } from '../../core/rules/doctor';
import type { MethodTarget, StoredRun } from '../../shared/protocol';
import { diagnosePrivateApi } from '../../core/rules/privateRules';
import type { ApisTreeProvider } from '../tree/apisTreeProvider';
import { ApiNode, ConnectionNode, MethodItem, TreeNode } from '../tree/nodes';
import { diagnoseMethod } from '../tree/treeDiagnostics';
import type { IntegrationCommands } from './integrationCommands';

export interface DoctorFinding {
  api: ApiNode;
  method?: MethodItem;
  stage?: string;
  diagnostic: Diagnostic;
}

export class DoctorCommand {
  constructor(private readonly tree: ApisTreeProvider, private readonly integrations: IntegrationCommands) {}

  /** Loads what the doctor needs (resources and stages) for the APIs in scope, then diagnoses. */
  async findings(node?: unknown): Promise<DoctorFinding[]> {
    const apis = await this.apisInScope(node);
    const out: DoctorFinding[] = [];
    for (const api of apis) {
      await api.getChildren();
      if (api.stagesNode) await api.stagesNode.getChildren();
      await api.context.vpcLinks.load();
      for (const d of diagnosePrivateApi(api.restApi)) out.push({ api, diagnostic: d });
      const methods = api.methodItems();
      for (const m of methods) for (const d of diagnoseMethod(m)) out.push({ api, method: m, diagnostic: d });
      const streamingMethods = methods.filter((m) => m.integration?.responseTransferMode === 'STREAM').map((m) => ({ path: m.resource.path, httpMethod: m.httpMethod }));
      for (const stage of api.stagesNode?.stages ?? []) {
        for (const d of diagnoseStage({ stage, streamingMethods, endpointType: api.restApi.endpointType, undeployedChanges: api.context.tracker.pendingFor(api.restApi.id, stage.name) > 0 })) {
          out.push({ api, stage: stage.name, diagnostic: d });
        }
      }
    }
    const rank = { error: 0, warning: 1, info: 2 } as const;
    return out.sort((a, b) => rank[a.diagnostic.severity] - rank[b.diagnostic.severity]);
  }

  private async apisInScope(node: unknown): Promise<ApiNode[]> {
    if (node instanceof ApiNode) return [node];
    if (node instanceof TreeNode) {
      for (let n: TreeNode | undefined = node; n; n = n.parent) if (n instanceof ApiNode) return [n];
    }
    const roots = await this.tree.getChildren();
    const conn = roots.find((r): r is ConnectionNode => r instanceof ConnectionNode);
    if (!conn) throw new Error(vscode.l10n.t('Connect to AWS or start the local gateway first.'));
    return (await conn.getChildren()).filter((n): n is ApiNode => n instanceof ApiNode);
  }

  /** Walk the findings: pick one to apply its fix; the list comes back until the user is done. */
  async run(node?: unknown): Promise<DoctorFinding[]> {
    for (;;) {
      const findings = await vscode.window.withProgress({ location: { viewId: 'streamgate.apis' } }, () => this.findings(node));
      if (findings.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Streaming doctor: no problems found.'));
        return findings;
      }
      const icon = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;
      const items = findings.map((f) => ({
        label: `${icon[f.diagnostic.severity]} ${f.method ? `${f.method.httpMethod} ${f.method.resource.path}` : f.stage ? vscode.l10n.t('stage {0}', f.stage) : 'API'}`,
        description: f.api.restApi.name,
        detail: f.diagnostic.fix ? vscode.l10n.t('{0} — Fix: {1}', f.diagnostic.message, f.diagnostic.fix.label) : f.diagnostic.message,
        finding: f,
      }));
      const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Streaming doctor — {0} finding(s)', findings.length), placeHolder: vscode.l10n.t('Pick a finding to apply its fix'), matchOnDetail: true });
      if (!picked) return findings;
      await this.applyFix(picked.finding);
    }
  }

  /**
   * "Why buffered?" from the console: a run of a STREAM method arrived in one burst. Lists the
   * likely causes with their fixes; picking one applies it.
   */
  async explainArrival(target: MethodTarget, stage: string, run: StoredRun): Promise<Diagnostic[]> {
    const m = await this.integrations.methodItemByRef(target.apiId, target.resourceId, target.httpMethod);
    if (!m?.integration) throw new Error(vscode.l10n.t('{0} is no longer in the tree.', `${target.httpMethod} ${target.path}`));
    let direct = false;
    try {
      const invoke = new URL(m.apiNode.context.connection.invokeUrl(target.apiId, stage, target.path));
      direct = new URL(run.request.url).host === invoke.host;
    } catch { /* a URL that does not parse is not the invoke URL */ }
    const causes = explainBufferedArrival({
      settings: m.integration, servedMode: run.summary.mode?.served ?? null, stage,
      minimumCompressionSize: m.apiNode.restApi.minimumCompressionSize, responseHeaders: run.responseHeaders, directToGateway: direct,
    });
    const icon = { error: '$(error)', warning: '$(warning)', info: '$(info)' } as const;
    const picked = await vscode.window.showQuickPick(causes.map((d) => ({
      label: `${icon[d.severity]} ${d.message}`, detail: d.fix ? vscode.l10n.t('Fix: {0}', d.fix.label) : undefined, diagnostic: d,
    })), { title: vscode.l10n.t('Streaming doctor — why {0} arrived buffered', `${target.httpMethod} ${target.path}`), placeHolder: vscode.l10n.t('Pick a cause to apply its fix'), matchOnDetail: true });
    if (picked) await this.applyFix({ api: m.apiNode, method: m, stage, diagnostic: picked.diagnostic });
    return causes;
  }

  async applyFix(f: DoctorFinding): Promise<void> {
    const fix = f.diagnostic.fix;
    if (!fix) {
      void vscode.window.showInformationMessage(f.diagnostic.message);
      return;
    }
    if (fix.change && f.method) await this.integrations.apply(f.method, fix.change);
    else if (fix.deployStage) await this.integrations.deploy(f.api, fix.deployStage);
    else void vscode.window.showInformationMessage(vscode.l10n.t('{0} To fix: {1}.', f.diagnostic.message, fix.label));
  }
}
