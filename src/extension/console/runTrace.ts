// After a console run ends: read its request's trace (the local gateway's, or the stage's access
// log on AWS) by the x-amzn-RequestId the client received, turn it into lanes on the run's clock
// with the diagnosis, post it to the webview and keep it with the run in history. No `vscode`.
import * as l10n from '@vscode/l10n';
import type { HostToWebview, MethodTarget, TraceState } from '../../shared/protocol';
import { toTraceLanes, type TraceLanes } from '../../shared/lanes';
import type { ChunkMark, PhaseTimings } from '../../shared/timeline';
import type { RequestTrace } from '../../shared/trace';

export type TraceReadResult = { trace: RequestTrace } | { state: Exclude<TraceState, 'reading'>; message: string; stage?: string };

export interface TraceRequest {
  requestId: string;
  /** The method and stage behind the URL, when the console knows them (AWS needs them to find the log). */
  target?: MethodTarget;
  stage?: string;
  /** When the request started (epoch ms): bounds the access-log search. */
  startedAt: number;
  signal: AbortSignal;
  /** Says what is being read while it takes long ("reading access log…"). */
  progress(message: string): void;
}

/** Reads request traces for the current connection; undefined when there is nothing to read from. */
export type TraceReader = (request: TraceRequest) => Promise<TraceReadResult | undefined>;

export interface RunTraceInput {
  runId: string;
  responseHeaders: Record<string, string>;
  /** The engine's t0 on the trace clock: performance.timeOrigin + performance.now() at the request's start. */
  startedAt: number;
  marks: readonly ChunkMark[];
  timing: PhaseTimings;
  target?: MethodTarget;
  stage?: string;
}

export interface RunTraceDeps {
  read: TraceReader;
  post(msg: HostToWebview): void;
  /** Keeps the lanes with the run in history. */
  attach(runId: string, lanes: TraceLanes): Promise<void>;
  log: { info(message: string): void; warn(message: string): void };
  signal: AbortSignal;
}

export function requestIdOf(headers: Record<string, string>): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-amzn-requestid')?.[1];
}

/** Resolves with the lanes it posted, or undefined when there was no trace (the webview was told why). */
export async function traceRun(run: RunTraceInput, deps: RunTraceDeps): Promise<TraceLanes | undefined> {
  const requestId = requestIdOf(run.responseHeaders);
  const status = (state: TraceState, message: string, stage?: string) => deps.post({ type: 'traceStatus', runId: run.runId, state, message, stage });
  if (!requestId) {
    status('unavailable', l10n.t('No hops: the response carried no x-amzn-RequestId to find its trace by.'));
    return undefined;
  }
  let result: TraceReadResult | undefined;
  try {
    result = await deps.read({
      requestId, target: run.target, stage: run.stage, startedAt: run.startedAt, signal: deps.signal,
      progress: (message) => status('reading', message, run.stage),
    });
  } catch (err) {
    if (deps.signal.aborted) return undefined;
    const message = err instanceof Error ? err.message : String(err);
    deps.log.warn(`console: reading the trace of ${requestId} failed: ${message}`);
    status('unavailable', l10n.t('No hops: reading the trace failed ({0}).', message));
    return undefined;
  }
  if (result === undefined) {
    status('unavailable', l10n.t('No hops for this connection: the trace is read from the local gateway, or from the stage\'s access log on AWS.'));
    return undefined;
  }
  if (!('trace' in result)) {
    status(result.state, result.message, result.stage);
    return undefined;
  }
  const lanes = toTraceLanes(result.trace, { startedAt: run.startedAt, marks: run.marks, timing: run.timing });
  deps.post({ type: 'trace', runId: run.runId, trace: lanes });
  await deps.attach(run.runId, lanes);
  deps.log.info(`console: trace ${requestId}: ${lanes.diagnosis.hop} — ${lanes.diagnosis.reason}`);
  return lanes;
}
