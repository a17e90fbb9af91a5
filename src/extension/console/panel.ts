// The console's webview panel host: builds the document under a strict CSP, validates every
// message from the webview and answers it with VS Code (dialogs, clipboard, secrets). Runs go
// through RunLifecycle (runLifecycle.ts, no vscode); before each Send the panel asks what the
// stage serves and warns when it differs from the configuration. Closing the panel aborts the run.
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import {
  describeRejected, isWebviewToHost,
  type ConsoleOpenOptions, type HostToWebview, type InvokeTarget, type MethodTarget, type Prefill, type RequestDraft, type RunMode,
  type RunSummary, type StoredRun, type WebviewToHost,
} from '../../shared/protocol';
import { describeMode, modeDiffers } from '../../shared/runMode';
import { readSettings } from '../platform/settings';
import { requestToCurl, requestToFetchReader, runToHar, runToJson } from './exporters';
import { bodyFileName, exportFileName } from './fileNames';
import { buildConsoleHtml, createNonce } from './html';
import type { FunctionTraceLookup } from './functionLogs';
import { RunLifecycle } from './runLifecycle';
import type { RunHistory } from './runHistory';
import type { TraceReader } from './runTrace';
import type { TraceHop, TraceLanes } from '../../shared/lanes';

export const API_KEY_SECRET = 'streamgate.console.apiKey';
export const CONSOLE_VIEW_TYPE = 'streamgate.console';
const WEBVIEW_READY_TIMEOUT_MS = 20_000;

/** What the stage behind a console URL serves, and the actions the console offers around it. */
export interface StageModes {
  resolve(target: MethodTarget, stage: string): Promise<RunMode | undefined>;
  deploy(target: MethodTarget, stage: string): Promise<void>;
  explainArrival(target: MethodTarget, stage: string, run: StoredRun): Promise<void>;
  /** The Hops view's doctor link for the hop the run's trace blames. */
  explainTrace(target: MethodTarget, stage: string, run: StoredRun, hop: TraceHop): Promise<void>;
  /** Turns access logging on for a stage (after asking), so the next run's hops can be read on AWS. */
  enableAccessLog?(target: MethodTarget, stage: string): Promise<boolean>;
}

export interface ConsolePanelDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  history: RunHistory;
  modes?: StageModes;
  /** The local gateway's per-request function output (the console's Logs tab). */
  functionTrace?: FunctionTraceLookup;
  /** The local gateway's reason for an error response, by its x-amzn-RequestId. */
  gatewayErrorDetail?: (requestId: string) => string | undefined;
  /** Reads a run's request trace for the Hops view. */
  readTrace?: TraceReader;
}

function draftFromPrefill(p: Prefill, previous?: RequestDraft): RequestDraft {
  return {
    method: (p.method ?? previous?.method ?? 'GET').toUpperCase(),
    url: p.url ?? previous?.url ?? '',
    headers: p.headers ? Object.entries(p.headers).map(([name, value]) => ({ name, value, enabled: true })) : previous?.headers ?? [],
    body: p.body ?? previous?.body ?? '',
    auth: previous?.auth ?? { kind: 'none' },
    format: previous?.format ?? 'auto',
  };
}

export function createConsoleWebviewPanel(context: vscode.ExtensionContext, title: string | undefined): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(CONSOLE_VIEW_TYPE, title ?? vscode.l10n.t('Request Console'), vscode.ViewColumn.Active, {
    enableScripts: true,
    // A live stream keeps arriving while the tab is in the background; without this the
    // webview would be torn down and the run's live view lost.
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
  });
}

export class ConsolePanel {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  private prefill: Prefill = {};
  private invokeTargets: InvokeTarget[] = [];
  private draft: RequestDraft;
  private readonly runs: RunLifecycle;
  private disposed = false;

  /** `panel` is new, or one VS Code restored after a reload (WebviewPanelSerializer). */
  constructor(readonly panel: vscode.WebviewPanel, private readonly deps: ConsolePanelDeps, options: ConsoleOpenOptions, onDispose: () => void) {
    const { context } = deps;
    const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot, vscode.Uri.joinPath(context.extensionUri, 'media')] };
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'console.svg');
    const webview = panel.webview;
    webview.html = buildConsoleHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'console.js')).toString(),
      styleUris: ['codicon.css', 'console.css'].map((f) => webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, f)).toString()),
      title: options.title ?? vscode.l10n.t('Request Console'),
      // The webview words its labels from the same bundle VS Code picked for the extension.
      lang: vscode.env.language,
      l10nBundle: vscode.l10n.bundle,
    });
    this.ready = new Promise((ok) => { this.markReady = ok; });
    this.draft = draftFromPrefill(options);
    this.setPrefill(options);
    this.runs = new RunLifecycle({
      post: (m) => this.post(m), history: deps.history, log: deps.log,
      getApiKey: async () => context.secrets.get(API_KEY_SECRET),
      settings: () => { const s = readSettings(); return { ...s.console, profile: s.profile }; },
      functionTrace: deps.functionTrace,
      gatewayErrorDetail: deps.gatewayErrorDetail,
      readTrace: deps.readTrace,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidDispose(() => { this.dispose(); onDispose(); }),
    );
  }

  lastRun(): RunSummary | undefined { return this.runs.lastRun(); }
  lastRunTrace(): Promise<TraceLanes | undefined> { return this.runs.lastRunTrace(); }

  /** Shows new prefill (from the tree or a command) in an already open console. */
  async update(options: ConsoleOpenOptions): Promise<void> {
    this.draft = draftFromPrefill(options, this.draft);
    this.setPrefill(options);
    if (options.title) this.panel.title = options.title;
    this.panel.reveal();
    await this.whenReady();
    this.post({ type: 'prefill', prefill: this.prefill, invokeTargets: this.invokeTargets });
  }

  /** Sends the current request (the editor's latest draft) and resolves when the run ends. */
  async send(): Promise<RunSummary | undefined> {
    await this.whenReady();
    return this.sendDraft(this.draft);
  }

  /** Resolves once the webview said `ready`; rejects if it has not loaded within `timeoutMs`. */
  whenReady(timeoutMs = WEBVIEW_READY_TIMEOUT_MS): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(vscode.l10n.t('the console webview did not load within {0} s (is dist/webview built?)', timeoutMs / 1000))), timeoutMs);
    });
    return Promise.race([this.ready, timeout]).finally(() => clearTimeout(timer));
  }

  private setPrefill(options: ConsoleOpenOptions): void {
    const { invokeTargets, ...prefill } = options;
    // A new URL without a method target (e.g. from the palette) must not inherit the old one.
    this.prefill = prefill;
    if (invokeTargets) this.invokeTargets = invokeTargets;
  }

  private post(msg: HostToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(msg);
  }

  private notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.post({ type: 'notice', level, message });
  }

  private receive(raw: unknown): void {
    if (!isWebviewToHost(raw)) {
      this.deps.log.warn(`console: dropped invalid message from the webview (${describeRejected(raw)})`);
      return;
    }
    void this.handle(raw).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`console: ${raw.type} failed: ${message}`);
      this.notice('error', message);
    });
  }

  /** The stage of the invoke target whose URL the draft uses (ignoring a query string). */
  private stageFor(url: string): string | undefined {
    const base = (u: string) => u.trim().split('?')[0];
    return this.invokeTargets.find((t) => base(t.url) === base(url))?.stage;
  }

  private async resolveMode(url: string): Promise<{ target: MethodTarget; stage: string; mode: RunMode | undefined } | undefined> {
    const target = this.prefill.target;
    const stage = this.stageFor(url);
    if (!target || !stage || !this.deps.modes) return undefined;
    try {
      return { target, stage, mode: await this.deps.modes.resolve(target, stage) };
    } catch (err) {
      this.deps.log.warn(`console: could not read what ${stage} serves: ${err instanceof Error ? err.message : String(err)}`);
      return { target, stage, mode: undefined };
    }
  }

  /** Records at Send what the stage serves; warns first (offering Deploy) when that is not the configuration. */
  private async sendDraft(draft: RequestDraft): Promise<RunSummary | undefined> {
    let resolved = await this.resolveMode(draft.url);
    if (resolved?.mode && modeDiffers(resolved.mode) && this.deps.modes) {
      const { target, stage } = resolved;
      const deploy = vscode.l10n.t('Deploy to {0} and Send', stage);
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} has changes not deployed: {1}.', `${target.httpMethod} ${target.path}`, describeMode(resolved.mode)),
        { modal: true, detail: vscode.l10n.t('Deploy first to measure what you configured, or send to see what {0} serves now.', stage) }, deploy, vscode.l10n.t('Send Anyway'));
      if (pick === undefined) { this.notice('info', vscode.l10n.t('Not sent.')); return undefined; }
      if (pick === deploy) {
        await this.deps.modes.deploy(target, stage);
        resolved = await this.resolveMode(draft.url);
      }
    }
    // Named after what was sent (the URL may have been edited since the console was opened).
    const title = resolved ? `${draft.method.toUpperCase()} ${resolved.target.path}` : requestTitle(draft.method, draft.url);
    this.panel.title = title ?? vscode.l10n.t('Request Console');
    return this.runs.start(draft, { mode: resolved?.mode, title, target: resolved?.target });
  }

  private async handle(msg: WebviewToHost): Promise<void> {
    const { history, context, log } = this.deps;
    switch (msg.type) {
      case 'ready':
        this.post({
          type: 'init', prefill: this.prefill, invokeTargets: this.invokeTargets,
          hasApiKey: (await context.secrets.get(API_KEY_SECRET)) !== undefined, history: history.entries(),
          longGapMs: readSettings().console.longGapMs,
        });
        this.markReady();
        return;
      case 'send':
        this.draft = msg.request;
        await this.sendDraft(msg.request);
        return;
      case 'abort':
        this.runs.abort(msg.runId);
        return;
      case 'openRun': {
        const run = history.get(msg.runId);
        if (run) this.post({ type: 'runLoaded', run });
        else this.notice('warning', vscode.l10n.t('That run is no longer in the history.'));
        return;
      }
      case 'compare': {
        const [a, b] = msg.runIds.map((id) => history.get(id));
        if (a && b) this.post({ type: 'compare', runs: [a, b] });
        else this.notice('warning', vscode.l10n.t('Pick two runs that are still in the history.'));
        return;
      }
      case 'exportRun':
        await this.exportRun(msg.runId, msg.format);
        return;
      case 'copyRequest':
        await vscode.env.clipboard.writeText(msg.format === 'curl' ? requestToCurl(msg.request) : requestToFetchReader(msg.request));
        this.notice('info', msg.format === 'curl' ? vscode.l10n.t('Copied as curl.') : vscode.l10n.t('Copied as fetch-reader JavaScript.'));
        return;
      case 'saveBody':
        await this.saveBody(msg.runId);
        return;
      case 'explainArrival':
        await this.explainArrival(msg.runId);
        return;
      case 'traceFix':
        await this.explainArrival(msg.runId, msg.hop);
        return;
      case 'enableAccessLog':
        await this.enableAccessLog(msg.runId);
        return;
      case 'setApiKey': {
        const key = await vscode.window.showInputBox({
          title: vscode.l10n.t('StreamGate: API key'), prompt: vscode.l10n.t('Sent as x-api-key. Stored in VS Code secret storage, never in settings.'),
          password: true, ignoreFocusOut: true,
        });
        if (key?.trim()) await context.secrets.store(API_KEY_SECRET, key.trim());
        const hasApiKey = (await context.secrets.get(API_KEY_SECRET)) !== undefined;
        this.post({ type: 'apiKeyState', hasApiKey });
        if (key?.trim()) this.notice('info', vscode.l10n.t('API key stored in VS Code secret storage.'));
        return;
      }
      case 'clearApiKey':
        await context.secrets.delete(API_KEY_SECRET);
        this.post({ type: 'apiKeyState', hasApiKey: false });
        this.notice('info', vscode.l10n.t('API key forgotten.'));
        return;
      case 'deleteRun':
        await history.remove(msg.runId);
        this.post({ type: 'history', entries: history.entries() });
        this.notice('info', vscode.l10n.t('Run deleted from history.'));
        return;
      case 'clearHistory':
        await history.clear();
        this.post({ type: 'history', entries: history.entries() });
        this.notice('info', vscode.l10n.t('History cleared.'));
        return;
      case 'webviewError':
        log.warn(`console webview: ${msg.message.slice(0, 500)}`);
        return;
    }
  }

  /** "Why buffered?" (no hop) or the Hops view's doctor link for one hop. */
  private async explainArrival(runId: string, hop?: TraceHop): Promise<void> {
    const run = this.deps.history.get(runId);
    const target = this.prefill.target;
    const stage = run?.summary.mode?.stage;
    if (!run || !target || !stage || !this.deps.modes) {
      this.notice('warning', vscode.l10n.t('The doctor needs a run sent to a method of the tree (open the console from the method).'));
      return;
    }
    if (hop) await this.deps.modes.explainTrace(target, stage, run, hop);
    else await this.deps.modes.explainArrival(target, stage, run);
  }

  private async enableAccessLog(runId: string): Promise<void> {
    const stage = this.deps.history.get(runId)?.summary.mode?.stage;
    const target = this.prefill.target;
    if (!stage || !target || !this.deps.modes?.enableAccessLog) {
      this.notice('warning', vscode.l10n.t('Open the console from a method of the tree to turn on its stage\'s access log.'));
      return;
    }
    if (await this.deps.modes.enableAccessLog(target, stage)) this.notice('info', vscode.l10n.t('Access logging is on for stage {0}: send the request again to see its hops.', stage));
    else this.notice('info', vscode.l10n.t('Access logging left as it was.'));
  }

  private async exportRun(runId: string, format: 'json' | 'har'): Promise<void> {
    const run = this.deps.history.get(runId);
    if (!run) { this.notice('warning', vscode.l10n.t('That run is no longer in the history.')); return; }
    const text = format === 'json' ? runToJson(run) : runToHar(run, String(this.deps.context.extension.packageJSON.version ?? '0'));
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export run as {0}', format.toUpperCase()),
      filters: format === 'json' ? { JSON: ['json'] } : { HAR: ['har'] },
      defaultUri: vscode.Uri.joinPath(this.defaultFolder(), exportFileName(namedRun(run), format)),
    });
    if (!target) { this.notice('info', vscode.l10n.t('Export cancelled.')); return; }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.notice('info', vscode.l10n.t('Exported to {0}', target.fsPath));
  }

  private async saveBody(runId: string): Promise<void> {
    const file = this.runs.bodyFile(runId);
    const run = this.deps.history.get(runId);
    if (!file || !run) { this.notice('warning', vscode.l10n.t('The body of that run is no longer available (only the last few runs keep theirs).')); return; }
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save response body'), defaultUri: vscode.Uri.joinPath(this.defaultFolder(), bodyFileName(namedRun(run))),
    });
    if (!target) { this.notice('info', vscode.l10n.t('Save cancelled.')); return; }
    await vscode.workspace.fs.copy(vscode.Uri.file(file), target, { overwrite: true });
    this.notice('info', vscode.l10n.t('Saved body to {0}', target.fsPath));
  }

  /** The save dialog opens in the user's home folder: nothing is written to the workspace unasked. */
  private defaultFolder(): vscode.Uri {
    return vscode.Uri.file(homedir());
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Closing the console stops the socket at once.
    this.runs.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function namedRun(run: StoredRun) {
  return { method: run.request.method, url: run.request.url, startedAt: run.startedAt, responseHeaders: run.responseHeaders };
}

/** "GET /download" for a URL no known method matches: the local invoke path, else the URL's path. */
function requestTitle(method: string, url: string): string | undefined {
  try {
    const { pathname } = new URL(url);
    return `${method.toUpperCase()} ${pathname.split('/_user_request_')[1] || pathname}`;
  } catch {
    return undefined;
  }
}
