// Serving a template runs the workspace's own code (its functions), so it needs workspace trust.
// One small gate written against vscode.workspace.isTrusted; the shared
// platform/trust.ts `requireTrust(reason)` replaces it once that lands (same signature).
import * as vscode from 'vscode';

export async function requireTrust(reason: string): Promise<void> {
  if (vscode.workspace.isTrusted) return;
  const manage = 'Manage Workspace Trust';
  void vscode.window.showWarningMessage(`StreamGate: ${reason} This needs a trusted workspace.`, manage).then((choice) => {
    if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  throw new Error(`${reason} Trust the workspace first (Manage Workspace Trust).`);
}
