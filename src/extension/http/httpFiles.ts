// .http / .rest files in the editor: a "Stream in StreamGate" CodeLens over each request that
// opens the request console with it and sends it; an environment lens to pick among
// `rest-client.environmentVariables`; and diagnostics on the line for unresolved variables, bad
// syntax and unsupported directives (so a broken request is a squiggle, not a failed request).
import * as vscode from 'vscode';
import type { AnalyzedHttpFile, HttpDiagnostic, HttpFileOptions } from './httpParser';
import type { ConsoleController, RunSummary } from '../console';
import { COMMAND } from '../commandIds';

const ENVIRONMENT_KEY = 'streamgate.http.environment';
const SELECTOR: vscode.DocumentSelector = [{ language: 'http' }, { pattern: '**/*.{http,rest}' }];
const DIAGNOSTICS_DELAY_MS = 250;

const SEVERITY: Record<HttpDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information,
};

type Parser = typeof import('./httpParser');
let parserLoading: Promise<Parser> | undefined;
/** The parser, loaded once, on first use: the provider registered at activation is a cheap shell. */
function parser(): Promise<Parser> {
  parserLoading ??= import('./httpParser');
  return parserLoading;
}

function isHttpDocument(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(SELECTOR, doc) > 0;
}

export class HttpFileSupport implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('streamgate-http');
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly state: vscode.Memento, private readonly console: () => ConsoleController) {
    this.subscriptions.push(
      vscode.languages.registerCodeLensProvider(SELECTOR, this),
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.checkSoon(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rest-client.environmentVariables')) this.recheckAll();
      }),
    );
    this.recheckAll();
  }

  /** The environment used for `doc`: the one picked before, if it still exists. */
  async environmentFor(doc: vscode.TextDocument): Promise<HttpFileOptions> {
    const { environmentNames } = await parser();
    const environments = vscode.workspace.getConfiguration('rest-client', doc.uri).get<unknown>('environmentVariables');
    const picked = this.state.get<string>(ENVIRONMENT_KEY);
    const names = environmentNames(environments);
    return { environments, environment: picked && names.includes(picked) ? picked : undefined };
  }

  /** `opts`: the environment when the caller has read it already (one settings read per pass). */
  private async analyze(doc: vscode.TextDocument, opts?: HttpFileOptions): Promise<AnalyzedHttpFile> {
    const { analyzeHttpFileAt } = await parser();
    return analyzeHttpFileAt(doc.uri.fsPath, doc.getText(), opts ?? await this.environmentFor(doc));
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const { environmentNames } = await parser();
    const opts = await this.environmentFor(doc);
    const analyzed = await this.analyze(doc, opts);
    const hasEnvironments = environmentNames(opts.environments).length > 0;
    return analyzed.requests.flatMap((r) => {
      const range = new vscode.Range(r.line, 0, r.line, 0);
      const lenses = [new vscode.CodeLens(range, {
        title: `$(play) ${vscode.l10n.t('Stream in StreamGate')}`, command: COMMAND.streamHttpRequest, arguments: [doc.uri.toString(), r.index],
        tooltip: vscode.l10n.t('Open {0} in the StreamGate request console and send it', `${r.method} ${r.url}`),
      })];
      if (hasEnvironments) {
        lenses.push(new vscode.CodeLens(range, {
          title: `env: ${opts.environment ?? vscode.l10n.t('$shared only')}`, command: COMMAND.selectHttpEnvironment, arguments: [doc.uri.toString()],
          tooltip: vscode.l10n.t('Choose the rest-client.environmentVariables environment StreamGate uses'),
        }));
      }
      return lenses;
    });
  }

  /** Picks the environment (quick pick) and re-checks open .http files with it. */
  async selectEnvironment(uri?: string): Promise<string | undefined> {
    const doc = uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)) : vscode.window.activeTextEditor?.document;
    const environments = vscode.workspace.getConfiguration('rest-client', doc?.uri).get<unknown>('environmentVariables');
    const { environmentNames } = await parser();
    const names = environmentNames(environments);
    if (names.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No environments in "rest-client.environmentVariables": add {0} to your settings.', '{ "$shared": {…}, "dev": {…} }'));
      return undefined;
    }
    const current = this.state.get<string>(ENVIRONMENT_KEY);
    const picked = await vscode.window.showQuickPick(names.map((n) => ({ label: n, description: n === current ? vscode.l10n.t('current') : undefined })), {
      title: vscode.l10n.t('StreamGate: .http environment'), placeHolder: vscode.l10n.t('Variables from rest-client.environmentVariables ($shared is always included)'),
    });
    if (!picked) return undefined;
    await this.state.update(ENVIRONMENT_KEY, picked.label);
    this.recheckAll();
    return picked.label;
  }

  /** The CodeLens command: opens the console with request `index` of the file and sends it. */
  async streamRequest(uri?: string, index?: number): Promise<RunSummary | undefined> {
    const editor = vscode.window.activeTextEditor;
    const doc = uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)) : editor?.document;
    if (!doc || !isHttpDocument(doc)) throw new Error(vscode.l10n.t('Open a .http or .rest file and choose "Stream in StreamGate" above a request.'));
    const { environmentNames, requestAtLine, prepareBlock, HttpFileError } = await parser();
    // With environments defined but none picked yet, ask once (REST Client users expect to choose).
    const current = await this.environmentFor(doc);
    if (environmentNames(current.environments).length && !current.environment) {
      if (!(await this.selectEnvironment(doc.uri.toString()))) return undefined;
    }
    // Read after the pick above, so both steps use the environment just chosen.
    const opts = await this.environmentFor(doc);
    const analyzed = await this.analyze(doc, opts);
    this.publish(doc, analyzed);
    const block = index !== undefined ? analyzed.requests[index] : editor ? requestAtLine(analyzed, editor.selection.active.line) : undefined;
    if (!block) throw new Error(vscode.l10n.t('No request there: put the cursor in a request (between ### lines) or use the CodeLens above it.'));
    let prepared;
    try {
      prepared = await prepareBlock(doc.uri.fsPath, analyzed, block, opts);
    } catch (err) {
      if (!(err instanceof HttpFileError)) throw err;
      const first = err.diagnostics[0];
      const showProblems = vscode.l10n.t('Show Problems');
      const where = first ? vscode.l10n.t('(line {0}: {1})', first.line + 1, first.message) : err.message.split('\n')[1] ?? '';
      const choice = await vscode.window.showErrorMessage(`StreamGate: ${err.message.split('\n')[0]} ${where}`, showProblems);
      if (choice === showProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    }
    const body = typeof prepared.body === 'string' || prepared.body === undefined ? prepared.body : new TextDecoder().decode(prepared.body);
    const path = (() => { try { return new URL(prepared.url).pathname; } catch { return prepared.url; } })();
    const handle = await this.console().open({
      url: prepared.url, method: prepared.method, headers: prepared.headers, ...(body !== undefined ? { body } : {}),
      title: `${prepared.method} ${prepared.name ?? path}`,
    });
    return handle.send();
  }

  private recheckAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.check(doc);
    this.lensesChanged.fire();
  }

  private checkSoon(doc: vscode.TextDocument): void {
    if (!isHttpDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.check(doc); }, DIAGNOSTICS_DELAY_MS));
  }

  private check(doc: vscode.TextDocument): void {
    if (!isHttpDocument(doc)) return;
    // The document may change while the parser loads: analyze whatever it holds by then.
    this.analyze(doc).then((analyzed) => this.publish(doc, analyzed), (err: unknown) => {
      this.diagnostics.set(doc.uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), vscode.l10n.t('StreamGate could not check this file: {0}', err instanceof Error ? err.message : String(err)), vscode.DiagnosticSeverity.Warning)]);
    });
  }

  private publish(doc: vscode.TextDocument, analyzed: AnalyzedHttpFile): void {
    this.diagnostics.set(doc.uri, analyzed.allDiagnostics.map((d) => {
      const diagnostic = new vscode.Diagnostic(new vscode.Range(d.line, d.startColumn, d.line, d.endColumn), d.message, SEVERITY[d.severity]);
      diagnostic.source = 'StreamGate';
      return diagnostic;
    }));
  }

  /** Diagnostics currently shown for a file (tests read them). */
  diagnosticsFor(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.diagnostics.get(uri) ?? [];
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.diagnostics.dispose();
    this.lensesChanged.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
