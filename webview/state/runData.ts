// Everything the webview knows about one run, in structures that stay cheap at 100k+ chunks:
// marks in growable typed arrays, body bytes (display window only) in one growable buffer.
import type { PhaseTimings } from '../../src/shared/timeline';
import type { RequestEcho, RunMode, RunSummary, StoredRun, TraceState } from '../../src/shared/protocol';
import type { TraceLanes } from '../../src/shared/lanes';
import { unpackChunkBatch } from '../../src/shared/chunkBatch';
import { emptyTimings } from '../../src/shared/timings';
import type { MarkSeries } from './stats';

class GrowableF64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class RunData implements MarkSeries {
  status: number | null = null;
  responseHeaders: Record<string, string> = {};
  timing: PhaseTimings = emptyTimings();
  totalBytes = 0;
  /** Chunks whose seq did not follow the previous one (should stay 0: the host never drops). */
  seqGaps = 0;
  ended: { summary: RunSummary; error?: string; bodySaved: boolean; displayTruncated: boolean } | undefined;
  /** Set for runs loaded from history: the marks may be a downsample and there is no body. */
  stored: StoredRun | undefined;
  /** The run's lanes once the host read its trace, or why there are none (yet). */
  trace: TraceLanes | undefined;
  traceNotice: { state: TraceState; message: string; stage?: string } | undefined;

  private readonly at = new GrowableF64();
  private readonly size = new GrowableF64();
  private body = new Uint8Array(64 * 1024);
  private bodyLength = 0;
  /** Listeners for new body bytes (parsers and text views decode incrementally). */
  private readonly bodyListeners: ((bytes: Uint8Array, atMs: number) => void)[] = [];

  constructor(
    readonly runId: string,
    readonly request: RequestEcho,
    readonly startedAt: number,
    readonly mode?: RunMode,
    readonly title?: string,
  ) {}

  static fromStored(run: StoredRun): RunData {
    const r = new RunData(run.summary.id, run.request, run.startedAt, run.summary.mode, run.title);
    r.stored = run;
    r.status = run.summary.status;
    r.responseHeaders = run.responseHeaders;
    r.timing = run.timing;
    for (const m of run.marks) { r.at.push(m.atMs); r.size.push(m.bytes); }
    r.totalBytes = run.summary.bytes;
    r.ended = { summary: run.summary, error: run.error, bodySaved: false, displayTruncated: true };
    r.trace = run.trace;
    return r;
  }

  get count(): number { return this.at.length; }
  atMs(i: number): number { return this.at.data[i]; }
  bytes(i: number): number { return this.size.data[i]; }
  gapMs(i: number): number | null { return i > 0 ? this.at.data[i] - this.at.data[i - 1] : null; }
  get bodyBytes(): Uint8Array { return this.body.subarray(0, this.bodyLength); }
  get live(): boolean { return this.ended === undefined; }

  /** Replays the body so far, then reports each new piece with its chunk's arrival time. */
  onBody(listener: (bytes: Uint8Array, atMs: number) => void): () => void {
    if (this.bodyLength > 0) listener(this.bodyBytes, this.count > 0 ? this.atMs(this.count - 1) : 0);
    this.bodyListeners.push(listener);
    return () => {
      const i = this.bodyListeners.indexOf(listener);
      if (i >= 0) this.bodyListeners.splice(i, 1);
    };
  }

  /** Adds a batch packed by the host (src/shared/chunkBatch.ts); returns why it was dropped, if it was. */
  addBatch(firstSeq: number, count: number, buffer: ArrayBuffer): string | undefined {
    const batch = unpackChunkBatch(firstSeq, count, buffer);
    if (typeof batch === 'string') return batch;
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const seq = firstSeq + i;
      const shown = batch.shown[i]!;
      const bytes = batch.data.subarray(offset, offset + shown);
      offset += shown;
      if (seq < this.count) continue; // a duplicate; marks are append-only
      if (seq !== this.count) this.seqGaps += seq - this.count;
      this.at.push(batch.times[i]!);
      this.size.push(batch.sizes[i]!);
      this.totalBytes += batch.sizes[i]!;
      if (shown) this.appendBody(bytes, batch.times[i]!);
    }
    return undefined;
  }

  private appendBody(bytes: Uint8Array, atMs: number): void {
    if (this.bodyLength + bytes.length > this.body.length) {
      let cap = this.body.length;
      while (cap < this.bodyLength + bytes.length) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.body.subarray(0, this.bodyLength));
      this.body = next;
    }
    this.body.set(bytes, this.bodyLength);
    this.bodyLength += bytes.length;
    for (const l of this.bodyListeners) l(bytes, atMs);
  }

  contentType(): string {
    for (const [k, v] of Object.entries(this.responseHeaders)) if (k.toLowerCase() === 'content-type') return v;
    return '';
  }

  /** Cumulative bytes over time, at most `maxPoints` points (always including the last). */
  cumulativeSeries(maxPoints: number): [number[], number[]] {
    const n = this.count;
    const xs: number[] = [0];
    const ys: number[] = [0];
    const step = Math.max(1, Math.ceil(n / maxPoints));
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += this.size.data[i];
      if (i % step === step - 1 || i === n - 1) { xs.push(this.at.data[i]); ys.push(sum); }
    }
    return [xs, ys];
  }
}
