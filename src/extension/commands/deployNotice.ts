// The "not deployed yet" notification after an integration change. It is a progress
// notification on purpose: unlike a message, VS Code lets the extension withdraw it, which
// happens as soon as the API is deployed (or the change undone), so it never tells a stale story.
import * as vscode from 'vscode';

export const DEPLOY_PENDING_COMMAND = 'streamgate.deployPending';

interface Pending { resolve(): void; lines: string[] }

export class UndeployedNotices implements vscode.Disposable {
  private readonly byApi = new Map<string, Pending>();

  /** Shows (or extends) the notice for an API; it stays until `withdraw(apiId)` or the user closes it. */
  show(apiId: string, apiName: string, line: string): void {
    const existing = this.byApi.get(apiId);
    if (existing) {
      // One notice per API: a second change is added to the one already showing.
      existing.lines.push(line);
      return;
    }
    const pending: Pending = { resolve: () => undefined, lines: [line] };
    this.byApi.set(apiId, pending);
    const deployLink = `[Deploy ${apiName}…](command:${DEPLOY_PENDING_COMMAND}?${encodeURIComponent(JSON.stringify([apiId]))})`;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: line, cancellable: true }, (progress, token) =>
      new Promise<void>((resolve) => {
        progress.report({ message: `— not deployed yet. ${deployLink}` });
        pending.resolve = resolve;
        token.onCancellationRequested(() => resolve());
      }).finally(() => { if (this.byApi.get(apiId) === pending) this.byApi.delete(apiId); }));
  }

  withdraw(apiId: string): void {
    this.byApi.get(apiId)?.resolve();
    this.byApi.delete(apiId);
  }

  isShowing(apiId: string): boolean {
    return this.byApi.has(apiId);
  }

  dispose(): void {
    for (const p of this.byApi.values()) p.resolve();
    this.byApi.clear();
  }
}
