// Per-chunk timings of one request, recorded on the hot path: a time and a size per write in
// typed arrays that grow by doubling up to a cap. Past the cap, neighbouring entries are merged
// pairwise and each entry from then on holds twice as many writes, so a 256 MB stream of 64 KB
// chunks costs a bounded few KB, the whole stream stays covered evenly, and nothing is allocated
// per chunk.
import type { TraceWrite } from '../../shared/trace';

export const MAX_WRITE_ENTRIES = 4096;
const FIRST_CAPACITY = 64;

/** Epoch ms with sub-ms precision, on the clock every lane uses (see src/shared/trace.ts). */
export function traceNow(): number {
  return performance.timeOrigin + performance.now();
}

export class WriteLog {
  private times: Float64Array;
  private sizes: Float64Array;
  private entries = 0;
  /** Writes each entry holds from now on (1 until the cap is first reached). */
  private perEntry = 1;
  private inLast = 0;
  count = 0;
  bytes = 0;

  constructor(private readonly maxEntries = MAX_WRITE_ENTRIES) {
    this.times = new Float64Array(Math.min(FIRST_CAPACITY, maxEntries));
    this.sizes = new Float64Array(this.times.length);
  }

  add(t: number, bytes: number): void {
    if (bytes <= 0) return;
    this.count++;
    this.bytes += bytes;
    if (this.entries === this.times.length && this.inLast >= this.perEntry) this.grow();
    if (this.entries > 0 && this.inLast < this.perEntry) {
      this.sizes[this.entries - 1]! += bytes;
      this.inLast++;
      return;
    }
    this.times[this.entries] = t;
    this.sizes[this.entries] = bytes;
    this.entries++;
    this.inLast = 1;
  }

  get coalesced(): boolean {
    return this.perEntry > 1;
  }

  get first(): number | null {
    return this.entries ? this.times[0]! : null;
  }

  toWrites(): TraceWrite[] {
    const out: TraceWrite[] = new Array(this.entries);
    for (let i = 0; i < this.entries; i++) out[i] = { t: this.times[i]!, bytes: this.sizes[i]! };
    return out;
  }

  private grow(): void {
    if (this.times.length < this.maxEntries) {
      const n = Math.min(this.maxEntries, this.times.length * 2);
      const times = new Float64Array(n);
      const sizes = new Float64Array(n);
      times.set(this.times);
      sizes.set(this.sizes);
      this.times = times;
      this.sizes = sizes;
      return;
    }
    // Full: merge pairs (the earlier time stays), halving the entries in place.
    const half = this.entries >> 1;
    for (let i = 0; i < half; i++) {
      this.times[i] = this.times[2 * i]!;
      this.sizes[i] = this.sizes[2 * i]! + this.sizes[2 * i + 1]!;
    }
    if (this.entries & 1) { this.times[half] = this.times[this.entries - 1]!; this.sizes[half] = this.sizes[this.entries - 1]!; }
    const odd = (this.entries & 1) === 1;
    this.entries = half + (odd ? 1 : 0);
    // The last entry is full unless it was the odd one out, which holds the old number.
    this.inLast = odd ? this.perEntry : this.perEntry * 2;
    this.perEntry *= 2;
  }
}
