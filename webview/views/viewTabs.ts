// The console's top-level tabs (Response, History, Compare): one panel visible at a time, so a
// long run never pushes History and Compare out of reach. Arrow keys move between tabs (ARIA tabs pattern).
// The same control switches the run's graphs (bytes over time, hops).
import { el } from '../dom';
import * as l10n from '@vscode/l10n';

export interface ViewTab { id: string; label: string; panel: HTMLElement }

export interface ViewTabsOptions { label?: string; className?: string }

export class ViewTabs {
  readonly element: HTMLElement;
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private active: string;

  constructor(private readonly tabs: ViewTab[], options: ViewTabsOptions = {}) {
    const list = el('div', { className: options.className ?? 'view-tabs', attrs: { role: 'tablist', 'aria-label': options.label ?? l10n.t('Console views') } });
    for (const t of tabs) {
      const b = el('button', { className: 'view-tab', text: t.label, attrs: { role: 'tab', 'data-view': t.id, 'aria-controls': `view-${t.id}` } });
      b.addEventListener('click', () => this.select(t.id));
      b.addEventListener('keydown', (e) => this.onKey(e, t.id));
      t.panel.id = `view-${t.id}`;
      t.panel.setAttribute('role', 'tabpanel');
      list.append(b);
      this.buttons.set(t.id, b);
    }
    this.element = el('div', { className: 'views' }, list, ...tabs.map((t) => t.panel));
    this.active = tabs[0]!.id;
    this.select(this.active);
  }

  get selected(): string { return this.active; }

  select(id: string): void {
    if (!this.buttons.has(id)) return;
    this.active = id;
    for (const t of this.tabs) {
      const on = t.id === id;
      t.panel.hidden = !on;
      const b = this.buttons.get(t.id)!;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    }
  }

  /** "History (3)". */
  setCount(id: string, n: number): void {
    this.setSuffix(id, n > 0 ? `(${n})` : undefined);
  }

  /** "Hops · gateway": a word after the label, or none. */
  setSuffix(id: string, suffix: string | undefined): void {
    const t = this.tabs.find((x) => x.id === id);
    const b = this.buttons.get(id);
    if (t && b) b.textContent = suffix ? `${t.label} ${suffix}` : t.label;
  }

  private onKey(e: KeyboardEvent, id: string): void {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = this.tabs.findIndex((t) => t.id === id);
    const next = this.tabs[(i + (e.key === 'ArrowRight' ? 1 : this.tabs.length - 1)) % this.tabs.length]!;
    this.select(next.id);
    this.buttons.get(next.id)!.focus();
    e.preventDefault();
  }
}
