// Statistics over a run's chunk marks. Inputs are host-measured times; nothing here measures.
import type { PhaseTimings } from '../../src/shared/timeline';
import { DEFAULT_LONG_GAP_MS } from '../../src/shared/protocol';

export interface MarkSeries {
  readonly count: number;
  atMs(i: number): number;
  bytes(i: number): number;
}

export interface RunStats {
  ttfbMs: number | null;
  totalMs: number | null;
  chunkCount: number;
  bytes: number;
  meanGapMs: number | null;
  p95GapMs: number | null;
  maxGapMs: number | null;
  /** Body bytes per second between the first and the last chunk (or over the whole run for one chunk). */
  throughputBps: number | null;
}

/** k-th smallest value (0-based) of `values`, by quickselect; reorders `values`. */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) { const t = values[i]; values[i] = values[j]; values[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

/** Nearest-rank percentile (p in 0..100) of the gaps between consecutive chunks. */
export function gapPercentile(marks: MarkSeries, p: number): number | null {
  const n = marks.count - 1;
  if (n < 1) return null;
  const gaps = new Float64Array(n);
  for (let i = 1; i < marks.count; i++) gaps[i - 1] = marks.atMs(i) - marks.atMs(i - 1);
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return select(gaps, rank - 1);
}

export function maxGap(marks: MarkSeries): number | null {
  if (marks.count < 2) return null;
  let max = 0;
  for (let i = 1; i < marks.count; i++) max = Math.max(max, marks.atMs(i) - marks.atMs(i - 1));
  return max;
}

export function computeStats(marks: MarkSeries, timing: PhaseTimings, totalBytes: number, withPercentiles = true): RunStats {
  const n = marks.count;
  const first = n > 0 ? marks.atMs(0) : null;
  const last = n > 0 ? marks.atMs(n - 1) : null;
  const ttfbMs = timing.ttfbMs ?? first;
  const totalMs = timing.endMs ?? last;
  const meanGapMs = n >= 2 && first !== null && last !== null ? (last - first) / (n - 1) : null;
  let throughputBps: number | null = null;
  if (first !== null && last !== null && last > first) throughputBps = (totalBytes / (last - first)) * 1000;
  else if (totalMs) throughputBps = (totalBytes / totalMs) * 1000;
  return {
    ttfbMs, totalMs, chunkCount: n, bytes: totalBytes, meanGapMs,
    p95GapMs: withPercentiles ? gapPercentile(marks, 95) : null,
    maxGapMs: withPercentiles ? maxGap(marks) : null,
    throughputBps,
  };
}

/**
 * A gap is "long" when it is a visible stall: at least `longGapMs`, or at least 20 ms and eight
 * times the run's mean gap (so a 50 ms pause stands out in a 1 ms-per-chunk stream).
 */
export function isLongGap(gapMs: number, meanGapMs: number | null, longGapMs = DEFAULT_LONG_GAP_MS): boolean {
  if (gapMs >= longGapMs) return true;
  return meanGapMs !== null && gapMs >= 20 && gapMs >= 8 * meanGapMs;
}
