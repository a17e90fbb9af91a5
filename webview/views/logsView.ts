// The Logs tab: what the local gateway's functions wrote while serving this run (stdout and
// stderr lines tagged with the run's request id), each at its time on the run's clock — the same
// "+ms since the request started" as the chunk list — so a line such as "yielded token 12" can be
// read next to the chunk that carried it. Text goes in with textContent only.
import type { FunctionLogEntry } from '../../src/shared/protocol';
import { el, fmtMs } from '../dom';
import * as l10n from '@vscode/l10n';

export class LogsView {
  readonly element: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly list: HTMLOListElement;

  constructor() {
    this.caption = el('div', { className: 'section-caption' });
    this.list = el('ol', { className: 'function-logs', attrs: { 'aria-label': l10n.t('Function log lines') } });
    this.element = el('div', { className: 'logs-view' }, this.caption, this.list);
    this.clear();
  }

  /** A new run (or one from history, whose logs are not kept): nothing to show yet. */
  clear(): void {
    this.caption.textContent = l10n.t('Function output appears here after a run against the local gateway (functions run as separate processes; their stdout/stderr is tagged with the request id).');
    this.list.replaceChildren();
  }

  show(lines: readonly FunctionLogEntry[], coldStart: boolean): void {
    const fns = [...new Set(lines.map((l) => l.functionName))].join(', ');
    const cold = coldStart ? ` ${l10n.t('(cold start)')}` : '';
    this.caption.textContent = lines.length
      ? `${lines.length === 1 ? l10n.t('1 line from {0}', fns) : l10n.t('{0} lines from {1}', lines.length, fns)}${cold}`
      : coldStart ? l10n.t('The function wrote nothing (cold start).') : l10n.t('The function wrote nothing.');
    this.list.replaceChildren(...lines.map((l) => el('li', { className: l.stream === 'stderr' ? 'stderr' : 'stdout' },
      el('span', { className: 'l-at', text: `${l.atMs >= 0 ? '+' : '−'}${fmtMs(Math.abs(l.atMs))}` }),
      el('span', { className: 'l-fn', text: l.functionName }),
      el('span', { className: 'l-text', text: l.text }))));
  }
}
