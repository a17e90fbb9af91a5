// Activation: wire the layers together. Keep this small and cheap — everything heavy (AWS SDK
// clients, the local gateway, webviews) starts lazily on first use.
import * as vscode from 'vscode';
import { registerCommand } from './platform/commands';
import { ApisTreeProvider } from './tree/apisTreeProvider';

export interface StreamGateApi {
  tree: ApisTreeProvider;
  log: vscode.LogOutputChannel;
}

export function activate(context: vscode.ExtensionContext): StreamGateApi {
  const log = vscode.window.createOutputChannel('StreamGate', { log: true });
  const tree = new ApisTreeProvider();
  const view = vscode.window.createTreeView('streamgate.apis', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    log,
    view,
    registerCommand(log, 'streamgate.showLog', () => log.show(true)),
    registerCommand(log, 'streamgate.refresh', () => tree.refresh()),
  );
  log.info(`StreamGate ${context.extension.packageJSON.version} activated`);
  return { tree, log };
}

export function deactivate(): void {}
