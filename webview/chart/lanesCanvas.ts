// Draws the three lanes (function writes, gateway first content and writes, client chunks) on one
// time axis into a canvas. Marks are binned per pixel column, so a lane of 100,000 chunks costs
// no more than one of a few hundred; the gaps between the hops' first bytes are drawn as
// brackets with their length. Geometry is exposed (xOf, laneRows) for hit testing and tests.
import * as l10n from '@vscode/l10n';
import type { ChunkMark } from '../../src/shared/timeline';
import { timeTicks } from './ticks';

export interface MarkList { readonly count: number; atMs(i: number): number }

export function markList(marks: readonly ChunkMark[]): MarkList {
  return { count: marks.length, atMs: (i) => marks[i]!.atMs };
}

export type LaneId = 'function' | 'gateway' | 'client';
export const LANE_IDS: readonly LaneId[] = ['function', 'gateway', 'client'];

export interface LanesPicture {
  function: MarkList;
  gateway: MarkList;
  client: MarkList;
  /** AWS knows the invocation's span, not its writes. */
  functionSpan?: { startMs: number; endMs: number };
  gatewayFirstContentMs: number | null;
  /** Axis range (ms on the run's clock); Compare gives both runs the same one. */
  fromMs: number;
  toMs: number;
  /** The selected client chunk and what it carried (inclusive index ranges). */
  highlight?: { client: number; function?: { first: number; last: number }; gateway?: { first: number; last: number } };
}

const LANE_H = 24;
const GAP_H = 18;
const AXIS_H = 20;
const PAD_X = 8;
export const LANES_HEIGHT = 3 * LANE_H + 2 * GAP_H + AXIS_H + 4;

/** Top and bottom (CSS px) of each lane's row. */
export function laneRows(): Record<LaneId, { top: number; bottom: number }> {
  const row = (i: number) => ({ top: i * (LANE_H + GAP_H), bottom: i * (LANE_H + GAP_H) + LANE_H });
  return { function: row(0), gateway: row(1), client: row(2) };
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Tick spacing: 1-2-5 steps so about `target` ticks fit. */
function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

export class LanesCanvas {
  readonly canvas: HTMLCanvasElement;
  private width = 300;
  private picture: LanesPicture | undefined;

  constructor(label: string) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'lanes-canvas';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', label);
    this.canvas.style.height = `${LANES_HEIGHT}px`;
  }

  /** x (CSS px) of a time on the axis. */
  xOf(ms: number): number {
    const p = this.picture;
    if (!p) return PAD_X;
    const span = Math.max(1e-9, p.toMs - p.fromMs);
    return PAD_X + ((ms - p.fromMs) / span) * (this.width - 2 * PAD_X);
  }

  /** The time at x (CSS px). */
  msAt(x: number): number {
    const p = this.picture;
    if (!p) return 0;
    return p.fromMs + ((x - PAD_X) / Math.max(1, this.width - 2 * PAD_X)) * (p.toMs - p.fromMs);
  }

  draw(picture: LanesPicture, width: number): void {
    this.picture = picture;
    this.width = Math.max(120, Math.floor(width));
    const dpr = window.devicePixelRatio || 1;
    const c = this.canvas;
    c.width = Math.round(this.width * dpr);
    c.height = Math.round(LANES_HEIGHT * dpr);
    c.style.width = `${this.width}px`;
    // Read by tests and hit testing: the axis geometry in CSS px.
    c.dataset.fromMs = String(picture.fromMs);
    c.dataset.toMs = String(picture.toMs);
    c.dataset.padX = String(PAD_X);
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, this.width, LANES_HEIGHT);
    const fg = cssVar('--vscode-foreground', '#ccc');
    const muted = cssVar('--vscode-descriptionForeground', '#999');
    const band = cssVar('--vscode-editorWidget-background', 'rgba(128,128,128,0.12)');
    const colors: Record<LaneId, string> = {
      function: cssVar('--vscode-charts-purple', '#b180d7'),
      gateway: cssVar('--vscode-charts-orange', '#d18616'),
      client: cssVar('--vscode-charts-blue', '#3794ff'),
    };
    const warn = cssVar('--vscode-editorWarning-foreground', '#cca700');
    const focus = cssVar('--vscode-focusBorder', '#007fd4');
    const rows = laneRows();
    for (const id of LANE_IDS) {
      g.fillStyle = band;
      g.fillRect(PAD_X, rows[id].top, this.width - 2 * PAD_X, LANE_H);
    }
    if (picture.functionSpan) {
      const { startMs, endMs } = picture.functionSpan;
      g.globalAlpha = 0.35;
      g.fillStyle = colors.function;
      const x = this.xOf(startMs);
      g.fillRect(x, rows.function.top + 6, Math.max(1, this.xOf(endMs) - x), LANE_H - 12);
      g.globalAlpha = 1;
    }
    this.binned(g, picture.function, rows.function, colors.function);
    this.binned(g, picture.gateway, rows.gateway, colors.gateway);
    this.binned(g, picture.client, rows.client, colors.client);
    if (picture.gatewayFirstContentMs !== null) {
      const x = Math.round(this.xOf(picture.gatewayFirstContentMs));
      g.fillStyle = fg;
      g.fillRect(x - 1, rows.gateway.top - 2, 2, LANE_H + 4);
      g.beginPath();
      g.moveTo(x - 5, rows.gateway.top - 2); g.lineTo(x + 5, rows.gateway.top - 2); g.lineTo(x, rows.gateway.top + 4);
      g.fill();
      // Named once, where there is room: the marker the gateway-side gap is measured to.
      g.font = '10px var(--vscode-font-family), sans-serif';
      g.textBaseline = 'middle';
      const room = x - PAD_X > 80;
      g.textAlign = room ? 'right' : 'left';
      g.fillText(l10n.t('first content'), room ? x - 7 : x + 7, rows.gateway.top + LANE_H / 2);
    }
    this.gapBracket(g, first(picture.function) ?? picture.functionSpan?.startMs, picture.gatewayFirstContentMs, rows.function.bottom, muted, warn);
    this.gapBracket(g, picture.gatewayFirstContentMs, first(picture.client), rows.gateway.bottom, muted, warn);
    if (picture.highlight) this.highlight(g, picture, rows, focus);
    this.axis(g, rows.client.bottom + 6, muted);
  }

  /** One rectangle per pixel column that has marks; more marks in a column draw it more opaque. */
  private binned(g: CanvasRenderingContext2D, marks: MarkList, row: { top: number; bottom: number }, color: string): void {
    if (marks.count === 0) return;
    const columns = new Map<number, number>();
    for (let i = 0; i < marks.count; i++) {
      const x = Math.round(this.xOf(marks.atMs(i)));
      columns.set(x, (columns.get(x) ?? 0) + 1);
    }
    g.fillStyle = color;
    for (const [x, n] of columns) {
      g.globalAlpha = Math.min(1, 0.55 + 0.15 * n);
      g.fillRect(x - 1, row.top + 2, 2, row.bottom - row.top - 4);
    }
    g.globalAlpha = 1;
  }

  /** A bracket in the space below a lane from one hop's first byte to the next hop's, with its length. */
  private gapBracket(g: CanvasRenderingContext2D, fromMs: number | null | undefined, toMs: number | null | undefined, laneBottom: number, muted: string, warn: string): void {
    if (fromMs === null || fromMs === undefined || toMs === null || toMs === undefined) return;
    const x0 = this.xOf(Math.min(fromMs, toMs));
    const x1 = this.xOf(Math.max(fromMs, toMs));
    const y = laneBottom + GAP_H / 2;
    const delta = toMs - fromMs;
    const p = this.picture!;
    const large = delta > Math.max(50, 0.2 * (p.toMs - p.fromMs));
    g.strokeStyle = large ? warn : muted;
    g.fillStyle = large ? warn : muted;
    g.lineWidth = 1;
    g.setLineDash(large ? [] : [3, 3]);
    g.beginPath();
    g.moveTo(x0, y); g.lineTo(x1, y);
    g.moveTo(x0, y - 4); g.lineTo(x0, y + 4);
    g.moveTo(x1, y - 4); g.lineTo(x1, y + 4);
    g.stroke();
    g.setLineDash([]);
    if (x1 - x0 > 44) {
      g.font = '10px var(--vscode-font-family), sans-serif';
      g.textAlign = 'center';
      g.textBaseline = 'bottom';
      g.fillText(`+${fmtShort(delta)}`, (x0 + x1) / 2, y - 1);
    }
  }

  private highlight(g: CanvasRenderingContext2D, p: LanesPicture, rows: ReturnType<typeof laneRows>, color: string): void {
    const h = p.highlight!;
    const cx = this.xOf(p.client.atMs(h.client));
    g.strokeStyle = color;
    g.fillStyle = color;
    g.lineWidth = 2;
    g.strokeRect(cx - 3, rows.client.top, 6, LANE_H);
    const span = (marks: MarkList, range: { first: number; last: number } | undefined, row: { top: number; bottom: number }) => {
      if (!range) return undefined;
      const x0 = this.xOf(marks.atMs(range.first));
      const x1 = this.xOf(marks.atMs(range.last));
      g.strokeRect(x0 - 3, row.top, Math.max(6, x1 - x0 + 6), LANE_H);
      return x1;
    };
    const fx = span(p.function, h.function, rows.function);
    const gx = span(p.gateway, h.gateway, rows.gateway);
    // A line from the chunk up through the hops that carried its bytes.
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(cx, rows.client.top);
    if (gx !== undefined) g.lineTo(gx, rows.gateway.bottom);
    else if (p.gatewayFirstContentMs !== null && fx !== undefined) g.lineTo(this.xOf(p.gatewayFirstContentMs), rows.gateway.bottom);
    if (fx !== undefined) {
      if (gx !== undefined) g.moveTo(gx, rows.gateway.top);
      else if (p.gatewayFirstContentMs !== null) g.moveTo(this.xOf(p.gatewayFirstContentMs), rows.gateway.top);
      g.lineTo(fx, rows.function.bottom);
    }
    g.stroke();
  }

  private axis(g: CanvasRenderingContext2D, y: number, color: string): void {
    const p = this.picture!;
    const span = p.toMs - p.fromMs;
    const step = niceStep(span, Math.max(2, Math.floor((this.width - 2 * PAD_X) / 90)));
    const values: number[] = [];
    for (let v = Math.ceil(p.fromMs / step) * step; v <= p.toMs + 1e-9; v += step) values.push(v);
    const labels = timeTicks(values, step);
    g.strokeStyle = color;
    g.fillStyle = color;
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(PAD_X, y); g.lineTo(this.width - PAD_X, y);
    g.stroke();
    g.font = '10px var(--vscode-font-family), sans-serif';
    g.textBaseline = 'top';
    values.forEach((v, i) => {
      const x = this.xOf(v);
      g.fillRect(Math.round(x), y, 1, 4);
      g.textAlign = i === 0 && x < PAD_X + 20 ? 'left' : x > this.width - PAD_X - 20 ? 'right' : 'center';
      g.fillText(labels[i]!, x, y + 5);
    });
  }
}

function first(marks: MarkList): number | undefined {
  return marks.count > 0 ? marks.atMs(0) : undefined;
}

function fmtShort(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}
