// How a response was observed to arrive, whatever the integration is configured to: "streamed"
// when its bytes were spread over the run, "buffered" when they came in one burst at the end
// (what a BUFFERED integration, a buffering proxy or a compressing hop looks like from here).
import type { ChunkMark, PhaseTimings } from './timeline';

export type Arrival = 'streamed' | 'buffered';

/** Below this spread between first and last byte, a body is one burst whatever its length. */
const BURST_MS = 20;
/** A body whose bytes span less than this share of the wait after the request was sent is a burst. */
const BURST_SHARE = 0.2;

export interface ArrivalMarks {
  readonly count: number;
  atMs(i: number): number;
}

export function marksOf(marks: readonly ChunkMark[]): ArrivalMarks {
  return { count: marks.length, atMs: (i) => marks[i]!.atMs };
}

/**
 * undefined when there is nothing to judge: no body, or a run too short for a burst to differ
 * from a stream (a 5 ms response looks the same either way).
 */
export function classifyArrival(marks: ArrivalMarks, timing: PhaseTimings): Arrival | undefined {
  if (marks.count === 0) return undefined;
  const first = marks.atMs(0);
  const last = marks.atMs(marks.count - 1);
  const start = timing.requestSentMs ?? timing.connectMs ?? 0;
  const wait = (timing.endMs ?? last) - start;
  if (wait < BURST_MS * 2) return undefined;
  const spread = last - first;
  return spread >= BURST_MS && spread >= BURST_SHARE * wait ? 'streamed' : 'buffered';
}

export function arrivalLabel(a: Arrival | undefined): string {
  return a === undefined ? '' : a === 'streamed' ? 'arrived streamed' : 'arrived buffered';
}
