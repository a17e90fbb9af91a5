// Collects chunks as the engine reports them and forwards them to the webview in batches every
// CHUNK_BATCH_INTERVAL_MS, each with its host-measured mark. Bytes travel only for the first
// `displayWindowBytes` of the body; past that, marks keep flowing without data so the timeline
// stays complete while the webview's memory stays bounded. No `vscode` import (unit-tested).
import type { ChunkMark } from '../../shared/timeline';
import { CHUNK_BATCH_INTERVAL_MS, type WireChunk } from '../../shared/protocol';

export interface ChunkBatcherOptions {
  displayWindowBytes: number;
  intervalMs?: number;
  send(chunks: WireChunk[]): void;
}

export class ChunkBatcher {
  private pending: WireChunk[] = [];
  private seq = 0;
  private shownBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** True once some body bytes were not forwarded for display. */
  truncated = false;

  constructor(private readonly opts: ChunkBatcherOptions) {}

  add(chunk: Uint8Array, mark: ChunkMark): void {
    const wire: WireChunk = { seq: this.seq++, atMs: mark.atMs, bytes: mark.bytes };
    const room = this.opts.displayWindowBytes - this.shownBytes;
    if (room > 0 && chunk.length > 0) {
      const slice = chunk.length <= room ? chunk : chunk.subarray(0, room);
      wire.b64 = Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString('base64');
      this.shownBytes += slice.length;
      if (slice.length < chunk.length) this.truncated = true;
    } else if (chunk.length > 0) {
      this.truncated = true;
    }
    this.pending.push(wire);
    // One timer per batch, started by its first chunk: an idle stream costs nothing.
    this.timer ??= setTimeout(() => this.flush(), this.opts.intervalMs ?? CHUNK_BATCH_INTERVAL_MS);
  }

  /** Sends what is pending now (at the end of a run, so runEnded never overtakes chunks). */
  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.opts.send(batch);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
