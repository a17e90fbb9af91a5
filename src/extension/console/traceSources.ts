// Where a console run's trace comes from: the local gateway's own record of the request (in this
// process, by request id), or on AWS the stage's access log read through CloudWatch Logs
// (src/core/trace). No `vscode`: the connection and the readers are passed in.
import * as l10n from '@vscode/l10n';
import type { RequestTrace } from '../../shared/trace';
import type { TraceReader, TraceReadResult, TraceRequest } from './runTrace';

/** The gateway finishes its record when the response's last write is flushed; wait that long at most. */
const LOCAL_SETTLE_MS = 500;
const LOCAL_POLL_MS = 20;

export interface TraceSourceDeps {
  /** The current connection's kind; undefined when not connected. */
  connectionKind(): Promise<'local' | 'aws' | undefined>;
  /** The running local gateway's trace of a request. */
  localTrace(requestId: string): RequestTrace | undefined;
  /** Reads the trace from the stage's access log on AWS (slow: the log arrives late); absent when not available. */
  awsTrace?(request: TraceRequest): Promise<TraceReadResult>;
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((ok) => {
  const done = () => { clearTimeout(t); signal.removeEventListener('abort', done); ok(); };
  const t = setTimeout(done, ms);
  signal.addEventListener('abort', done, { once: true });
});

/** Complete once the gateway recorded the response's end (responseLatency) — the client may see its last byte first. */
async function settledLocalTrace(read: () => RequestTrace | undefined, signal: AbortSignal): Promise<RequestTrace | undefined> {
  const until = performance.now() + LOCAL_SETTLE_MS;
  let trace = read();
  while (!signal.aborted && performance.now() < until && (!trace || trace.gateway.responseLatency === null)) {
    await sleep(LOCAL_POLL_MS, signal);
    trace = read();
  }
  return trace;
}

export function createTraceReader(deps: TraceSourceDeps): TraceReader {
  return async (request) => {
    const kind = await deps.connectionKind();
    if (kind === 'local') {
      const trace = await settledLocalTrace(() => deps.localTrace(request.requestId), request.signal);
      return trace ? { trace }
        : { state: 'unavailable', message: l10n.t('No hops: the local gateway has no trace of request {0} (tracing off, or the run went to another server).', request.requestId) };
    }
    if (kind === 'aws' && deps.awsTrace) {
      request.progress(request.stage ? l10n.t('Reading the access log of stage {0}…', request.stage) : l10n.t('Reading the access log…'));
      return deps.awsTrace(request);
    }
    return undefined;
  };
}
