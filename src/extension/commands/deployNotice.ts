// The "not deployed yet" notification after an integration change. It is a progress
// notification on purpose: unlike a message, VS Code lets the extension withdraw it, which
// happens as soon as the API is deployed (or the change undone), so it never tells a stale story.
import * as vscode from 'vscode';
import { COMMAND } from '../commandIds';


interface Pending { resolve(): void; lines: Map<string, string>; report?(message: string): void }

export class UndeployedNotices implements vscode.Disposable {
  private readonly byApi = new Map<string, Pending>();

  /** Shows (or extends) the notice for an API; it stays until `withdraw(apiId)` or the user closes it. */
  /** `method` keys the line: a method changed twice shows only its latest settings. */
  show(apiId: string, apiName: string, method: string, line: string): void {
    const deployLink = `[${vscode.l10n.t('Deploy {0}…', apiName)}](command:${COMMAND.deployPending}?${encodeURIComponent(JSON.stringify([apiId]))})`;
    const message = (lines: Map<string, string>) => {
      const all = [...lines.values()];
      const changes = `${all.slice(-3).join('; ')}${all.length > 3 ? ` ${vscode.l10n.t('(+{0} more)', all.length - 3)}` : ''}`;
      return vscode.l10n.t('{0} — not deployed yet. {1}', changes, deployLink);
    };
    const existing = this.byApi.get(apiId);
    if (existing) {
      // One notice per API: it always shows the latest changes.
      existing.lines.delete(method);
      existing.lines.set(method, line);
      existing.report?.(message(existing.lines));
      return;
    }
    const pending: Pending = { resolve: () => undefined, lines: new Map([[method, line]]) };
    this.byApi.set(apiId, pending);
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: apiName, cancellable: true }, (progress, token) =>
      new Promise<void>((resolve) => {
        pending.report = (m) => progress.report({ message: m });
        pending.report(message(pending.lines));
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
