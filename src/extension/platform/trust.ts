// Workspace trust. In an untrusted workspace the tree, the console and AWS calls work; what would
// run code from the workspace (serving its templates, loading Lambda handler folders) waits for
// trust. `requireTrust` is the one gate every such feature calls, with the reason it needs trust.
import * as vscode from 'vscode';


/** Reasons already shown while waiting, so one feature does not repeat its message. */
const shown = new Set<string>();

/**
 * Resolves once the workspace is trusted: at once when it already is; otherwise after the user
 * grants trust, having told them why this feature waits (with a button to manage trust).
 */
export function requireTrust(reason: string): Promise<void> {
  if (vscode.workspace.isTrusted) return Promise.resolve();
  if (!shown.has(reason)) {
    shown.add(reason);
    const manageTrust = vscode.l10n.t('Manage Workspace Trust');
    void vscode.window.showWarningMessage(trustMessage(reason), manageTrust).then((choice) => {
      if (choice === manageTrust) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }
  return new Promise((resolve) => {
    const subscription = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      subscription.dispose();
      shown.delete(reason);
      resolve();
    });
  });
}

/** The message `requireTrust` shows for a reason (tests and logs use the same words). */
export function trustMessage(reason: string): string {
  return `StreamGate: ${vscode.l10n.t('{0} This waits until you trust the workspace.', reason)}`;
}
