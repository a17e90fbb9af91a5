// Two runs side by side (typically BUFFERED vs STREAM): both timelines on one chart, each run's
// phases and stats next to the other's.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { StoredRun } from '../../src/shared/protocol';
import { BytesChart } from '../chart/bytesChart';
import { el, icon } from '../dom';
import { RunData } from '../state/runData';
import { computeStats } from '../state/stats';
import { PhaseBarView } from './phaseBar';
import { StatsView } from './statsView';

export function runLabel(run: StoredRun, index: number): string {
  const mode = run.summary.transferMode ? ` ${run.summary.transferMode}` : '';
  return `${index === 0 ? 'A' : 'B'}${mode} · ${run.request.method} ${run.title ?? run.request.url}`;
}

export class CompareView {
  readonly element: HTMLElement;
  private readonly chart = new BytesChart();
  private readonly columns: HTMLElement;

  constructor(onClose: () => void) {
    const close = el('vscode-button', { attrs: { secondary: '', 'data-action': 'close-compare' } }, icon('close'), ' Close comparison');
    close.addEventListener('click', onClose);
    this.columns = el('div', { className: 'compare-columns' });
    this.element = el('section', { className: 'compare', attrs: { 'aria-label': 'Comparison' } },
      el('div', { className: 'compare-head' }, el('h3', { text: 'Comparison' }), close), this.chart.element, this.columns);
    this.element.hidden = true;
  }

  show(runs: [StoredRun, StoredRun]): void {
    this.element.hidden = false;
    const data = runs.map((r) => RunData.fromStored(r));
    this.columns.replaceChildren(...runs.map((r, i) => {
      const stats = new StatsView(`Stats of run ${i === 0 ? 'A' : 'B'}`);
      stats.update({ ...computeStats(data[i], r.timing, r.summary.bytes), chunkCount: r.summary.chunkCount });
      const phases = new PhaseBarView();
      phases.update(r.timing, null);
      return el('div', { className: 'compare-column', attrs: { 'data-run': r.summary.id } },
        el('h4', { text: runLabel(r, i) }), phases.element, stats.element);
    }));
    this.chart.update(runs.map((r, i) => {
      const [xs, ys] = data[i].cumulativeSeries(2000);
      return { label: runLabel(r, i), xs, ys };
    }));
  }

  hide(): void {
    this.element.hidden = true;
  }
}
