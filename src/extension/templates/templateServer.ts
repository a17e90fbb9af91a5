// "Serve Template Locally": imports a workspace template's REST APIs into the local gateway
// (beside the sample), deploys them to their stages, and keeps watching the template — every
// saved change is re-imported into the same API ids, as `sam deploy` would. Remembers where each
// method came from so the tree can mark it and offer write-back.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AppliedApi, MethodOrigin, TemplatePlan, TemplateSession } from '../../local/templates';
import type { LocalGatewayManager } from '../local/localGatewayManager';
import { readSettings } from '../platform/settings';
import { discoverTemplates } from './discovery';
import { requireTrust } from '../platform/trust';

interface Served { session: TemplateSession; plan: TemplatePlan; applied: AppliedApi[] }

export interface ServeOptions {
  /** Values for parameters without a Default (asked for in an input box otherwise). */
  parameterOverrides?: Record<string, string>;
}

const MISSING_PARAMETER = /parameter "([^"]+)" has no Default; pass --parameter-overrides/;
const MAX_PROMPTS = 20;

export class TemplateServer implements vscode.Disposable {
  private readonly served = new Map<string, Served>();
  private readonly changed = new vscode.EventEmitter<AppliedApi[]>();
  /** Fires with the APIs (re)deployed when a template was served or re-imported, [] when stopped (the tree refreshes). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly local: LocalGatewayManager, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(local.onDidChange((gateway) => { if (!gateway) this.stopAll(); }));
  }

  /** Serves `target` (or the one picked from the workspace's templates) and returns its APIs. */
  async serve(target?: vscode.Uri, opts: ServeOptions = {}): Promise<AppliedApi[] | undefined> {
    await requireTrust(vscode.l10n.t('Serving a template runs its functions, which are code from this workspace.'));
    const uri = target ?? (await this.pick());
    if (!uri) return undefined;
    const gateway = await this.local.start();
    const { TemplateSession, TemplateError } = await import('../../local/templates');
    const { createApiGatewayClient } = await import('../../core/controlplane/client');
    const file = uri.fsPath;
    // Serving the same template again re-imports into its APIs instead of adding copies.
    const previous = this.served.get(file)?.session;
    previous?.close();
    const overrides = { ...opts.parameterOverrides };
    const label = path.basename(file);
    let session: TemplateSession | undefined;
    let plan: TemplatePlan | undefined;
    for (let prompts = 0; !plan; prompts++) {
      session = new TemplateSession(file, { parameterOverrides: overrides, region: readSettings().region }, {
        applied: (apis, p, reason) => this.onApplied(file, apis, p, reason),
        failed: (err) => {
          this.log.warn(`${label}: change not applied, the previous API keeps serving: ${err.message}`);
          void vscode.window.showWarningMessage(`StreamGate: ${vscode.l10n.t('{0} changed but could not be served: {1}', label, err.message)}`);
        },
        functionsChanged: (functions) => {
          // A changed declaration gets fresh runtime processes on its next invocation.
          for (const f of functions) this.local.current?.functions.declare(f);
          this.log.info(`${label}: functions changed (${functions.map((f) => f.name).join(', ')}); they use the new settings from their next invocation`);
        },
      }, previous?.apiIds());
      try {
        plan = session.load();
      } catch (err) {
        const missing = err instanceof TemplateError ? MISSING_PARAMETER.exec(err.message)?.[1] : undefined;
        if (!missing || prompts >= MAX_PROMPTS) throw err;
        const value = await vscode.window.showInputBox({ title: vscode.l10n.t('{0}: parameter {1}', label, missing), prompt: vscode.l10n.t('{0} has no Default in the template; the value to serve it with', missing), ignoreFocusOut: true });
        if (value === undefined) return undefined;
        overrides[missing] = value;
      }
    }
    for (const w of plan.warnings) this.log.warn(w);
    // Functions run out of process through the gateway's Runtime API, like the sample's.
    for (const f of plan.functions) gateway.functions.declare(f);
    // The template's Metadata.StreamGate.VpcLinks: its private integrations reach local services.
    gateway.mapVpcLinks(plan.vpcLinks);
    session!.connect(createApiGatewayClient({ region: readSettings().region, endpoint: gateway.url }));
    this.served.set(file, { session: session!, plan, applied: [] });
    const applied = await session!.apply('start');
    session!.watch();
    const summary = applied.map((a) => `${a.name} (${a.apiId}) → ${a.stages.join(', ') || vscode.l10n.t('no stage')}`).join('; ');
    this.log.info(`Serving ${label}: ${summary}; watching ${plan.watchFiles.length} file(s)`);
    void vscode.window.showInformationMessage(`StreamGate: ${vscode.l10n.t('serving {0} locally — {1}. Saved changes are re-imported and deployed.', label, summary)}`);
    return applied;
  }

  /** Where a method of a served API is declared, if it came from a template. */
  originFor(apiId: string, resourcePath: string, httpMethod: string): MethodOrigin | undefined {
    for (const s of this.served.values()) {
      const api = s.applied.find((a) => a.apiId === apiId);
      const origin = api?.origins.find((o) => o.path === resourcePath && o.httpMethod === httpMethod);
      if (origin) return origin;
    }
    return undefined;
  }

  /** The template files being served (for tests and the log). */
  servedFiles(): string[] {
    return [...this.served.keys()];
  }

  private onApplied(file: string, apis: AppliedApi[], plan: TemplatePlan, reason: 'start' | 'change'): void {
    const s = this.served.get(file);
    if (s) { s.applied = apis; s.plan = plan; }
    if (reason === 'change') this.log.info(`${path.basename(file)} changed: re-imported ${apis.map((a) => `${a.name} (${a.apiId}) → ${a.stages.join(', ')}`).join('; ')}`);
    this.changed.fire(apis);
  }

  private async pick(): Promise<vscode.Uri | undefined> {
    const found = await discoverTemplates();
    if (found.length === 0) throw new Error(vscode.l10n.t('No template in this workspace: StreamGate serves template.yaml/.yml/.json, samconfig.toml, cdk.out/ or an OpenAPI file with x-amazon-apigateway-integration (or set "streamgate.local.templates").'));
    if (found.length === 1) return found[0]!.uri;
    const picked = await vscode.window.showQuickPick(found.map((c) => ({ label: vscode.workspace.asRelativePath(c.uri), description: c.kind, uri: c.uri })),
      { title: vscode.l10n.t('Serve Template Locally'), placeHolder: vscode.l10n.t('Which template should the local gateway serve?') });
    return picked?.uri;
  }

  private stopAll(): void {
    for (const s of this.served.values()) s.session.close();
    this.served.clear();
    this.changed.fire([]);
  }

  dispose(): void {
    this.stopAll();
    this.changed.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
