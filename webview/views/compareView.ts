// Two runs side by side (typically BUFFERED vs STREAM): both timelines on one chart, each run's
// phases and stats next to the other's, and both runs' hops (A above B) on one time axis.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { StoredRun } from '../../src/shared/protocol';
import type { TraceHop } from '../../src/shared/lanes';
import { BytesChart } from '../chart/bytesChart';
import { el, icon } from '../dom';
import * as l10n from '@vscode/l10n';
import { isErrorSummary, modeBadge, requestHead } from '../runSummary';
import { outcomeWord } from '../../src/shared/outcomeWords';
import { RunData } from '../state/runData';
import { computeStats } from '../state/stats';
import { PhaseBarView } from './phaseBar';
import { StatsView } from './statsView';
import { axisRange, LanesView, type LanesInput } from './lanesView';

export interface CompareEvents {
  fix(runId: string, hop: TraceHop): void;
  enableAccessLog(runId: string): void;
}

/** "A STREAM · arrived streamed · GET /chat". */
export function runLabel(run: StoredRun, index: number): string {
  const badge = modeBadge(run.summary);
  return `${index === 0 ? 'A' : 'B'}${badge ? ` ${badge}` : ''} · ${requestHead(run.request.method, run.request.url, run.title)}`;
}

export class CompareView {
  readonly element: HTMLElement;
  private readonly chart = new BytesChart();
  private readonly columns: HTMLElement;
  private readonly placeholder: HTMLElement;
  private readonly content: HTMLElement;
  private readonly lanes: [LanesView, LanesView];
  private readonly lanesSection: HTMLElement;
  private runIds: [string, string] = ['', ''];

  constructor(onClose: () => void, events: CompareEvents) {
    const close = el('vscode-button', { attrs: { secondary: '', 'data-action': 'close-compare' } }, icon('close'), ` ${l10n.t('Close comparison')}`);
    close.addEventListener('click', onClose);
    this.columns = el('div', { className: 'compare-columns' });
    this.placeholder = el('div', { className: 'section-caption', text: l10n.t('Tick two runs in History and press Compare.') });
    this.lanes = [0, 1].map((i) => new LanesView({
      fix: (hop) => events.fix(this.runIds[i]!, hop),
      enableAccessLog: () => events.enableAccessLog(this.runIds[i]!),
    }, i === 0 ? l10n.t('run A') : l10n.t('run B'))) as [LanesView, LanesView];
    this.lanesSection = el('div', { className: 'compare-lanes' });
    this.content = el('div', { className: 'compare-content' },
      el('div', { className: 'compare-head' }, el('h3', { text: l10n.t('Comparison') }), close), this.chart.element, this.columns, this.lanesSection);
    this.element = el('section', { className: 'compare', attrs: { 'aria-label': l10n.t('Comparison') } }, this.placeholder, this.content);
    this.hide();
  }

  show(runs: [StoredRun, StoredRun]): void {
    this.placeholder.hidden = true;
    this.content.hidden = false;
    const data = runs.map((r) => RunData.fromStored(r));
    this.columns.replaceChildren(...runs.map((r, i) => {
      const stats = new StatsView(l10n.t('Stats of run {0}', i === 0 ? 'A' : 'B'));
      stats.update({ ...computeStats(data[i], r.timing, r.summary.bytes), chunkCount: r.summary.chunkCount });
      const phases = new PhaseBarView();
      phases.update(r.timing, null, isErrorSummary(r.summary));
      const reason = isErrorSummary(r.summary) ? el('div', { className: 'compare-error', text: l10n.t('Failed: {0}', r.summary.errorReason ?? r.error ?? outcomeWord(r.summary.outcome)) }) : null;
      return el('div', { className: 'compare-column', attrs: { 'data-run': r.summary.id } },
        el('h4', { text: runLabel(r, i) }), reason, phases.element, stats.element);
    }));
    this.showLanes(runs, data);
    this.chart.update(runs.map((r, i) => {
      const [xs, ys] = data[i].cumulativeSeries(2000);
      return { label: runLabel(r, i), xs, ys };
    }));
  }

  /** A above B on one time axis, so the hop that held the body back lines up across runs. */
  private showLanes(runs: [StoredRun, StoredRun], data: RunData[]): void {
    this.runIds = [runs[0].summary.id, runs[1].summary.id];
    const inputs = runs.map((r, i): LanesInput | undefined => r.trace
      ? { trace: r.trace, client: data[i]!, mode: r.summary.mode, endMs: r.summary.endMs } : undefined);
    const traced = inputs.filter((x): x is LanesInput => x !== undefined);
    const range = traced.length ? axisRange(traced) : undefined;
    this.lanesSection.replaceChildren(el('h4', { text: l10n.t('Hops') }), ...runs.map((r, i) => {
      this.lanes[i]!.show(inputs[i], inputs[i] ? undefined : { state: 'unavailable', message: l10n.t('No trace was kept for this run.') }, range);
      return el('div', { className: 'compare-lane', attrs: { 'data-run': r.summary.id } }, el('div', { className: 'compare-lane-head', text: runLabel(r, i) }), this.lanes[i]!.element);
    }));
  }

  hide(): void {
    this.placeholder.hidden = false;
    this.content.hidden = true;
  }
}
