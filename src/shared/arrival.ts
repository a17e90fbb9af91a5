// How a response was observed to arrive, whatever the integration is configured to: "streamed"
// when its bytes were spread over the run, "buffered" when they came in one burst at the end
// (what a BUFFERED integration, a buffering proxy or a compressing hop looks like from here).
import * as l10n from '@vscode/l10n';
import type { ChunkMark, PhaseTimings } from './timeline';

export type Arrival = 'streamed' | 'buffered';

/** Runs shorter than this (request sent → end) are too fast to tell a burst from a stream. */
const MIN_WAIT_MS = 40;
/** "First byte near the end": no byte during at least this share of the wait... */
const LATE_FIRST_BYTE_SHARE = 0.6;
/** ...and the bytes then spread over less than this share (more is a stream that started late). */
const STREAMED_SPREAD_SHARE = 0.5;

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
  const last = marks.atMs(marks.count - 1);
  const start = timing.requestSentMs ?? timing.connectMs ?? 0;
  return burstOrSpread(start, timing.endMs ?? last, marks.atMs(0), last);
}

/**
 * The same judgement for any hop (the trace's function, gateway and client lanes): bytes written
 * from `first` to `last` during a wait from `start` to `end`, on one clock. undefined when the
 * wait is too short to tell.
 */
export function burstOrSpread(start: number, end: number, first: number, last: number): Arrival | undefined {
  const wait = end - start;
  if (!(wait >= MIN_WAIT_MS)) return undefined;
  // The transfer of a big buffered body takes time too, so a spread alone does not make a
  // stream: what gives buffering away is the silence before the first byte.
  const lateFirstByte = first - start >= LATE_FIRST_BYTE_SHARE * wait;
  const spread = last - first;
  return lateFirstByte && spread < STREAMED_SPREAD_SHARE * wait ? 'buffered' : 'streamed';
}

export function arrivalLabel(a: Arrival | undefined): string {
  return a === undefined ? '' : a === 'streamed' ? l10n.t('arrived streamed') : l10n.t('arrived buffered');
}
