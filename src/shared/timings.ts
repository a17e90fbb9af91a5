// The one "nothing measured yet" value for a run's phase timings, shared by the engine, the
// console host and the webview (browser-safe: no Node imports).
import type { PhaseTimings } from './timeline';

export function emptyTimings(): PhaseTimings {
  return { dnsMs: null, connectMs: null, tlsMs: null, requestSentMs: null, headersMs: null, ttfbMs: null, endMs: null };
}
