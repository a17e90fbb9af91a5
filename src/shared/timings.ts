// The one "nothing measured yet" value of a run's phase timings (engine, host and webview use it).
import type { PhaseTimings } from './timeline';

export function emptyTimings(): PhaseTimings {
  return { dnsMs: null, connectMs: null, tlsMs: null, requestSentMs: null, headersMs: null, ttfbMs: null, endMs: null };
}
