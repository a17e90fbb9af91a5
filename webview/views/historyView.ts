// Run history for this workspace: open a past run, delete it, or pick two to compare.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { HistoryEntry } from '../../src/shared/protocol';
import { el, fmtBytes, fmtMs, icon } from '../dom';
import { chunkCount as chunks, outcomeWord } from '../../src/shared/outcomeWords';
import * as l10n from '@vscode/l10n';
import { historyHead, isErrorSummary, modeBadge } from '../runSummary';

export interface HistoryEvents {
  open(runId: string): void;
  remove(runId: string): void;
  compare(a: string, b: string): void;
  clear(): void;
}

export class HistoryView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly compareButton: HTMLElementTagNameMap['vscode-button'];
  private readonly picked: string[] = [];
  private entries: HistoryEntry[] = [];

  constructor(private readonly events: HistoryEvents) {
    this.list = el('ol', { className: 'history-list' });
    this.compareButton = el('vscode-button', { attrs: { secondary: '', disabled: '', 'data-action': 'compare', title: l10n.t('Tick two runs to compare them') } }, icon('split-horizontal'), ` ${l10n.t('Compare')}`);
    this.compareButton.addEventListener('click', () => {
      if (this.picked.length === 2) this.events.compare(this.picked[0], this.picked[1]);
    });
    const clear = el('vscode-button', { attrs: { secondary: '', 'data-action': 'clear-history' } }, icon('clear-all'), ` ${l10n.t('Clear')}`);
    clear.addEventListener('click', () => this.events.clear());
    this.element = el('section', { className: 'history', attrs: { 'aria-label': l10n.t('History') } },
      el('div', { className: 'history-actions' }, this.compareButton, clear,
        el('span', { className: 'section-caption', text: l10n.t('Tick two runs to compare them.') })),
      this.list);
  }

  /** Ticks a run for comparison (the two most recent ticks win). */
  pick(runId: string, on: boolean): void {
    const i = this.picked.indexOf(runId);
    if (on && i < 0) { this.picked.push(runId); if (this.picked.length > 2) this.picked.shift(); }
    if (!on && i >= 0) this.picked.splice(i, 1);
    this.render();
  }

  update(entries: HistoryEntry[]): void {
    this.entries = entries;
    const ids = new Set(entries.map((e) => e.summary.id));
    for (let i = this.picked.length - 1; i >= 0; i--) if (!ids.has(this.picked[i])) this.picked.splice(i, 1);
    this.render();
  }

  private render(): void {
    this.compareButton.toggleAttribute('disabled', this.picked.length !== 2);
    this.list.replaceChildren(...this.entries.map((e) => {
      const s = e.summary;
      const tick = el('input', { attrs: { type: 'checkbox', 'aria-label': l10n.t('Pick for comparison') } });
      tick.checked = this.picked.includes(s.id);
      tick.addEventListener('change', () => this.pick(s.id, tick.checked));
      const badge = modeBadge(s);
      const failed = isErrorSummary(s);
      const open = el('button', { className: 'link history-open', title: s.errorReason ? l10n.t('Failed: {0}', s.errorReason) : l10n.t('Show this run ({0})', e.url) },
        el('span', { className: `status ${failed ? 'error' : s.outcome}`, text: s.status === null ? outcomeWord(s.outcome) : String(s.status) }),
        el('span', { className: 'h-url', text: historyHead(e) }),
        badge ? el('span', { className: `h-mode${failed ? ' failed' : ''}`, text: badge }) : null,
        el('span', { className: 'h-nums', text: `TTFB ${fmtMs(s.ttfbMs)} · ${fmtMs(s.endMs)} · ${chunks(s.chunkCount)} · ${fmtBytes(s.bytes)}` }),
        el('span', { className: 'h-when', text: new Date(e.startedAt).toLocaleTimeString(document.documentElement.lang || undefined) }));
      open.addEventListener('click', () => this.events.open(s.id));
      const remove = el('button', { className: 'icon-button', title: l10n.t('Delete from history'), attrs: { 'aria-label': l10n.t('Delete from history') } }, icon('trash'));
      remove.addEventListener('click', () => this.events.remove(s.id));
      return el('li', { attrs: { 'data-run': s.id } }, tick, open, remove);
    }));
    if (this.entries.length === 0) this.list.append(el('li', { className: 'empty', text: l10n.t('No runs yet.') }));
  }
}
