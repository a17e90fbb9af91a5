// The console's webview panel host: builds the document under a strict CSP, validates every
// message from the webview, runs requests on the streaming engine (the host measures time) and
// streams the results to the webview in batches. Closing the panel aborts the running request.
import * as vscode from 'vscode';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { redactHeaders } from '../../core/auth';
import { runRequest } from '../../core/stream/engine';
import {
  DEFAULT_DISPLAY_WINDOW_BYTES, describeRejected, isWebviewToHost,
  type HostToWebview, type InvokeTarget, type Prefill, type RequestDraft, type RequestEcho, type RunSummary, type StoredRun,
  type WebviewToHost,
} from '../../shared/protocol';
import type { TransferMode } from '../../shared/model';
import { redactText } from '../../shared/redact';
import { readSettings } from '../platform/settings';
import { ChunkBatcher } from './chunkBatcher';
import { requestToCurl, requestToFetchReader, runToHar, runToJson } from './exporters';
import { buildConsoleHtml, createNonce } from './html';
import { functionLogsMessage, type FunctionTraceLookup } from './functionLogs';
import { draftToSpec } from './requestSpec';
import { downsampleMarks, MAX_STORED_MARKS, RunHistory } from './runHistory';

export const API_KEY_SECRET = 'streamgate.console.apiKey';
/** Request bodies longer than this are not kept in history (they may be large or sensitive). */
const MAX_STORED_REQUEST_BODY = 16 * 1024;
/** Spilled bodies kept for "Save body"; older temp files are deleted. */
const MAX_BODY_FILES = 5;
const WEBVIEW_READY_TIMEOUT_MS = 20_000;

export interface ConsoleOpenOptions extends Prefill { invokeTargets?: InvokeTarget[] }

interface ActiveRun { runId: string; controller: AbortController; done: Promise<RunSummary> }

export interface ConsolePanelDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  history: RunHistory;
  /** The local gateway's per-request function output (absent when no local gateway runs). */
  functionTrace?: FunctionTraceLookup;
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

export class ConsolePanel {
  readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  private prefill: Prefill = {};
  private invokeTargets: InvokeTarget[] = [];
  private draft: RequestDraft;
  private active: ActiveRun | undefined;
  private last: RunSummary | undefined;
  private readonly bodyFiles = new Map<string, string>();
  private disposed = false;

  constructor(private readonly deps: ConsolePanelDeps, options: ConsoleOpenOptions, onDispose: () => void) {
    const { context } = deps;
    const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel('streamgate.console', options.title ?? 'Request Console', vscode.ViewColumn.Active, {
      enableScripts: true,
      // A live stream keeps arriving while the tab is in the background; without this the
      // webview would be torn down and the run's live view lost.
      retainContextWhenHidden: true,
      localResourceRoots: [webviewRoot, vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'console.svg');
    const webview = this.panel.webview;
    webview.html = buildConsoleHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'console.js')).toString(),
      styleUris: ['codicon.css', 'console.css'].map((f) => webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, f)).toString()),
      title: options.title,
    });
    this.ready = new Promise((ok) => { this.markReady = ok; });
    this.draft = draftFromPrefill(options);
    this.setPrefill(options);
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      this.panel.onDidDispose(() => { this.dispose(); onDispose(); }),
    );
  }

  lastRun(): RunSummary | undefined { return this.last; }

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
  async send(): Promise<RunSummary> {
    await this.whenReady();
    return this.startRun(this.draft);
  }

  /** Resolves once the webview said `ready`; rejects if it has not loaded within `timeoutMs`. */
  whenReady(timeoutMs = WEBVIEW_READY_TIMEOUT_MS): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`the console webview did not load within ${timeoutMs / 1000} s (is dist/webview built?)`)), timeoutMs);
    });
    return Promise.race([this.ready, timeout]).finally(() => clearTimeout(timer));
  }

  private setPrefill(options: ConsoleOpenOptions): void {
    const { invokeTargets, ...prefill } = options;
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

  private async handle(msg: WebviewToHost): Promise<void> {
    const { history, context, log } = this.deps;
    switch (msg.type) {
      case 'ready':
        this.post({
          type: 'init', prefill: this.prefill, invokeTargets: this.invokeTargets,
          hasApiKey: (await context.secrets.get(API_KEY_SECRET)) !== undefined, history: history.entries(),
          displayWindowBytes: DEFAULT_DISPLAY_WINDOW_BYTES, longGapMs: readSettings().console.longGapMs,
        });
        this.markReady();
        return;
      case 'send':
        this.draft = msg.request;
        await this.startRun(msg.request);
        return;
      case 'abort':
        if (this.active && (msg.runId === undefined || msg.runId === this.active.runId)) this.active.controller.abort();
        return;
      case 'openRun': {
        const run = history.get(msg.runId);
        if (run) this.post({ type: 'runLoaded', run });
        else this.notice('warning', 'That run is no longer in the history.');
        return;
      }
      case 'compare': {
        const [a, b] = msg.runIds.map((id) => history.get(id));
        if (a && b) this.post({ type: 'compare', runs: [a, b] });
        else this.notice('warning', 'Pick two runs that are still in the history.');
        return;
      }
      case 'exportRun':
        await this.exportRun(msg.runId, msg.format);
        return;
      case 'copyRequest':
        await vscode.env.clipboard.writeText(msg.format === 'curl' ? requestToCurl(msg.request) : requestToFetchReader(msg.request));
        this.notice('info', msg.format === 'curl' ? 'Copied as curl.' : 'Copied as fetch-reader JavaScript.');
        return;
      case 'saveBody':
        await this.saveBody(msg.runId);
        return;
      case 'setApiKey': {
        const key = await vscode.window.showInputBox({
          title: 'StreamGate: API key', prompt: 'Sent as x-api-key. Stored in VS Code secret storage, never in settings.',
          password: true, ignoreFocusOut: true,
        });
        if (key?.trim()) await context.secrets.store(API_KEY_SECRET, key.trim());
        this.post({ type: 'apiKeyState', hasApiKey: (await context.secrets.get(API_KEY_SECRET)) !== undefined });
        return;
      }
      case 'clearApiKey':
        await context.secrets.delete(API_KEY_SECRET);
        this.post({ type: 'apiKeyState', hasApiKey: false });
        return;
      case 'deleteRun':
        await history.remove(msg.runId);
        this.post({ type: 'history', entries: history.entries() });
        return;
      case 'clearHistory':
        await history.clear();
        this.post({ type: 'history', entries: history.entries() });
        return;
      case 'webviewError':
        log.warn(`console webview: ${msg.message.slice(0, 500)}`);
        return;
    }
  }

  private transferModeFor(url: string): TransferMode | undefined {
    return this.prefill.url !== undefined && this.prefill.url.trim() === url.trim() ? this.prefill.transferMode : undefined;
  }

  private async startRun(draft: RequestDraft): Promise<RunSummary> {
    if (this.active) {
      this.active.controller.abort();
      await this.active.done.catch(() => undefined);
    }
    const runId = randomUUID();
    const controller = new AbortController();
    const done = this.execute(runId, draft, controller);
    this.active = { runId, controller, done };
    try {
      const summary = await done;
      this.last = summary;
      return summary;
    } finally {
      if (this.active?.runId === runId) this.active = undefined;
    }
  }

  private async execute(runId: string, draft: RequestDraft, controller: AbortController): Promise<RunSummary> {
    const { log, history } = this.deps;
    const settings = readSettings();
    const transferMode = this.transferModeFor(draft.url);
    const title = transferMode ? this.prefill.title : undefined;
    const startedAt = Date.now();
    // The echo is what history, exports and the log keep: a presigned URL's signature and
    // session token are masked there (the request itself is sent with the URL as typed).
    const echo: RequestEcho = { method: draft.method.toUpperCase(), url: redactText(draft.url), headers: {} };
    let spec;
    try {
      spec = await draftToSpec(draft, { getApiKey: async () => this.deps.context.secrets.get(API_KEY_SECRET), profile: settings.profile });
    } catch (err) {
      // An auth problem is a run that failed before it started: show it like one.
      const error = err instanceof Error ? err.message : String(err);
      this.post({ type: 'runStarted', runId, request: echo, startedAt, transferMode, title });
      const summary: RunSummary = { id: runId, status: null, outcome: 'error', ttfbMs: null, endMs: null, chunkCount: 0, bytes: 0, transferMode };
      this.post({ type: 'runEnded', runId, summary, error, bodySaved: false, displayTruncated: false,
        timing: { dnsMs: null, connectMs: null, tlsMs: null, requestSentMs: null, headersMs: null, ttfbMs: null, endMs: null } });
      log.warn(`console: ${echo.method} ${echo.url} not sent: ${error}`);
      return summary;
    }
    echo.method = spec.method;
    echo.headers = redactHeaders(spec.headers ?? {});
    if (typeof spec.body === 'string' && spec.body.length <= MAX_STORED_REQUEST_BODY) echo.body = spec.body;
    this.post({ type: 'runStarted', runId, request: echo, startedAt, transferMode, title });

    const batcher = new ChunkBatcher({ displayWindowBytes: DEFAULT_DISPLAY_WINDOW_BYTES, send: (chunks) => this.post({ type: 'chunks', runId, chunks }) });
    log.info(`console: ${echo.method} ${echo.url}`);
    const runStartPerf = performance.now(); // the engine's t0 is taken synchronously right after
    const result = await runRequest(spec, {
      onPhase: (phase, atMs) => this.post({ type: 'phase', runId, phase, atMs }),
      onHeaders: (status, headers, atMs) => this.post({ type: 'headers', runId, status, headers: redactHeaders(headers), atMs }),
      onChunk: (chunk, mark) => batcher.add(chunk, mark),
    }, {
      signal: controller.signal,
      maxTimeMs: settings.console.maxTimeSeconds * 1000,
      idleTimeoutMs: settings.console.idleTimeoutSeconds * 1000,
      spillToFile: true,
    }).finally(() => batcher.flush());
    batcher.dispose();

    const summary: RunSummary = {
      id: runId, status: result.status, outcome: result.outcome, ttfbMs: result.timing.ttfbMs, endMs: result.timing.endMs,
      chunkCount: result.chunks.length, bytes: result.bytes, transferMode,
    };
    if (result.bodyFile) await this.keepBodyFile(runId, result.bodyFile);
    this.post({ type: 'runEnded', runId, summary, timing: result.timing, error: result.error,
      bodySaved: result.bodyFile !== undefined, displayTruncated: batcher.truncated });
    const logs = functionLogsMessage(runId, result.headers, runStartPerf, this.deps.functionTrace);
    if (logs) this.post(logs);
    log.info(`console: ${echo.method} ${echo.url} → ${result.status ?? '-'} ${result.outcome} ` +
      `ttfb ${result.timing.ttfbMs?.toFixed(1) ?? '-'} ms, end ${result.timing.endMs?.toFixed(1) ?? '-'} ms, ` +
      `${result.chunks.length} chunks, ${result.bytes} B${result.error ? ` (${result.error})` : ''}`);

    const stored: StoredRun = {
      summary, title, startedAt, request: echo, responseHeaders: redactHeaders(result.headers), timing: result.timing,
      marks: downsampleMarks(result.chunks), marksDownsampled: result.chunks.length > MAX_STORED_MARKS, error: result.error,
    };
    await history.add(stored);
    this.post({ type: 'history', entries: history.entries() });
    return summary;
  }

  private async keepBodyFile(runId: string, file: string): Promise<void> {
    this.bodyFiles.set(runId, file);
    while (this.bodyFiles.size > MAX_BODY_FILES) {
      const [oldId, oldFile] = this.bodyFiles.entries().next().value as [string, string];
      this.bodyFiles.delete(oldId);
      await rm(oldFile, { force: true });
    }
  }

  private async exportRun(runId: string, format: 'json' | 'har'): Promise<void> {
    const run = this.deps.history.get(runId);
    if (!run) { this.notice('warning', 'That run is no longer in the history.'); return; }
    const text = format === 'json' ? runToJson(run) : runToHar(run, String(this.deps.context.extension.packageJSON.version ?? '0'));
    const target = await vscode.window.showSaveDialog({
      title: `Export run as ${format.toUpperCase()}`,
      filters: format === 'json' ? { JSON: ['json'] } : { HAR: ['har'] },
      defaultUri: vscode.Uri.joinPath(this.defaultFolder(), `streamgate-run-${runId.slice(0, 8)}.${format}`),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.notice('info', `Exported to ${target.fsPath}`);
  }

  private async saveBody(runId: string): Promise<void> {
    const file = this.bodyFiles.get(runId);
    if (!file) { this.notice('warning', 'The body of that run is no longer available (only the last few runs keep theirs).'); return; }
    const target = await vscode.window.showSaveDialog({
      title: 'Save response body', defaultUri: vscode.Uri.joinPath(this.defaultFolder(), `streamgate-body-${runId.slice(0, 8)}.bin`),
    });
    if (!target) return;
    await vscode.workspace.fs.copy(vscode.Uri.file(file), target, { overwrite: true });
    this.notice('info', `Saved body to ${target.fsPath}`);
  }

  private defaultFolder(): vscode.Uri {
    return vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Closing the console stops the socket at once.
    this.active?.controller.abort();
    for (const d of this.disposables) d.dispose();
    for (const file of this.bodyFiles.values()) void rm(file, { force: true }).catch(() => undefined);
    this.bodyFiles.clear();
  }
}
