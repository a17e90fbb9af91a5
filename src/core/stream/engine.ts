// The streaming engine: sends one HTTP request on undici and records, with a monotonic clock
// (performance.now(), ms from request start), every phase — DNS, TCP connect, TLS, request sent,
// response headers, first body byte — and every body chunk as the socket delivers it (records
// are merged only when the caller asks, for chunks that arrive within `coalesceWithinMs`). The
// body is handed to the observer and optionally streamed to a file; nothing of it is kept in
// memory, so a 1 GB response costs no more memory than a small one.
//
// runRequest never throws for network trouble: a failed, timed-out or aborted run resolves with
// its outcome, a stable failure code with the facts, a neutral sentence, and everything that had
// arrived until then.
import * as l10n from '@vscode/l10n';
import { Client, type Dispatcher } from 'undici';
import type { ChunkMark, PhaseTimings, RunOutcome } from '../../shared/timeline';
import { emptyTimings } from '../../shared/timings';
import { createBodySink } from './bodySink';
import { ChunkRecords } from './chunkRecords';
import { classifyNetworkError, type FailureCode, type RunFailure } from './networkErrors';
import { onRequestSent } from './requestSent';
import { createTimedConnector } from './timedConnector';

export interface RequestSpec {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface EngineOptions {
  signal?: AbortSignal;
  /** The whole run (connect to last byte) must finish within this many ms. */
  maxTimeMs?: number;
  /** Fail when nothing (connection progress, headers, bytes) happens for this many ms. */
  idleTimeoutMs?: number;
  /** true = a new temp file; string = that path. The whole body is streamed there (bounded memory). */
  spillToFile?: boolean | string;
  /**
   * Merge a chunk's record into the previous one when it arrives within this many ms of that
   * record's first chunk (or in the same socket read). Bounds memory for bodies of millions of
   * tiny chunks; `chunksMerged` says how many were merged. Off (every chunk its own record) by default.
   */
  coalesceWithinMs?: number;
  /** Self-signed/untrusted certificates are accepted only for these hosts (opt-in). */
  insecureTlsHosts?: string[];
}

export interface RunObserver {
  onPhase?(phase: keyof PhaseTimings, atMs: number): void;
  /** Header names are lowercase; repeated headers are joined with ", ". */
  onHeaders?(status: number, headers: Record<string, string>, atMs: number): void;
  /**
   * Each body chunk with its own mark. Returning a promise pauses the response (backpressure,
   * e.g. a stalled stdout) until it settles; the idle timeout does not run meanwhile.
   */
  onChunk?(chunk: Uint8Array, mark: ChunkMark): unknown;
}

export interface RunResult {
  status: number | null;
  headers: Record<string, string>;
  timing: PhaseTimings;
  /** One record per chunk, or per group of merged chunks with `coalesceWithinMs`. */
  chunks: ChunkMark[];
  /** Chunks whose record was merged into the previous one (0 unless `coalesceWithinMs`). */
  chunksMerged: number;
  bytes: number;
  outcome: RunOutcome;
  /** A neutral sentence for logs; edges word `failure` themselves. */
  error?: string;
  failure?: RunFailure;
  bodyFile?: string;
}

export type { FailureCode, RunFailure } from './networkErrors';

function normalizeHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function describeAbortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return l10n.t('aborted: {0}', reason.message);
  if (typeof reason === 'string' && reason !== '') return l10n.t('aborted: {0}', reason);
  return l10n.t('aborted by the user');
}

function parseTarget(spec: RequestSpec): URL | string {
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    return `invalid URL "${spec.url}": expected an absolute http:// or https:// URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `unsupported URL scheme "${url.protocol}" in "${spec.url}": use http:// or https://`;
  }
  if (!/^[A-Za-z]+$/.test(spec.method)) return `invalid HTTP method "${spec.method}"`;
  return url;
}

function failedBeforeStart(outcome: RunOutcome, code: FailureCode, error: string, host: string): RunResult {
  return {
    status: null, headers: {}, timing: emptyTimings(), chunks: [], chunksMerged: 0, bytes: 0, outcome, error,
    failure: { code, host, status: null, bytes: 0 },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

export function runRequest(spec: RequestSpec, observer: RunObserver = {}, options: EngineOptions = {}): Promise<RunResult> {
  const target = parseTarget(spec);
  if (typeof target === 'string') return Promise.resolve(failedBeforeStart('error', 'INVALID_REQUEST', target, hostOf(spec.url)));
  if (options.signal?.aborted) return Promise.resolve(failedBeforeStart('aborted', 'ABORTED', describeAbortReason(options.signal), target.host));
  return new Promise((resolve) => startRun(target, spec, observer, options, resolve));
}

function startRun(url: URL, spec: RequestSpec, observer: RunObserver, options: EngineOptions, resolve: (r: RunResult) => void): void {
  const t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const timing = emptyTimings();
  const records = new ChunkRecords();
  const coalesceMs = options.coalesceWithinMs ?? -1;
  const onChunk = observer.onChunk;
  let chunksMerged = 0;
  // Set by the first chunk of a socket read, cleared in a microtask: undici parses one read
  // synchronously, so every chunk seen while it is set came in the same read.
  let inRead = false;
  const endOfRead = (): void => { inRead = false; };
  let status: number | null = null;
  let headers: Record<string, string> = {};
  let bytes = 0;
  let outcome: RunOutcome = 'complete';
  let error: string | undefined;
  let failure: RunFailure | undefined;
  let done = false;
  let lastActivity = 0;
  /** Paused because the observer (not the server) is not keeping up. */
  let heldByObserver = false;
  let controller: Dispatcher.DispatchController | undefined;
  let maxTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;

  const phase = (name: keyof PhaseTimings, at = now()): void => {
    if (timing[name] !== null) return;
    timing[name] = at;
    lastActivity = at;
    if (observer.onPhase) {
      try {
        observer.onPhase(name, at);
      } catch (err) {
        observerFailed(err);
      }
    }
  };
  // Observer code is the caller's; if it throws, the run ends with that error rather than
  // crashing inside undici's socket callbacks.
  function observerFailed(err: unknown): void {
    fail('error', 'OBSERVER_FAILED', l10n.t('observer failed: {0}', err instanceof Error ? err.message : String(err)));
  }

  const sink = createBodySink({
    spillToFile: options.spillToFile,
    onFileError: (message) => fail('error', 'BODY_FILE_FAILED', message),
  });

  const connector = createTimedConnector({
    onDnsDone: () => phase('dnsMs'),
    onTcpConnected: () => phase('connectMs'),
    onTlsDone: () => phase('tlsMs'),
    onSocket: (socket) => onRequestSent(socket, () => phase('requestSentMs')),
  }, { insecureTlsHosts: options.insecureTlsHosts });

  // One client per run: a fresh connection, so connect/TLS are measured every time. undici's
  // own header/body timeouts are off: streams may legitimately run for 15 minutes, and the
  // caller's maxTimeMs/idleTimeoutMs are the limits that apply.
  const client = new Client(url.origin, { connect: connector, headersTimeout: 0, bodyTimeout: 0, pipelining: 1 });

  const onAbortSignal = (): void => fail('aborted', 'ABORTED', describeAbortReason(options.signal!));

  function fail(kind: RunOutcome, code: FailureCode, message: string, cause?: string): void {
    if (done) return;
    outcome = kind;
    error = message;
    const contentLength = Number(headers['content-length']);
    failure = {
      code, host: url.host, status, bytes,
      ...(headers['content-length'] !== undefined && Number.isFinite(contentLength) ? { contentLength } : {}),
      ...(cause ? { cause } : {}),
    };
    // Finish first: aborting calls back into onResponseError synchronously, which must not
    // replace this outcome. Then stop the socket at once.
    finish();
    if (controller && !controller.aborted) controller.abort(new Error(message));
  }

  function finish(): void {
    if (done) return;
    done = true;
    phase('endMs');
    clearTimeout(maxTimer);
    clearTimeout(idleTimer);
    options.signal?.removeEventListener('abort', onAbortSignal);
    client.destroy().catch(() => undefined);
    void sink.close().then((bodyFile) => {
      resolve({
        status, headers, timing, chunks: records.toMarks(), chunksMerged, bytes, outcome,
        ...(error !== undefined ? { error } : {}), ...(failure ? { failure } : {}),
        ...(bodyFile !== undefined ? { bodyFile } : {}),
      });
    });
  }

  const resume = (): void => {
    if (done || !controller) return;
    heldByObserver = false;
    lastActivity = now();
    controller.resume();
  };

  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(c) {
      controller = c;
      if (done) c.abort(new Error(error ?? 'aborted'));
    },
    onResponseStart(_c, statusCode, rawHeaders) {
      // 1xx informational responses (100 Continue) are not the response.
      if (done || statusCode < 200) return;
      status = statusCode;
      headers = normalizeHeaders(rawHeaders);
      phase('headersMs');
      const at = timing.headersMs!;
      if (observer.onHeaders) {
        try {
          observer.onHeaders(statusCode, headers, at);
        } catch (err) {
          observerFailed(err);
        }
      }
    },
    onResponseData(c, chunk) {
      if (done) return;
      const at = now();
      if (timing.ttfbMs === null) phase('ttfbMs', at);
      lastActivity = at;
      const size = chunk.length;
      bytes += size;
      if (coalesceMs >= 0 && records.length > 0 && (inRead || at - records.lastAtMs() <= coalesceMs)) {
        records.addToLast(size);
        chunksMerged++;
      } else {
        records.push(at, size);
      }
      if (coalesceMs >= 0 && !inRead) {
        inRead = true;
        queueMicrotask(endOfRead);
      }
      if (onChunk) {
        let wait: unknown;
        try {
          // The observer's own mark: short-lived unless the observer keeps it.
          wait = onChunk(chunk, { atMs: at, bytes: size });
        } catch (err) {
          observerFailed(err);
          return;
        }
        if (!done && typeof (wait as PromiseLike<void> | undefined)?.then === 'function') {
          heldByObserver = true;
          c.pause();
          (wait as PromiseLike<void>).then(resume, observerFailed);
        }
      }
      if (!done && !sink.write(chunk)) {
        c.pause();
        sink.whenDrained(() => { if (!heldByObserver) resume(); });
      }
    },
    onResponseEnd() {
      finish();
    },
    onResponseError(_c, err) {
      if (done) return;
      // 204 and 304 never have a body (RFC 9110 §6.4.1), whatever Content-Length says; undici 7
      // still compares it with the bytes read and fails the response. It did complete.
      if ((status === 204 || status === 304) && bytes === 0 && (err as { code?: unknown }).code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
        finish();
        return;
      }
      const contentLength = Number(headers['content-length']);
      const classified = classifyNetworkError(err, {
        host: url.host, bytes, gotHeaders: status !== null,
        ...(Number.isFinite(contentLength) && headers['content-length'] !== undefined ? { contentLength } : {}),
      });
      fail('error', classified.code, classified.message, classified.cause);
    },
  };

  if (options.signal) options.signal.addEventListener('abort', onAbortSignal, { once: true });
  if (options.maxTimeMs !== undefined && options.maxTimeMs > 0) {
    const maxTimeMs = options.maxTimeMs;
    maxTimer = setTimeout(() => fail('timeout', 'MAX_TIME',
      status === null ? l10n.t('max time of {0} ms reached before the response headers', maxTimeMs) : l10n.t('max time of {0} ms reached after {1} body bytes', maxTimeMs, bytes)), maxTimeMs);
  }
  if (options.idleTimeoutMs !== undefined && options.idleTimeoutMs > 0) {
    const idleMs = options.idleTimeoutMs;
    // One timer re-armed for the remaining time, instead of resetting a timer on every chunk.
    const checkIdle = (): void => {
      const quietFor = heldByObserver ? 0 : now() - lastActivity;
      if (quietFor >= idleMs) {
        fail('idle-timeout', 'IDLE_TIMEOUT', status === null
          ? l10n.t('stalled: nothing received for {0} ms (idle timeout) while waiting for the response headers', idleMs)
          : l10n.t('stalled: nothing received for {0} ms (idle timeout) after {1} body bytes', idleMs, bytes));
      } else {
        idleTimer = setTimeout(checkIdle, idleMs - quietFor);
      }
    };
    idleTimer = setTimeout(checkIdle, idleMs);
  }

  try {
    client.dispatch({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: spec.method.toUpperCase() as Dispatcher.HttpMethod,
      headers: spec.headers ?? {},
      body: spec.body ?? null,
    }, handler);
  } catch (err) {
    // Invalid request options (e.g. a forbidden header) are reported like any other failure.
    fail('error', 'INVALID_REQUEST', l10n.t('invalid request: {0}', err instanceof Error ? err.message : String(err)));
  }
}
