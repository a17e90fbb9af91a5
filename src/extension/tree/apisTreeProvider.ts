import * as vscode from 'vscode';

export class ApisTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  refresh(): void { this.changed.fire(undefined); }
  getTreeItem(e: vscode.TreeItem): vscode.TreeItem { return e; }
  getChildren(): vscode.TreeItem[] { return []; }
}
