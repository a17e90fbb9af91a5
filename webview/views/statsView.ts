// Stats: TTFB, total time, chunk count, mean and p95 gap, throughput.
import { el, fmtBytes, fmtMs, fmtRate } from '../dom';
import * as l10n from '@vscode/l10n';
import type { RunStats } from '../state/stats';

const FIELDS: { key: keyof RunStats; label: string; format(s: RunStats): string }[] = [
  { key: 'ttfbMs', label: 'TTFB', format: (s) => fmtMs(s.ttfbMs) },
  { key: 'totalMs', label: l10n.t('Total'), format: (s) => fmtMs(s.totalMs) },
  { key: 'chunkCount', label: l10n.t('Chunks'), format: (s) => String(s.chunkCount) },
  { key: 'bytes', label: l10n.t('Bytes'), format: (s) => fmtBytes(s.bytes) },
  { key: 'meanGapMs', label: l10n.t('Mean gap'), format: (s) => fmtMs(s.meanGapMs) },
  { key: 'p95GapMs', label: l10n.t('p95 gap'), format: (s) => fmtMs(s.p95GapMs) },
  { key: 'maxGapMs', label: l10n.t('Max gap'), format: (s) => fmtMs(s.maxGapMs) },
  { key: 'throughputBps', label: l10n.t('Throughput'), format: (s) => fmtRate(s.throughputBps) },
];

export class StatsView {
  readonly element: HTMLElement;
  private readonly values = new Map<keyof RunStats, HTMLElement>();

  constructor(label = l10n.t('Stats')) {
    this.element = el('section', { className: 'stats', attrs: { 'aria-label': label } });
    for (const f of FIELDS) {
      const value = el('span', { className: 'stat-value', text: '—' });
      this.values.set(f.key, value);
      this.element.append(el('div', { className: 'stat', attrs: { 'data-stat': f.key } },
        el('span', { className: 'stat-label', text: f.label }), value));
    }
  }

  update(stats: RunStats | undefined): void {
    for (const f of FIELDS) this.values.get(f.key)!.textContent = stats ? f.format(stats) : '—';
  }
}
