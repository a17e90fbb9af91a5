// The gateway's side of a request trace: when the request arrived and its integration started,
// each body write to the client (time and size, from the first byte on), and what delivery
// measured. It watches the ServerResponse's write/end, so the delivery code keeps no trace logic
// of its own (one call site in the data plane router, whatever the STREAM path looks like).
import type { ServerResponse } from 'node:http';
import type { ServedMode } from '../../shared/trace';
import type { DeliveryResult } from '../dataplane/delivery';
import { UNTHROTTLED_BYTES } from '../dataplane/throttle';
import { traceNow, WriteLog } from './writeLog';

/** performance.now() → the trace clock (epoch ms, sub-ms). */
export const perfToEpoch = (perfMs: number): number => performance.timeOrigin + perfMs;

export class GatewayRecorder {
  integrationStart: number | null = null;
  readonly writes = new WriteLog();
  result: DeliveryResult | undefined;
  modeServed: ServedMode | null = null;
  throttled = false;
  /** ms from arrival to the end of the response ($context.responseLatency, unrounded). */
  responseLatency: number | null = null;

  constructor(readonly requestId: string, readonly stage: string, readonly received: number) {}

  /** Records every body byte the response writes, as it is handed to the socket. */
  watch(res: ServerResponse): void {
    const out = res as unknown as { write: (...args: unknown[]) => boolean; end: (...args: unknown[]) => ServerResponse };
    const write = out.write;
    const end = out.end;
    out.write = (...args: unknown[]) => { this.wrote(args[0]); return write.apply(res, args); };
    out.end = (...args: unknown[]) => { if (typeof args[0] !== 'function') this.wrote(args[0]); return end.apply(res, args); };
  }

  integrationStarted(perfMs: number): void {
    this.integrationStart = perfToEpoch(perfMs);
  }

  finished(result: DeliveryResult, mode: string | undefined, emulatedThrottle: boolean): void {
    this.result = result;
    this.responseLatency = traceNow() - this.received;
    this.modeServed = mode === 'STREAMED' || mode === 'BUFFERED' ? mode : null;
    this.throttled = emulatedThrottle && result.crossedUnthrottledLimit === true;
  }

  get throttledAfterBytes(): number | null {
    return this.throttled ? UNTHROTTLED_BYTES : null;
  }

  private wrote(chunk: unknown): void {
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.byteLength : 0;
    if (bytes > 0) this.writes.add(traceNow(), bytes);
  }
}
