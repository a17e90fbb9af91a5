// Incremental interpretations of the response body for the tabs: raw lines, SSE events, NDJSON
// records and the assistant text joined from LLM deltas. Fed piece by piece as chunks arrive;
// parsing uses src/shared/parse (browser-safe), the same code the host and CLI use.
import type { BodyFormat } from '../../src/shared/model';
import {
  chooseParser, createAssistantTextJoiner, isBinaryMediaType, createNdjsonParser, createSseParser, createUtf8Decoder,
  type AssistantTextJoiner, type NdjsonParser, type ParserKind, type SseParser,
} from '../../src/shared/parse';
import type { RunData } from '../state/runData';

export interface TimedEvent { atMs: number; event: string; id: string | null; data: string }
export interface TimedRecord { atMs: number; line: number; value?: unknown; error?: string; text?: string }

/** Raw lines longer than this are cut for display (the full body is in Save body). */
const MAX_LINE_CHARS = 4000;

export class BodyModel {
  readonly lines: string[] = [];
  readonly events: TimedEvent[] = [];
  readonly records: TimedRecord[] = [];
  kind: ParserKind = 'text';
  private joiner: AssistantTextJoiner = createAssistantTextJoiner();
  private rawDecoder = createUtf8Decoder(true);
  /** Fails on the first byte sequence that is not UTF-8: such a body is binary, whatever its type says. */
  private strictDecoder = new TextDecoder('utf-8', { fatal: true });
  private notText = false;
  private partial = '';
  private sse: SseParser | undefined;
  private ndjson: NdjsonParser | undefined;
  private nowMs = 0;
  private unsubscribe: (() => void) | undefined;
  /** Bumped on every change so views re-render only when something moved. */
  version = 0;

  constructor(private readonly run: RunData, private readonly choice: BodyFormat) {
    this.reset();
  }

  get assistantText(): string { return this.joiner.text; }
  get deltaCount(): number { return this.joiner.deltaCount; }
  get provider(): string | null { return this.joiner.provider; }
  get partialLine(): string { return this.partial; }

  /** Bytes, not text: a binary media type, bytes that are not UTF-8, or NUL bytes. Shown as hex. */
  get binary(): boolean {
    return this.notText || isBinaryMediaType(this.run.contentType());
  }

  kindFor(run: RunData): ParserKind {
    return chooseParser(run.contentType(), this.choice);
  }

  /** (Re)starts parsing: the content type may only be known after the headers arrive. */
  reset(): void {
    this.unsubscribe?.();
    this.lines.length = 0;
    this.events.length = 0;
    this.records.length = 0;
    this.partial = '';
    this.rawDecoder = createUtf8Decoder(true);
    this.strictDecoder = new TextDecoder('utf-8', { fatal: true });
    this.notText = false;
    this.joiner = createAssistantTextJoiner();
    this.kind = this.kindFor(this.run);
    this.sse = this.kind === 'sse'
      ? createSseParser({ onEvent: (e) => { this.events.push({ atMs: this.nowMs, ...e }); this.joiner.addData(e.data); } })
      : undefined;
    this.ndjson = this.kind === 'ndjson'
      ? createNdjsonParser({
        onRecord: (r) => { this.records.push({ atMs: this.nowMs, line: r.line, value: r.value }); this.joiner.addValue(r.value); },
        onError: (e) => this.records.push({ atMs: this.nowMs, line: e.line, error: e.message, text: e.text }),
      })
      : undefined;
    this.version++;
    this.unsubscribe = this.run.onBody((bytes, atMs) => this.feed(bytes, atMs));
  }

  /** Flushes parsers at the end of the run (a last line without newline is still a record). */
  end(): void {
    this.nowMs = this.run.timing.endMs ?? this.nowMs;
    this.sse?.end();
    this.ndjson?.end();
    const tail = this.rawDecoder.end();
    this.addText(tail);
    if (this.partial !== '') {
      this.lines.push(this.partial);
      this.partial = '';
    }
    this.version++;
  }

  dispose(): void {
    this.unsubscribe?.();
  }

  private feed(bytes: Uint8Array, atMs: number): void {
    this.nowMs = atMs;
    if (!this.notText) {
      try { this.strictDecoder.decode(bytes, { stream: true }); } catch { this.notText = true; }
      if (bytes.includes(0)) this.notText = true;
    }
    this.addText(this.rawDecoder.decode(bytes));
    this.sse?.feedBytes(bytes);
    this.ndjson?.feedBytes(bytes);
    this.version++;
  }

  private addText(text: string): void {
    if (text === '') return;
    const parts = text.split('\n');
    parts[0] = this.partial + parts[0];
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.lines.push(p.length > MAX_LINE_CHARS ? `${p.slice(0, MAX_LINE_CHARS)}…` : p);
    // A body without newlines must not build one unbounded partial line.
    if (this.partial.length > MAX_LINE_CHARS) {
      this.lines.push(this.partial);
      this.partial = '';
    }
  }
}
