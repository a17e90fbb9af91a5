// Where did the stream get buffered? The data of one request's three hops — function → gateway →
// client — and the pure functions that judge them. Browser-safe (no Node imports): the local
// gateway, src/core/trace (AWS access logs), the CLI and the console's lanes view all use it.
//
// CONTRACT
// - Clock: every instant (`t`, `received`, `integrationStart`, `firstByte`, `startedAt`, …) is
//   epoch milliseconds with sub-millisecond precision, taken as performance.timeOrigin +
//   performance.now() — the clock the local gateway, its Runtime API and the console's engine
//   share, so the lanes line up. On AWS the gateway's instants come from the access log
//   (requestTimeEpoch, whole ms, AWS's clock): expect a few ms of skew against the client.
// - Durations keep AWS's access-log names and meaning: `timeToAllHeaders`, `timeToFirstContent`,
//   `integrationLatency` are ms measured from the integration start ($context.integration.*);
//   `responseLatency` is ms from `received` to the end of the response.
// - A lane's writes are in time order, `bytes` > 0. `t` of an entry is the time of the first
//   write it holds; with `coalesced` true an entry holds several consecutive writes (the recorder
//   caps entries per request) and `writeCount` is the number of writes made.
// - Function writes are the bytes as they reached the Runtime API, including a streaming
//   prelude (the proxy headers JSON and 8 NUL bytes, `preludeBytes` long) that is not body.
//   Gateway writes are body bytes as written to the client. Client marks are body bytes.
// - The client lane is what the console's engine records (src/shared/timeline.ts ChunkMark): chunk
//   times are ms since `startedAt`, which must be performance.timeOrigin + the engine's t0
//   (StoredRun.startedAt is Date.now(), which may differ by a few ms: do not use it here).
// - diagnoseTrace names the FIRST hop that buffered (a later hop cannot un-buffer), with one line
//   in the words below and its evidence in ms since the client's start (else since `received`).
import * as l10n from '@vscode/l10n';
import { burstOrSpread } from './arrival';
import type { ChunkMark, PhaseTimings } from './timeline';

export interface TraceWrite {
  /** Epoch ms (sub-ms) of the (first) write. */
  t: number;
  bytes: number;
}

export interface TraceLogLine { t: number; stream: 'stdout' | 'stderr'; text: string }

export interface FunctionLane {
  functionName: string;
  coldStart: boolean;
  /** Init Duration of a cold start (spawn → first /next poll), ms; null when warm or unknown. */
  initMs: number | null;
  /** When the Runtime API handed the event to the function; null when unknown (AWS). */
  invokedAt: number | null;
  /** When the function's response ended (stream closed or result posted); null when unknown. */
  endedAt: number | null;
  /** Duration from the REPORT line (AWS) or invokedAt → endedAt (local), ms. */
  durationMs: number | null;
  /** Each chunk as it reached the Runtime API. Empty when not observed (AWS). */
  writes: TraceWrite[];
  writeCount: number;
  coalesced: boolean;
  /** Bytes at the start of `writes` that are the streaming prelude, not body. */
  preludeBytes: number;
  /**
   * How the response left the function: 'streaming' (InvokeWithResponseStream, what a STREAM
   * integration calls) or 'buffered' (an Invoke result, returned whole: a BUFFERED integration
   * cannot let the function stream at all). null when unknown (AWS).
   */
  responseMode: 'streaming' | 'buffered' | null;
  logs: TraceLogLine[];
}

export type ServedMode = 'BUFFERED' | 'STREAMED';

export interface GatewayLane {
  requestId: string;
  stage: string;
  status: number | null;
  received: number;
  integrationStart: number | null;
  timeToAllHeaders: number | null;
  timeToFirstContent: number | null;
  integrationLatency: number | null;
  responseLatency: number | null;
  /** When the gateway wrote the first body byte to the client; null when unknown (AWS) or no body. */
  firstByte: number | null;
  /** Body chunks written to the client. Empty when not observed (AWS). */
  writes: TraceWrite[];
  writeCount: number;
  coalesced: boolean;
  /** The gateway throttled the stream after this many bytes (AWS: 10 MB, then ~2 MB/s); null when it did not. */
  throttledAfterBytes: number | null;
  modeServed: ServedMode | null;
}

export interface RequestTrace {
  requestId: string;
  source: 'local' | 'aws';
  /** null for non-Lambda integrations, or when no REPORT line was found. */
  function: FunctionLane | null;
  gateway: GatewayLane;
}

/** The client's lane: what the streaming engine measured (times in ms since `startedAt`). */
export interface ClientLane {
  startedAt: number;
  marks: readonly ChunkMark[];
  timing?: PhaseTimings;
}

export type TraceHop = 'function' | 'gateway' | 'between' | 'none';

/** The facts behind a diagnosis, ms since the client's start (else the gateway's `received`). */
export interface TraceEvidence {
  origin: number;
  functionWrites: number | null;
  functionFirstWriteMs: number | null;
  functionLastWriteMs: number | null;
  gatewayFirstContentMs: number | null;
  gatewayLastWriteMs: number | null;
  clientFirstByteMs: number | null;
  clientLastByteMs: number | null;
  modeServed: ServedMode | null;
  stage: string;
}

export interface TraceDiagnosis { hop: TraceHop; reason: string; evidence: TraceEvidence }

/** "12 ms" under a second, "2.30 s" from a second on (the diagnosis line's style). */
export function formatTraceMs(ms: number): string {
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * When the gateway's first content left for the client: measured (local), else derived from the
 * access log — a BUFFERED response leaves when the integration is done, a STREAMED one at its
 * first content. null when there was no body or nothing says.
 */
export function gatewayFirstContentAt(g: GatewayLane): number | null {
  if (g.firstByte !== null) return g.firstByte;
  if (g.writes.length) return g.writes[0]!.t;
  const start = g.integrationStart ?? g.received;
  const after = g.modeServed === 'BUFFERED' ? g.integrationLatency : g.timeToFirstContent;
  return after === null ? null : start + after;
}

/** The gateway's last write: measured, else the end of the response from responseLatency. */
function gatewayLastAt(g: GatewayLane): number | null {
  if (g.writes.length) return g.writes[g.writes.length - 1]!.t;
  return g.responseLatency === null ? null : g.received + g.responseLatency;
}

export function diagnoseTrace(trace: RequestTrace, client?: ClientLane): TraceDiagnosis {
  const g = trace.gateway;
  const fn = trace.function;
  const origin = client?.startedAt ?? g.received;
  const rel = (t: number | null): number | null => (t === null ? null : t - origin);
  const fnWrites = fn && fn.writes.length ? fn.writes : null;
  const fnFirst = fnWrites ? fnWrites[0]!.t : null;
  const fnLast = fnWrites ? fnWrites[fnWrites.length - 1]!.t : null;
  const gwFirst = gatewayFirstContentAt(g);
  const gwLast = gatewayLastAt(g);
  const marks = client?.marks ?? [];
  const cFirst = client && marks.length ? client.startedAt + marks[0]!.atMs : null;
  const cLast = client && marks.length ? client.startedAt + marks[marks.length - 1]!.atMs : null;
  const evidence: TraceEvidence = {
    origin, functionWrites: fn ? fn.writeCount : null, functionFirstWriteMs: rel(fnFirst), functionLastWriteMs: rel(fnLast),
    gatewayFirstContentMs: rel(gwFirst), gatewayLastWriteMs: rel(gwLast), clientFirstByteMs: rel(cFirst), clientLastByteMs: rel(cLast),
    modeServed: g.modeServed, stage: g.stage,
  };
  const at = (t: number): string => formatTraceMs(t - origin);
  const on = l10n.t('{0} on stage {1}', g.modeServed ?? l10n.t('mode unknown'), g.stage);
  const say = (hop: TraceHop, reason: string): TraceDiagnosis => ({ hop, reason, evidence });

  // 1. The function: its writes came in one late burst of its own run. A buffered Invoke result
  //    always comes whole at the end: that is the integration's doing, judged at the gateway.
  const fnReturnedWhole = fn?.responseMode === 'buffered';
  if (fn && fnFirst !== null && fnLast !== null && !fnReturnedWhole) {
    const start = fn.invokedAt ?? g.integrationStart ?? g.received;
    if (burstOrSpread(start, Math.max(fn.endedAt ?? fnLast, fnLast), fnFirst, fnLast) === 'buffered') {
      return say('function', l10n.t('buffered in the function: its first write was at {0}', at(fnFirst)));
    }
  } else if (g.modeServed === 'STREAMED' && g.timeToFirstContent !== null && g.integrationLatency !== null) {
    // AWS: the integration's first content is the function's first write as the gateway saw it.
    const start = g.integrationStart ?? g.received;
    if (burstOrSpread(0, g.integrationLatency, g.timeToFirstContent, g.integrationLatency) === 'buffered') {
      return say('function', l10n.t('buffered in the function: its first write was at {0}', at(start + g.timeToFirstContent)));
    }
  }

  // 2. The gateway: the function's bytes were spread out, the gateway's to the client were not.
  if (gwFirst !== null) {
    const fnStart = fn?.invokedAt ?? g.integrationStart ?? g.received;
    if (fnReturnedWhole && fnLast !== null && fnLast - fnStart >= MIN_JUDGED_MS) {
      return say('gateway', l10n.t("buffered at the gateway: the function returned its whole result at {0} (a BUFFERED integration invokes it without streaming), the gateway's first content to the client was at {1} ({2})",
        at(fnLast), at(gwFirst), on));
    }
    if (fnFirst !== null && fnLast !== null && !fnReturnedWhole) {
      const end = Math.max(fnLast, gwLast ?? gwFirst);
      if (burstOrSpread(fnFirst, end, gwFirst, gwLast ?? gwFirst) === 'buffered') {
        const chunks = fn!.writeCount === 1 ? l10n.t('1 chunk') : l10n.t('{0} chunks', fn!.writeCount);
        return say('gateway', l10n.t("buffered at the gateway: the function wrote {0} from {1} to {2}, the gateway's first content to the client was at {3} ({4})",
          chunks, at(fnFirst), at(fnLast), at(gwFirst), on));
      }
    } else if (g.modeServed === 'BUFFERED' && (g.integrationLatency ?? 0) >= MIN_JUDGED_MS) {
      return say('gateway', l10n.t("buffered at the gateway: the integration took {0}, the gateway's first content to the client was at {1} ({2})",
        formatTraceMs(g.integrationLatency!), at(gwFirst), on));
    }
  }

  // 3. Between: the gateway's bytes left spread out, the client's arrived in one late burst.
  if (gwFirst !== null && cFirst !== null && cLast !== null) {
    const end = Math.max(cLast, gwLast ?? gwFirst);
    if (burstOrSpread(gwFirst, end, cFirst, cLast) === 'buffered') {
      return say('between', l10n.t('buffered between the gateway and you: the gateway sent first content at {0}, your first byte arrived at {1} (a proxy or compression in between?)',
        at(gwFirst), at(cFirst)));
    }
  }

  if (gwFirst === null && cFirst === null && fnFirst === null) return say('none', l10n.t('no body to judge'));
  const lastSeen = Math.max(cLast ?? -Infinity, gwLast ?? -Infinity, fnLast ?? -Infinity);
  if (lastSeen - Math.min(fnFirst ?? Infinity, gwFirst ?? Infinity, cFirst ?? Infinity) < MIN_JUDGED_MS && g.modeServed === 'BUFFERED') {
    return say('none', l10n.t('too quick to tell: the whole body came within {0} ({1})', formatTraceMs(Math.max(0, lastSeen - origin)), on));
  }
  return say('none', client ? l10n.t('streamed end to end') : l10n.t('streamed through the function and the gateway (no client timings to compare)'));
}

/** Below this a response is too quick to tell a burst from a stream (src/shared/arrival.ts agrees). */
const MIN_JUDGED_MS = 40;

/** The writes (indices into a lane's writes) whose bytes a client chunk carried; null when none. */
export interface CarriedWrites { first: number; last: number }

/**
 * For each client chunk, the writes it carried, matched by cumulative byte offsets: chunk i holds
 * body bytes [sum(sizes < i), sum(sizes ≤ i)), write j holds [offset_j − skipBytes, …). Pass
 * fn.preludeBytes as `skipBytes` for function writes, 0 for gateway writes. Linear time.
 * Offsets past the writes' end (e.g. a BUFFERED proxy result whose body is not its payload) map to null.
 */
export function carriedWrites(clientSizes: ArrayLike<number>, writes: readonly TraceWrite[], skipBytes = 0): Array<CarriedWrites | null> {
  const out: Array<CarriedWrites | null> = [];
  let j = 0;
  let writeEnd = writes.length ? writes[0]!.bytes - skipBytes : 0; // body offset where write j ends
  let chunkStart = 0;
  for (let i = 0; i < clientSizes.length; i++) {
    const size = clientSizes[i]!;
    const chunkEnd = chunkStart + size;
    // Skip writes that end at or before this chunk's start (prelude-only writes end ≤ 0).
    while (j < writes.length && writeEnd <= chunkStart) { j++; if (j < writes.length) writeEnd += writes[j]!.bytes; }
    if (j >= writes.length || size <= 0) { out.push(null); chunkStart = chunkEnd; continue; }
    const first = j;
    let k = j;
    let end = writeEnd;
    while (end < chunkEnd && k + 1 < writes.length) { k++; end += writes[k]!.bytes; }
    out.push({ first, last: k });
    chunkStart = chunkEnd;
  }
  return out;
}

/** A lane on the client's clock: ms since `origin`, as the console's chart draws chunks. */
export interface LaneMarks { atMs: number; bytes: number }

/** Writes as ms since `origin` (client.startedAt), the same axis as the client's ChunkMarks. */
export function onClientClock(writes: readonly TraceWrite[], origin: number): LaneMarks[] {
  return writes.map((w) => ({ atMs: w.t - origin, bytes: w.bytes }));
}

// ---------------------------------------------------------------------------------------------
// Validation of a trace that crossed a boundary (HTTP JSON, postMessage). Never throws.

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const numOrNull = (x: unknown): boolean => x === null || num(x);
const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const writesOk = (x: unknown): boolean => Array.isArray(x) && x.every((w) => obj(w) && num(w.t) && num(w.bytes) && w.bytes >= 0);

function functionProblem(f: Record<string, unknown>): string | undefined {
  if (typeof f.functionName !== 'string' || typeof f.coldStart !== 'boolean') return 'function: functionName or coldStart missing';
  if (![f.initMs, f.invokedAt, f.endedAt, f.durationMs].every(numOrNull)) return 'function: a time is not a number or null';
  if (!writesOk(f.writes) || !num(f.writeCount) || typeof f.coalesced !== 'boolean' || !num(f.preludeBytes)) return 'function: bad writes';
  if (!(f.responseMode === null || f.responseMode === 'streaming' || f.responseMode === 'buffered')) return 'function: bad responseMode';
  if (!Array.isArray(f.logs) || !f.logs.every((l) => obj(l) && num(l.t) && (l.stream === 'stdout' || l.stream === 'stderr') && typeof l.text === 'string')) return 'function: bad log lines';
  return undefined;
}

function gatewayProblem(g: Record<string, unknown>): string | undefined {
  if (typeof g.requestId !== 'string' || typeof g.stage !== 'string' || !num(g.received)) return 'gateway: requestId, stage or received missing';
  const times = [g.status, g.integrationStart, g.timeToAllHeaders, g.timeToFirstContent, g.integrationLatency, g.responseLatency, g.firstByte, g.throttledAfterBytes];
  if (!times.every(numOrNull)) return 'gateway: a time is not a number or null';
  if (!writesOk(g.writes) || !num(g.writeCount) || typeof g.coalesced !== 'boolean') return 'gateway: bad writes';
  if (!(g.modeServed === null || g.modeServed === 'BUFFERED' || g.modeServed === 'STREAMED')) return 'gateway: bad modeServed';
  return undefined;
}

/** The trace, or what is wrong with it. */
export function parseRequestTrace(x: unknown): RequestTrace | string {
  try {
    if (!obj(x) || typeof x.requestId !== 'string' || (x.source !== 'local' && x.source !== 'aws')) return 'not a request trace';
    if (!obj(x.gateway)) return 'gateway missing';
    const problem = gatewayProblem(x.gateway) ?? (x.function === null ? undefined : obj(x.function) ? functionProblem(x.function) : 'function is not an object or null');
    return problem ?? (x as unknown as RequestTrace);
  } catch {
    return 'unreadable trace';
  }
}
