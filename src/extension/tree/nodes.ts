// The REST API tree: connection → APIs → (stages, resources as a path tree → methods with their
// integration inline). Nodes keep the data they were built from so a change can update one
// node in place; children are cached so VS Code can refresh an element by identity.
import * as vscode from 'vscode';
import { describeAwsError } from '../../core/controlplane/errors';
import { buildResourceTree } from '../../core/controlplane/tree';
import type { ControlPlaneService, IntegrationRef, MethodInfo, ResourceInfo, ResourceTreeNode, RestApiSummary, StageSummary } from '../../core/controlplane';
import type { IntegrationSettings } from '../../shared/model';
import { canStream } from '../../core/rules/integrationRules';
import type { Connection } from '../connection';
import type { ChangeTracker } from './changeTracker';
import { integrationUri } from './decorations';
import { isPrivateIntegration, privateIntegrationView, type VpcLinkDirectory } from './privateIntegration';
import { templateMarks } from './templateMarks';
import { treeWarnings } from './treeDiagnostics';
import type { MethodOrigin } from '../../local/templates/types';
import { COMMAND } from '../commandIds';
import { escapeMd, formatAgo, formatTimeout } from './format';

/** What every node needs from the tree around it. */
export interface TreeContext {
  connection: Connection;
  tracker: ChangeTracker;
  /** Re-render a node (or the whole tree when undefined). */
  refresh(node?: TreeNode): void;
  /** The connection's VPC links, for private integrations. */
  vpcLinks: VpcLinkDirectory;
  /** Where the method is declared when it came from a served template. */
  templateOrigin(method: MethodItem): MethodOrigin | undefined;
}

export type NodeKind = 'connection' | 'api' | 'stages' | 'stage' | 'resource' | 'method' | 'loadMore' | 'error' | 'info' | 'anchor';

export abstract class TreeNode {
  abstract readonly id: string;
  /** Discriminant that works across bundles (tests run in their own bundle, where instanceof fails). */
  abstract readonly kind: NodeKind;
  parent: TreeNode | undefined;
  abstract toTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]> | TreeNode[] {
    return [];
  }
}

/** A node that shows a failed call with its message; Retry reloads the parent. */
export class ErrorNode extends TreeNode {
  readonly kind = 'error' as const;
  readonly id: string;
  constructor(parent: TreeNode, readonly message: string, readonly errorKind: string, readonly retry: () => void) {
    super();
    this.parent = parent;
    this.id = `${parent.id}/error`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = 'error';
    item.tooltip = vscode.l10n.t('{0}\n\nClick to retry.', this.message);
    item.command = { command: COMMAND.retry, title: vscode.l10n.t('Retry'), arguments: [this] };
    return item;
  }
}

export class LoadMoreNode extends TreeNode {
  readonly kind = 'loadMore' as const;
  readonly id: string;
  /** `label` is the whole sentence ("Load more APIs…"): fragments do not translate. */
  constructor(parent: TreeNode, readonly label: string, readonly loadMore: () => Promise<void>) {
    super();
    this.parent = parent;
    this.id = `${parent.id}/more`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'loadMore';
    item.command = { command: COMMAND.loadMore, title: vscode.l10n.t('Load More'), arguments: [this] };
    return item;
  }
}

class InfoNode extends TreeNode {
  readonly kind = 'info' as const;
  readonly id: string;
  constructor(parent: TreeNode, readonly label: string) {
    super();
    this.parent = parent;
    this.id = `${parent.id}/info`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('info');
    return item;
  }
}

/**
 * Shared loading logic: runs `load` once, caches the children, turns a failure into an error
 * node whose retry clears the cache and reloads this node.
 */
abstract class LoadingNode extends TreeNode {
  private cached: TreeNode[] | undefined;
  private loading: Promise<TreeNode[]> | undefined;
  constructor(protected readonly ctx: TreeContext) {
    super();
  }
  protected abstract load(): Promise<TreeNode[]>;

  getChildren(): Promise<TreeNode[]> {
    if (this.cached) return Promise.resolve(this.cached);
    this.loading ??= this.load().then(
      (children) => {
        for (const c of children) c.parent = this;
        this.cached = children;
        return children;
      },
      (err: unknown) => {
        const d = describeAwsError(err);
        return [new ErrorNode(this, d.message, d.kind, () => this.reload())];
      },
    ).finally(() => { this.loading = undefined; });
    return this.loading;
  }

  /** Forget the children and load them again. */
  reload(): void {
    this.cached = undefined;
    this.ctx.refresh(this);
  }

  /** What is already loaded, without triggering a load. */
  loadedChildren(): TreeNode[] {
    return this.cached ?? [];
  }

  /** Replace the cached children (e.g. after "Load more") and re-render. */
  protected setChildren(children: TreeNode[]): void {
    for (const c of children) c.parent = this;
    this.cached = children;
    this.ctx.refresh(this);
  }
}

export class ConnectionNode extends LoadingNode {
  readonly kind = 'connection' as const;
  readonly id: string;
  private apis: RestApiSummary[] = [];
  constructor(ctx: TreeContext) {
    super(ctx);
    this.id = `conn:${ctx.connection.kind}:${ctx.connection.description}`;
  }
  toTreeItem(): vscode.TreeItem {
    const c = this.ctx.connection;
    const item = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = c.description;
    item.iconPath = new vscode.ThemeIcon(c.kind === 'local' ? 'vm' : 'cloud');
    item.contextValue = `connection ${c.kind}`;
    item.tooltip = c.kind === 'local' ? vscode.l10n.t('Embedded local API Gateway at {0}', c.description) : vscode.l10n.t('AWS API Gateway — {0}, {1}', c.label, c.region);
    return item;
  }
  protected async load(): Promise<TreeNode[]> {
    this.apis = [];
    return this.page(undefined);
  }
  private async page(position: string | undefined): Promise<TreeNode[]> {
    const page = await this.ctx.connection.service.listRestApis({ position, limit: 500 });
    this.apis.push(...page.items);
    const children: TreeNode[] = this.apis.map((api) => new ApiNode(this.ctx, api, this.id));
    if (page.nextPosition) {
      const next = page.nextPosition;
      children.push(new LoadMoreNode(this, vscode.l10n.t('Load more APIs…'), async () => this.setChildren(await this.page(next))));
    }
    if (children.length === 0) children.push(new InfoNode(this, vscode.l10n.t('No REST APIs in this account and region')));
    return children;
  }
}

export class ApiNode extends LoadingNode {
  readonly kind = 'api' as const;
  readonly id: string;
  private resources: ResourceInfo[] = [];
  stagesNode: StagesNode | undefined;
  constructor(ctx: TreeContext, readonly restApi: RestApiSummary, parentId: string) {
    super(ctx);
    this.id = `${parentId}/api:${restApi.id}`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.restApi.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const pending = this.ctx.tracker.undeployedCount(this.restApi.id);
    item.description = `${this.restApi.id} · ${this.restApi.endpointType}${pending ? ` · ${vscode.l10n.t('{0} not deployed', pending)}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = 'restApi';
    item.tooltip = new vscode.MarkdownString(
      `**${escapeMd(this.restApi.name)}** \`${this.restApi.id}\`\n\n${vscode.l10n.t('Endpoint: {0}', this.restApi.endpointType)}` +
      (this.restApi.description ? `\n\n${escapeMd(this.restApi.description)}` : '') +
      (pending ? `\n\n$(circle-filled) ${vscode.l10n.t('{0} integration change(s) not deployed', pending)}` : ''), true);
    return item;
  }
  get allResources(): readonly ResourceInfo[] {
    return this.resources;
  }
  protected async load(): Promise<TreeNode[]> {
    this.resources = [];
    return this.page(undefined);
  }
  private async page(position: string | undefined): Promise<TreeNode[]> {
    const page = await this.service.listResources(this.restApi.id, { position, limit: 500 });
    this.resources.push(...page.items);
    // Private integrations show their VPC link's name and status: read the links first.
    if (page.items.some((r) => Object.values(r.methods).some((m) => isPrivateIntegration(m.integration)))) await this.ctx.vpcLinks.load();
    this.stagesNode ??= new StagesNode(this.ctx, this);
    const children: TreeNode[] = [this.stagesNode, ...buildResourceTree(this.resources).map((t) => new ResourceItem(this, t))];
    if (page.nextPosition) {
      const next = page.nextPosition;
      children.push(new LoadMoreNode(this, vscode.l10n.t('Load more resources…'), async () => this.setChildren(await this.page(next))));
    }
    return children;
  }
  methodItems(): MethodItem[] {
    const out: MethodItem[] = [];
    const walk = (nodes: TreeNode[]): void => {
      for (const n of nodes) {
        if (n instanceof MethodItem) out.push(n);
        if (n instanceof ResourceItem) walk(n.children);
      }
    };
    // Only what is already loaded: walking the tree never triggers a load.
    walk(this.loadedChildren());
    return out;
  }
  get context(): TreeContext {
    return this.ctx;
  }
  /** The control-plane service of the connection this API (and its methods) was listed from. */
  get service(): ControlPlaneService {
    return this.ctx.connection.service;
  }
}

export class ResourceItem extends TreeNode {
  readonly kind = 'resource' as const;
  readonly id: string;
  readonly children: TreeNode[];
  constructor(readonly apiNode: ApiNode, readonly tree: ResourceTreeNode) {
    super();
    const r = tree.resource;
    this.id = `${apiNode.id}/res:${r.id}`;
    const methods = Object.keys(r.methods).sort().map((m) => new MethodItem(apiNode, r, m));
    const kids = tree.children.map((t) => new ResourceItem(apiNode, t));
    this.children = [...methods, ...kids];
    for (const c of this.children) c.parent = this;
  }
  toTreeItem(): vscode.TreeItem {
    const r = this.tree.resource;
    const isRoot = r.path === '/';
    const item = new vscode.TreeItem(isRoot ? '/' : `/${r.pathPart ?? r.path.split('/').pop()}`,
      this.children.length ? (isRoot ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = isRoot ? undefined : r.path;
    item.iconPath = new vscode.ThemeIcon(r.path.includes('{') ? 'symbol-parameter' : 'folder');
    item.contextValue = 'resource';
    item.tooltip = `${r.path} (${r.id})`;
    return item;
  }
  getChildren(): TreeNode[] {
    return this.children;
  }
}

export class MethodItem extends TreeNode {
  readonly kind = 'method' as const;
  readonly id: string;
  constructor(readonly apiNode: ApiNode, readonly resource: ResourceInfo, readonly httpMethod: string) {
    super();
    this.id = `${apiNode.id}/res:${resource.id}/${httpMethod}`;
  }
  get service(): ControlPlaneService {
    return this.apiNode.service;
  }
  get ref(): IntegrationRef {
    return { apiId: this.apiNode.restApi.id, resourceId: this.resource.id, httpMethod: this.httpMethod };
  }
  get method(): MethodInfo | undefined {
    return this.resource.methods[this.httpMethod];
  }
  get integration(): IntegrationSettings | null {
    return this.method?.integration ?? null;
  }
  /** Record the integration the service returned after a change, and re-render. */
  setIntegration(settings: IntegrationSettings): void {
    const method = this.resource.methods[this.httpMethod];
    if (method) method.integration = settings;
  }
  toTreeItem(): vscode.TreeItem {
    const ctx = this.apiNode.context;
    const integration = this.integration;
    const item = new vscode.TreeItem(this.httpMethod, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.resourceUri = integrationUri(this.ref);
    const tags = ['method'];
    if (!integration) {
      item.description = vscode.l10n.t('no integration');
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      item.contextValue = tags.join(' ');
      return item;
    }
    const streaming = integration.responseTransferMode === 'STREAM';
    const undeployed = ctx.tracker.isUndeployed(this.ref);
    const problems = treeWarnings(this);
    tags.push('integration', `mode-${integration.responseTransferMode}`);
    if (canStream(integration.type)) tags.push('streamable');
    const privateView = isPrivateIntegration(integration) ? privateIntegrationView(integration, ctx.vpcLinks, this.apiNode.stagesNode?.stages) : undefined;
    if (privateView) tags.push('private');
    if (ctx.tracker.canUndo(this.ref)) tags.push('undoable');
    if (undeployed) tags.push('undeployed');
    const template = templateMarks(ctx.templateOrigin(this));
    tags.push(...template.tags);
    item.contextValue = tags.join(' ');
    item.description = `${integration.type}${privateView ? ` · ${privateView.label}` : ''} · ${integration.responseTransferMode} · ${formatTimeout(integration.timeoutInMillis)}` +
      (undeployed ? ` · ${vscode.l10n.t('not deployed')}` : '') + (problems.length ? ` · ⚠ ${problems.length}` : '') + template.description;
    item.iconPath = problems.length
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : privateView ? privateView.icon
      : streaming
        ? new vscode.ThemeIcon('pulse', new vscode.ThemeColor('charts.green'))
        : new vscode.ThemeIcon('package', new vscode.ThemeColor('charts.blue'));
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${this.httpMethod} ${escapeMd(this.resource.path)}** — ${integration.type}\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('Transfer mode: {0}', `**${integration.responseTransferMode}**`)}  \n${vscode.l10n.t('Timeout: {0} ms', integration.timeoutInMillis.toLocaleString('en-US'))}\n\n`);
    if (integration.uri) md.appendMarkdown(`${vscode.l10n.t('URI: {0}', `\`${integration.uri.replace(/`/g, "'")}\``)}\n\n`);
    if (privateView) md.appendCodeblock(privateView.tooltip, 'text');
    if (undeployed) md.appendMarkdown(`$(circle-filled) ${vscode.l10n.t('Changed — not deployed yet. Deploy to a stage for the invoke URL to use it.')}\n\n`);
    for (const p of problems) md.appendMarkdown(`$(warning) ${escapeMd(p)}\n\n`);
    if (template.tooltip) md.appendMarkdown(escapeMd(template.tooltip));
    item.tooltip = md;
    return item;
  }
}

export class StagesNode extends LoadingNode {
  readonly kind = 'stages' as const;
  readonly id: string;
  stages: StageSummary[] | undefined;
  constructor(ctx: TreeContext, readonly apiNode: ApiNode) {
    super(ctx);
    this.id = `${apiNode.id}/stages`;
  }
  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Stages'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('layers');
    item.contextValue = 'stages';
    return item;
  }
  protected async load(): Promise<TreeNode[]> {
    this.stages = await this.ctx.connection.service.listStages(this.apiNode.restApi.id);
    if (this.stages.length === 0) return [new InfoNode(this, vscode.l10n.t('Not deployed to any stage yet'))];
    return this.stages.map((s) => new StageItem(this.apiNode, s));
  }
}

export class StageItem extends TreeNode {
  readonly kind = 'stage' as const;
  readonly id: string;
  constructor(readonly apiNode: ApiNode, readonly stage: StageSummary) {
    super();
    this.id = `${apiNode.id}/stage:${stage.name}`;
  }
  toTreeItem(): vscode.TreeItem {
    const s = this.stage;
    const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const when = s.lastDeployedAt ? formatAgo(new Date(s.lastDeployedAt)) : vscode.l10n.t('no deployment date');
    item.description = `${when}${s.deploymentId ? ` · ${s.deploymentId}` : ''}${s.cacheClusterEnabled ? ` · ${vscode.l10n.t('cache on')}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('rocket');
    item.contextValue = 'stage';
    item.tooltip = [
      vscode.l10n.t('Stage {0}', s.name), vscode.l10n.t('Deployment {0}', s.deploymentId ?? '—'),
      ...(s.lastDeployedAt ? [vscode.l10n.t('Deployed {0}', new Date(s.lastDeployedAt).toLocaleString(vscode.env.language))] : []),
      s.cacheClusterEnabled ? vscode.l10n.t('Cache cluster: enabled') : vscode.l10n.t('Cache cluster: disabled'),
    ].join('\n');
    return item;
  }
}
