// The live chunk list: one row per chunk with its host-measured marker
// (+ms since request start, size, gap since the previous chunk; long gaps highlighted).
import { el, fmtBytes, fmtMs } from '../dom';
import * as l10n from '@vscode/l10n';
import type { RunData } from '../state/runData';
import { DEFAULT_LONG_GAP_MS } from '../../src/shared/protocol';
import { isLongGap } from '../state/stats';
import { VirtualList } from './virtualList';

export const CHUNK_ROW_HEIGHT = 20;

export class ChunkListView {
  readonly element: HTMLElement;
  private readonly list: VirtualList;
  private readonly caption: HTMLElement;
  private run: RunData | undefined;
  private meanGapMs: number | null = null;
  /** From the streamgate.console.longGapMs setting, sent with init. */
  longGapMs = DEFAULT_LONG_GAP_MS;

  constructor() {
    this.list = new VirtualList({
      rowHeight: CHUNK_ROW_HEIGHT,
      className: 'chunk-list',
      createRow: () => el('div', { attrs: { role: 'listitem' } },
        el('span', { className: 'c-index' }), el('span', { className: 'c-at' }),
        el('span', { className: 'c-size' }), el('span', { className: 'c-gap' })),
      renderRow: (row, i) => this.renderRow(row, i),
    });
    this.caption = el('div', { className: 'section-caption' });
    const header = el('div', { className: 'chunk-header' },
      el('span', { className: 'c-index', text: '#' }), el('span', { className: 'c-at', text: l10n.t('+time') }),
      el('span', { className: 'c-size', text: l10n.t('size') }), el('span', { className: 'c-gap', text: l10n.t('gap') }));
    this.element = el('section', { className: 'chunks-pane', attrs: { 'aria-label': l10n.t('Chunks') } }, this.caption, header, this.list.element);
  }

  show(run: RunData | undefined): void {
    this.run = run;
    this.list.setCount(0);
    this.update(null);
  }

  /** Called once per animation frame while data arrives. */
  update(meanGapMs: number | null): void {
    this.meanGapMs = meanGapMs;
    const n = this.run?.count ?? 0;
    this.caption.textContent = this.run?.stored?.marksDownsampled
      ? l10n.t('Chunks: {0} (history keeps {1} merged marks)', this.run.ended?.summary.chunkCount ?? n, n)
      : l10n.t('Chunks: {0}', n);
    this.list.setCount(n);
    this.list.refresh();
  }

  private renderRow(row: HTMLElement, i: number): void {
    const run = this.run;
    if (!run) return;
    const [index, at, size, gap] = row.children as unknown as HTMLElement[];
    index.textContent = String(i + 1);
    at.textContent = `+${fmtMs(run.atMs(i))}`;
    size.textContent = fmtBytes(run.bytes(i));
    const g = run.gapMs(i);
    gap.textContent = g === null ? l10n.t('first byte') : fmtMs(g);
    const long = g !== null && isLongGap(g, this.meanGapMs, this.longGapMs);
    row.classList.toggle('long-gap', long);
    row.title = long ? l10n.t('Long gap: {0} without data', fmtMs(g)) : '';
  }
}
