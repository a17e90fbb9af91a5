// The body tabs: Raw, Events (SSE), Records (NDJSON), Text (LLM deltas joined), Hex, Headers,
// and Logs (the local functions' output for the run, webview/views/logsView.ts).
// Only the visible tab renders, once per animation frame; long content is virtualized.
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import { hexDumpLines, type ParserChoice } from '../../src/core/parse';
import { el, fmtMs } from '../dom';
import type { RunData } from '../state/runData';
import { LogsView } from '../views/logsView';
import { VirtualList } from '../views/virtualList';
import { BodyModel, type TimedEvent, type TimedRecord } from './bodyModel';

const ROW = 18;
const HEX_WIDTH = 16;
/** Event/record data shown in a list row; the full value is in the detail pane. */
const ROW_PREVIEW_CHARS = 300;

type TabId = 'raw' | 'events' | 'records' | 'text' | 'hex' | 'headers' | 'logs';
const TABS: { id: TabId; label: string }[] = [
  { id: 'raw', label: 'Raw' }, { id: 'events', label: 'Events' }, { id: 'records', label: 'Records' },
  { id: 'text', label: 'Text' }, { id: 'hex', label: 'Hex' }, { id: 'headers', label: 'Headers' }, { id: 'logs', label: 'Logs' },
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
  private choice: ParserChoice = 'auto';
  private active: TabId = 'raw';
  private renderedVersion = -1;
  private readonly note: HTMLElement;
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
      renderRow: (row, i) => {
        const lines = this.model?.lines ?? [];
        row.textContent = i < lines.length ? lines[i] : this.model?.partialLine ?? '';
      },
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
      renderRow: (row, i) => {
        const body = this.run?.bodyBytes ?? new Uint8Array(0);
        row.textContent = hexDumpLines(body.subarray(i * HEX_WIDTH, (i + 1) * HEX_WIDTH), { offset: i * HEX_WIDTH })[0] ?? '';
      },
    });
    this.eventDetail = el('pre', { className: 'detail', attrs: { 'aria-label': 'Selected event' } });
    this.recordDetail = el('pre', { className: 'detail', attrs: { 'aria-label': 'Selected record' } });
    this.text = el('pre', { className: 'assistant-text' });
    this.textInfo = el('div', { className: 'section-caption' });
    this.headers = el('div', { className: 'headers-view' });
    this.note = el('div', { className: 'body-note' });

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
      this.renderedVersion = -1;
      this.render();
    });
    this.element = el('section', { className: 'body-pane', attrs: { 'aria-label': 'Response body' } }, this.note, this.tabs);
  }

  show(run: RunData | undefined, choice: ParserChoice): void {
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
    this.renderedVersion = -1;
    this.render();
  }

  /** The content type arrived (or the user changed the format): parse again from the kept bytes. */
  reparse(choice: ParserChoice = this.choice): void {
    if (!this.run) return;
    this.show(this.run, choice);
  }

  /** Status or headers arrived: the Headers tab must redraw, and parsing may change with the content type. */
  headersChanged(): void {
    if (this.run && this.model && this.model.kind !== this.model.kindFor(this.run)) this.reparse();
    this.renderedVersion = -1;
  }

  runEnded(): void {
    this.model?.end();
    this.render();
  }

  selectTab(id: TabId): void {
    this.tabs.selectedIndex = TABS.findIndex((t) => t.id === id);
    this.active = id;
    this.renderedVersion = -1;
    this.render();
  }

  /** Called once per animation frame. */
  render(): void {
    const model = this.model;
    const run = this.run;
    this.note.textContent = this.describe();
    const version = (model?.version ?? -1) + (run?.count ?? 0) * 1e-9;
    if (version === this.renderedVersion) return;
    this.renderedVersion = version;
    switch (this.active) {
      case 'raw': this.raw.setCount((model?.lines.length ?? 0) + (model?.partialLine ? 1 : 0)); this.raw.refresh(); break;
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
    if (!run) return 'No run yet. Send a request.';
    if (run.stored) return 'A run from history: timings and headers only (the body is not kept).';
    const parts = [`Parsed as ${this.model?.kind ?? 'text'}${this.choice === 'auto' ? ' (from Content-Type)' : ''}.`];
    if (run.ended?.displayTruncated) parts.push('The body passed the display window; only its start is shown here — use Save body for all of it.');
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
      ? `${model.deltaCount} deltas (${model.provider ?? 'unknown'} shape)`
      : 'No LLM-style deltas found (OpenAI, Anthropic and Bedrock event shapes are recognised).';
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
    this.eventDetail.textContent = `event: ${e.event}\nid: ${e.id ?? '(none)'}\nreceived: +${fmtMs(e.atMs)}\n\n${body}`;
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
    this.recordDetail.textContent = r.error ? `${r.error}\n\n${r.text ?? ''}` : `line ${r.line}, received +${fmtMs(r.atMs)}\n\n${pretty(r.value)}`;
  }

  private renderHeaders(): void {
    const run = this.run;
    const section = (title: string, headers: Record<string, string>) => el('div', { className: 'header-section' },
      el('h4', { text: title }),
      el('table', { className: 'header-table' }, ...Object.entries(headers).map(([k, v]) =>
        el('tr', {}, el('th', { text: k }), el('td', { text: v })))));
    this.headers.replaceChildren(...(run ? [
      el('div', { className: 'status-line', text: run.status === null ? 'No response status' : `HTTP ${run.status}` }),
      section('Response headers', run.responseHeaders),
      section(`Request headers (${run.request.method} ${run.request.url})`, run.request.headers),
    ] : []));
  }
}
