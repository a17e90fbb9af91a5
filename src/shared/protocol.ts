// The typed host⇄webview protocol of the request console. Both sides import this file; every
// message that crosses the boundary is checked with the validators below and dropped (and
// logged) when it does not match. The validators never throw, whatever they are given.
import type { ChunkMark, PhaseTimings, RunOutcome } from './timeline';
import { BODY_FORMATS, type AuthKind, type BodyFormat, type TransferMode } from './model';
import type { Arrival } from './arrival';
import { TRACE_HOPS, type FunctionLaneMarks, type GatewayLaneMarks, type LaneDiagnosis, type TraceHop, type TraceLanes } from './lanes';

export type { AuthKind, BodyFormat } from './model';
export { BODY_FORMATS } from './model';
/** The auth kinds the console offers (custom headers are simply the request's headers). */
export const CONSOLE_AUTH_KINDS: readonly AuthKind[] = ['none', 'apiKey', 'bearer', 'iam'];

export type PhaseName = keyof PhaseTimings;
export const PHASE_NAMES: readonly PhaseName[] = ['dnsMs', 'connectMs', 'tlsMs', 'requestSentMs', 'headersMs', 'ttfbMs', 'endMs'];
export const RUN_OUTCOMES: readonly RunOutcome[] = ['complete', 'aborted', 'timeout', 'idle-timeout', 'error'];

export interface HeaderEntry { name: string; value: string; enabled: boolean }

export interface AuthSettings {
  kind: AuthKind;
  /** Bearer token typed in the editor; sent to the host for one request, never stored. */
  bearerToken?: string;
  /** SigV4 region; derived from the execute-api host when absent. */
  region?: string;
}

/** What the request editor holds. */
export interface RequestDraft {
  method: string;
  url: string;
  headers: HeaderEntry[];
  body: string;
  auth: AuthSettings;
  format: BodyFormat;
}

/** One stage's invoke URL of the method the console was opened for. */
export interface InvokeTarget {
  label: string;
  url: string;
  stage?: string;
  /** The HTTP method the route is defined for; absent for ANY (the route takes whatever the console sends). */
  method?: string;
}

/** The REST API method behind the console's URL: lets the host ask what the stage serves at Send. */
export interface MethodTarget { apiId: string; resourceId: string; httpMethod: string; path: string }

/** Fields the host may put into the editor (from the tree or a command). */
export interface Prefill {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  title?: string;
  target?: MethodTarget;
}

/** What opens (or refills) the console: a prefill plus the stages' invoke URLs. */
export interface ConsoleOpenOptions extends Prefill { invokeTargets?: InvokeTarget[] }

/**
 * The transfer mode of a run, recorded at Send: what the deployed stage serves (`served`, null
 * when unknown) next to what the integration is configured to. `exact` is true when it was read
 * from the stage's deployment (the local gateway); false when it comes from the deployments
 * StreamGate made or saw plus the changes not deployed since (AWS).
 */
export interface RunMode { served: TransferMode | null; configured: TransferMode; stage: string; exact: boolean }

/** The request as it went out, with secret headers redacted. */
export interface RequestEcho { method: string; url: string; headers: Record<string, string>; body?: string }

export interface RunSummary {
  id: string;
  status: number | null;
  outcome: RunOutcome;
  ttfbMs: number | null;
  endMs: number | null;
  chunkCount: number;
  bytes: number;
  /** Set when the console knows the method behind the URL. */
  mode?: RunMode;
  /** How the body was observed to arrive, independent of configuration (src/shared/arrival.ts). */
  arrival?: Arrival;
  /** Why the run failed, in words: the gateway's error, the network error, the HTTP status. */
  errorReason?: string;
}

/** A finished run as history keeps it: no body, redacted headers, marks possibly downsampled. */
export interface StoredRun {
  summary: RunSummary;
  title?: string;
  /** Wall-clock start (epoch ms), for display only; all other times are run-relative. */
  startedAt: number;
  request: RequestEcho;
  responseHeaders: Record<string, string>;
  timing: PhaseTimings;
  marks: ChunkMark[];
  /** True when `marks` is a downsample of more chunks than were kept. */
  marksDownsampled: boolean;
  error?: string;
  /** The run's three-hop timeline, once the host read it (local gateway or the stage's access log). */
  trace?: TraceLanes;
}

export type HistoryEntry = Pick<StoredRun, 'summary' | 'title' | 'startedAt'> & { method: string; url: string };

export type NoticeLevel = 'info' | 'warning' | 'error';

// ---------------------------------------------------------------------------------------------
// host → webview

/**
 * Why a run has no lanes (yet): the access log is being read, access logging is off on the stage
 * (the host can offer to enable it), or no trace could be read.
 */
export type TraceState = 'reading' | 'accessLogOff' | 'unavailable';
export const TRACE_STATES: readonly TraceState[] = ['reading', 'accessLogOff', 'unavailable'];

/** A line a local function wrote during a run, on the run's clock (ms from request start, like chunk times). */
export interface FunctionLogEntry { atMs: number; functionName: string; stream: 'stdout' | 'stderr'; text: string }

export type HostToWebview =
  | { type: 'init'; prefill?: Prefill; invokeTargets: InvokeTarget[]; hasApiKey: boolean; history: HistoryEntry[];
      /** A gap between chunks at least this long is highlighted (setting streamgate.console.longGapMs). */
      longGapMs: number }
  | { type: 'prefill'; prefill: Prefill; invokeTargets: InvokeTarget[] }
  | { type: 'runStarted'; runId: string; request: RequestEcho; startedAt: number; mode?: RunMode; title?: string }
  | { type: 'phase'; runId: string; phase: PhaseName; atMs: number }
  | { type: 'headers'; runId: string; status: number; headers: Record<string, string>; atMs: number }
  /** A batch packed by src/shared/chunkBatch.ts: `count` chunks from `firstSeq`, in one ArrayBuffer. */
  | { type: 'chunks'; runId: string; firstSeq: number; count: number; buffer: ArrayBuffer }
  | { type: 'runEnded'; runId: string; summary: RunSummary; timing: PhaseTimings; error?: string; bodySaved: boolean; displayTruncated: boolean }
  | { type: 'history'; entries: HistoryEntry[] }
  | { type: 'runLoaded'; run: StoredRun }
  | { type: 'compare'; runs: [StoredRun, StoredRun] }
  | { type: 'apiKeyState'; hasApiKey: boolean }
  | { type: 'notice'; level: NoticeLevel; message: string }
  /** The local gateway's function output for a run (its request id), sent when the run ends. */
  | { type: 'functionLogs'; runId: string; lines: FunctionLogEntry[]; coldStart: boolean }
  /** The run's lanes (function → gateway → client) and diagnosis, sent after it ended. */
  | { type: 'trace'; runId: string; trace: TraceLanes }
  | { type: 'traceStatus'; runId: string; state: TraceState; message: string; stage?: string };

// webview → host

export type ExportFormat = 'json' | 'har';
export type CopyFormat = 'curl' | 'fetch';

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; request: RequestDraft }
  | { type: 'abort'; runId?: string }
  | { type: 'openRun'; runId: string }
  | { type: 'compare'; runIds: [string, string] }
  | { type: 'exportRun'; runId: string; format: ExportFormat }
  | { type: 'copyRequest'; request: RequestDraft; format: CopyFormat }
  | { type: 'saveBody'; runId: string }
  /** "Why buffered?": the run was configured STREAM but arrived in one burst. */
  | { type: 'explainArrival'; runId: string }
  /** The doctor's causes and fixes for the hop the run's trace says held the body back. */
  | { type: 'traceFix'; runId: string; hop: TraceHop }
  /** Access logging is off on the run's stage: offer the UpdateStage that enables it (the host asks first). */
  | { type: 'enableAccessLog'; runId: string }
  | { type: 'setApiKey' }
  | { type: 'clearApiKey' }
  | { type: 'deleteRun'; runId: string }
  | { type: 'clearHistory' }
  | { type: 'webviewError'; message: string };

// ---------------------------------------------------------------------------------------------
// Validators. Small guard combinators; a shape check rejects missing required fields and wrong
// types but tolerates extra fields (older/newer peers may add some).

type Guard<T> = (x: unknown) => x is T;

const isString: Guard<string> = (x): x is string => typeof x === 'string';
const isBoolean: Guard<boolean> = (x): x is boolean => typeof x === 'boolean';
const isFiniteNumber: Guard<number> = (x): x is number => typeof x === 'number' && Number.isFinite(x);
const isNonNegative: Guard<number> = (x): x is number => isFiniteNumber(x) && x >= 0;
const isCount: Guard<number> = (x): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isNullableTime: Guard<number | null> = (x): x is number | null => x === null || isNonNegative(x);
const isNullableStatus: Guard<number | null> = (x): x is number | null => x === null || isStatus(x);
function isStatus(x: unknown): x is number { return Number.isInteger(x) && (x as number) >= 100 && (x as number) <= 999; }

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function oneOf<T extends string>(values: readonly T[]): Guard<T> {
  return (x): x is T => typeof x === 'string' && (values as readonly string[]).includes(x);
}

function optional<T>(g: Guard<T>): Guard<T | undefined> {
  return (x): x is T | undefined => x === undefined || g(x);
}

function arrayOf<T>(g: Guard<T>): Guard<T[]> {
  return (x): x is T[] => Array.isArray(x) && x.every((v) => g(v));
}

const isStringRecord: Guard<Record<string, string>> = (x): x is Record<string, string> =>
  isObject(x) && Object.values(x).every(isString);

type Shape<T> = { [K in keyof T]-?: Guard<T[K]> };

/** Own-property read, so inherited members such as `constructor` never satisfy a field. */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function shape<T>(fields: Shape<T>): Guard<T> {
  const entries = Object.entries(fields) as [string, Guard<unknown>][];
  return (x): x is T => isObject(x) && entries.every(([k, g]) => g(own(x, k)));
}

const isTransferMode = oneOf<TransferMode>(['BUFFERED', 'STREAM']);
const isOutcome = oneOf<RunOutcome>(RUN_OUTCOMES);
const isPhaseName = oneOf<PhaseName>(PHASE_NAMES);

const isPhaseTimings = shape<PhaseTimings>({
  dnsMs: isNullableTime, connectMs: isNullableTime, tlsMs: isNullableTime, requestSentMs: isNullableTime,
  headersMs: isNullableTime, ttfbMs: isNullableTime, endMs: isNullableTime,
});

const isChunkMark = shape<ChunkMark>({ atMs: isNonNegative, bytes: isCount });

const isRunMode = shape<RunMode>({
  served: (x): x is TransferMode | null => x === null || isTransferMode(x), configured: isTransferMode, stage: isString, exact: isBoolean,
});

const isNullableMs: Guard<number | null> = (x): x is number | null => x === null || isFiniteNumber(x);
const isOptionalMs = optional(isNullableMs);
// Lane times may be slightly negative: a function log or write stamped just before the client's t0.
const isLaneMark = shape<ChunkMark>({ atMs: isFiniteNumber, bytes: isCount });
const isFunctionLane = shape<FunctionLaneMarks>({
  writes: arrayOf(isLaneMark), writeCount: isCount, bytes: isCount, coldStart: optional(isBoolean),
  responseMode: optional((x): x is 'streaming' | 'buffered' | null => x === null || x === 'streaming' || x === 'buffered'),
  initMs: isOptionalMs, startMs: isOptionalMs, endMs: isOptionalMs,
});
const isGatewayLane = shape<GatewayLaneMarks>({
  mode: (x): x is GatewayLaneMarks['mode'] => x === null || x === 'BUFFERED' || x === 'STREAMED',
  receivedMs: isOptionalMs, firstContentMs: isNullableMs, writes: arrayOf(isLaneMark), writeCount: isCount,
});
const isTraceHop = oneOf<TraceHop>(TRACE_HOPS);
export const isTraceLanes: Guard<TraceLanes> = shape<TraceLanes>({
  source: oneOf(['local', 'aws'] as const), requestId: isString, stage: optional(isString),
  function: (x): x is FunctionLaneMarks | null => x === null || isFunctionLane(x),
  gateway: (x): x is GatewayLaneMarks | null => x === null || isGatewayLane(x),
  diagnosis: shape<LaneDiagnosis>({ hop: isTraceHop, reason: isString }),
});

const isRunSummary = shape<RunSummary>({
  id: isString, status: isNullableStatus, outcome: isOutcome, ttfbMs: isNullableTime, endMs: isNullableTime,
  chunkCount: isCount, bytes: isCount, mode: optional(isRunMode), arrival: optional(oneOf<Arrival>(['streamed', 'buffered'])),
  errorReason: optional(isString),
});

const isArrayBuffer = (x: unknown): x is ArrayBuffer => x instanceof ArrayBuffer;

const isRequestEcho = shape<RequestEcho>({ method: isString, url: isString, headers: isStringRecord, body: optional(isString) });

export const isStoredRun: Guard<StoredRun> = shape<StoredRun>({
  summary: isRunSummary, title: optional(isString), startedAt: isNonNegative, request: isRequestEcho,
  responseHeaders: isStringRecord, timing: isPhaseTimings, marks: arrayOf(isChunkMark), marksDownsampled: isBoolean,
  error: optional(isString), trace: optional(isTraceLanes),
});

const isHistoryEntry = shape<HistoryEntry>({
  summary: isRunSummary, title: optional(isString), startedAt: isNonNegative, method: isString, url: isString,
});

const isInvokeTarget = shape<InvokeTarget>({ label: isString, url: isString, stage: optional(isString), method: optional(isString) });
export const isMethodTarget = shape<MethodTarget>({ apiId: isString, resourceId: isString, httpMethod: isString, path: isString });

const isPrefill = shape<Prefill>({
  url: optional(isString), method: optional(isString), headers: optional(isStringRecord), body: optional(isString),
  title: optional(isString), target: optional(isMethodTarget),
});

/** What the webview keeps in its state so VS Code can restore the console after a reload. */
export interface SavedConsoleState { draft: RequestDraft; prefill?: Prefill; invokeTargets?: InvokeTarget[] }

const isHeaderEntry = shape<HeaderEntry>({ name: isString, value: isString, enabled: isBoolean });
const isAuthSettings = shape<AuthSettings>({ kind: oneOf(CONSOLE_AUTH_KINDS), bearerToken: optional(isString), region: optional(isString) });
const isRequestDraft = shape<RequestDraft>({
  method: isString, url: isString, headers: arrayOf(isHeaderEntry), body: isString, auth: isAuthSettings,
  format: oneOf(BODY_FORMATS),
});

const isFunctionLogEntry = shape<FunctionLogEntry>({ atMs: isFiniteNumber, functionName: isString, stream: oneOf(['stdout', 'stderr'] as const), text: isString });
export const isSavedConsoleState: Guard<SavedConsoleState> = shape<SavedConsoleState>({
  draft: isRequestDraft, prefill: optional(isPrefill), invokeTargets: optional(arrayOf(isInvokeTarget)),
});

const isPairOf = <T>(g: Guard<T>): Guard<[T, T]> => (x): x is [T, T] => Array.isArray(x) && x.length === 2 && g(x[0]) && g(x[1]);

type Validators<U extends { type: string }> = { [K in U['type']]: Guard<Omit<Extract<U, { type: K }>, 'type'>> };

const hostToWebview: Validators<HostToWebview> = {
  init: shape({ prefill: optional(isPrefill), invokeTargets: arrayOf(isInvokeTarget), hasApiKey: isBoolean,
    history: arrayOf(isHistoryEntry), longGapMs: isNonNegative }),
  prefill: shape({ prefill: isPrefill, invokeTargets: arrayOf(isInvokeTarget) }),
  runStarted: shape({ runId: isString, request: isRequestEcho, startedAt: isNonNegative,
    mode: optional(isRunMode), title: optional(isString) }),
  phase: shape({ runId: isString, phase: isPhaseName, atMs: isNonNegative }),
  headers: shape({ runId: isString, status: isStatus, headers: isStringRecord, atMs: isNonNegative }),
  // The buffer's inner layout is checked where it is unpacked (unpackChunkBatch).
  chunks: shape({ runId: isString, firstSeq: isCount, count: isCount, buffer: isArrayBuffer }),
  runEnded: shape({ runId: isString, summary: isRunSummary, timing: isPhaseTimings, error: optional(isString),
    bodySaved: isBoolean, displayTruncated: isBoolean }),
  history: shape({ entries: arrayOf(isHistoryEntry) }),
  runLoaded: shape({ run: isStoredRun }),
  compare: shape({ runs: isPairOf(isStoredRun) }),
  apiKeyState: shape({ hasApiKey: isBoolean }),
  notice: shape({ level: oneOf<NoticeLevel>(['info', 'warning', 'error']), message: isString }),
  functionLogs: shape({ runId: isString, lines: arrayOf(isFunctionLogEntry), coldStart: isBoolean }),
  trace: shape({ runId: isString, trace: isTraceLanes }),
  traceStatus: shape({ runId: isString, state: oneOf(TRACE_STATES), message: isString, stage: optional(isString) }),
};

const webviewToHost: Validators<WebviewToHost> = {
  ready: shape({}),
  send: shape({ request: isRequestDraft }),
  abort: shape({ runId: optional(isString) }),
  openRun: shape({ runId: isString }),
  compare: shape({ runIds: isPairOf(isString) }),
  exportRun: shape({ runId: isString, format: oneOf<ExportFormat>(['json', 'har']) }),
  copyRequest: shape({ request: isRequestDraft, format: oneOf<CopyFormat>(['curl', 'fetch']) }),
  saveBody: shape({ runId: isString }),
  explainArrival: shape({ runId: isString }),
  traceFix: shape({ runId: isString, hop: isTraceHop }),
  enableAccessLog: shape({ runId: isString }),
  setApiKey: shape({}),
  clearApiKey: shape({}),
  deleteRun: shape({ runId: isString }),
  clearHistory: shape({}),
  webviewError: shape({ message: isString }),
};

function isMessage(table: Record<string, Guard<unknown>>, x: unknown): boolean {
  try {
    if (!isObject(x)) return false;
    const type = own(x, 'type');
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) return false;
    return table[type](x);
  } catch {
    // A hostile object (throwing getter, revoked proxy) is simply not a valid message.
    return false;
  }
}

export function isHostToWebview(x: unknown): x is HostToWebview {
  return isMessage(hostToWebview as Record<string, Guard<unknown>>, x);
}

export function isWebviewToHost(x: unknown): x is WebviewToHost {
  return isMessage(webviewToHost as Record<string, Guard<unknown>>, x);
}

/** A short description of a rejected message for the log: its type if any, never its content. */
export function describeRejected(x: unknown): string {
  try {
    if (!isObject(x)) return `non-object (${x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x})`;
    const type = own(x, 'type');
    return typeof type === 'string' ? `type "${type.slice(0, 40)}"` : 'object without a string type';
  } catch {
    return 'unreadable value';
  }
}

/** Milliseconds between chunk batches sent to the webview (~16–50 ms keeps it smooth; docs/ARCHITECTURE.md, the path of a chunk). */
export const CHUNK_BATCH_INTERVAL_MS = 25;
/** Bytes of body the host forwards to the webview for display; chunk marks keep flowing past it. */
export const DISPLAY_WINDOW_BYTES = 4 * 1024 * 1024;
/** Default of the streamgate.console.longGapMs setting (package.json says the same). */
export const DEFAULT_LONG_GAP_MS = 500;
