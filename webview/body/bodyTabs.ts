// The body tabs: Raw, Events (SSE), Records (NDJSON), Text (LLM deltas joined), Hex, Headers,
// and Logs (the local functions' output for the run, webview/views/logsView.ts).
// Only the visible tab renders, once per animation frame; long content is virtualized.
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import type { BodyFormat } from '../../src/shared/model';
import { decodeUtf8, hexDumpLines, isJsonMediaType } from '../../src/shared/parse';
import { el, fmtBytes, fmtMs } from '../dom';
import * as l10n from '@vscode/l10n';
import type { RunData } from '../state/runData';
import { LogsView } from '../views/logsView';
import { VirtualList } from '../views/virtualList';
import { BodyModel, type TimedEvent, type TimedRecord } from './bodyModel';
import { findRows, prettyJsonLines, wrapLines } from './rawRows';

const ROW = 18;
const HEX_WIDTH = 16;
/** Event/record data shown in a list row; the full value is in the detail pane. */
const ROW_PREVIEW_CHARS = 300;

type TabId = 'raw' | 'events' | 'records' | 'text' | 'hex' | 'headers' | 'logs';
const TABS: { id: TabId; label: string }[] = [
  { id: 'raw', label: l10n.t('Raw') }, { id: 'events', label: l10n.t('Events') }, { id: 'records', label: l10n.t('Records') },
  { id: 'text', label: l10n.t('Text') }, { id: 'hex', label: l10n.t('Hex') }, { id: 'headers', label: l10n.t('Headers') }, { id: 'logs', label: l10n.t('Logs') },
];

function preview(s: string): string {
  const oneLine = s.replace(/\s+/g, ' ');
  return oneLine.length > ROW_PREVIEW_CHARS ? `${oneLine.slice(0, ROW_PREVIEW_CHARS)}…` : oneLine;
}

function pretty(value: unknown): string {
  try { return JSON.stringify(value, null, 2) ?? String(value); } catch { return String(value); }
}

function textRow(): HTMLElement {
  return el('div', { className: 'line' });
}

function columnsRow(...classes: string[]): () => HTMLElement {
  return () => el('div', {}, ...classes.map((c) => el('span', { className: c })));
}

export class BodyTabs {
  readonly element: HTMLElement;
  private run: RunData | undefined;
  private model: BodyModel | undefined;
  private choice: BodyFormat = 'auto';
  private active: TabId = 'raw';
  // What the visible tab last rendered: the model's version and the run's chunk count (two
  // fields, so neither can mask a change in the other).
  private renderedModelVersion = -1;
  private renderedChunkCount = -1;
  private readonly note: HTMLElement;
  private readonly prettyToggle: HTMLInputElement;
  private readonly wrapToggle: HTMLInputElement;
  private readonly prettyLabel: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly searchInfo: HTMLElement;
  private hits: number[] = [];
  private hitIndex = -1;
  private rowsCache: { key: string; rows: string[] } | undefined;
  private binaryShown = false;
  private readonly tabs: HTMLElementTagNameMap['vscode-tabs'];
  private readonly raw: VirtualList;
  private readonly events: VirtualList;
  private readonly records: VirtualList;
  private readonly hex: VirtualList;
  private readonly eventDetail: HTMLPreElement;
  private readonly recordDetail: HTMLPreElement;
  private readonly text: HTMLPreElement;
  private readonly textInfo: HTMLElement;
  private readonly headers: HTMLElement;
  private textShown = 0;
  /** Fed by the app with the functionLogs message of the current run. */
  readonly logs = new LogsView();

  constructor() {
    this.raw = new VirtualList({
      rowHeight: ROW, className: 'raw-list', createRow: textRow,
      renderRow: (row, i) => { row.textContent = this.rawRow(i); },
    });
    this.events = new VirtualList({
      rowHeight: ROW, className: 'event-list', createRow: columnsRow('e-at', 'e-type', 'e-id', 'e-data'),
      renderRow: (row, i) => this.renderEvent(row, this.model?.events[i]),
      onSelect: (i) => this.showEvent(this.model?.events[i]),
    });
    this.records = new VirtualList({
      rowHeight: ROW, className: 'record-list', createRow: columnsRow('r-at', 'r-line', 'r-data'),
      renderRow: (row, i) => this.renderRecord(row, this.model?.records[i]),
      onSelect: (i) => this.showRecord(this.model?.records[i]),
    });
    this.hex = new VirtualList({
      rowHeight: ROW, className: 'hex-list', createRow: textRow,
      renderRow: (row, i) => { row.textContent = this.hexRow(i); },
    });
    this.eventDetail = el('pre', { className: 'detail', attrs: { 'aria-label': l10n.t('Selected event') } });
    this.recordDetail = el('pre', { className: 'detail', attrs: { 'aria-label': l10n.t('Selected record') } });
    this.text = el('pre', { className: 'assistant-text' });
    this.textInfo = el('div', { className: 'section-caption' });
    this.headers = el('div', { className: 'headers-view' });
    this.note = el('div', { className: 'body-note' });
    this.prettyToggle = el('input', { attrs: { type: 'checkbox', 'data-action': 'pretty' } });
    this.prettyLabel = el('label', { className: 'tool' }, this.prettyToggle, ` ${l10n.t('Pretty JSON')}`);
    this.wrapToggle = el('input', { attrs: { type: 'checkbox', 'data-action': 'wrap' } });
    for (const t of [this.prettyToggle, this.wrapToggle]) t.addEventListener('change', () => { this.invalidate(); this.rerunSearch(); });
    this.search = el('input', { className: 'body-search', attrs: { type: 'search', placeholder: l10n.t('Find in body (Ctrl+F)'), 'aria-label': l10n.t('Find in body') } });
    this.searchInfo = el('span', { className: 'search-info', attrs: { 'aria-live': 'polite' } });
    this.search.addEventListener('input', () => this.rerunSearch());
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { this.nextHit(e.shiftKey ? -1 : 1); e.preventDefault(); }
      if (e.key === 'Escape') { this.search.value = ''; this.rerunSearch(); }
    });
    // Ctrl+F (Cmd+F) anywhere in the console searches the body, as in an editor.
    document.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        this.search.focus();
        this.search.select();
      }
    });
    const tools = el('div', { className: 'body-tools' }, this.prettyLabel,
      el('label', { className: 'tool' }, this.wrapToggle, ` ${l10n.t('Wrap lines')}`), this.search, this.searchInfo);

    const panels: Record<TabId, Node[]> = {
      raw: [this.raw.element],
      events: [this.events.element, this.eventDetail],
      records: [this.records.element, this.recordDetail],
      text: [this.textInfo, this.text],
      hex: [this.hex.element],
      headers: [this.headers],
      logs: [this.logs.element],
    };
    this.tabs = el('vscode-tabs', { attrs: { panel: '' } });
    for (const t of TABS) {
      this.tabs.append(el('vscode-tab-header', { text: t.label, attrs: { slot: 'header', 'data-tab': t.id } }));
    }
    for (const t of TABS) {
      this.tabs.append(el('vscode-tab-panel', { attrs: { 'data-tab': t.id } }, el('div', { className: `tab-body tab-${t.id}` }, ...panels[t.id])));
    }
    this.tabs.addEventListener('vsc-tabs-select', (ev) => {
      this.active = TABS[ev.detail.selectedIndex]?.id ?? 'raw';
      this.invalidate();
      this.rerunSearch();
    });
    this.element = el('section', { className: 'body-pane', attrs: { 'aria-label': l10n.t('Response body') } }, this.note, tools, this.tabs);
    new ResizeObserver(() => { if (this.wrapToggle.checked) this.invalidate(); }).observe(this.raw.element);
  }

  private invalidate(): void {
    this.renderedModelVersion = -1;
    this.render();
  }

  /** Plain rows read the model's lines directly: a live stream never copies them per frame. */
  private get plainRows(): boolean {
    return !this.wrapToggle.checked && !(this.prettyToggle.checked && !this.run?.live);
  }

  private rawCount(): number {
    const model = this.model;
    if (!model) return 0;
    return this.plainRows ? model.lines.length + (model.partialLine ? 1 : 0) : this.rawRows().length;
  }

  private rawRow(i: number): string {
    const model = this.model;
    if (!model) return '';
    if (!this.plainRows) return this.rawRows()[i] ?? '';
    return i < model.lines.length ? model.lines[i]! : model.partialLine;
  }

  /** The Raw tab's rows: as received, pretty JSON (once the run ended) and/or wrapped. */
  private rawRows(): string[] {
    const model = this.model;
    if (!model) return [];
    const pretty = this.prettyToggle.checked && !this.run?.live;
    const cols = this.wrapToggle.checked ? Math.floor((this.raw.element.clientWidth - 16) / charWidth(this.raw.element)) : 0;
    const key = `${model.version}|${pretty}|${cols}`;
    if (this.rowsCache?.key === key) return this.rowsCache.rows;
    let rows: string[] = model.partialLine ? [...model.lines, model.partialLine] : model.lines.slice();
    if (pretty) rows = prettyJsonLines(decodeUtf8(this.run?.bodyBytes ?? new Uint8Array(0))) ?? rows;
    if (cols > 0) rows = wrapLines(rows, cols);
    this.rowsCache = { key, rows };
    return rows;
  }

  private hexRow(i: number): string {
    const body = this.run?.bodyBytes ?? new Uint8Array(0);
    return hexDumpLines(body.subarray(i * HEX_WIDTH, (i + 1) * HEX_WIDTH), { offset: i * HEX_WIDTH })[0] ?? '';
  }

  private rerunSearch(): void {
    const q = this.search.value;
    const list = this.active === 'hex' ? this.hex : this.raw;
    const rows = this.active === 'hex'
      ? Array.from({ length: Math.ceil((this.run?.bodyBytes.length ?? 0) / HEX_WIDTH) }, (_, i) => this.hexRow(i))
      : this.rawRows();
    if (q !== '' && this.active !== 'raw' && this.active !== 'hex') this.selectTab(this.model?.binary ? 'hex' : 'raw');
    this.hits = findRows(rows, q);
    this.hitIndex = -1;
    if (q === '') { this.searchInfo.textContent = ''; return; }
    if (this.hits.length === 0) { this.searchInfo.textContent = l10n.t('No match'); return; }
    this.nextHit(1, list);
  }

  private nextHit(step: number, list = this.active === 'hex' ? this.hex : this.raw): void {
    if (this.hits.length === 0) return;
    this.hitIndex = (this.hitIndex + step + this.hits.length) % this.hits.length;
    const row = this.hits[this.hitIndex]!;
    list.setCount(Math.max(list.length, row + 1));
    list.select(row);
    list.scrollToIndex(row);
    this.searchInfo.textContent = l10n.t('{0} of {1}', this.hitIndex + 1, `${this.hits.length}${this.hits.length >= 10_000 ? '+' : ''}`);
  }

  show(run: RunData | undefined, choice: BodyFormat): void {
    this.model?.dispose();
    // A reparse of the same run keeps its logs; another run starts without any.
    if (run !== this.run || !run) this.logs.clear();
    this.run = run;
    this.choice = choice;
    this.model = run ? new BodyModel(run, choice) : undefined;
    this.textShown = 0;
    this.text.textContent = '';
    this.eventDetail.textContent = '';
    this.recordDetail.textContent = '';
    this.rowsCache = undefined;
    this.binaryShown = false;
    this.hits = [];
    this.searchInfo.textContent = '';
    this.invalidate();
  }

  /** The content type arrived (or the user changed the format): parse again from the kept bytes. */
  reparse(choice: BodyFormat = this.choice): void {
    if (!this.run) return;
    this.show(this.run, choice);
  }

  /** Status or headers arrived: the Headers tab must redraw, and parsing may change with the content type. */
  headersChanged(): void {
    if (this.run && this.model && this.model.kind !== this.model.kindFor(this.run)) this.reparse();
    this.renderedModelVersion = -1;
  }

  runEnded(): void {
    this.model?.end();
    this.render();
  }

  selectTab(id: TabId): void {
    this.tabs.selectedIndex = TABS.findIndex((t) => t.id === id);
    this.active = id;
    this.invalidate();
  }

  /** Called once per animation frame. */
  render(): void {
    const model = this.model;
    const run = this.run;
    // Bytes that are not text go to Hex once, when that becomes known; the user may switch back.
    if (model?.binary && !this.binaryShown) {
      this.binaryShown = true;
      if (this.active === 'raw' || this.active === 'text') this.selectTab('hex');
    }
    this.note.textContent = this.describe();
    const json = isJsonMediaType(run?.contentType()) || (model?.lines[0] ?? model?.partialLine ?? '').trimStart().startsWith('{');
    this.prettyLabel.hidden = !json || Boolean(model?.binary);
    const version = model?.version ?? -1;
    const count = run?.count ?? 0;
    if (version === this.renderedModelVersion && count === this.renderedChunkCount) return;
    this.renderedModelVersion = version;
    this.renderedChunkCount = count;
    switch (this.active) {
      case 'raw': this.raw.setCount(this.rawCount()); this.raw.refresh(); break;
      case 'events': this.events.setCount(model?.events.length ?? 0); this.events.refresh(); break;
      case 'records': this.records.setCount(model?.records.length ?? 0); this.records.refresh(); break;
      case 'hex': this.hex.setCount(Math.ceil((run?.bodyBytes.length ?? 0) / HEX_WIDTH)); this.hex.refresh(); break;
      case 'text': this.renderText(); break;
      case 'headers': this.renderHeaders(); break;
      case 'logs': break; // rendered when its message arrives
    }
  }

  private describe(): string {
    const run = this.run;
    if (!run) return l10n.t('No run yet. Send a request.');
    if (run.stored) return l10n.t('A run from history: timings and headers only (the body is not kept).');
    const type = run.contentType() || l10n.t('no content type');
    const kind = this.model?.kind ?? 'text';
    const parts = this.model?.binary
      ? [l10n.t('Binary body: {0} ({1}), shown as hex.', fmtBytes(run.ended ? run.ended.summary.bytes : run.totalBytes), type)]
      : [this.choice === 'auto' ? l10n.t('Parsed as {0} (from Content-Type).', kind) : l10n.t('Parsed as {0}.', kind)];
    if (run.ended?.displayTruncated) parts.push(l10n.t('The body passed the display window; only its start is shown here — use Save body for all of it.'));
    return parts.join(' ');
  }

  private renderText(): void {
    const model = this.model;
    const text = model?.assistantText ?? '';
    // Deltas only ever append, so add the new tail as text instead of re-setting everything.
    if (text.length < this.textShown) { this.text.textContent = ''; this.textShown = 0; }
    if (text.length > this.textShown) {
      this.text.append(document.createTextNode(text.slice(this.textShown)));
      this.textShown = text.length;
    }
    this.textInfo.textContent = model && model.deltaCount > 0
      ? l10n.t('{0} deltas ({1} shape)', model.deltaCount, model.provider ?? l10n.t('unknown'))
      : l10n.t('No LLM-style deltas found (OpenAI, Anthropic and Bedrock event shapes are recognised).');
  }

  private renderEvent(row: HTMLElement, e: TimedEvent | undefined): void {
    const [at, type, id, data] = row.children as unknown as HTMLElement[];
    at.textContent = e ? `+${fmtMs(e.atMs)}` : '';
    type.textContent = e?.event ?? '';
    id.textContent = e?.id ?? '';
    data.textContent = e ? preview(e.data) : '';
  }

  private showEvent(e: TimedEvent | undefined): void {
    if (!e) return;
    let body = e.data;
    try { body = pretty(JSON.parse(e.data)); } catch { /* not JSON: show as sent */ }
    // l10n-exempt: event: and id: are the SSE field names; what StreamGate adds is worded.
    this.eventDetail.textContent = `event: ${e.event}\nid: ${e.id ?? l10n.t('(none)')}\n${l10n.t('received: {0}', `+${fmtMs(e.atMs)}`)}\n\n${body}`;
  }

  private renderRecord(row: HTMLElement, r: TimedRecord | undefined): void {
    const [at, line, data] = row.children as unknown as HTMLElement[];
    at.textContent = r ? `+${fmtMs(r.atMs)}` : '';
    line.textContent = r ? `L${r.line}` : '';
    data.textContent = !r ? '' : r.error ? `⚠ ${r.error}` : preview(JSON.stringify(r.value) ?? '');
    row.classList.toggle('error', Boolean(r?.error));
  }

  private showRecord(r: TimedRecord | undefined): void {
    if (!r) return;
    this.recordDetail.textContent = r.error ? `${r.error}\n\n${r.text ?? ''}` : `${l10n.t('line {0}, received {1}', r.line, `+${fmtMs(r.atMs)}`)}\n\n${pretty(r.value)}`;
  }

  private renderHeaders(): void {
    const run = this.run;
    const section = (title: string, headers: Record<string, string>) => el('div', { className: 'header-section' },
      el('h4', { text: title }),
      el('table', { className: 'header-table' }, ...Object.entries(headers).map(([k, v]) =>
        el('tr', {}, el('th', { text: k }), el('td', { text: v })))));
    this.headers.replaceChildren(...(run ? [
      el('div', { className: 'status-line', text: run.status === null ? l10n.t('No response status') : `HTTP ${run.status}` }),
      section(l10n.t('Response headers'), run.responseHeaders),
      section(l10n.t('Request headers ({0})', `${run.request.method} ${run.request.url}`), run.request.headers),
    ] : []));
  }
}

/** Width of one monospace character in the list's font, measured once per element. */
const widths = new WeakMap<HTMLElement, number>();
function charWidth(list: HTMLElement): number {
  let w = widths.get(list);
  if (w === undefined) {
    const probe = el('span', { text: 'x'.repeat(100) });
    probe.style.position = 'absolute';
    probe.style.visibility = 'hidden';
    probe.style.whiteSpace = 'pre';
    list.append(probe);
    w = probe.getBoundingClientRect().width / 100 || 7.2;
    probe.remove();
    if (w > 0) widths.set(list, w);
  }
  return w;
}
