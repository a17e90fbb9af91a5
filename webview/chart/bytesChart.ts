// Bytes over time (cumulative), one line per run; in compare mode both runs share the x axis so
// a BUFFERED run's late vertical jump sits next to a STREAM run's early ramp.
import uPlot from 'uplot';
import { el, fmtBytes } from '../dom';
import * as l10n from '@vscode/l10n';
import { BYTE_INCREMENTS, byteTicks, timeTicks } from './ticks';

export interface ChartSeries { label: string; xs: number[]; ys: number[] }

const COLORS = ['--vscode-charts-blue', '--vscode-charts-orange'];
const FALLBACK = ['#3794ff', '#d18616'];

function themeColor(i: number): string {
  const v = getComputedStyle(document.body).getPropertyValue(COLORS[i % COLORS.length]).trim();
  return v || FALLBACK[i % FALLBACK.length];
}

const steppedAfter = uPlot.paths.stepped!({ align: 1 });

export class BytesChart {
  readonly element: HTMLElement;
  private plot: uPlot | undefined;
  private labels = '';
  private readonly resizeObserver: ResizeObserver;

  constructor() {
    this.element = el('section', { className: 'chart', attrs: { 'aria-label': l10n.t('Bytes over time') } });
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.element);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.element.clientWidth), height: 160 };
  }

  private resize(): void {
    this.plot?.setSize(this.size());
  }

  update(series: ChartSeries[]): void {
    const labels = series.map((s) => s.label).join('\u0000');
    const tables = series.map((s) => [s.xs, s.ys] as uPlot.AlignedData);
    // uPlot needs one shared x array; join() merges runs, leaving nulls where a run has no point.
    const data: uPlot.AlignedData = series.length === 1 ? tables[0] : series.length === 0 ? [[], []] : uPlot.join(tables);
    if (this.plot && labels === this.labels) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.labels = labels;
    const axisColor = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#888';
    const gridColor = getComputedStyle(document.body).getPropertyValue('--vscode-editorWidget-border').trim() || 'rgba(128,128,128,0.2)';
    this.plot = new uPlot({
      ...this.size(),
      scales: { x: { time: false } },
      legend: { show: series.length > 1 },
      cursor: { drag: { x: true, y: false } },
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor }, label: l10n.t('time since request'), labelSize: 18, values: (_u, vals, _a, _s, incr) => timeTicks(vals, incr) },
        { stroke: axisColor, grid: { stroke: gridColor }, size: 76, label: l10n.t('bytes received'), labelSize: 18, incrs: BYTE_INCREMENTS,
          values: (_u, vals, _a, _s, incr) => byteTicks(vals, incr) },
      ],
      series: [
        { label: l10n.t('time') },
        // Stepped, not interpolated: bytes arrive at an instant, so a BUFFERED run stays flat at
        // zero and jumps at its one late chunk instead of looking like a steady ramp.
        ...series.map((s, i) => ({ label: s.label, stroke: themeColor(i), width: 2, spanGaps: true, paths: steppedAfter,
          value: (_u: uPlot, v: number | null) => fmtBytes(v) })),
      ],
    }, data, this.element);
  }
}
