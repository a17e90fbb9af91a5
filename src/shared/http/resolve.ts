// Resolves a parsed .http request into the request to send: `{{var}}` from file variables and
// the selected environment, and REST Client's system variables ({{$guid}}, {{$timestamp}},
// {{$randomInt a b}}, {{$processEnv NAME}}, {{$dotenv NAME}}, {{$datetime …}}). Anything it
// cannot resolve is a diagnostic on the line where it is written; the request is then not sent.
// Browser-safe: reading process.env and .env files is the caller's job (passed in as lookups).
import * as l10n from '@vscode/l10n';
import type { FileVariable, HttpDiagnostic, HttpRequestBlock } from './parse';

export interface ResolveContext {
  fileVariables: FileVariable[];
  /** The selected environment with $shared merged in (see environments.ts). */
  environment: Record<string, string>;
  processEnv(name: string): string | undefined;
  dotenv(name: string): string | undefined;
  now?: () => number;
  /** A number in [0, 1). */
  random?: () => number;
  uuid?: () => string;
}

export interface ResolvedRequest {
  name?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: { kind: 'text'; text: string } | { kind: 'file'; path: string; processVariables: boolean };
}

export interface ResolveResult {
  /** Undefined when a diagnostic of severity "error" stops the request. */
  request?: ResolvedRequest;
  diagnostics: HttpDiagnostic[];
}

const TOKEN = /\{\{\s*(.*?)\s*\}\}/g;
const MAX_DEPTH = 10;

/** One problem with a `{{…}}` expression, before it is placed on a line. */
interface TemplateProblem { token: string; message: string }

export function resolveRequest(lines: readonly string[], request: HttpRequestBlock, ctx: ResolveContext): ResolveResult {
  const diagnostics: HttpDiagnostic[] = [];
  const place = (problems: TemplateProblem[], fallbackLine: number): void => {
    for (const p of problems) diagnostics.push(locate(lines, request, p, fallbackLine));
  };
  const sub = (text: string, line: number): string => {
    const r = substitute(text, ctx);
    place(r.problems, line);
    return r.text;
  };
  const url = sub(request.url, request.line);
  const headers: Record<string, string> = {};
  for (const h of request.headers) headers[h.name] = sub(h.value, h.line);
  let body: ResolvedRequest['body'];
  if (request.body?.kind === 'text') body = { kind: 'text', text: sub(request.body.text, request.body.line) };
  if (request.body?.kind === 'file') body = { kind: 'file', path: sub(request.body.path, request.body.line), processVariables: request.body.processVariables };
  if (!diagnostics.some((d) => d.severity === 'error')) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http'); // l10n-exempt: caught just below, never shown
    } catch {
      diagnostics.push(lineDiagnostic(lines, request.line, 'error', l10n.t('"{0}" is not an absolute http:// or https:// URL', url)));
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { request: { ...(request.name ? { name: request.name } : {}), method: request.method, url, headers, ...(body ? { body } : {}) }, diagnostics };
}

/** Replaces every `{{…}}` in `text`; unresolvable expressions stay as written and are reported. */
export function substitute(text: string, ctx: ResolveContext, depth = 0): { text: string; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const open = text.lastIndexOf('{{');
  if (open !== -1 && text.indexOf('}}', open) === -1) problems.push({ token: text.slice(open, open + 20), message: l10n.t('Unclosed "{0}": a variable looks like {1}', '{{', '{{name}}') });
  const out = text.replace(TOKEN, (whole, expr: string) => {
    const value = evaluate(expr, ctx, depth, problems, whole);
    return value ?? whole;
  });
  return { text: out, problems };
}

function evaluate(expr: string, ctx: ResolveContext, depth: number, problems: TemplateProblem[], whole: string): string | undefined {
  const fail = (message: string): undefined => { problems.push({ token: whole, message }); return undefined; };
  if (expr === '') return fail(l10n.t('Empty variable "{0}"', '{{}}'));
  if (expr.startsWith('$')) return systemVariable(expr, ctx, fail);
  if (depth >= MAX_DEPTH) return fail(l10n.t('Variable "{0}" refers to itself (through {1} levels)', expr, MAX_DEPTH));
  // A later file variable wins, as in REST Client; file variables shadow the environment.
  const fileVar = [...ctx.fileVariables].reverse().find((v) => v.name === expr);
  const raw = fileVar?.value ?? own(ctx.environment, expr);
  if (raw === undefined) {
    if (/^[\w-]+\.(request|response)\./.test(expr)) return fail(l10n.t('Request variables ("{0}") are not supported by StreamGate', expr));
    return fail(l10n.t('Unresolved variable "{0}": define "@{0} = …" in the file or in rest-client.environmentVariables', expr));
  }
  const nested = substitute(raw, ctx, depth + 1);
  for (const p of nested.problems) problems.push({ token: whole, message: l10n.t('In "{0}": {1}', expr, p.message) });
  return nested.problems.length ? undefined : nested.text;
}

/** A value the object itself holds ("constructor" or "toString" are not variables). */
function own(record: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const OFFSET_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function offsetMs(args: string[]): number | null {
  if (args.length === 0) return 0;
  if (args.length !== 2 || !/^-?\d+$/.test(args[0]!) || !(args[1]! in OFFSET_UNITS)) return null;
  return Number(args[0]) * OFFSET_UNITS[args[1]!]!;
}

function systemVariable(expr: string, ctx: ResolveContext, fail: (m: string) => undefined): string | undefined {
  const [name, ...args] = expr.split(/\s+/);
  const now = ctx.now?.() ?? Date.now();
  switch (name) {
    case '$guid':
    case '$uuid':
      return ctx.uuid?.() ?? randomUuid(ctx.random ?? Math.random);
    case '$timestamp': {
      const off = offsetMs(args);
      if (off === null) return fail(l10n.t('{0} takes an optional offset such as "{1}" (units ms s m h d w)', '{{$timestamp}}', '{{$timestamp -1 d}}'));
      return String(Math.floor((now + off) / 1000));
    }
    case '$datetime':
    case '$localDatetime': {
      const [format, ...rest] = args;
      const off = offsetMs(rest);
      if ((format !== 'iso8601' && format !== 'rfc1123') || off === null) return fail(l10n.t('{0} takes "rfc1123" or "iso8601" and an optional offset', `{{${name}}}`));
      const date = new Date(now + off);
      return format === 'iso8601' ? date.toISOString() : date.toUTCString();
    }
    case '$randomInt': {
      const [min, max] = args.map(Number);
      if (args.length !== 2 || !Number.isInteger(min) || !Number.isInteger(max) || min! >= max!) {
        return fail(l10n.t('{0} needs two whole numbers with min < max (max is exclusive)', '{{$randomInt min max}}'));
      }
      return String(min! + Math.floor((ctx.random ?? Math.random)() * (max! - min!)));
    }
    case '$processEnv':
    case '$dotenv': {
      const indirect = args[0]?.startsWith('%');
      let key = indirect ? args[0]!.slice(1) : args[0];
      if (args.length !== 1 || !key) return fail(l10n.t('{0} needs one variable name', `{{${name} NAME}}`));
      // "%NAME" names an environment variable whose value is the real variable's name (REST Client).
      if (indirect) {
        const via = own(ctx.environment, key);
        if (via === undefined) return fail(l10n.t('{0}: "{1}" is not in the selected environment', `{{${name} %${key}}}`, key));
        key = via;
      }
      const value = name === '$processEnv' ? ctx.processEnv(key) : ctx.dotenv(key);
      return value ?? fail(name === '$processEnv' ? l10n.t('Environment variable {0} is not set', key) : l10n.t('{0} is not in the .env file next to this file', key));
    }
    default:
      return fail(l10n.t('System variable {0} is not supported by StreamGate (supported: {1})', name, '$guid, $timestamp, $datetime, $localDatetime, $randomInt, $processEnv, $dotenv'));
  }
}

/** RFC 4122 version 4 UUID from the given random source (crypto.randomUUID is not in every webview). */
function randomUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function lineDiagnostic(lines: readonly string[], line: number, severity: HttpDiagnostic['severity'], message: string): HttpDiagnostic {
  const text = lines[line] ?? '';
  const start = text.length - text.trimStart().length;
  return { line, startColumn: start, endColumn: Math.max(start + 1, text.trimEnd().length), severity, message };
}

/** Puts a problem on the first line of the request block (or the file variable it came through) that contains its token. */
function locate(lines: readonly string[], request: HttpRequestBlock, problem: TemplateProblem, fallbackLine: number): HttpDiagnostic {
  for (let l = request.startLine; l <= request.endLine; l++) {
    const col = lines[l]?.indexOf(problem.token) ?? -1;
    if (col !== -1) return { line: l, startColumn: col, endColumn: col + problem.token.length, severity: 'error', message: problem.message };
  }
  return { ...lineDiagnostic(lines, fallbackLine, 'error', problem.message) };
}
