// One console run from Send to history, without VS Code: builds the request (auth applied),
// streams it on the engine while batching chunks to the webview, classifies how it arrived,
// says why it failed, keeps the spilled body for "Save body" (the last few runs only) and stores
// the redacted run in history. The panel (panel.ts) is the VS Code glue around it.
import { rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { redactHeaders } from '../../core/auth';
import { runRequest, type RunResult } from '../../core/stream/engine';
import { functionLogsMessage, type FunctionTraceLookup } from './functionLogs';
import { classifyArrival, marksOf } from '../../shared/arrival';
import { DISPLAY_WINDOW_BYTES, type HostToWebview, type MethodTarget, type RequestDraft, type RequestEcho, type RunMode, type RunSummary, type StoredRun } from '../../shared/protocol';
import { redactText } from '../../shared/redact';
import { emptyTimings } from '../../shared/timings';
import { ChunkBatcher } from './chunkBatcher';
import { draftToSpec } from './requestSpec';
import { downsampleMarks, MAX_STORED_MARKS, type RunHistory } from './runHistory';
import { consoleFailureText } from '../failureWords';
import { requestIdOf, traceRun, type TraceReader } from './runTrace';
import type { TraceLanes } from '../../shared/lanes';

/** Request bodies longer than this are not kept in history (they may be large or sensitive). */
const MAX_STORED_REQUEST_BODY = 16 * 1024;
/** Spilled bodies kept for "Save body"; older temp files are deleted. */
export const MAX_BODY_FILES = 5;
/** Body bytes kept to read an error response's message from. */
const ERROR_BODY_BYTES = 16 * 1024;

export interface RunLifecycleDeps {
  post(msg: HostToWebview): void;
  history: RunHistory;
  log: { info(message: string): void; warn(message: string): void };
  getApiKey(): Promise<string | undefined>;
  /** Read at every Send, so setting changes apply to the next run. */
  settings(): { maxTimeSeconds: number; idleTimeoutSeconds: number; profile?: string };
  displayWindowBytes?: number;
  /** The local gateway's per-request function output (the Logs tab); absent when none runs. */
  functionTrace?: FunctionTraceLookup;
  /** The local gateway's reason for an error response, by its x-amzn-RequestId. */
  gatewayErrorDetail?: (requestId: string) => string | undefined;
  /** Reads a run's request trace for the Hops view (local gateway, or the stage's access log on AWS). */
  readTrace?: TraceReader;
}

export interface RunOptions {
  mode?: RunMode;
  title?: string;
  /** The method behind the URL, when the console was opened on one (AWS finds the stage's log by it). */
  target?: MethodTarget;
}

interface ActiveRun { runId: string; controller: AbortController; done: Promise<RunSummary> }

/** The detail a failed response carries: the local gateway's diagnostic, the JSON message, the error type. */
export function errorReasonOf(result: Pick<RunResult, 'status' | 'headers' | 'outcome' | 'error'>, bodyStart: Uint8Array, gatewayDetail?: (requestId: string) => string | undefined): string | undefined {
  if (result.outcome !== 'complete') return consoleFailureText(result) ?? result.outcome;
  if (result.status === null || result.status < 400) return undefined;
  const h = result.headers;
  if (h['x-streamgate-error']) return h['x-streamgate-error'];
  const requestId = requestIdOf(h);
  const local = requestId ? gatewayDetail?.(requestId) : undefined;
  if (local) return local;
  let message: string | undefined;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bodyStart));
    const m = parsed && typeof parsed === 'object' ? ((parsed as Record<string, unknown>).message ?? (parsed as Record<string, unknown>).Message) : undefined;
    if (typeof m === 'string' && m.trim()) message = m.trim();
  } catch { /* not JSON */ }
  const type = h['x-amzn-errortype']?.split(':')[0];
  if (message && type) return `${message} (${type})`;
  return message ?? type ?? `HTTP ${result.status}`;
}

export class RunLifecycle {
  private active: ActiveRun | undefined;
  private last: RunSummary | undefined;
  private readonly bodyFiles = new Map<string, string>();
  private disposed = false;
  /** Stops trace reads still waiting (an access log can take up to a minute to arrive) on dispose. */
  private readonly traceReads = new AbortController();
  private lastTrace: Promise<TraceLanes | undefined> = Promise.resolve(undefined);

  constructor(private readonly deps: RunLifecycleDeps) {}

  lastRun(): RunSummary | undefined { return this.last; }
  /** The lanes of the last run once its trace was read (undefined when there were none). */
  lastRunTrace(): Promise<TraceLanes | undefined> { return this.lastTrace; }
  get running(): boolean { return this.active !== undefined; }

  /** The spilled body of a recent run, if still kept. */
  bodyFile(runId: string): string | undefined { return this.bodyFiles.get(runId); }

  abort(runId?: string): void {
    if (this.active && (runId === undefined || runId === this.active.runId)) this.active.controller.abort();
  }

  /** Starts a run (aborting one still running) and resolves with its summary when it ends. */
  async start(draft: RequestDraft, options: RunOptions = {}): Promise<RunSummary> {
    if (this.active) {
      this.active.controller.abort();
      await this.active.done.catch(() => undefined);
    }
    const runId = randomUUID();
    const controller = new AbortController();
    const done = this.execute(runId, draft, controller, options);
    this.active = { runId, controller, done };
    try {
      const summary = await done;
      this.last = summary;
      return summary;
    } finally {
      if (this.active?.runId === runId) this.active = undefined;
    }
  }

  private post(msg: HostToWebview): void {
    if (!this.disposed) this.deps.post(msg);
  }

  private async execute(runId: string, draft: RequestDraft, controller: AbortController, options: RunOptions): Promise<RunSummary> {
    const { log, history } = this.deps;
    const settings = this.deps.settings();
    const { mode, title } = options;
    const startedAt = Date.now();
    // The echo is what history, exports and the log keep: a presigned URL's signature and
    // session token are masked there (the request itself is sent with the URL as typed).
    const echo: RequestEcho = { method: draft.method.toUpperCase(), url: redactText(draft.url), headers: {} };
    let spec;
    try {
      spec = await draftToSpec(draft, { getApiKey: () => this.deps.getApiKey(), profile: settings.profile });
    } catch (err) {
      // An auth problem is a run that failed before it started: show it like one.
      const error = err instanceof Error ? err.message : String(err);
      this.post({ type: 'runStarted', runId, request: echo, startedAt, mode, title });
      const summary: RunSummary = { id: runId, status: null, outcome: 'error', ttfbMs: null, endMs: null, chunkCount: 0, bytes: 0, mode, errorReason: error };
      this.post({ type: 'runEnded', runId, summary, error, bodySaved: false, displayTruncated: false, timing: emptyTimings() });
      log.warn(`console: ${echo.method} ${echo.url} not sent: ${error}`);
      return summary;
    }
    echo.method = spec.method;
    echo.headers = redactHeaders(spec.headers ?? {});
    if (typeof spec.body === 'string' && spec.body.length <= MAX_STORED_REQUEST_BODY) echo.body = spec.body;
    this.post({ type: 'runStarted', runId, request: echo, startedAt, mode, title });

    const batcher = new ChunkBatcher({
      displayWindowBytes: this.deps.displayWindowBytes ?? DISPLAY_WINDOW_BYTES,
      send: (batch) => this.post({ type: 'chunks', runId, ...batch }),
    });
    const bodyStart = new Uint8Array(ERROR_BODY_BYTES);
    let bodyStartLength = 0;
    log.info(`console: ${echo.method} ${echo.url}`);
    const runStartPerf = performance.now(); // the engine's t0 is taken synchronously right after
    const result = await runRequest(spec, {
      onPhase: (phase, atMs) => this.post({ type: 'phase', runId, phase, atMs }),
      onHeaders: (status, headers, atMs) => this.post({ type: 'headers', runId, status, headers: redactHeaders(headers), atMs }),
      onChunk: (chunk, mark) => {
        if (bodyStartLength < ERROR_BODY_BYTES) {
          const part = chunk.subarray(0, ERROR_BODY_BYTES - bodyStartLength);
          bodyStart.set(part, bodyStartLength);
          bodyStartLength += part.length;
        }
        batcher.add(chunk, mark);
      },
    }, {
      signal: controller.signal,
      maxTimeMs: settings.maxTimeSeconds * 1000,
      idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
      spillToFile: true,
    }).finally(() => batcher.flush());
    batcher.dispose();

    const errorReason = errorReasonOf(result, bodyStart.subarray(0, bodyStartLength), this.deps.gatewayErrorDetail);
    const summary: RunSummary = {
      id: runId, status: result.status, outcome: result.outcome, ttfbMs: result.timing.ttfbMs, endMs: result.timing.endMs,
      chunkCount: result.chunks.length, bytes: result.bytes, mode,
      arrival: classifyArrival(marksOf(result.chunks), result.timing), errorReason,
    };
    // An empty body is nothing to save: the file is removed at once.
    const bodySaved = result.bodyFile !== undefined && result.bytes > 0;
    if (result.bodyFile) {
      if (bodySaved) await this.keepBodyFile(runId, result.bodyFile);
      else await rm(result.bodyFile, { force: true });
    }
    this.post({ type: 'runEnded', runId, summary, timing: result.timing, error: consoleFailureText(result), bodySaved, displayTruncated: batcher.truncated });
    const logs = functionLogsMessage(runId, result.headers, runStartPerf, this.deps.functionTrace);
    if (logs) this.post(logs);
    log.info(`console: ${echo.method} ${echo.url} → ${result.status ?? '-'} ${result.outcome} ` +
      `ttfb ${result.timing.ttfbMs?.toFixed(1) ?? '-'} ms, end ${result.timing.endMs?.toFixed(1) ?? '-'} ms, ` +
      `${result.chunks.length} chunks, ${result.bytes} B${summary.arrival ? `, ${summary.arrival}` : ''}${errorReason ? ` (${errorReason})` : ''}`);

    const stored: StoredRun = {
      summary, title, startedAt, request: echo, responseHeaders: redactHeaders(result.headers), timing: result.timing,
      marks: downsampleMarks(result.chunks), marksDownsampled: result.chunks.length > MAX_STORED_MARKS, error: consoleFailureText(result),
    };
    await history.add(stored);
    this.post({ type: 'history', entries: history.entries() });
    if (this.deps.readTrace && result.status !== null) {
      // Read after the run is in history, so the run never waits for a slow access log.
      this.lastTrace = traceRun({
        runId, responseHeaders: result.headers, startedAt: performance.timeOrigin + runStartPerf, marks: result.chunks, timing: result.timing,
        target: options.target, stage: mode?.stage,
      }, {
        read: this.deps.readTrace, post: (m) => this.post(m), log, signal: this.traceReads.signal,
        attach: async (id, lanes) => { await history.attachTrace(id, lanes); },
      }).catch((err: unknown) => { log.warn(`console: trace of run ${runId}: ${String(err)}`); return undefined; });
    } else {
      this.lastTrace = Promise.resolve(undefined);
    }
    return summary;
  }

  private async keepBodyFile(runId: string, file: string): Promise<void> {
    this.bodyFiles.set(runId, file);
    while (this.bodyFiles.size > MAX_BODY_FILES) {
      const [oldId, oldFile] = this.bodyFiles.entries().next().value as [string, string];
      this.bodyFiles.delete(oldId);
      await rm(oldFile, { force: true });
    }
  }

  /** Stops the running request at once and deletes the kept bodies. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.active?.controller.abort();
    this.traceReads.abort();
    for (const file of this.bodyFiles.values()) void rm(file, { force: true }).catch(() => undefined);
    this.bodyFiles.clear();
  }
}
