// The local gateway's request traces, kept for the last 1,000 requests: the gateway's side
// recorded here, the function's side by the Runtime API runner (src/local/runtime/invoker.ts),
// joined by request id into the shared RequestTrace (src/shared/trace.ts) on demand.
import type { FunctionLane, GatewayLane, RequestTrace } from '../../shared/trace';
import type { FunctionTrace } from '../runtime/invoker';
import { GatewayRecorder, perfToEpoch } from './gatewayRecorder';
import { KEPT_REQUESTS, RecentByRequestId } from './ring';

export class RequestTraces {
  private readonly recent: RecentByRequestId<GatewayRecorder>;

  constructor(private readonly functionTrace: (requestId: string) => FunctionTrace | undefined, capacity = KEPT_REQUESTS) {
    this.recent = new RecentByRequestId(capacity);
  }

  /** Starts the trace of a data-plane request (`startedPerf`: performance.now() at arrival). */
  begin(requestId: string, stage: string, startedPerf: number): GatewayRecorder {
    const rec = new GatewayRecorder(requestId, stage, perfToEpoch(startedPerf));
    this.recent.set(requestId, rec);
    return rec;
  }

  get(requestId: string): RequestTrace | undefined {
    const rec = this.recent.get(requestId);
    if (!rec) return undefined;
    const fn = this.functionTrace(requestId);
    return { requestId, source: 'local', function: fn ? functionLane(fn) : null, gateway: gatewayLane(rec) };
  }
}

function gatewayLane(rec: GatewayRecorder): GatewayLane {
  const r = rec.result;
  return {
    requestId: rec.requestId, stage: rec.stage, status: r?.status || null, received: rec.received, integrationStart: rec.integrationStart,
    timeToAllHeaders: r?.timeToAllHeadersMs ?? null, timeToFirstContent: r?.timeToFirstContentMs ?? null,
    integrationLatency: r?.integrationLatencyMs ?? null, responseLatency: rec.responseLatency,
    firstByte: rec.writes.first, writes: rec.writes.toWrites(), writeCount: rec.writes.count, coalesced: rec.writes.coalesced,
    throttledAfterBytes: rec.throttledAfterBytes, modeServed: rec.modeServed,
  };
}

function functionLane(fn: FunctionTrace): FunctionLane {
  const r = fn.recorder;
  return {
    functionName: fn.functionName, coldStart: fn.coldStart, initMs: fn.initMs ?? null, invokedAt: r.invokedAt, endedAt: r.endedAt,
    durationMs: r.invokedAt !== null && r.endedAt !== null ? r.endedAt - r.invokedAt : null,
    writes: r.writes.toWrites(), writeCount: r.writes.count, coalesced: r.writes.coalesced, preludeBytes: r.preludeBytes, responseMode: r.responseMode,
    logs: fn.logs.map((l) => ({ t: l.timeMs, stream: l.stream, text: l.line })),
  };
}
