// The gateway's side of a request trace: when the request arrived and its integration started,
// each body chunk handed to the client socket (time and size), and what delivery measured. STREAM
// chunks come through delivery's ChunkObserver hook (the router passes the recorder as `observer`), so the hot
// path has no trace logic of its own; a BUFFERED body is one write, recorded when delivery ends
// (right after its res.end).
import type { ServedMode } from '../../shared/trace';
import type { ChunkObserver, DeliveryResult } from '../dataplane/delivery';
import { UNTHROTTLED_BYTES } from '../dataplane/throttle';
import { traceNow, WriteLog } from './writeLog';

/** performance.now() → the trace clock (epoch ms, sub-ms). */
export const perfToEpoch = (perfMs: number): number => performance.timeOrigin + perfMs;

export class GatewayRecorder implements ChunkObserver {
  integrationStart: number | null = null;
  readonly writes = new WriteLog();
  result: DeliveryResult | undefined;
  modeServed: ServedMode | null = null;
  throttled = false;
  /** ms from arrival to the end of the response ($context.responseLatency, unrounded). */
  responseLatency: number | null = null;

  constructor(readonly requestId: string, readonly stage: string, readonly received: number) {}

  /** A STREAM chunk handed to the client socket (`atMs`: performance.now()). */
  onChunk(bytes: number, atMs: number): void {
    this.writes.add(perfToEpoch(atMs), bytes);
  }

  integrationStarted(perfMs: number): void {
    this.integrationStart = perfToEpoch(perfMs);
  }

  finished(result: DeliveryResult, mode: string | undefined, emulatedThrottle: boolean): void {
    this.result = result;
    const now = traceNow();
    this.responseLatency = now - this.received;
    // BUFFERED (and any body not streamed): sent whole by the res.end that ended delivery.
    if (this.writes.count === 0 && result.bytes > 0 && result.outcome === 'complete') this.writes.add(now, result.bytes);
    this.modeServed = mode === 'STREAMED' || mode === 'BUFFERED' ? mode : null;
    this.throttled = emulatedThrottle && result.crossedUnthrottledLimit === true;
  }

  get throttledAfterBytes(): number | null {
    return this.throttled ? UNTHROTTLED_BYTES : null;
  }

}
