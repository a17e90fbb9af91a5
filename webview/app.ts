// The console's controller: routes validated host messages to the views and coalesces all
// rendering into one pass per animation frame, so 10,000 chunks/s cost ~60 renders/s.
// Layout: the request editor, then tabs — the run, the history, the comparison — so History
// and Compare are one click away however long the run is.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { BodyFormat, HostToWebview, InvokeTarget, Prefill, SavedConsoleState, StoredRun } from '../src/shared/protocol';
import { emptyTimings } from '../src/shared/timings';
import type { TraceHop } from '../src/shared/lanes';
import { modeDiffers } from '../src/shared/runMode';
import { BodyTabs } from './body/bodyTabs';
import { BytesChart } from './chart/bytesChart';
import { el, icon } from './dom';
import * as l10n from '@vscode/l10n';
import { describeRun, describeRunMode, isErrorSummary } from './runSummary';
import { RunData } from './state/runData';
import { computeStats, type RunStats } from './state/stats';
import { ChunkListView } from './views/chunkList';
import { CompareView } from './views/compareView';
import { HistoryView } from './views/historyView';
import { LanesView } from './views/lanesView';
import { PhaseBarView } from './views/phaseBar';
import { RequestEditor, defaultDraft } from './views/requestEditor';
import { StatsView } from './views/statsView';
import { ViewTabs } from './views/viewTabs';
import { post, saveState } from './vscodeApi';

/** Percentiles and the chart are the costly parts; while live they refresh at most this often. */
const SLOW_REFRESH_MS = 250;
/** Feedback (copied, saved, deleted…) stays this long, in its own line. */
const FEEDBACK_MS = 6000;

export class ConsoleApp {
  readonly element: HTMLElement;
  private run: RunData | undefined;
  private format: BodyFormat;
  private frame = 0;
  private lastSlowRefresh = 0;
  private stats: RunStats | undefined;
  private feedbackTimer: ReturnType<typeof setTimeout> | undefined;
  private saved: SavedConsoleState;
  private readonly editor: RequestEditor;
  private readonly statusLine: HTMLElement;
  private readonly modeLine: HTMLElement;
  private readonly modeText: HTMLElement;
  private readonly explainButton: HTMLElement;
  private readonly feedback: HTMLElement;
  private readonly runActions: HTMLElement;
  private readonly phases = new PhaseBarView();
  private readonly statsView = new StatsView();
  private readonly chart = new BytesChart();
  private readonly lanes: LanesView;
  private readonly graphSwitch: ViewTabs;
  /** The lanes are redrawn only when the run or its trace changes, not every frame. */
  private lanesShown: unknown[] | undefined;
  private readonly chunks = new ChunkListView();
  private readonly body = new BodyTabs();
  private readonly history: HistoryView;
  private readonly compare: CompareView;
  private readonly tabs: ViewTabs;

  constructor(initial: SavedConsoleState | undefined) {
    const draft = initial?.draft ?? defaultDraft();
    this.saved = { draft, prefill: initial?.prefill, invokeTargets: initial?.invokeTargets };
    this.format = draft.format;
    this.editor = new RequestEditor(draft, {
      send: (d) => post({ type: 'send', request: d }),
      abort: () => post({ type: 'abort', runId: this.run?.live ? this.run.runId : undefined }),
      copy: (d, format) => post({ type: 'copyRequest', request: d, format }),
      setApiKey: () => post({ type: 'setApiKey' }),
      clearApiKey: () => post({ type: 'clearApiKey' }),
      formatChanged: (f) => { this.format = f; this.body.reparse(f); this.schedule(); },
      draftChanged: (d) => this.save({ draft: d }),
    });
    this.history = new HistoryView({
      open: (runId) => { post({ type: 'openRun', runId }); this.tabs.select('run'); },
      remove: (runId) => post({ type: 'deleteRun', runId }),
      compare: (a, b) => post({ type: 'compare', runIds: [a, b] }),
      clear: () => post({ type: 'clearHistory' }),
    });
    this.compare = new CompareView(() => { this.compare.hide(); this.tabs.select('history'); }, {
      fix: (runId, hop) => post({ type: 'traceFix', runId, hop }),
      enableAccessLog: (runId) => post({ type: 'enableAccessLog', runId }),
    });
    this.lanes = new LanesView({
      fix: (hop) => this.withRun((id) => post({ type: 'traceFix', runId: id, hop })),
      enableAccessLog: () => this.withRun((id) => post({ type: 'enableAccessLog', runId: id })),
    });
    this.graphSwitch = new ViewTabs([
      { id: 'chart', label: l10n.t('Bytes over time'), panel: this.chart.element },
      { id: 'hops', label: l10n.t('Hops'), panel: this.lanes.element },
    ], { label: l10n.t('Run graphs'), className: 'view-tabs graph-tabs' });
    this.statusLine = el('div', { className: 'status-bar', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.modeText = el('span', { className: 'mode-text' });
    this.explainButton = el('vscode-button', { attrs: { secondary: '', 'data-action': 'explain-arrival', title: l10n.t('Ask the streaming doctor why this STREAM run arrived buffered') } },
      icon('question'), ` ${l10n.t('Why buffered?')}`);
    this.explainButton.addEventListener('click', () => this.withRun((id) => post({ type: 'explainArrival', runId: id })));
    this.modeLine = el('div', { className: 'mode-line' }, this.modeText, this.explainButton);
    this.feedback = el('div', { className: 'feedback', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.runActions = el('div', { className: 'run-actions' },
      this.action('export-json', 'json', l10n.t('Export JSON'), () => this.withRun((id) => post({ type: 'exportRun', runId: id, format: 'json' }))),
      this.action('export-har', 'export', l10n.t('Export HAR'), () => this.withRun((id) => post({ type: 'exportRun', runId: id, format: 'har' }))),
      this.action('save-body', 'save', l10n.t('Save body'), () => this.withRun((id) => post({ type: 'saveBody', runId: id }))));
    const runSection = el('section', { className: 'run', attrs: { 'aria-label': l10n.t('Response') } },
      el('div', { className: 'run-head' }, this.statusLine, this.runActions),
      this.modeLine, this.feedback,
      this.phases.element, this.statsView.element, this.graphSwitch.element,
      el('div', { className: 'run-split' }, this.chunks.element, this.body.element));
    this.tabs = new ViewTabs([
      { id: 'run', label: l10n.t('Response'), panel: runSection },
      { id: 'history', label: l10n.t('History'), panel: this.history.element },
      { id: 'compare', label: l10n.t('Compare'), panel: this.compare.element },
    ]);
    this.element = el('main', { className: 'console' }, this.editor.element, this.tabs.element);
    this.showRun(undefined);
  }

  private save(part: Partial<SavedConsoleState>): void {
    this.saved = { ...this.saved, ...part };
    saveState(this.saved);
  }

  private action(id: string, codicon: string, label: string, run: () => void): HTMLElement {
    const b = el('vscode-button', { attrs: { secondary: '', 'data-action': id } }, icon(codicon), ` ${label}`);
    b.addEventListener('click', () => { if (!b.hasAttribute('disabled')) run(); });
    return b;
  }

  private withRun(f: (runId: string) => void): void {
    if (this.run?.ended) f(this.run.runId);
  }

  private remember(prefill: Prefill | undefined, invokeTargets: InvokeTarget[]): void {
    this.save({ prefill, invokeTargets });
  }

  handle(msg: HostToWebview): void {
    switch (msg.type) {
      case 'init':
        if (msg.prefill) this.editor.applyPrefill(msg.prefill);
        this.editor.setTargets(msg.invokeTargets);
        this.editor.setApiKeyState(msg.hasApiKey);
        this.history.update(msg.history);
        this.tabs.setCount('history', msg.history.length);
        this.chunks.longGapMs = msg.longGapMs;
        this.remember(msg.prefill, msg.invokeTargets);
        break;
      case 'prefill':
        this.editor.applyPrefill(msg.prefill);
        this.editor.setTargets(msg.invokeTargets);
        this.remember(msg.prefill, msg.invokeTargets);
        break;
      case 'runStarted':
        this.showRun(new RunData(msg.runId, msg.request, msg.startedAt, msg.mode, msg.title));
        this.editor.setRunning(true);
        this.tabs.select('run');
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
        if (this.isCurrent(msg.runId)) {
          const dropped = this.run!.addBatch(msg.firstSeq, msg.count, msg.buffer);
          if (dropped) post({ type: 'webviewError', message: `dropped a malformed chunk batch: ${dropped}` });
        }
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
        this.tabs.setCount('history', msg.entries.length);
        break;
      case 'runLoaded':
        this.showStored(msg.run);
        break;
      case 'compare':
        this.compare.show(msg.runs);
        this.tabs.select('compare');
        break;
      case 'apiKeyState':
        this.editor.setApiKeyState(msg.hasApiKey);
        break;
      case 'trace':
        if (this.run?.runId === msg.runId) { this.run.trace = msg.trace; this.run.traceNotice = undefined; }
        break;
      case 'traceStatus':
        if (this.run?.runId === msg.runId) this.run.traceNotice = { state: msg.state, message: msg.message, stage: msg.stage };
        break;
      case 'functionLogs':
        if (this.run?.runId === msg.runId) this.body.logs.show(msg.lines, msg.coldStart);
        return;
      case 'notice':
        // Feedback has its own line: the run's status line and buttons stay where they are.
        this.feedback.textContent = msg.message;
        this.feedback.dataset.level = msg.level;
        clearTimeout(this.feedbackTimer);
        this.feedbackTimer = setTimeout(() => { this.feedback.textContent = ''; delete this.feedback.dataset.level; }, FEEDBACK_MS);
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
    // The Hops tab's label names the shown run's verdict: change it with the body, not a frame later.
    this.renderLanes();
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
    const failed = run?.ended !== undefined && isErrorSummary(run.ended.summary);
    this.statusLine.textContent = describeRun(run);
    this.statusLine.dataset.level = failed ? 'error' : '';
    this.renderMode(run);
    this.renderActions(run, failed);
    this.phases.update(run?.timing ?? emptyTimings(), run && run.count > 0 ? run.atMs(run.count - 1) : null, failed);
    this.statsView.update(this.stats);
    this.chunks.update(this.stats?.meanGapMs ?? null);
    this.body.render();
    this.renderLanes();
    if (slow) {
      this.lastSlowRefresh = now;
      const [xs, ys] = run ? run.cumulativeSeries(2000) : [[], []];
      this.chart.update(run ? [{ label: run.title ?? run.request.url, xs, ys }] : []);
    }
    // Keep refreshing while live so throttled parts catch up even when data pauses.
    if (run?.live && !slow) this.schedule();
  }

  private renderLanes(): void {
    const run = this.run;
    // `live` too: ending a run changes the same RunData, and a run with no trace to read must drop the "reading" notice.
    const key = [run, run?.live, run?.trace, run?.traceNotice];
    const last = this.lanesShown;
    if (last && key.every((k, i) => k === last[i])) return;
    this.lanesShown = key;
    const s = run?.ended?.summary;
    this.lanes.show(run?.trace && run.ended ? { trace: run.trace, client: run, mode: s?.mode, endMs: s?.endMs } : undefined,
      run?.traceNotice ?? (run?.live ? { state: 'reading', message: l10n.t('The hops appear when the run ends.') } : undefined));
    this.graphSwitch.setSuffix('hops', hopSuffix(run?.trace?.diagnosis.hop));
  }

  private renderMode(run: RunData | undefined): void {
    const text = describeRunMode(run);
    this.modeText.textContent = text;
    this.modeLine.hidden = text === '';
    this.modeLine.dataset.level = modeDiffers(run?.mode) ? 'warning' : '';
    const s = run?.ended?.summary;
    this.explainButton.hidden = !(s && s.mode?.configured === 'STREAM' && s.arrival === 'buffered');
  }

  /** Hidden while live; Save body only when there is a body; Export only when a response came. */
  private renderActions(run: RunData | undefined, failed: boolean): void {
    const ended = run?.ended;
    this.runActions.hidden = !ended;
    const [json, har, save] = [...this.runActions.children] as HTMLElement[];
    const noResponse = !ended || ended.summary.status === null;
    json.toggleAttribute('disabled', noResponse);
    har.toggleAttribute('disabled', noResponse);
    // A failed run's body is the gateway's error, not the response asked for: nothing to save.
    const noBody = !ended?.bodySaved || run?.stored !== undefined || failed;
    save.toggleAttribute('disabled', noBody);
    save.title = run?.stored ? l10n.t('History keeps no bodies') : failed ? l10n.t('The run failed: there is no response body to save (the reason is in the summary)')
      : noBody ? l10n.t('This run has no body') : l10n.t('Save the whole body to a file');
  }
}

/** The Hops tab says where the body was held back, so a person sees it without opening the tab. */
function hopSuffix(hop: TraceHop | undefined): string | undefined {
  return hop === undefined ? undefined : hop === 'none' ? `· ${l10n.t('streamed')}`
    : `· ${hop === 'between' ? l10n.t('buffered at a hop in between') : hop === 'function' ? l10n.t('buffered at the function') : l10n.t('buffered at the gateway')}`;
}
