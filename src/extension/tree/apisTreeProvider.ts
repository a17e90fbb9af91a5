// TreeDataProvider for the "REST APIs" view. The root is the resolved connection; with no
// connection the view is empty and VS Code shows the viewsWelcome content.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection';
import { ChangeTracker } from './changeTracker';
import { UndeployedDecorations } from './decorations';
import { ApiNode, ConnectionNode, ErrorNode, StageItem, type TreeContext, TreeNode } from './nodes';
import { VpcLinkDirectory } from './privateIntegration';

/** "deployed 5 s ago" is re-rendered this often while a stage's deployment is under an hour old. */
const AGE_REFRESH_MS = 5000;

export type TemplateOriginOf = TreeContext['templateOrigin'];

export class ApisTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly tracker = new ChangeTracker();
  readonly decorations = new UndeployedDecorations(this.tracker);
  private root: Promise<TreeNode[]> | undefined;
  private loadedRoot: TreeNode[] = [];
  private readonly ageTimer: ReturnType<typeof setInterval>;
  private rendered!: () => void;
  /** Settles once the view has asked for, and got, its root for the first time. */
  readonly firstRender = new Promise<void>((resolve) => { this.rendered = resolve; });

  /** templateOrigin marks methods that came from a served template (see TemplateServer). */
  constructor(private readonly connections: ConnectionManager, private readonly templateOrigin: TemplateOriginOf) {
    this.ageTimer = setInterval(() => this.refreshDeploymentAges(), AGE_REFRESH_MS);
  }

  /** Stage nodes say how long ago they were deployed: keep that text true as time passes. */
  private refreshDeploymentAges(): void {
    const hourAgo = Date.now() - 3_600_000;
    for (const conn of this.loadedRoot) {
      if (!(conn instanceof ConnectionNode)) continue;
      for (const api of conn.loadedChildren()) {
        if (!(api instanceof ApiNode)) continue;
        for (const stage of api.stagesNode?.loadedChildren() ?? []) {
          if (stage instanceof StageItem && stage.stage.lastDeployedAt && Date.parse(stage.stage.lastDeployedAt) > hourAgo) this.changed.fire(stage);
        }
      }
    }
  }

  /** Reload everything from the service. */
  refresh(): void {
    this.root = undefined;
    this.changed.fire(undefined);
    this.decorations.refresh();
  }

  /** Re-render one node (its data changed in place). */
  refreshNode(node: TreeNode): void {
    this.changed.fire(node);
    this.decorations.refresh();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> | TreeNode[] {
    if (node) return node.getChildren();
    this.root ??= this.loadRoot().then((nodes) => { this.loadedRoot = nodes; this.rendered(); return nodes; });
    return this.root;
  }

  private async loadRoot(): Promise<TreeNode[]> {
    let state;
    try {
      state = await this.connections.resolve();
    } catch (err) {
      const anchor = new RootAnchor();
      return [new ErrorNode(anchor, vscode.l10n.t('Could not connect: {0}', err instanceof Error ? err.message : String(err)), 'other', () => {
        this.connections.reset();
        this.refresh();
      })];
    }
    // No connection: an empty view, so VS Code shows the viewsWelcome content.
    if (state.status === 'none') return [];
    const ctx: TreeContext = {
      connection: state.connection,
      tracker: this.tracker,
      refresh: (n) => (n ? this.refreshNode(n) : this.refresh()),
      vpcLinks: new VpcLinkDirectory(state.connection.service),
      templateOrigin: (m) => this.templateOrigin(m),
    };
    return [new ConnectionNode(ctx)];
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    this.changed.dispose();
  }
}

/** Stands in as the parent of a root-level error node. */
class RootAnchor extends TreeNode {
  readonly id = 'root';
  readonly kind = 'anchor' as const;
  toTreeItem(): vscode.TreeItem {
    return new vscode.TreeItem('');
  }
}
