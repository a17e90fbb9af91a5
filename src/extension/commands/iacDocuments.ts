// "Show as Infrastructure as Code" documents: virtual and read-only (a TextDocumentContentProvider
// scheme), so closing one never asks to save an untitled file.
import * as vscode from 'vscode';

export const IAC_SCHEME = 'streamgate-iac';

export class IacDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores the text under a stable URI (same method → same tab, refreshed). */
  put(name: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: IAC_SCHEME, path: `/${name.replace(/[^A-Za-z0-9._/-]+/g, '_')}.md` });
    const had = this.contents.has(uri.toString());
    this.contents.set(uri.toString(), content);
    if (had) this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? `# ${vscode.l10n.t('This snippet is no longer available: run "Show as Infrastructure as Code" again.')}`;
  }
}
