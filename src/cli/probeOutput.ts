// What `streamgate probe` prints: live lines and the JSON report, both written with stdout's
// backpressure respected (a stalled pipe pauses the request instead of growing memory) and
// with URL credentials and presigned-URL signatures masked.
import type { Writable } from 'node:stream';
import type { RunResult } from '../core/stream/engine';
import type { SseEvent } from '../shared/parse/sse';
import type { NdjsonError } from '../shared/parse/ndjson';
import type { PhaseTimings } from '../shared/timeline';
import { redactText } from '../shared/redact';
import { outcomeWord } from '../shared/outcomeWords';
import * as l10n from '@vscode/l10n';

/** How `streamgate probe` decodes a body for its output (not the console's BodyFormat: no auto, raw instead of text). */
export type ProbeFormat = 'sse' | 'ndjson' | 'raw';

/** Writes lines to a stream; `pending()` is a promise while the stream's buffer is full. */
export class LineWriter {
  private waiting: Promise<void> | undefined;

  constructor(private readonly out: Writable) {}

  write(text: string): void {
    if (!this.out.write(text) && !this.waiting) {
      this.waiting = new Promise<void>((resolve) => {
        const done = (): void => {
          this.out.off('drain', done);
          this.out.off('close', done);
          this.out.off('error', done);
          this.waiting = undefined;
          resolve();
        };
        this.out.on('drain', done);
        // A closed or broken pipe must not hold the request forever.
        this.out.on('close', done);
        this.out.on('error', done);
      });
    }
  }

  line(text: string): void {
    this.write(text + '\n');
  }

  /** undefined when the stream can take more now. */
  pending(): Promise<void> | undefined {
    return this.waiting;
  }

  async drained(): Promise<void> {
    while (this.waiting) await this.waiting;
  }
}

const round = (ms: number | null): number | null => (ms === null ? null : Math.round(ms * 1000) / 1000);

export function formatMs(ms: number | null): string {
  return ms === null ? '—' : `${ms.toFixed(1)} ms`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function oneLine(text: string, max = 120): string {
  const flat = JSON.stringify(text);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Response headers as shown: a Location with a presigned URL keeps its signature masked. */
export function shownHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = redactText(value);
  return out;
}

function timingJson(t: PhaseTimings): Record<string, number | null> {
  return {
    dnsMs: round(t.dnsMs), connectMs: round(t.connectMs), tlsMs: round(t.tlsMs), sentMs: round(t.requestSentMs),
    headersMs: round(t.headersMs), ttfbMs: round(t.ttfbMs), endMs: round(t.endMs),
  };
}

export interface JsonExtras { format: ProbeFormat; events: SseEvent[]; records: unknown[]; parseErrors: NdjsonError[]; error?: string; trace?: Record<string, unknown> }

/** The report without its chunk list (which is streamed separately: it can hold a million records). */
export function probeJsonHead(result: RunResult, x: JsonExtras): Record<string, unknown> {
  return {
    status: result.status,
    headers: shownHeaders(result.headers),
    timing: timingJson(result.timing),
    chunks: null,
    chunksMerged: result.chunksMerged,
    bytes: result.bytes,
    ...(x.format === 'sse' ? { events: x.events.map((e) => ({ event: e.event, data: e.data, id: e.id })) } : {}),
    ...(x.format === 'ndjson' ? { records: x.records, ...(x.parseErrors.length > 0 ? { parseErrors: x.parseErrors } : {}) } : {}),
    ...(result.bodyFile ? { bodyFile: result.bodyFile } : {}),
    ...(x.error !== undefined ? { error: x.error } : {}),
    ...(result.failure ? { errorCode: result.failure.code } : {}),
    ...(x.trace ? { trace: x.trace } : {}),
  };
}

const CHUNKS_SLOT = '"chunks": null';
const BATCH_CHARS = 64 * 1024;

/** Writes the JSON report (pretty-printed, one chunk record per line) with backpressure. */
export async function writeProbeJson(out: LineWriter, result: RunResult, x: JsonExtras): Promise<void> {
  const text = JSON.stringify(probeJsonHead(result, x), null, 2);
  const slot = text.indexOf(CHUNKS_SLOT);
  out.write(text.slice(0, slot) + '"chunks": ['); // l10n-exempt: JSON output
  let batch = '';
  const marks = result.chunks;
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    batch += `${i === 0 ? '' : ','}\n    {"atMs": ${round(m.atMs)}, "bytes": ${m.bytes}}`;
    if (batch.length >= BATCH_CHARS) {
      out.write(batch);
      batch = '';
      await out.drained();
    }
  }
  out.write(batch + (marks.length > 0 ? '\n  ]' : ']') + text.slice(slot + CHUNKS_SLOT.length) + '\n');
  await out.drained();
}

export function summaryLine(result: RunResult): string {
  const t = result.timing;
  const total = t.endMs ?? 0;
  const merged = result.chunksMerged > 0 ? ` ${l10n.t('({0} merged into {1} records)', result.chunksMerged, result.chunks.length)}` : '';
  const count = result.chunks.length + result.chunksMerged;
  return l10n.t('{0}: {1} in {2}{3}, {4} total', outcomeWord(result.outcome), formatBytes(result.bytes), count === 1 ? l10n.t('1 chunk') : l10n.t('{0} chunks', count), merged, formatMs(total)) +
    ` · ${l10n.t('DNS {0} · connect {1} · TLS {2} · sent {3}', formatMs(t.dnsMs), formatMs(t.connectMs), formatMs(t.tlsMs), formatMs(t.requestSentMs))}` +
    ` · ${l10n.t('headers {0} · first byte {1}', formatMs(t.headersMs), formatMs(t.ttfbMs))}` +
    (total > 0 && result.bytes > 0 ? ` · ${formatBytes(result.bytes / (total / 1000))}/s` : '');
}
