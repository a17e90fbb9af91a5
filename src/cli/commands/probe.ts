// `streamgate probe <url>`: one request through the streaming engine, reported either live
// (a line per chunk with its time, size and gap) or as one JSON object (--json). On a failure
// it still reports what arrived, adds "error", and exits 1 (22 with --fail on HTTP >= 400, as
// curl -f). --max-time bounds the whole run. Output never shows URL credentials or signatures.
import * as l10n from '@vscode/l10n';
import { readFile } from 'node:fs/promises';
import { parseArgs, stringFlag, numberFlag, UsageError, type ParsedArgs } from '../args';
import { runRequest, type RequestSpec, type RunResult, type EngineOptions } from '../../core/stream/engine';
import { warmUpEngine } from '../../core/stream/warmUp';
import { createSseParser, type SseEvent } from '../../shared/parse/sse';
import { createNdjsonParser, type NdjsonError } from '../../shared/parse/ndjson';
import { redactText } from '../../shared/redact';
import { cliFailureText } from '../failureWords';
import { probeUsage } from '../probeUsage';
import { LineWriter, oneLine, shownHeaders, summaryLine, writeProbeJson, type ProbeFormat } from '../probeOutput';
import { HTTP_FILE_FLAGS, requestFromHttpFile } from '../httpFileArgs';
import { traceProbe, type TraceOptions } from '../probeTrace';

const FLAGS = {
  method: { value: true },
  header: { value: true, repeat: true },
  data: { value: true },
  sse: {},
  ndjson: {},
  'max-time': { value: true },
  'idle-timeout': { value: true },
  out: { value: true },
  json: {},
  fail: {},
  insecure: {},
  iam: {},
  region: { value: true },
  profile: { value: true },
  trace: {},
  'log-group': { value: true },
  'logs-endpoint': { value: true },
  ...HTTP_FILE_FLAGS,
} as const;

/** Node timers hold at most 2^31 - 1 ms; a longer wait would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Chunk records closer together than this are merged (memory stays bounded on a million tiny chunks). */
const COALESCE_MS = 0.1;
/** curl -f's exit code for an HTTP error status. */
const EXIT_HTTP_ERROR = 22;

interface ProbeOptions {
  spec: RequestSpec;
  /** What is shown for the URL: credentials and signatures masked. */
  shownUrl: string;
  format: ProbeFormat;
  json: boolean;
  failOnHttpError: boolean;
  engine: EngineOptions;
  iam?: { region?: string; profile?: string };
  trace?: TraceOptions;
}

function parseHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new UsageError(l10n.t('--header must look like "Name: value", got "{0}"', line));
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

function seconds(args: ParsedArgs, name: string): number | undefined {
  const s = numberFlag(args, name);
  if (s === undefined) return undefined;
  if (s <= 0) throw new UsageError(l10n.t('--{0} must be a positive number of seconds, got {1}', name, s));
  if (s * 1000 > MAX_TIMER_MS) {
    throw new UsageError(l10n.t('--{0} {1} is too long: the most is {2} seconds (about 24.8 days)', name, s, Math.floor(MAX_TIMER_MS / 1000)));
  }
  return s * 1000;
}

async function readBody(data: string | undefined): Promise<string | Uint8Array | undefined> {
  if (data === undefined || !data.startsWith('@')) return data;
  const path = data.slice(1);
  try {
    return await readFile(path);
  } catch (err) {
    throw new UsageError(l10n.t('cannot read --data file "{0}": {1}', path, (err as Error).message));
  }
}

/** user:pass@ in the URL becomes a Basic Authorization header (curl's behaviour); the URL sent has no userinfo. */
function takeUrlCredentials(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

async function parseProbeArgs(argv: string[]): Promise<ProbeOptions> {
  const args = parseArgs(argv, FLAGS);
  const fromFile = await requestFromHttpFile(args);
  if (fromFile) args.positionals.push(fromFile.url);
  if (args.positionals.length !== 1) {
    throw new UsageError(`${args.positionals.length === 0 ? l10n.t('missing the URL') : l10n.t('only one URL is allowed')}\n${probeUsage()}`);
  }
  const typed = args.positionals[0]!;
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    throw new UsageError(l10n.t('"{0}" is not a URL: give an absolute http:// or https:// URL', redactText(typed)));
  }
  if (args.flags.sse && args.flags.ndjson) throw new UsageError(l10n.t('choose one of --sse and --ndjson'));
  const headers: Record<string, string> = { ...fromFile?.headers };
  for (const line of (args.flags.header as string[] | undefined) ?? []) {
    const [name, value] = parseHeader(line);
    headers[name] = value;
  }
  const basic = takeUrlCredentials(url);
  const explicitAuth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
  if (basic && args.flags.iam) throw new UsageError(l10n.t('the URL has user:password@ and --iam is set: both would sign the request; use one'));
  // As with curl, an Authorization header given with --header wins over the URL's credentials.
  if (basic && !explicitAuth) headers.Authorization = basic;
  const body = fromFile ? fromFile.body : await readBody(stringFlag(args, 'data'));
  // Like curl: sending data implies POST unless a method is given.
  const method = (fromFile?.method ?? stringFlag(args, 'method') ?? (body !== undefined ? 'POST' : 'GET')).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new UsageError(l10n.t('--method must be an HTTP method such as GET or POST, got "{0}"', method));
  if ((args.flags.region || args.flags.profile) && !args.flags.iam && !args.flags.trace) throw new UsageError(l10n.t('--region and --profile only apply with --iam or --trace'));
  if ((args.flags['log-group'] || args.flags['logs-endpoint']) && !args.flags.trace) throw new UsageError(l10n.t('--log-group and --logs-endpoint only apply with --trace'));
  const logsEndpoint = stringFlag(args, 'logs-endpoint');
  if (logsEndpoint !== undefined && !/^https?:\/\/[^/]/.test(logsEndpoint)) throw new UsageError(l10n.t('--logs-endpoint must be an http:// or https:// URL, got "{0}"', logsEndpoint));
  const out = stringFlag(args, 'out');
  return {
    spec: { method, url: url.toString(), headers, ...(body !== undefined ? { body } : {}) },
    shownUrl: redactText(typed),
    format: args.flags.sse ? 'sse' : args.flags.ndjson ? 'ndjson' : 'raw',
    json: args.flags.json === true,
    failOnHttpError: args.flags.fail === true,
    engine: {
      maxTimeMs: seconds(args, 'max-time'),
      idleTimeoutMs: seconds(args, 'idle-timeout'),
      ...(out ? { spillToFile: out } : {}),
      coalesceWithinMs: COALESCE_MS,
      ...(args.flags.insecure ? { insecureTlsHosts: [url.hostname] } : {}),
    },
    ...(args.flags.iam ? { iam: { region: stringFlag(args, 'region'), profile: stringFlag(args, 'profile') } } : {}),
    ...(args.flags.trace ? { trace: { logGroup: stringFlag(args, 'log-group'), region: stringFlag(args, 'region'), profile: stringFlag(args, 'profile'), logsEndpoint } } : {}),
  };
}

/** Collects SSE events or NDJSON records as the chunks arrive (bounded by the body, not buffered twice). */
function createBodyDecoder(format: ProbeFormat, onEvent: (e: SseEvent) => void, onRecord: (v: unknown, line: number) => void,
  onRecordError: (e: NdjsonError) => void): { feed(chunk: Uint8Array): void; end(): void } {
  if (format === 'sse') {
    const p = createSseParser({ onEvent });
    return { feed: (c) => p.feedBytes(c), end: () => p.end() };
  }
  if (format === 'ndjson') {
    const p = createNdjsonParser({ onRecord: (r) => onRecord(r.value, r.line), onError: onRecordError });
    return { feed: (c) => p.feedBytes(c), end: () => p.end() };
  }
  return { feed: () => undefined, end: () => undefined };
}

export async function runProbe(argv: string[]): Promise<number> {
  const options = await parseProbeArgs(argv);
  let spec = options.spec;
  if (options.iam) {
    // The AWS SDK's credential chain is loaded only for --iam.
    const { applyAuth, AuthError } = await import('../../core/auth');
    try {
      spec = await applyAuth(spec, { kind: 'iam', ...options.iam });
    } catch (err) {
      if (err instanceof AuthError) throw new UsageError(err.message);
      throw err;
    }
  }
  const live = !options.json;
  const out = new LineWriter(process.stdout);
  // Live mode prints events and records as they come and keeps none; --json keeps them for the report.
  const events: SseEvent[] = [];
  const records: unknown[] = [];
  const parseErrors: NdjsonError[] = [];
  const decoder = createBodyDecoder(options.format,
    (e) => {
      if (live) out.line(`    event ${e.event}${e.id !== null ? ` #${e.id}` : ''}: ${oneLine(e.data)}`);
      else events.push(e);
    },
    (value, line) => {
      if (live) out.line(`    record line ${line}: ${oneLine(JSON.stringify(value))}`);
      else records.push(value);
    },
    (e) => {
      if (live) out.line(`    ${e.message}`);
      else parseErrors.push(e);
    });

  // Ctrl+C stops the request but still reports what arrived.
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort(new Error(l10n.t('interrupted (Ctrl+C)')));
  process.once('SIGINT', onSigint);
  let previousAt: number | null = null;
  if (live) out.line(`> ${spec.method} ${options.shownUrl}`);
  await warmUpEngine();
  const sentAt = Date.now();
  const startPerf = performance.now(); // the engine's t0 follows synchronously: the trace's client lane starts here
  let result: RunResult;
  try {
    result = await runRequest(spec, {
      onHeaders: (status, headers, atMs) => {
        previousAt = atMs;
        if (!live) return;
        out.line(`< HTTP ${status}  (headers at +${atMs.toFixed(1)} ms)`);
        for (const [name, value] of Object.entries(shownHeaders(headers))) out.line(`< ${name}: ${value}`);
      },
      onChunk: (chunk, mark) => {
        if (live) {
          const gap = previousAt === null ? '' : `  (gap ${(mark.atMs - previousAt).toFixed(1)} ms)`;
          out.line(`+${mark.atMs.toFixed(1)} ms  ${mark.bytes} B${gap}`);
        }
        previousAt = mark.atMs;
        decoder.feed(chunk);
        // A full stdout pauses the response until it drains.
        return out.pending();
      },
    }, { ...options.engine, signal: interrupt.signal });
  } finally {
    process.off('SIGINT', onSigint);
  }
  decoder.end();

  const error = result.error !== undefined ? redactText(cliFailureText(result.error, result.failure)) : undefined;
  const trace = options.trace && result.status !== null ? await traceProbe(spec.url, result, startPerf, sentAt, options.trace) : undefined;
  if (options.json) {
    await writeProbeJson(out, result, { format: options.format, events, records, parseErrors, ...(error !== undefined ? { error } : {}), ...(trace ? { trace: trace.json } : {}) });
  } else {
    out.line(summaryLine(result));
    if (trace) out.line(trace.line);
    if (result.bodyFile) out.line(`body saved to ${result.bodyFile}`);
    await out.drained();
  }
  if (error !== undefined) process.stderr.write(`streamgate probe: ${error}\n`); // l10n-exempt: the error is worded where it is made
  if (result.outcome !== 'complete') return 1;
  if (options.failOnHttpError && result.status !== null && result.status >= 400) {
    process.stderr.write(`streamgate probe: HTTP ${result.status} (--fail)\n`); // l10n-exempt: notation only
    return EXIT_HTTP_ERROR;
  }
  return 0;
}
