// Function output for a console run against the local gateway: the lines the gateway kept for
// the run's request id (x-amzn-RequestId), with their wall-clock times turned into the run's own
// clock (ms since the request started, the clock of the chunk times), so "yielded token 12"
// lines up with the chunk that carried it. Redacted like every line StreamGate shows.
import type { FunctionTrace } from '../../local/runtime/invoker';
import type { HostToWebview } from '../../shared/protocol';
import { redactText } from '../../shared/redact';
import { requestIdOf } from './runTrace';

export type FunctionTraceLookup = (requestId: string) => FunctionTrace | undefined;

/** `runStartPerf` is performance.now() when the request started (the engine's t0). */
export function functionLogsMessage(runId: string, responseHeaders: Record<string, string>, runStartPerf: number, lookup: FunctionTraceLookup | undefined): HostToWebview | undefined {
  const requestId = requestIdOf(responseHeaders);
  const trace = requestId && lookup ? lookup(requestId) : undefined;
  if (!trace) return undefined;
  const startWall = performance.timeOrigin + runStartPerf;
  return {
    type: 'functionLogs',
    runId,
    coldStart: trace.coldStart,
    lines: trace.logs.map((l) => ({ atMs: l.timeMs - startWall, functionName: l.functionName, stream: l.stream, text: redactText(l.line) })),
  };
}
