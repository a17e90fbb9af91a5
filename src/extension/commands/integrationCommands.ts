// Tree actions on integrations and APIs: toggle streaming, set timeout, deploy, undo, copy the
// invoke URL, open in the request console, show as infrastructure-as-code.
// Each validates first and sends at most one UpdateIntegration, so nothing is half-applied.
import * as vscode from 'vscode';
import { IntegrationValidationError } from '../../core/controlplane/errors';
import { maxTimeoutFor, MIN_TIMEOUT_MS, validateTimeout } from '../../core/rules/integrationRules';
import type { IntegrationChange, IntegrationSettings, TransferMode } from '../../shared/model';
import type { ConsoleOpenOptions } from '../../shared/protocol';
import { readSettings } from '../platform/settings';
import type { ApisTreeProvider } from '../tree/apisTreeProvider';
import { ApiNode, ConnectionNode, MethodItem, StageItem, TreeNode } from '../tree/nodes';
import { UndeployedNotices } from './deployNotice';
import { IAC_SCHEME, IacDocuments } from './iacDocuments';
import type { TemplateWriteBack } from '../templates/templateWriteBack';
import { COMMAND } from '../commandIds';

export interface ConsoleOpener {
  open(options: ConsoleOpenOptions): Promise<unknown>;
}

/** A method known to have an integration. */
type IntegratedMethod = MethodItem & { integration: IntegrationSettings };

function requireIntegration(node: unknown): IntegratedMethod {
  if (!(node instanceof MethodItem)) throw new Error(vscode.l10n.t('Select a method in the REST APIs view first.'));
  if (!node.integration) throw new Error(vscode.l10n.t('{0} has no integration yet.', `${node.httpMethod} ${node.resource.path}`));
  return node as IntegratedMethod;
}

function apiNodeOf(node: unknown): ApiNode {
  if (node instanceof ApiNode) return node;
  if (node instanceof MethodItem) return node.apiNode;
  if (node instanceof StageItem) return node.apiNode;
  if (node instanceof TreeNode) {
    for (let n: TreeNode | undefined = node; n; n = n.parent) if (n instanceof ApiNode) return n;
  }
  throw new Error(vscode.l10n.t('Select a REST API, stage or method in the REST APIs view first.'));
}

/** The input-box validator: says what is wrong as the user types, with the mode's bounds. */
export function timeoutInputError(mode: TransferMode, value: string, quotaMs = readSettings().bufferedTimeoutQuotaMs): string | undefined {
  const trimmed = value.trim().replace(/[_,]/g, '');
  if (!/^\d+$/.test(trimmed)) return vscode.l10n.t('Enter whole milliseconds between {0} and {1} ({2}).', MIN_TIMEOUT_MS, maxTimeoutFor(mode, quotaMs), mode);
  // The core's sentence is the local gateway's AWS-compatible (English) error; the user reads this one.
  return validateTimeout(mode, Number(trimmed), quotaMs)
    ? vscode.l10n.t('Timeout should be between {0} ms and {1} ms for a {2} integration.', MIN_TIMEOUT_MS, maxTimeoutFor(mode, quotaMs), mode) : undefined;
}

export class IntegrationCommands implements vscode.Disposable {
  readonly notices = new UndeployedNotices();
  readonly iac = new IacDocuments();
  private readonly registrations: vscode.Disposable[];

  constructor(private readonly tree: ApisTreeProvider, private readonly consoleOpener: () => ConsoleOpener, private readonly writeBack?: TemplateWriteBack) {
    this.registrations = [vscode.workspace.registerTextDocumentContentProvider(IAC_SCHEME, this.iac), this.notices];
  }

  dispose(): void {
    for (const d of this.registrations) d.dispose();
  }

  /** The API's node in the tree (loading the list of APIs if needed). */
  async apiNodeById(apiId: string): Promise<ApiNode> {
    const roots = await this.tree.getChildren();
    const conn = roots.find((r): r is ConnectionNode => r instanceof ConnectionNode);
    const api = conn ? (await conn.getChildren()).find((n): n is ApiNode => n instanceof ApiNode && n.restApi.id === apiId) : undefined;
    if (!api) throw new Error(vscode.l10n.t('REST API {0} is not in the tree of the current connection.', apiId));
    return api;
  }

  /** The method's node in the tree (loading the API's resources if needed). */
  async methodItemByRef(apiId: string, resourceId: string, httpMethod: string): Promise<MethodItem | undefined> {
    const api = await this.apiNodeById(apiId);
    await api.getChildren();
    return api.methodItems().find((m) => m.resource.id === resourceId && m.httpMethod === httpMethod);
  }

  /** Flip STREAM ⇄ BUFFERED. Switching to BUFFERED with a timeout over the quota offers to lower it. */
  async toggleStreaming(node: unknown): Promise<TransferMode | undefined> {
    const m = requireIntegration(node);
    const next: TransferMode = m.integration.responseTransferMode === 'STREAM' ? 'BUFFERED' : 'STREAM';
    const change: IntegrationChange = { responseTransferMode: next };
    const quota = readSettings().bufferedTimeoutQuotaMs;
    if (next === 'BUFFERED' && m.integration.timeoutInMillis > quota) {
      const lower = vscode.l10n.t('Lower to {0} ms and switch', quota.toLocaleString('en-US'));
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} has a {1} ms timeout; BUFFERED allows at most {2} ms.', `${m.httpMethod} ${m.resource.path}`, m.integration.timeoutInMillis.toLocaleString('en-US'), quota.toLocaleString('en-US')),
        { modal: true }, lower);
      if (pick !== lower) return undefined;
      change.timeoutInMillis = quota;
    }
    await this.apply(m, change);
    return next;
  }

  /** "Switch to STREAM" / "Switch to BUFFERED": the menu entry names the mode it sets (menus show the one that applies). */
  async switchTo(node: unknown, mode: TransferMode): Promise<TransferMode | undefined> {
    const m = requireIntegration(node);
    if (m.integration.responseTransferMode === mode) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already {1}.', `${m.httpMethod} ${m.resource.path}`, mode));
      return mode;
    }
    return this.toggleStreaming(m);
  }

  /** Set the timeout from an input box validated as the user types (or from `value`, for scripts and tests). */
  async setTimeout(node: unknown, value?: string | number): Promise<number | undefined> {
    const m = requireIntegration(node);
    const mode = m.integration.responseTransferMode;
    let input = value === undefined ? undefined : String(value);
    if (input === undefined) {
      input = await vscode.window.showInputBox({
        title: vscode.l10n.t('Timeout for {0} ({1})', `${m.httpMethod} ${m.resource.path}`, mode),
        prompt: vscode.l10n.t('Milliseconds, {0}–{1} for {2}', MIN_TIMEOUT_MS, maxTimeoutFor(mode, readSettings().bufferedTimeoutQuotaMs).toLocaleString('en-US'), mode),
        value: String(m.integration.timeoutInMillis),
        validateInput: (v) => timeoutInputError(mode, v),
      });
      if (input === undefined) return undefined;
    }
    const error = timeoutInputError(mode, input);
    if (error) throw new IntegrationValidationError(error);
    const timeoutInMillis = Number(input.trim().replace(/[_,]/g, ''));
    await this.apply(m, { timeoutInMillis });
    return timeoutInMillis;
  }

  async apply(m: MethodItem, change: IntegrationChange): Promise<void> {
    const service = m.service;
    const result = await vscode.window.withProgress(
      { location: { viewId: 'streamgate.apis' }, title: vscode.l10n.t('Updating {0}', `${m.httpMethod} ${m.resource.path}`) },
      () => service.changeIntegration(m.ref, change, { current: m.integration ?? undefined }),
    );
    if (result.ops.length === 0) {
      void vscode.window.setStatusBarMessage(vscode.l10n.t('{0} already has these settings.', `${m.httpMethod} ${m.resource.path}`), 4000);
      return;
    }
    this.tree.tracker.recordChange(m.ref, result.before, result.after);
    m.setIntegration(result.after);
    this.tree.refreshNode(m);
    this.tree.refreshNode(m.apiNode);
    this.notices.show(m.apiNode.restApi.id, m.apiNode.restApi.name, m.id,
      `${m.httpMethod} ${m.resource.path}: ${result.after.responseTransferMode}, ${result.after.timeoutInMillis.toLocaleString('en-US')} ms`);
    // A method from a served template: offer the same change in the template (or the CDK code).
    const alsoTemplate = this.writeBack?.actionLabel(m);
    if (alsoTemplate) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} comes from a template: make the same change there?', `${m.httpMethod} ${m.resource.path}`), alsoTemplate).then((choice) => {
        if (choice === alsoTemplate) void vscode.commands.executeCommand(COMMAND.templateWriteBack, m, change);
      });
    }
  }

  /** Restore exactly the settings before the last change, with one patch. */
  async undo(node: unknown): Promise<boolean> {
    const m = requireIntegration(node);
    const before = this.tree.tracker.peekUndo(m.ref);
    if (!before) throw new Error(vscode.l10n.t('Nothing to undo on {0}.', `${m.httpMethod} ${m.resource.path}`));
    const restored = await m.service.undo(m.ref, before);
    this.tree.tracker.popUndo(m.ref, restored);
    m.setIntegration(restored);
    this.tree.refreshNode(m);
    this.tree.refreshNode(m.apiNode);
    void vscode.window.setStatusBarMessage(
      `$(discard) ${vscode.l10n.t('Undone: {0} is {1}, {2} ms again (not deployed yet).', `${m.httpMethod} ${m.resource.path}`, restored.responseTransferMode, restored.timeoutInMillis.toLocaleString('en-US'))}`, 6000);
    return true;
  }

  /** CreateDeployment to a stage picked (or given), after confirmation unless given. */
  async deploy(node: unknown, stageName?: string): Promise<string | undefined> {
    const apiNode = apiNodeOf(node);
    const service = apiNode.service;
    let stage = stageName ?? (node instanceof StageItem ? node.stage.name : undefined);
    const confirm = stageName === undefined;
    if (!stage) {
      const stages = await service.listStages(apiNode.restApi.id);
      const items: (vscode.QuickPickItem & { stage?: string })[] = stages.map((s) => ({
        label: s.name, stage: s.name, description: s.deploymentId ? vscode.l10n.t('current deployment {0}', s.deploymentId) : undefined,
      }));
      items.push({ label: `$(add) ${vscode.l10n.t('New stage…')}` });
      const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Deploy {0} to stage', apiNode.restApi.name), placeHolder: vscode.l10n.t('Stage') });
      if (!picked) return undefined;
      stage = picked.stage ?? (await vscode.window.showInputBox({
        title: vscode.l10n.t('New stage name'), validateInput: (v) => (/^[A-Za-z0-9_-]{1,128}$/.test(v) ? undefined : vscode.l10n.t('Letters, digits, - and _ only (max 128).')),
      }));
      if (!stage) return undefined;
    }
    const pending = this.tree.tracker.pendingFor(apiNode.restApi.id, stage);
    if (confirm) {
      const deployAction = vscode.l10n.t('Deploy');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Deploy {0} to stage "{1}"?', apiNode.restApi.name, stage),
        { modal: true, detail: pending ? vscode.l10n.t('{0} integration change(s) will take effect on the invoke URL.', pending) : vscode.l10n.t('The stage will point at a new deployment of the current API.') },
        deployAction);
      if (ok !== deployAction) return undefined;
    }
    const { deploymentId } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deploying {0} to {1}…', apiNode.restApi.name, stage) },
      () => service.deploy(apiNode.restApi.id, stage!, `StreamGate: ${pending} integration change(s)`),
    );
    this.tree.tracker.markDeployed(apiNode.restApi.id, stage);
    this.notices.withdraw(apiNode.restApi.id);
    apiNode.stagesNode?.reload();
    this.tree.refreshNode(apiNode);
    for (const m of apiNode.methodItems()) this.tree.refreshNode(m);
    void vscode.window.showInformationMessage(vscode.l10n.t('Deployed {0} to {1} (deployment {2}).', apiNode.restApi.name, stage, deploymentId));
    return deploymentId;
  }

  /** The invoke URL of a method (or stage) — picks the stage when there are several. */
  async invokeUrlFor(node: unknown): Promise<string | undefined> {
    const apiNode = apiNodeOf(node);
    const conn = apiNode.context.connection;
    const path = node instanceof MethodItem ? node.resource.path : '/';
    if (node instanceof StageItem) return conn.invokeUrl(apiNode.restApi.id, node.stage.name, path);
    const stages = await conn.service.listStages(apiNode.restApi.id);
    if (stages.length === 0) throw new Error(vscode.l10n.t('{0} is not deployed to any stage yet; deploy it first.', apiNode.restApi.name));
    const stage = stages.length === 1 ? stages[0]!.name
      : (await vscode.window.showQuickPick(stages.map((s) => s.name), { title: vscode.l10n.t('Stage') }));
    return stage ? conn.invokeUrl(apiNode.restApi.id, stage, path) : undefined;
  }

  async copyInvokeUrl(node: unknown): Promise<string | undefined> {
    const url = await this.invokeUrlFor(node);
    if (!url) return undefined;
    await vscode.env.clipboard.writeText(url);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', url), 4000);
    return url;
  }

  async openInConsole(node: unknown): Promise<unknown> {
    if (!(node instanceof MethodItem)) throw new Error(vscode.l10n.t('Select a method in the REST APIs view first.'));
    const apiNode = node.apiNode;
    const conn = apiNode.context.connection;
    const stages = await conn.service.listStages(apiNode.restApi.id);
    const invokeTargets = stages.map((s) => ({ label: `${s.name} — ${node.httpMethod} ${node.resource.path}`, url: conn.invokeUrl(apiNode.restApi.id, s.name, node.resource.path), stage: s.name }));
    const method = node.httpMethod === 'ANY' ? 'GET' : node.httpMethod;
    // The run's mode is read at every Send from the stage (never from this moment's tree).
    const prefill: ConsoleOpenOptions = {
      url: invokeTargets[0]?.url, method, title: `${method} ${node.resource.path}`, invokeTargets,
      target: { apiId: apiNode.restApi.id, resourceId: node.resource.id, httpMethod: node.httpMethod, path: node.resource.path },
    };
    if (apiNode.restApi.endpointType !== 'PRIVATE') return this.consoleOpener().open(prefill);
    // A private API has no public invoke URL: prefill the form that reaches it, and say why.
    const { privateApiPrefill, explainPrivateApi } = await import('../console/privateApiPrefill');
    const privateForm = privateApiPrefill(prefill, { apiId: apiNode.restApi.id, region: conn.region, path: node.resource.path,
      stages: stages.map((s) => s.name), kind: conn.kind, invokeUrl: (a, s, p) => conn.invokeUrl(a, s, p) });
    explainPrivateApi(privateForm, vscode);
    return this.consoleOpener().open(privateForm.prefill);
  }

  /** A read-only virtual document (no save prompt when closed). */
  async showIac(node: unknown): Promise<vscode.TextDocument> {
    const m = requireIntegration(node);
    // The snippets' YAML library loads with the first snippet, not at activation.
    const { integrationSnippets } = await import('../../core/snippets');
    const snippets = integrationSnippets({ ...m.ref, path: m.resource.path, region: m.apiNode.context.connection.region, settings: m.integration });
    const content = [`# ${m.httpMethod} ${m.resource.path} — ${m.apiNode.restApi.name} (${m.apiNode.restApi.id})`, '',
      vscode.l10n.t('Current settings: {0}, {1}, {2} ms.', m.integration.type, m.integration.responseTransferMode, m.integration.timeoutInMillis), '',
      ...snippets.flatMap((s) => [`## ${s.title}`, '', '```' + s.languageId, s.text.trimEnd(), '```', ''])].join('\n');
    const doc = await vscode.workspace.openTextDocument(this.iac.put(`${m.apiNode.restApi.id}${m.resource.path}-${m.httpMethod}`, content));
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }
}
