// The console's controller: routes validated host messages to the views and coalesces all
// rendering into one pass per animation frame, so 10,000 chunks/s cost ~60 renders/s.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { BodyFormat, HostToWebview, RequestDraft, StoredRun } from '../src/shared/protocol';
import { BodyTabs } from './body/bodyTabs';
import { BytesChart } from './chart/bytesChart';
import { el, fmtMs, icon } from './dom';
import { RunData } from './state/runData';
import { computeStats, type RunStats } from './state/stats';
import { ChunkListView } from './views/chunkList';
import { CompareView } from './views/compareView';
import { HistoryView } from './views/historyView';
import { PhaseBarView } from './views/phaseBar';
import { RequestEditor, defaultDraft } from './views/requestEditor';
import { StatsView } from './views/statsView';
import { post, saveState } from './vscodeApi';

/** Percentiles and the chart are the costly parts; while live they refresh at most this often. */
const SLOW_REFRESH_MS = 250;

export class ConsoleApp {
  readonly element: HTMLElement;
  private run: RunData | undefined;
  private format: BodyFormat;
  private frame = 0;
  private lastSlowRefresh = 0;
  private stats: RunStats | undefined;
  private readonly editor: RequestEditor;
  private readonly statusLine: HTMLElement;
  private readonly runActions: HTMLElement;
  private readonly phases = new PhaseBarView();
  private readonly statsView = new StatsView();
  private readonly chart = new BytesChart();
  private readonly chunks = new ChunkListView();
  private readonly body = new BodyTabs();
  private readonly history: HistoryView;
  private readonly compare: CompareView;

  constructor(initialDraft: RequestDraft | undefined) {
    const draft = initialDraft ?? defaultDraft();
    this.format = draft.format;
    this.editor = new RequestEditor(draft, {
      send: (d) => post({ type: 'send', request: d }),
      abort: () => post({ type: 'abort', runId: this.run?.live ? this.run.runId : undefined }),
      copy: (d, format) => post({ type: 'copyRequest', request: d, format }),
      setApiKey: () => post({ type: 'setApiKey' }),
      clearApiKey: () => post({ type: 'clearApiKey' }),
      formatChanged: (f) => { this.format = f; this.body.reparse(f); this.schedule(); },
      draftChanged: (d) => saveState({ draft: d }),
    });
    this.history = new HistoryView({
      open: (runId) => post({ type: 'openRun', runId }),
      remove: (runId) => post({ type: 'deleteRun', runId }),
      compare: (a, b) => post({ type: 'compare', runIds: [a, b] }),
      clear: () => post({ type: 'clearHistory' }),
    });
    this.compare = new CompareView(() => this.compare.hide());
    this.statusLine = el('div', { className: 'status-bar', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.runActions = el('div', { className: 'run-actions' },
      this.action('export-json', 'json', 'Export JSON', () => this.withRun((id) => post({ type: 'exportRun', runId: id, format: 'json' }))),
      this.action('export-har', 'export', 'Export HAR', () => this.withRun((id) => post({ type: 'exportRun', runId: id, format: 'har' }))),
      this.action('save-body', 'save', 'Save body', () => this.withRun((id) => post({ type: 'saveBody', runId: id }))));
    this.element = el('main', { className: 'console' },
      this.editor.element,
      this.compare.element,
      el('section', { className: 'run', attrs: { 'aria-label': 'Response' } },
        el('div', { className: 'run-head' }, this.statusLine, this.runActions),
        this.phases.element, this.statsView.element, this.chart.element,
        el('div', { className: 'run-split' }, this.chunks.element, this.body.element)),
      this.history.element);
    this.showRun(undefined);
  }

  private action(id: string, codicon: string, label: string, run: () => void): HTMLElement {
    const b = el('vscode-button', { attrs: { secondary: '', 'data-action': id } }, icon(codicon), ` ${label}`);
    b.addEventListener('click', run);
    return b;
  }

  private withRun(f: (runId: string) => void): void {
    if (this.run?.ended) f(this.run.runId);
  }

  handle(msg: HostToWebview): void {
    switch (msg.type) {
      case 'init':
        if (msg.prefill) this.editor.applyPrefill(msg.prefill);
        this.editor.setTargets(msg.invokeTargets);
        this.editor.setApiKeyState(msg.hasApiKey);
        this.history.update(msg.history);
        if (msg.longGapMs !== undefined) this.chunks.longGapMs = msg.longGapMs;
        break;
      case 'prefill':
        this.editor.applyPrefill(msg.prefill);
        this.editor.setTargets(msg.invokeTargets);
        break;
      case 'runStarted':
        this.showRun(new RunData(msg.runId, msg.request, msg.startedAt, msg.transferMode, msg.title));
        this.editor.setRunning(true);
        break;
      case 'phase':
        if (this.isCurrent(msg.runId)) this.run!.timing[msg.phase] = msg.atMs;
        break;
      case 'headers':
        if (this.isCurrent(msg.runId)) {
          this.run!.status = msg.status;
          this.run!.responseHeaders = msg.headers;
          this.run!.timing.headersMs ??= msg.atMs;
          this.body.headersChanged();
        }
        break;
      case 'chunks':
        if (this.isCurrent(msg.runId)) this.run!.addChunks(msg.chunks);
        break;
      case 'runEnded':
        if (this.isCurrent(msg.runId)) {
          const run = this.run!;
          run.timing = msg.timing;
          run.ended = { summary: msg.summary, error: msg.error, bodySaved: msg.bodySaved, displayTruncated: msg.displayTruncated };
          run.status = msg.summary.status;
          this.editor.setRunning(false);
          this.body.runEnded();
          this.lastSlowRefresh = 0;
        }
        break;
      case 'history':
        this.history.update(msg.entries);
        break;
      case 'runLoaded':
        this.showStored(msg.run);
        break;
      case 'compare':
        this.compare.show(msg.runs);
        this.compare.element.scrollIntoView?.({ block: 'nearest' });
        break;
      case 'apiKeyState':
        this.editor.setApiKeyState(msg.hasApiKey);
        break;
      case 'functionLogs':
        if (this.run?.runId === msg.runId) this.body.logs.show(msg.lines, msg.coldStart);
        return;
      case 'notice':
        this.statusLine.textContent = msg.message;
        this.statusLine.dataset.level = msg.level;
        return;
    }
    this.schedule();
  }

  private isCurrent(runId: string): boolean {
    return this.run !== undefined && this.run.runId === runId && this.run.live;
  }

  private showStored(run: StoredRun): void {
    if (this.run?.live) return; // never replace a run that is still streaming
    this.showRun(RunData.fromStored(run));
  }

  private showRun(run: RunData | undefined): void {
    this.run = run;
    this.stats = undefined;
    this.lastSlowRefresh = 0;
    this.chunks.show(run);
    this.body.show(run, this.format);
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const run = this.run;
    const now = performance.now();
    const slow = !run?.live || now - this.lastSlowRefresh >= SLOW_REFRESH_MS;
    if (run) {
      const fresh = computeStats(run, run.timing, run.totalBytes, slow);
      if (!slow && this.stats) { fresh.p95GapMs = this.stats.p95GapMs; fresh.maxGapMs = this.stats.maxGapMs; }
      if (run.ended && run.stored) fresh.chunkCount = run.ended.summary.chunkCount;
      this.stats = fresh;
    }
    this.statusLine.textContent = this.describe(run);
    this.statusLine.dataset.level = run?.ended?.error ? 'error' : '';
    this.runActions.hidden = !run?.ended;
    this.phases.update(run?.timing ?? { dnsMs: null, connectMs: null, tlsMs: null, requestSentMs: null, headersMs: null, ttfbMs: null, endMs: null },
      run && run.count > 0 ? run.atMs(run.count - 1) : null);
    this.statsView.update(this.stats);
    this.chunks.update(this.stats?.meanGapMs ?? null);
    this.body.render();
    if (slow) {
      this.lastSlowRefresh = now;
      const [xs, ys] = run ? run.cumulativeSeries(2000) : [[], []];
      this.chart.update(run ? [{ label: run.title ?? run.request.url, xs, ys }] : []);
    }
    // Keep refreshing while live so throttled parts catch up even when data pauses.
    if (run?.live && !slow) this.schedule();
  }

  private describe(run: RunData | undefined): string {
    if (!run) return 'Ready.';
    const head = `${run.request.method} ${run.request.url}`;
    const mode = run.transferMode ? ` · ${run.transferMode}` : '';
    const status = run.status === null ? '' : ` → ${run.status}`;
    if (run.live) return `${head}${mode}${status} · receiving… ${run.count} chunks`;
    const e = run.ended!;
    const outcome = e.summary.outcome === 'complete' ? `done in ${fmtMs(e.summary.endMs)}` : e.summary.outcome;
    const lost = run.seqGaps > 0 ? ` · ${run.seqGaps} chunks missing` : '';
    return `${head}${mode}${status} · ${outcome}${e.error ? `: ${e.error}` : ''}${lost}`;
  }
}
