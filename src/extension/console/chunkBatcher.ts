// Collects chunks as the engine reports them and forwards them to the webview in batches every
// CHUNK_BATCH_INTERVAL_MS, each batch packed into one ArrayBuffer (src/shared/chunkBatch.ts) with
// the chunks' host-measured times and sizes. Bytes travel only for the first `displayWindowBytes`
// of the body; past that, marks keep flowing without data so the timeline stays complete while
// the webview's memory stays bounded. No `vscode` import (unit-tested).
import type { ChunkMark } from '../../shared/timeline';
import { packChunkBatch, type PendingChunk } from '../../shared/chunkBatch';
import { CHUNK_BATCH_INTERVAL_MS } from '../../shared/protocol';

export interface PackedBatch { firstSeq: number; count: number; buffer: ArrayBuffer }

export interface ChunkBatcherOptions {
  displayWindowBytes: number;
  intervalMs?: number;
  send(batch: PackedBatch): void;
}

export class ChunkBatcher {
  private pending: PendingChunk[] = [];
  private firstSeq = 0;
  private shownBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** True once some body bytes were not forwarded for display. */
  truncated = false;

  constructor(private readonly opts: ChunkBatcherOptions) {}

  add(chunk: Uint8Array, mark: ChunkMark): void {
    const pending: PendingChunk = { atMs: mark.atMs, bytes: mark.bytes };
    const room = this.opts.displayWindowBytes - this.shownBytes;
    if (room > 0 && chunk.length > 0) {
      // A view, not a copy: the engine hands over a fresh buffer per chunk; the copy happens once, into the batch.
      pending.shown = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.shownBytes += pending.shown.length;
      if (pending.shown.length < chunk.length) this.truncated = true;
    } else if (chunk.length > 0) {
      this.truncated = true;
    }
    this.pending.push(pending);
    // One timer per batch, started by its first chunk: an idle stream costs nothing.
    this.timer ??= setTimeout(() => this.flush(), this.opts.intervalMs ?? CHUNK_BATCH_INTERVAL_MS);
  }

  /** Sends what is pending now (at the end of a run, so runEnded never overtakes chunks). */
  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    const firstSeq = this.firstSeq;
    this.pending = [];
    this.firstSeq += batch.length;
    this.opts.send({ firstSeq, count: batch.length, buffer: packChunkBatch(batch) });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
