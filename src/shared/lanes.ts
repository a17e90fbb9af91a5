// The console's three-hop timeline ("lanes"): what the function wrote, what the gateway sent and
// what the client received, on the run's own clock (ms since the request started, the clock of
// the chunk marks). The host builds it from a RequestTrace (src/shared/trace.ts) when a run ends;
// the webview draws it and history keeps it with the run, so it is bounded (MAX_LANE_MARKS per
// lane) and holds no log text. Browser-safe, no Node imports.
import type { ChunkMark } from './timeline';
import { diagnoseTrace, gatewayFirstContentAt, onClientClock, type ClientLane, type RequestTrace, type TraceHop, type TraceWrite } from './trace';

export type { TraceHop } from './trace';
export const TRACE_HOPS: readonly TraceHop[] = ['function', 'gateway', 'between', 'none'];

export interface LaneDiagnosis { hop: TraceHop; reason: string }

export interface FunctionLaneMarks {
  /** Body bytes as each write reached the Runtime API (the streaming prelude left out); empty on AWS. */
  writes: ChunkMark[];
  /** Writes and body bytes before any capping. */
  writeCount: number;
  bytes: number;
  coldStart?: boolean;
  /** 'buffered' when the function was invoked without streaming (a BUFFERED integration): its one write is the whole result. */
  responseMode?: 'streaming' | 'buffered' | null;
  /** Init Duration of a cold start, ms. */
  initMs?: number | null;
  /** The invocation's span on the run's clock, when known (AWS: from the REPORT line). */
  startMs?: number | null;
  endMs?: number | null;
}

export interface GatewayLaneMarks {
  /** The mode the gateway served, as $context.integration.responseTransferMode logs it. */
  mode: 'BUFFERED' | 'STREAMED' | null;
  receivedMs?: number | null;
  /** The gateway's first content to the client (measured locally, from the access log on AWS). */
  firstContentMs: number | null;
  /** Each body write to the client (empty on AWS). */
  writes: ChunkMark[];
  writeCount: number;
}

export interface TraceLanes {
  source: 'local' | 'aws';
  requestId: string;
  stage?: string;
  function: FunctionLaneMarks | null;
  gateway: GatewayLaneMarks | null;
  diagnosis: LaneDiagnosis;
}

/** Marks kept per lane in a run's stored trace (history is persisted, so it is bounded). */
export const MAX_LANE_MARKS = 1000;

/**
 * Merges consecutive marks so at most `max` remain, each with the bytes of all it stands for (so
 * byte offsets, and with them carriedWrites, stay exact) and the time of its first or last one.
 */
export function downsampleMarks(marks: readonly ChunkMark[], max: number, keep: 'first' | 'last' = 'last'): ChunkMark[] {
  if (marks.length <= max) return marks.slice();
  const group = Math.ceil(marks.length / max);
  const out: ChunkMark[] = [];
  for (let i = 0; i < marks.length; i += group) {
    let bytes = 0;
    const end = Math.min(marks.length, i + group);
    for (let j = i; j < end; j++) bytes += marks[j]!.bytes;
    out.push({ atMs: marks[keep === 'first' ? i : end - 1]!.atMs, bytes });
  }
  return out;
}

/** Drops the first `skip` bytes (the streaming prelude) from a lane's writes; writes left empty go. */
function withoutPrelude(writes: readonly TraceWrite[], skip: number): TraceWrite[] {
  if (skip <= 0) return writes.slice();
  const out: TraceWrite[] = [];
  let left = skip;
  for (const w of writes) {
    const cut = Math.min(left, w.bytes);
    left -= cut;
    if (w.bytes - cut > 0) out.push({ t: w.t, bytes: w.bytes - cut });
  }
  return out;
}

const relative = (t: number | null | undefined, origin: number): number | null => (t === null || t === undefined ? null : t - origin);

/**
 * The lanes of a run from its request's trace and the client's marks. `client.startedAt` is the
 * engine's t0 on the trace's clock (performance.timeOrigin + performance.now()); the diagnosis is
 * shared/trace.ts's, with the client's chunks as its third hop.
 */
export function toTraceLanes(trace: RequestTrace, client: ClientLane, maxMarks = MAX_LANE_MARKS): TraceLanes {
  const origin = client.startedAt;
  const { hop, reason } = diagnoseTrace(trace, client);
  const f = trace.function;
  const g = trace.gateway;
  let fn: FunctionLaneMarks | null = null;
  if (f) {
    const body = withoutPrelude(f.writes, f.preludeBytes);
    fn = {
      writes: downsampleMarks(onClientClock(body, origin), maxMarks, 'first'),
      // Writes that held prelude bytes only are not body writes.
      writeCount: f.writeCount - (f.writes.length - body.length), bytes: body.reduce((s, w) => s + w.bytes, 0), coldStart: f.coldStart, responseMode: f.responseMode, initMs: f.initMs,
      startMs: relative(f.invokedAt, origin),
      // AWS knows the duration only: the span then ends that long after the integration started.
      endMs: relative(f.endedAt ?? (f.durationMs !== null && g.integrationStart !== null ? g.integrationStart + f.durationMs : null), origin),
    };
    if (fn.startMs === null && typeof fn.endMs === 'number' && f.durationMs !== null) fn.startMs = fn.endMs - f.durationMs;
  }
  return {
    source: trace.source, requestId: trace.requestId, stage: g.stage, function: fn,
    gateway: {
      mode: g.modeServed, receivedMs: relative(g.received, origin), firstContentMs: relative(gatewayFirstContentAt(g), origin),
      writes: downsampleMarks(onClientClock(g.writes, origin), maxMarks, 'first'), writeCount: g.writeCount,
    },
    diagnosis: { hop, reason },
  };
}
