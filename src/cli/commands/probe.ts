// `streamgate probe <url>`: one request through the streaming engine, reported either live
// (a line per chunk with its time, size and gap) or as one JSON object (--json). On a failure
// it still reports what arrived, adds "error", and exits 1. --max-time bounds the whole run.
import { readFile } from 'node:fs/promises';
import { parseArgs, stringFlag, numberFlag, UsageError, type ParsedArgs } from '../args';
import { runRequest, type RequestSpec, type RunResult, type EngineOptions } from '../../core/stream/engine';
import { warmUpEngine } from '../../core/stream/warmUp';
import { createSseParser, type SseEvent } from '../../core/parse/sse';
import { createNdjsonParser, type NdjsonError } from '../../core/parse/ndjson';
import { applyAuth, AuthError } from '../../core/auth';
import type { ChunkMark } from '../../shared/timeline';
import { HTTP_FILE_FLAGS, HTTP_FILE_USAGE, requestFromHttpFile } from '../httpFileArgs';

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
  insecure: {},
  iam: {},
  region: { value: true },
  profile: { value: true },
  ...HTTP_FILE_FLAGS,
} as const;

export const PROBE_USAGE = 'usage: streamgate probe <url> [--method M] [--header "K: V"]... [--data STR|@file] [--sse|--ndjson]\n' +
  '         [--max-time S] [--idle-timeout S] [--out FILE] [--json] [--insecure] [--iam [--region R] [--profile P]]\n' + HTTP_FILE_USAGE;

type BodyFormat = 'sse' | 'ndjson' | 'raw';

interface ProbeOptions {
  spec: RequestSpec;
  format: BodyFormat;
  json: boolean;
  engine: EngineOptions;
  iam?: { region?: string; profile?: string };
}

function parseHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new UsageError(`--header must look like "Name: value", got "${line}"`);
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

function seconds(args: ParsedArgs, name: string): number | undefined {
  const s = numberFlag(args, name);
  if (s === undefined) return undefined;
  if (s <= 0) throw new UsageError(`--${name} must be a positive number of seconds, got ${s}`);
  return s * 1000;
}

async function readBody(data: string | undefined): Promise<string | Uint8Array | undefined> {
  if (data === undefined || !data.startsWith('@')) return data;
  const path = data.slice(1);
  try {
    return await readFile(path);
  } catch (err) {
    throw new UsageError(`cannot read --data file "${path}": ${(err as Error).message}`);
  }
}

async function parseProbeArgs(argv: string[]): Promise<ProbeOptions> {
  const args = parseArgs(argv, FLAGS);
  const fromFile = await requestFromHttpFile(args);
  if (fromFile) args.positionals.push(fromFile.url);
  if (args.positionals.length !== 1) {
    throw new UsageError(`${args.positionals.length === 0 ? 'missing the URL' : 'only one URL is allowed'}\n${PROBE_USAGE}`);
  }
  const url = args.positionals[0]!;
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL: give an absolute http:// or https:// URL`);
  }
  if (args.flags.sse && args.flags.ndjson) throw new UsageError('choose one of --sse and --ndjson');
  const headers: Record<string, string> = { ...fromFile?.headers };
  for (const line of (args.flags.header as string[] | undefined) ?? []) {
    const [name, value] = parseHeader(line);
    headers[name] = value;
  }
  const body = fromFile ? fromFile.body : await readBody(stringFlag(args, 'data'));
  // Like curl: sending data implies POST unless a method is given.
  const method = (fromFile?.method ?? stringFlag(args, 'method') ?? (body !== undefined ? 'POST' : 'GET')).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new UsageError(`--method must be an HTTP method such as GET or POST, got "${method}"`);
  if ((args.flags.region || args.flags.profile) && !args.flags.iam) throw new UsageError('--region and --profile only apply with --iam');
  const out = stringFlag(args, 'out');
  return {
    spec: { method, url, headers, ...(body !== undefined ? { body } : {}) },
    format: args.flags.sse ? 'sse' : args.flags.ndjson ? 'ndjson' : 'raw',
    json: args.flags.json === true,
    engine: {
      maxTimeMs: seconds(args, 'max-time'),
      idleTimeoutMs: seconds(args, 'idle-timeout'),
      ...(out ? { spillToFile: out } : {}),
      // The CLI reports timings, events and records; it needs no in-memory copy of the body.
      windowBytes: 0,
      ...(args.flags.insecure ? { insecureTlsHosts: [parsedUrl.hostname] } : {}),
    },
    ...(args.flags.iam ? { iam: { region: stringFlag(args, 'region'), profile: stringFlag(args, 'profile') } } : {}),
  };
}

const round = (ms: number | null): number | null => (ms === null ? null : Math.round(ms * 1000) / 1000);

function formatMs(ms: number | null): string {
  return ms === null ? '—' : `${ms.toFixed(1)} ms`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function oneLine(text: string, max = 120): string {
  const flat = JSON.stringify(text);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Collects SSE events or NDJSON records as the chunks arrive (bounded by the body, not buffered twice). */
function createBodyDecoder(format: BodyFormat, onEvent: (e: SseEvent) => void, onRecord: (v: unknown, line: number) => void,
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

export function probeJson(result: RunResult, format: BodyFormat, events: SseEvent[], records: unknown[],
  parseErrors: NdjsonError[]): Record<string, unknown> {
  return {
    status: result.status,
    headers: result.headers,
    timing: {
      connectMs: round(result.timing.connectMs),
      tlsMs: round(result.timing.tlsMs),
      headersMs: round(result.timing.headersMs),
      ttfbMs: round(result.timing.ttfbMs),
      endMs: round(result.timing.endMs),
    },
    chunks: result.chunks.map((c: ChunkMark) => ({ atMs: round(c.atMs), bytes: c.bytes })),
    bytes: result.bytes,
    ...(format === 'sse' ? { events: events.map((e) => ({ event: e.event, data: e.data, id: e.id })) } : {}),
    ...(format === 'ndjson' ? { records, ...(parseErrors.length > 0 ? { parseErrors } : {}) } : {}),
    ...(result.bodyFile ? { bodyFile: result.bodyFile } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
  };
}

function summaryLine(result: RunResult): string {
  const t = result.timing;
  const total = t.endMs ?? 0;
  return `${result.outcome}: ${formatBytes(result.bytes)} in ${result.chunks.length} chunks, ${formatMs(total)} total` +
    ` · connect ${formatMs(t.connectMs)} · TLS ${formatMs(t.tlsMs)} · headers ${formatMs(t.headersMs)}` +
    ` · first byte ${formatMs(t.ttfbMs)}` + (total > 0 && result.bytes > 0 ? ` · ${formatBytes(result.bytes / (total / 1000))}/s` : '');
}

export async function runProbe(argv: string[]): Promise<number> {
  const options = await parseProbeArgs(argv);
  let spec = options.spec;
  if (options.iam) {
    try {
      spec = await applyAuth(spec, { kind: 'iam', ...options.iam });
    } catch (err) {
      if (err instanceof AuthError) throw new UsageError(err.message);
      throw err;
    }
  }
  const live = !options.json;
  const write = (line: string): void => {
    process.stdout.write(line + '\n');
  };
  const events: SseEvent[] = [];
  const records: unknown[] = [];
  const parseErrors: NdjsonError[] = [];
  const decoder = createBodyDecoder(options.format,
    (e) => {
      events.push(e);
      if (live) write(`    event ${e.event}${e.id !== null ? ` #${e.id}` : ''}: ${oneLine(e.data)}`);
    },
    (value, line) => {
      records.push(value);
      if (live) write(`    record line ${line}: ${oneLine(JSON.stringify(value))}`);
    },
    (e) => {
      parseErrors.push(e);
      if (live) write(`    ${e.message}`);
    });

  // Ctrl+C stops the request but still reports what arrived.
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort(new Error('interrupted (Ctrl+C)'));
  process.once('SIGINT', onSigint);
  let previousAt: number | null = null;
  if (live) write(`> ${spec.method} ${spec.url}`);
  await warmUpEngine();
  let result: RunResult;
  try {
    result = await runRequest(spec, {
      onHeaders: (status, headers, atMs) => {
        previousAt = atMs;
        if (!live) return;
        write(`< HTTP ${status}  (headers at +${atMs.toFixed(1)} ms)`);
        for (const [name, value] of Object.entries(headers)) write(`< ${name}: ${value}`);
      },
      onChunk: (chunk, mark) => {
        if (live) {
          const gap = previousAt === null ? '' : `  (gap ${(mark.atMs - previousAt).toFixed(1)} ms)`;
          write(`+${mark.atMs.toFixed(1)} ms  ${mark.bytes} B${gap}`);
        }
        previousAt = mark.atMs;
        decoder.feed(chunk);
      },
    }, { ...options.engine, signal: interrupt.signal });
  } finally {
    process.off('SIGINT', onSigint);
  }
  decoder.end();

  if (options.json) {
    write(JSON.stringify(probeJson(result, options.format, events, records, parseErrors), null, 2));
  } else {
    write(summaryLine(result));
    if (result.bodyFile) write(`body saved to ${result.bodyFile}`);
  }
  if (result.error !== undefined) process.stderr.write(`streamgate probe: ${result.error}\n`);
  return result.outcome === 'complete' ? 0 : 1;
}
