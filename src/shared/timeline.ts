// What the streaming engine measures for one request. Times are float milliseconds from the
// start of the request, taken in the host with a monotonic clock (performance.now()).

export interface ChunkMark {
  /** Arrival time of the chunk, ms since request start. */
  atMs: number;
  /** Size of the chunk in bytes. */
  bytes: number;
}

export interface PhaseTimings {
  dnsMs: number | null;
  connectMs: number | null;
  /** null when the request did not use TLS. */
  tlsMs: number | null;
  requestSentMs: number | null;
  headersMs: number | null;
  ttfbMs: number | null;
  endMs: number | null;
}

export type RunOutcome = 'complete' | 'aborted' | 'timeout' | 'idle-timeout' | 'error';
