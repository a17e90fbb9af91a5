// A file decoration on integrations changed but not yet deployed: a badge and a colour that
// VS Code draws on the tree item (via its resourceUri), like git's "modified" mark.
import * as vscode from 'vscode';
import type { IntegrationRef } from '../../core/controlplane/types';
import type { ChangeTracker } from './changeTracker';

const SCHEME = 'streamgate-integration';

export function integrationUri(ref: IntegrationRef): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/${ref.apiId}/${ref.resourceId}/${ref.httpMethod}` });
}

function refFromUri(uri: vscode.Uri): IntegrationRef | undefined {
  const [apiId, resourceId, httpMethod] = uri.path.slice(1).split('/');
  return apiId && resourceId && httpMethod ? { apiId, resourceId, httpMethod } : undefined;
}

export class UndeployedDecorations implements vscode.FileDecorationProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;

  constructor(private readonly tracker: ChangeTracker) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== SCHEME) return undefined;
    const ref = refFromUri(uri);
    if (!ref || !this.tracker.isUndeployed(ref)) return undefined;
    return new vscode.FileDecoration('●', vscode.l10n.t('Changed — not deployed yet'), new vscode.ThemeColor('gitDecoration.modifiedResourceForeground'));
  }
}
