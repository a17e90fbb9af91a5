// A fixed-row-height virtualized list: only the visible rows exist in the DOM, so 100k rows cost
// the same to render as 30. Rows are pooled and repositioned with CSSOM (allowed by the CSP,
// unlike style attributes in markup).
import { el } from '../dom';

export interface VirtualListOptions {
  rowHeight: number;
  className?: string;
  /** Creates an empty row element once; it is reused for many indices. */
  createRow(): HTMLElement;
  /** Fills a pooled row for `index`. Must set text with textContent only. */
  renderRow(row: HTMLElement, index: number): void;
  onSelect?(index: number): void;
}

export class VirtualList {
  readonly element: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly pool: HTMLElement[] = [];
  private count = 0;
  private followTail = true;
  private selected = -1;
  private dirty = true;
  private frame = 0;

  constructor(private readonly opts: VirtualListOptions) {
    this.spacer = el('div', { className: 'vlist-spacer' });
    this.element = el('div', { className: `vlist ${opts.className ?? ''}`, attrs: { role: 'list', tabindex: '0' } }, this.spacer);
    this.element.addEventListener('scroll', () => {
      const e = this.element;
      // Keep following new rows only while the user stays at the bottom.
      this.followTail = e.scrollTop + e.clientHeight >= e.scrollHeight - opts.rowHeight * 1.5;
      this.schedule();
    });
    // A list in a hidden tab loses its scroll position: when it shows again, lay the rows out anew
    // (following the tail if it did), or the rows drawn for the old position leave it blank.
    new ResizeObserver(() => this.refresh()).observe(this.element);
    this.element.addEventListener('click', (ev) => {
      const row = (ev.target as HTMLElement).closest<HTMLElement>('.vlist-row');
      const index = row ? Number(row.dataset.index) : NaN;
      if (Number.isInteger(index)) this.select(index);
    });
  }

  get length(): number { return this.count; }

  setCount(count: number): void {
    if (count === this.count) return;
    if (count < this.count) this.followTail = true;
    this.count = count;
    this.dirty = true;
    this.schedule();
  }

  /** Re-render visible rows (their content changed, not their number). */
  refresh(): void {
    this.dirty = true;
    this.schedule();
  }

  select(index: number): void {
    this.selected = index;
    this.opts.onSelect?.(index);
    this.refresh();
  }

  scrollToIndex(index: number): void {
    this.element.scrollTop = Math.max(0, index * this.opts.rowHeight - this.element.clientHeight / 2);
    this.followTail = false;
    this.refresh();
  }

  /** Rendering is coalesced to one pass per animation frame however often data arrives. */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  renderNow(): void {
    if (this.frame) { cancelAnimationFrame(this.frame); this.frame = 0; }
    this.render();
  }

  private render(): void {
    const { rowHeight } = this.opts;
    const e = this.element;
    if (this.dirty) {
      this.spacer.style.height = `${this.count * rowHeight}px`;
      if (this.followTail) e.scrollTop = e.scrollHeight;
      this.dirty = false;
    }
    const height = e.clientHeight || rowHeight * 20;
    const first = Math.max(0, Math.floor(e.scrollTop / rowHeight) - 2);
    const last = Math.min(this.count, Math.ceil((e.scrollTop + height) / rowHeight) + 2);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const row = this.opts.createRow();
      row.classList.add('vlist-row');
      row.style.height = `${rowHeight}px`;
      this.pool.push(row);
      this.spacer.append(row);
    }
    for (let i = 0; i < this.pool.length; i++) {
      const row = this.pool[i];
      const index = first + i;
      if (i >= needed) { row.hidden = true; continue; }
      row.hidden = false;
      row.dataset.index = String(index);
      row.style.transform = `translateY(${index * rowHeight}px)`;
      row.classList.toggle('selected', index === this.selected);
      this.opts.renderRow(row, index);
    }
  }
}
