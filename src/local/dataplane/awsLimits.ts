// AWS limits the local gateway emulates by default (switch off with emulateAwsLimits: false,
// `streamgate local --no-aws-limits` or the streamgate.local.emulateAwsLimits setting):
// - STREAM: the first 10 MB at full speed, then about 2 MB/s (see throttle.ts);
// - STREAM idle timeout: 30 s on edge-optimized endpoints, 5 minutes on Regional and private ones.
// Always on, because they are part of the contract rather than a capacity limit: the 10 MB
// BUFFERED response limit, the 10 MB request limit and timeoutInMillis.

export const EDGE_STREAM_IDLE_TIMEOUT_MS = 30_000;
export const REGIONAL_STREAM_IDLE_TIMEOUT_MS = 300_000;

export interface AwsLimits {
  /** Emulate the throttle and the idle timeouts. */
  emulate: boolean;
  /** Overrides of the idle timeouts (tests use short ones). */
  edgeIdleTimeoutMs?: number;
  regionalIdleTimeoutMs?: number;
}

/** The STREAM idle timeout for an API's endpoint type; without emulation only timeoutInMillis applies. */
export function streamIdleTimeoutMs(endpointTypes: readonly string[], limits: AwsLimits, integrationTimeoutMs: number): number {
  if (!limits.emulate) return integrationTimeoutMs;
  const edge = !endpointTypes.includes('REGIONAL') && !endpointTypes.includes('PRIVATE');
  return edge ? (limits.edgeIdleTimeoutMs ?? EDGE_STREAM_IDLE_TIMEOUT_MS) : (limits.regionalIdleTimeoutMs ?? REGIONAL_STREAM_IDLE_TIMEOUT_MS);
}
