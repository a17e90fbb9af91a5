// "Also change template.yaml": after a tree change on a method that came from a template, the
// same change as a WorkspaceEdit on the template (SAM Api event, CloudFormation Integration or
// OpenAPI x-amazon-apigateway-integration), shown for review before it applies. For cdk.out,
// which `cdk synth` generates, it shows the CDK code to change instead.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cdkSnippet } from '../../core/snippets/cdk';
import type { IntegrationChange } from '../../shared/model';
import type { MethodOrigin } from '../../local/templates/types';
import type { MethodItem } from '../tree/nodes';
import type { TemplateServer } from './templateServer';

export interface WriteBackOptions {
  /** Ask VS Code to show the edit for review first (the default). Tests apply directly. */
  review?: boolean;
}

export class TemplateWriteBack {
  constructor(private readonly server: TemplateServer) {}

  originOf(m: MethodItem): MethodOrigin | undefined {
    return this.server.originFor(m.ref.apiId, m.resource.path, m.httpMethod);
  }

  /** The button to offer after a change on `m`, or undefined when it did not come from a template. */
  actionLabel(m: MethodItem): string | undefined {
    const origin = this.originOf(m);
    if (!origin) return undefined;
    return origin.kind === 'cdk' ? vscode.l10n.t('Show CDK Code to Change') : vscode.l10n.t('Also change {0}', path.basename(origin.file));
  }

  /** Edits the template (for review) or, for cdk.out, opens the CDK code to change. */
  async run(m: MethodItem, change: IntegrationChange, opts: WriteBackOptions = {}): Promise<vscode.TextDocument> {
    const origin = this.originOf(m);
    if (!origin) throw new Error(vscode.l10n.t('{0} did not come from a served template.', `${m.httpMethod} ${m.resource.path}`));
    if (origin.kind === 'cdk') return this.showCdk(m, origin);
    const { templateEdits } = await import('../../local/templates/writeBack');
    const uri = vscode.Uri.file(origin.file);
    const doc = await vscode.workspace.openTextDocument(uri);
    const edits = templateEdits(doc.getText(), origin, change);
    const edit = new vscode.WorkspaceEdit();
    const what = [change.responseTransferMode && vscode.l10n.t('transfer mode {0}', change.responseTransferMode), change.timeoutInMillis !== undefined && vscode.l10n.t('timeout {0} ms', change.timeoutInMillis)].filter(Boolean).join(', ');
    const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: opts.review !== false, label: `StreamGate: ${origin.declaredBy} — ${what}` };
    for (const e of edits) edit.replace(uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.newText, metadata);
    // With review, VS Code's Refactor Preview shows the change; ticking it and Apply applies it.
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) {
      void vscode.window.showInformationMessage(`StreamGate: ${vscode.l10n.t('{0} left unchanged (the edit was not applied in the preview).', path.basename(origin.file))}`);
      return doc;
    }
    await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(doc.positionAt(edits[0]?.offset ?? 0), doc.positionAt(edits[0]?.offset ?? 0)) });
    return doc;
  }

  private async showCdk(m: MethodItem, origin: MethodOrigin): Promise<vscode.TextDocument> {
    const settings = m.integration;
    if (!settings) throw new Error(vscode.l10n.t('{0} has no integration.', `${m.httpMethod} ${m.resource.path}`));
    const code = cdkSnippet({ ...m.ref, path: m.resource.path, region: m.apiNode.context.connection.region, settings });
    const content = [
      `# ${vscode.l10n.t('{0} comes from cdk.out', `${m.httpMethod} ${m.resource.path}`)}`, '',
      vscode.l10n.t('{0} generated {1}, so change your CDK app instead: the construct {2}.', '`cdk synth`', path.basename(origin.file), `**${origin.cdkPath ?? origin.declaredBy}**`),
      vscode.l10n.t('Give its integration these settings ({0}, {1} ms), then run {2}: StreamGate re-imports cdk.out when it changes.', `\`${settings.responseTransferMode}\``, settings.timeoutInMillis, '`cdk synth`'), '',
      '```typescript', code.trimEnd(), '```', '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }
}
