// The streaming engine: sends one HTTP request on undici and records, with a monotonic clock
// (performance.now(), ms from request start), every phase — DNS, TCP connect, TLS, request sent,
// response headers, first body byte — and every body chunk as the socket delivers it (never
// coalesced). The body goes to a bounded in-memory preview and optionally to a file, so a 1 GB
// response costs no more memory than a small one.
//
// runRequest never throws for network trouble: a failed, timed-out or aborted run resolves with
// its outcome, a sentence saying what went wrong, and everything that had arrived until then.
import { Client, type Dispatcher } from 'undici';
import type { ChunkMark, PhaseTimings, RunOutcome } from '../../shared/timeline';
import { emptyTimings } from '../../shared/timings';
import { createBodySink, DEFAULT_WINDOW_BYTES } from './bodySink';
import { describeNetworkError } from './networkErrors';
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
  /** Bytes of body kept in memory for preview (default 1 MiB). */
  windowBytes?: number;
  /** Self-signed/untrusted certificates are accepted only for these hosts (opt-in). */
  insecureTlsHosts?: string[];
}

export interface RunObserver {
  onPhase?(phase: keyof PhaseTimings, atMs: number): void;
  /** Header names are lowercase; repeated headers are joined with ", ". */
  onHeaders?(status: number, headers: Record<string, string>, atMs: number): void;
  onChunk?(chunk: Uint8Array, mark: ChunkMark): void;
}

export interface RunResult {
  status: number | null;
  headers: Record<string, string>;
  timing: PhaseTimings;
  chunks: ChunkMark[];
  bytes: number;
  outcome: RunOutcome;
  error?: string;
  bodyFile?: string;
  preview: Uint8Array;
  previewTruncated: boolean;
}

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
  if (reason instanceof Error && reason.name !== 'AbortError') return `aborted: ${reason.message}`;
  if (typeof reason === 'string' && reason !== '') return `aborted: ${reason}`;
  return 'aborted by the user';
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

function failedBeforeStart(outcome: RunOutcome, error: string): RunResult {
  return {
    status: null, headers: {}, timing: emptyTimings(), chunks: [], bytes: 0, outcome, error,
    preview: new Uint8Array(0), previewTruncated: false,
  };
}

export function runRequest(spec: RequestSpec, observer: RunObserver = {}, options: EngineOptions = {}): Promise<RunResult> {
  const target = parseTarget(spec);
  if (typeof target === 'string') return Promise.resolve(failedBeforeStart('error', target));
  if (options.signal?.aborted) return Promise.resolve(failedBeforeStart('aborted', describeAbortReason(options.signal)));
  return new Promise((resolve) => startRun(target, spec, observer, options, resolve));
}

function startRun(url: URL, spec: RequestSpec, observer: RunObserver, options: EngineOptions, resolve: (r: RunResult) => void): void {
  const t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const timing = emptyTimings();
  const chunks: ChunkMark[] = [];
  let status: number | null = null;
  let headers: Record<string, string> = {};
  let bytes = 0;
  let outcome: RunOutcome = 'complete';
  let error: string | undefined;
  let done = false;
  let lastActivity = 0;
  let controller: Dispatcher.DispatchController | undefined;
  let maxTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;

  // Observer code is the caller's; if it throws, the run ends with that error rather than
  // crashing inside undici's socket callbacks.
  const notify = (call: () => void): void => {
    try {
      call();
    } catch (err) {
      fail('error', `observer failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const phase = (name: keyof PhaseTimings, at = now()): void => {
    if (timing[name] !== null) return;
    timing[name] = at;
    lastActivity = at;
    if (observer.onPhase) notify(() => observer.onPhase!(name, at));
  };

  const sink = createBodySink({
    windowBytes: options.windowBytes ?? DEFAULT_WINDOW_BYTES,
    spillToFile: options.spillToFile,
    onFileError: (message) => fail('error', message),
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

  const onAbortSignal = (): void => fail('aborted', describeAbortReason(options.signal!));

  function fail(kind: RunOutcome, message: string): void {
    if (done) return;
    outcome = kind;
    error = message;
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
      const { bytes: preview, truncated } = sink.preview();
      resolve({
        status, headers, timing, chunks, bytes, outcome, ...(error !== undefined ? { error } : {}),
        ...(bodyFile !== undefined ? { bodyFile } : {}), preview, previewTruncated: truncated,
      });
    });
  }

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
      if (observer.onHeaders) notify(() => observer.onHeaders!(statusCode, headers, at));
    },
    onResponseData(c, chunk) {
      if (done) return;
      const at = now();
      if (timing.ttfbMs === null) phase('ttfbMs', at);
      lastActivity = at;
      bytes += chunk.length;
      const mark: ChunkMark = { atMs: at, bytes: chunk.length };
      chunks.push(mark);
      if (observer.onChunk) notify(() => observer.onChunk!(chunk, mark));
      if (!done && !sink.write(chunk)) {
        c.pause();
        sink.whenDrained(() => c.resume());
      }
    },
    onResponseEnd() {
      finish();
    },
    onResponseError(_c, err) {
      if (done) return;
      const contentLength = Number(headers['content-length']);
      fail('error', describeNetworkError(err, {
        host: url.host, bytes, gotHeaders: status !== null,
        ...(Number.isFinite(contentLength) && headers['content-length'] !== undefined ? { contentLength } : {}),
      }));
    },
  };

  if (options.signal) options.signal.addEventListener('abort', onAbortSignal, { once: true });
  if (options.maxTimeMs !== undefined && options.maxTimeMs > 0) {
    const maxTimeMs = options.maxTimeMs;
    maxTimer = setTimeout(() => fail('timeout',
      `max time of ${maxTimeMs} ms reached${status === null ? ' before the response headers' : ` after ${bytes} body bytes`}`), maxTimeMs);
  }
  if (options.idleTimeoutMs !== undefined && options.idleTimeoutMs > 0) {
    const idleMs = options.idleTimeoutMs;
    // One timer re-armed for the remaining time, instead of resetting a timer on every chunk.
    const checkIdle = (): void => {
      const quietFor = now() - lastActivity;
      if (quietFor >= idleMs) {
        fail('idle-timeout', `stalled: nothing received for ${idleMs} ms (idle timeout)` +
          (status === null ? ' while waiting for the response headers' : ` after ${bytes} body bytes`));
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
    fail('error', `invalid request: ${err instanceof Error ? err.message : String(err)}`);
  }
}
