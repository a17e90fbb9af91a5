// The Hops view: the run's trace as three lanes on one time axis — what the function wrote, what
// the gateway sent (its first content marked), what the client received — with the one-line
// diagnosis above and a doctor link for the hop that held the body back. Pointing at a client
// chunk (mouse, or the arrow keys once the lanes have focus) names the function write(s) it
// carried and highlights them. Compare stacks two of these on one shared axis.
import type { RunMode, TraceState } from '../../src/shared/protocol';
import type { TraceHop, TraceLanes } from '../../src/shared/lanes';
import { carriedWrites, type CarriedWrites } from '../../src/shared/trace';
import type { ChunkMark } from '../../src/shared/timeline';
import * as l10n from '@vscode/l10n';
import { el, fmtBytes, fmtMs, icon } from '../dom';
import { chunkCount } from '../../src/shared/outcomeWords';
import { LANE_IDS, LanesCanvas, laneRows, markList, type LaneId, type MarkList } from '../chart/lanesCanvas';

/** The client side of a run: its chunk marks in arrival order (RunData fits). */
export interface ClientMarks { readonly count: number; atMs(i: number): number; bytes(i: number): number }

export interface LanesInput {
  trace: TraceLanes;
  client: ClientMarks;
  mode?: RunMode;
  /** The run's end on its clock, so the axis covers the whole run. */
  endMs?: number | null;
}

export interface TraceNotice { state: TraceState; message: string; stage?: string }

export interface LanesEvents {
  fix(hop: TraceHop): void;
  enableAccessLog(): void;
}

/** What the doctor link says for each hop (the host's doctor lists the causes and applies the fix). */
export function fixLabel(hop: TraceHop, mode: RunMode | undefined): string | undefined {
  switch (hop) {
    case 'gateway':
      return mode?.configured === 'STREAM' && mode.served !== 'STREAM' ? l10n.t('Deploy to {0}…', mode.stage) : l10n.t('Switch to STREAM and deploy…');
    case 'function': return l10n.t('How to write progressively (streamifyResponse)…');
    case 'between': return l10n.t('Remove the compression or proxy…');
    case 'none': return undefined;
  }
}

/** The axis range covering every lane of the given runs (Compare gives both the same one). */
export function axisRange(inputs: readonly LanesInput[]): { fromMs: number; toMs: number } {
  let from = 0;
  let to = 1;
  const see = (ms: number | null | undefined) => {
    if (ms === null || ms === undefined || !Number.isFinite(ms)) return;
    from = Math.min(from, ms);
    to = Math.max(to, ms);
  };
  for (const { trace, client, endMs } of inputs) {
    see(endMs);
    if (client.count) see(client.atMs(client.count - 1));
    const f = trace.function;
    if (f) { see(f.startMs); see(f.endMs); for (const w of f.writes) see(w.atMs); }
    const g = trace.gateway;
    if (g) { see(g.firstContentMs); see(g.receivedMs); for (const w of g.writes) see(w.atMs); }
  }
  // A little room on the right, so the last mark is not on the edge.
  return { fromMs: from, toMs: to + (to - from) * 0.03 };
}

const laneLabel = (id: LaneId): string => (id === 'function' ? l10n.t('Function') : id === 'gateway' ? l10n.t('Gateway') : l10n.t('Client'));
const writes = (n: number): string => (n === 1 ? l10n.t('1 write') : l10n.t('{0} writes', n.toLocaleString('en-US')));

export class LanesView {
  readonly element: HTMLElement;
  private readonly diagnosis: HTMLElement;
  private readonly diagnosisText: HTMLElement;
  private readonly fixButton: HTMLButtonElement;
  private readonly notice: HTMLElement;
  private readonly noticeText: HTMLElement;
  private readonly enableButton: HTMLButtonElement;
  private readonly body: HTMLElement;
  private readonly plot: HTMLElement;
  private readonly labels: Record<LaneId, HTMLElement>;
  private readonly tip: HTMLElement;
  private readonly canvas: LanesCanvas;
  private input: LanesInput | undefined;
  private range: { fromMs: number; toMs: number } | undefined;
  /** Per client chunk, the writes it carried (null: none), computed once per shown run. */
  private carried: { function: (CarriedWrites | null)[]; gateway: (CarriedWrites | null)[] } | undefined;
  private selected: number | undefined;
  private readonly resizeObserver: ResizeObserver;

  constructor(private readonly events: LanesEvents, name = l10n.t('this run')) {
    this.diagnosisText = el('span', { className: 'trace-diagnosis-text' });
    this.fixButton = el('button', { className: 'link trace-fix', attrs: { 'data-action': 'trace-fix' } });
    this.fixButton.addEventListener('click', () => { const hop = this.input?.trace.diagnosis.hop; if (hop && hop !== 'none') this.events.fix(hop); });
    this.diagnosis = el('div', { className: 'trace-diagnosis', attrs: { role: 'status' } }, icon('pulse'), this.diagnosisText, this.fixButton);
    this.noticeText = el('span', { className: 'trace-notice-text' });
    this.enableButton = el('button', { className: 'link', text: l10n.t('Enable access logging…'), attrs: { 'data-action': 'enable-access-log' } });
    this.enableButton.addEventListener('click', () => this.events.enableAccessLog());
    this.notice = el('div', { className: 'trace-notice', attrs: { role: 'status', 'aria-live': 'polite' } }, this.noticeText, this.enableButton);
    const label = (id: LaneId) => el('div', { className: 'lane-label', attrs: { 'data-lane': id } });
    this.labels = { function: label('function'), gateway: label('gateway'), client: label('client') };
    const rows = laneRows();
    for (const id of LANE_IDS) this.labels[id].style.top = `${rows[id].top}px`;
    this.canvas = new LanesCanvas(l10n.t('Hops of {0}: function writes, gateway writes and client chunks on one time axis', name));
    const c = this.canvas.canvas;
    c.tabIndex = 0;
    c.addEventListener('mousemove', (e) => this.onPointer(e));
    c.addEventListener('mouseleave', () => this.select(undefined));
    c.addEventListener('keydown', (e) => this.onKey(e));
    this.plot = el('div', { className: 'lanes-plot' }, c);
    this.body = el('div', { className: 'lanes-body' }, el('div', { className: 'lane-labels' }, ...LANE_IDS.map((id) => this.labels[id])), this.plot);
    this.tip = el('div', { className: 'lanes-tip', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.element = el('section', { className: 'lanes', attrs: { 'aria-label': l10n.t('Hops of {0}', name) } }, this.diagnosis, this.notice, this.body, this.tip);
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(this.plot);
    this.show(undefined, undefined);
  }

  /** A run's lanes (or why there are none yet); `range` shares the axis with another view. */
  show(input: LanesInput | undefined, notice: TraceNotice | undefined, range?: { fromMs: number; toMs: number }): void {
    this.input = input;
    this.selected = undefined;
    this.range = input ? range ?? axisRange([input]) : undefined;
    this.carried = input ? { function: carried(input.client, input.trace.function?.writes), gateway: carried(input.client, input.trace.gateway?.writes) } : undefined;
    this.body.hidden = !input;
    this.diagnosis.hidden = !input;
    if (input) {
      const { hop, reason } = input.trace.diagnosis;
      this.diagnosis.dataset.hop = hop;
      this.diagnosisText.textContent = reason;
      const label = fixLabel(hop, input.mode);
      this.fixButton.hidden = label === undefined;
      this.fixButton.textContent = label ?? '';
      this.fixButton.title = l10n.t('Ask the streaming doctor how to fix the {0} hop', hop);
      this.renderLabels(input);
    }
    const text = notice?.message ?? (input ? '' : l10n.t('The hops timeline appears after a run against the local gateway, or on AWS when the stage has access logging on.'));
    this.noticeText.textContent = text;
    this.notice.dataset.state = notice?.state ?? '';
    this.notice.hidden = text === '';
    this.enableButton.hidden = notice?.state !== 'accessLogOff';
    this.enableButton.textContent = notice?.stage ? l10n.t('Enable access logging on {0}…', notice.stage) : l10n.t('Enable access logging…');
    this.renderTip();
    this.draw();
  }

  private renderLabels(input: LanesInput): void {
    const f = input.trace.function;
    const g = input.trace.gateway;
    const counts: Record<LaneId, string> = {
      function: f ? (f.responseMode === 'buffered' && f.writeCount <= 1 ? l10n.t('returned whole') : f.writeCount ? writes(f.writeCount)
        : f.endMs !== undefined && f.endMs !== null ? l10n.t('invocation') : l10n.t('no writes')) + (f.coldStart ? ` · ${l10n.t('cold')}` : '') : l10n.t('not traced'),
      gateway: g ? (g.mode ? `${g.mode} · ` : '') + (g.writeCount ? writes(g.writeCount) : g.firstContentMs !== null ? l10n.t('first content') : l10n.t('no content')) : l10n.t('not traced'),
      client: chunkCount(input.client.count),
    };
    for (const id of LANE_IDS) {
      this.labels[id].replaceChildren(el('span', { className: 'lane-name', text: laneLabel(id) }), el('span', { className: 'lane-count', text: counts[id] }));
      this.labels[id].title = `${laneLabel(id)}: ${counts[id]}`;
    }
  }

  private draw(): void {
    const input = this.input;
    const width = this.plot.clientWidth;
    if (!input || !this.range || width <= 0) return; // hidden: drawn when it becomes visible
    const f = input.trace.function;
    const sel = this.selected;
    this.canvas.draw({
      function: markList(f?.writes ?? []),
      gateway: markList(input.trace.gateway?.writes ?? []),
      client: input.client,
      functionSpan: f && (f.writes.length === 0) && isNum(f.startMs) && isNum(f.endMs) ? { startMs: f.startMs, endMs: f.endMs } : undefined,
      gatewayFirstContentMs: input.trace.gateway?.firstContentMs ?? null,
      ...this.range,
      highlight: sel === undefined ? undefined : { client: sel, function: this.carried?.function[sel] ?? undefined, gateway: this.carried?.gateway[sel] ?? undefined },
    }, width);
  }

  private onPointer(e: MouseEvent): void {
    const input = this.input;
    if (!input || input.client.count === 0) return;
    const rect = this.canvas.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const row = laneRows().client;
    if (y < row.top - 6 || y > row.bottom + 6) return; // keep the last pick while crossing the other lanes
    const i = nearest(input.client, this.canvas.msAt(x));
    this.select(Math.abs(this.canvas.xOf(input.client.atMs(i)) - x) <= 8 ? i : undefined);
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.input?.client.count ?? 0;
    if (n === 0) return;
    const cur = this.selected;
    const next = e.key === 'ArrowRight' ? (cur === undefined ? 0 : Math.min(n - 1, cur + 1))
      : e.key === 'ArrowLeft' ? (cur === undefined ? n - 1 : Math.max(0, cur - 1))
        : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : e.key === 'Escape' ? undefined : cur;
    if (next === cur && e.key !== 'Escape') return;
    e.preventDefault();
    this.select(next);
  }

  private select(i: number | undefined): void {
    if (i === this.selected) return;
    this.selected = i;
    this.renderTip();
    this.draw();
  }

  private renderTip(): void {
    const input = this.input;
    const i = this.selected;
    delete this.tip.dataset.client;
    delete this.tip.dataset.functionFirst;
    delete this.tip.dataset.functionLast;
    if (!input || i === undefined) {
      this.tip.textContent = input && input.client.count ? l10n.t('Point at a client chunk (or focus the lanes and use ←/→) to see the function write it carried.') : '';
      return;
    }
    this.tip.dataset.client = String(i);
    const c = input.client;
    const head = l10n.t('Client chunk {0} of {1} at {2} ({3})', (i + 1).toLocaleString('en-US'), c.count.toLocaleString('en-US'), fmtMs(c.atMs(i)), fmtBytes(c.bytes(i)));
    const fnWrites = input.trace.function?.writes ?? [];
    const carried = this.carried?.function[i];
    if (!carried) {
      this.tip.textContent = fnWrites.length ? l10n.t('{0}: no function write left bytes for it.', head) : input.trace.source === 'aws'
        ? l10n.t('{0}: the trace has no function writes to match (the access log times the invocation, not its writes).', head)
        : l10n.t('{0}: the trace has no function writes to match (none recorded).', head);
      return;
    }
    this.tip.dataset.functionFirst = String(carried.first);
    this.tip.dataset.functionLast = String(carried.last);
    this.tip.textContent = l10n.t('{0} carried {1}', head, describeWrites(fnWrites, carried, input.trace.function?.writeCount ?? fnWrites.length));
  }
}

/** "function write 12 of 48 (written at 510.1 ms, 86 B)" or "function writes 1–48 of 48 (written 12.0 ms – 2.30 s, 4.1 KiB)". */
export function describeWrites(writes: readonly ChunkMark[], range: { first: number; last: number }, total: number): string {
  const a = writes[range.first]!;
  const all = total.toLocaleString('en-US');
  if (range.first === range.last) return l10n.t('function write {0} of {1} (written at {2}, {3}).', range.first + 1, all, fmtMs(a.atMs), fmtBytes(a.bytes));
  let bytes = 0;
  for (let j = range.first; j <= range.last; j++) bytes += writes[j]!.bytes;
  return l10n.t('function writes {0}–{1} of {2} (written {3} – {4}, {5}).', range.first + 1, range.last + 1, all, fmtMs(a.atMs), fmtMs(writes[range.last]!.atMs), fmtBytes(bytes));
}

/** carriedWrites over the lane's body writes (the host already left the streaming prelude out). */
function carried(client: ClientMarks, writes: readonly ChunkMark[] | undefined): (CarriedWrites | null)[] {
  const sizes = new Float64Array(client.count);
  for (let i = 0; i < client.count; i++) sizes[i] = client.bytes(i);
  return carriedWrites(sizes, (writes ?? []).map((w) => ({ t: w.atMs, bytes: w.bytes })));
}

function isNum(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** The index of the mark nearest to `ms` (marks in time order). */
function nearest(marks: MarkList, ms: number): number {
  let lo = 0;
  let hi = marks.count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks.atMs(mid) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(marks.atMs(lo - 1) - ms) <= Math.abs(marks.atMs(lo) - ms) ? lo - 1 : lo;
}
