// The engine's per-chunk records while a body streams: two growing typed arrays instead of one
// object per chunk. Objects that live until the run ends survive every young-generation GC and
// are promoted; on a fast stream that steady promotion keeps V8 starting full (mark-compact)
// collections, which cost CPU and let the socket's dead read buffers pile up in between (the
// peak RSS of a 1 GiB download). Numbers in typed arrays are not objects: nothing is promoted
// until the run ends and `toMarks()` builds the records once.
import type { ChunkMark } from '../../shared/timeline';

const INITIAL_CAPACITY = 1024;

export class ChunkRecords {
  private atMs = new Float64Array(INITIAL_CAPACITY);
  // Float64: a merged record of a long run can pass 4 GiB.
  private bytes = new Float64Array(INITIAL_CAPACITY);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(atMs: number, bytes: number): void {
    if (this.count === this.atMs.length) this.grow();
    this.atMs[this.count] = atMs;
    this.bytes[this.count] = bytes;
    this.count++;
  }

  /** Time of the last record; NaN when there is none. */
  lastAtMs(): number {
    return this.count > 0 ? this.atMs[this.count - 1]! : NaN;
  }

  /** Adds bytes to the last record (a merged chunk). */
  addToLast(bytes: number): void {
    this.bytes[this.count - 1]! += bytes;
  }

  toMarks(): ChunkMark[] {
    const marks: ChunkMark[] = new Array<ChunkMark>(this.count);
    for (let i = 0; i < this.count; i++) marks[i] = { atMs: this.atMs[i]!, bytes: this.bytes[i]! };
    return marks;
  }

  private grow(): void {
    const atMs = new Float64Array(this.atMs.length * 2);
    atMs.set(this.atMs);
    this.atMs = atMs;
    const bytes = new Float64Array(this.bytes.length * 2);
    bytes.set(this.bytes);
    this.bytes = bytes;
  }
}
