// Parses .http / .rest files the way REST Client and httpYac write them: requests separated by
// `###` lines, `# @name` (or `// @name`) directives, file variables `@host = value`, a request line
// `METHOD URL [HTTP/x]` (or just a URL for GET) with `?`/`&` continuation lines, `Name: value`
// headers, and a body after the first blank line — text, or `< ./file` / `<@ ./file` from a file.
// Browser-safe (no Node, no vscode): the extension's CodeLens, its diagnostics and the CLI share it.
// It never throws: what it cannot read becomes a diagnostic on the line, never a failed request.
import * as l10n from '@vscode/l10n';

export type Severity = 'error' | 'warning' | 'info';

export interface HttpDiagnostic {
  /** 0-based line and columns [startColumn, endColumn). */
  line: number;
  startColumn: number;
  endColumn: number;
  severity: Severity;
  message: string;
}

export interface FileVariable { name: string; value: string; line: number }

export interface HeaderLine { name: string; value: string; line: number }

export type HttpBody =
  | { kind: 'text'; text: string; line: number }
  /** `< path` sends the file as is; `<@ path` substitutes {{variables}} in it first. */
  | { kind: 'file'; path: string; processVariables: boolean; line: number };

export interface HttpRequestBlock {
  /** Position in the file among requests (0-based). */
  index: number;
  name?: string;
  method: string;
  /** The URL as written, {{variables}} unresolved (continuation lines joined). */
  url: string;
  headers: HeaderLine[];
  body?: HttpBody;
  /** The request line (0-based); the CodeLens sits here. */
  line: number;
  /** First and last line of the block (separators excluded). */
  startLine: number;
  endLine: number;
}

export interface ParsedHttpFile {
  requests: HttpRequestBlock[];
  /** In file order; a later definition of a name wins, as in REST Client. */
  variables: FileVariable[];
  diagnostics: HttpDiagnostic[];
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT'] as const;

/** Directives StreamGate acts on or can safely ignore; any other `# @x` gets a warning. */
const SUPPORTED_DIRECTIVES = new Set(['name']);
const IGNORED_DIRECTIVES = new Set(['note', 'title', 'description']);

const SEPARATOR = /^\s*###/;
const COMMENT = /^\s*(#|\/\/)/;
const DIRECTIVE = /^\s*(?:#|\/\/)\s*@([\w-]+)(?:\s+(.*?))?\s*$/;
const FILE_VARIABLE = /^\s*@([A-Za-z_][\w.-]*)\s*=\s?(.*)$/;
const REQUEST_LINE = new RegExp(`^\\s*(?:(${HTTP_METHODS.join('|')})\\s+)?(\\S.*?)(?:\\s+HTTP\\/[\\d.]+)?\\s*$`, 'i');
const HEADER = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s?(.*)$/;
const BODY_FILE = /^<(@)?\s+(.+?)\s*$/;

/** Splits into lines, keeping positions (a trailing \r of CRLF files is dropped). */
export function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function parseHttpFile(text: string): ParsedHttpFile {
  const lines = splitLines(text);
  const result: ParsedHttpFile = { requests: [], variables: [], diagnostics: [] };
  let blockStart = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || SEPARATOR.test(lines[i]!)) {
      parseBlock(lines, blockStart, i - 1, result);
      blockStart = i + 1;
    }
  }
  return result;
}

function diag(out: HttpDiagnostic[], line: number, text: string, severity: Severity, message: string): void {
  const start = text.length - text.trimStart().length;
  out.push({ line, startColumn: start, endColumn: Math.max(start + 1, text.trimEnd().length), severity, message });
}

function parseBlock(lines: string[], start: number, end: number, out: ParsedHttpFile): void {
  let name: string | undefined;
  let i = start;
  // Before the request line: blank lines, comments, directives and file variables.
  for (; i <= end; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    const directive = DIRECTIVE.exec(text);
    if (directive) {
      const key = directive[1]!.toLowerCase();
      if (key === 'name') {
        const value = directive[2]?.trim();
        if (!value || /\s/.test(value)) diag(out.diagnostics, i, text, 'error', l10n.t('@name needs one word, e.g. "# @name chat"'));
        else name = value;
      } else if (!SUPPORTED_DIRECTIVES.has(key) && !IGNORED_DIRECTIVES.has(key)) {
        diag(out.diagnostics, i, text, 'warning', l10n.t('@{0} is not supported by StreamGate and is ignored', directive[1]!));
      }
      continue;
    }
    if (COMMENT.test(text)) continue;
    if (/^\s*@/.test(text)) {
      const v = FILE_VARIABLE.exec(text);
      if (v) out.variables.push({ name: v[1]!, value: v[2]!.trim(), line: i });
      else diag(out.diagnostics, i, text, 'error', l10n.t('A file variable looks like "@name = value"'));
      continue;
    }
    break;
  }
  if (i > end) return; // only variables, comments or nothing: not a request
  const requestText = lines[i]!;
  const m = REQUEST_LINE.exec(requestText);
  const firstWord = requestText.trim().split(/\s+/)[0]!;
  if (!m || (!m[1] && /^[A-Za-z]+$/.test(firstWord) && requestText.trim().includes(' '))) {
    diag(out.diagnostics, i, requestText, 'error', l10n.t('Expected a request line "METHOD URL", e.g. "GET https://example.com/chat" (unknown method "{0}")', firstWord));
    return;
  }
  const request: HttpRequestBlock = {
    index: out.requests.length, method: (m[1] ?? 'GET').toUpperCase(), url: m[2]!.trim(), headers: [],
    line: i, startLine: start, endLine: end, ...(name ? { name } : {}),
  };
  i++;
  // Query continuation lines: "?a=1" / "&b=2" directly under the request line.
  for (; i <= end && /^\s*[?&]/.test(lines[i]!); i++) request.url += lines[i]!.trim();
  // Headers until the first blank line.
  for (; i <= end; i++) {
    const text = lines[i]!;
    if (text.trim() === '') break;
    if (COMMENT.test(text)) continue;
    const h = HEADER.exec(text);
    if (h) request.headers.push({ name: h[1]!, value: h[2]!.trim(), line: i });
    else diag(out.diagnostics, i, text, 'error', l10n.t('Expected a header "Name: value", or a blank line before the body'));
  }
  // The body: everything after the blank line, verbatim, without trailing blank lines.
  let last = end;
  while (last > i && lines[last]!.trim() === '') last--;
  const bodyLines = lines.slice(i + 1, last + 1);
  while (bodyLines.length && bodyLines[0]!.trim() === '') { bodyLines.shift(); i++; }
  if (bodyLines.length) {
    const fileRef = bodyLines.length === 1 ? BODY_FILE.exec(bodyLines[0]!.trim()) : null;
    request.body = fileRef
      ? { kind: 'file', path: fileRef[2]!, processVariables: fileRef[1] === '@', line: i + 1 }
      : { kind: 'text', text: bodyLines.join('\n'), line: i + 1 };
  }
  out.requests.push(request);
}

/** The request whose block contains `line` (for "run the request under the cursor"). */
export function requestAtLine(file: ParsedHttpFile, line: number): HttpRequestBlock | undefined {
  return file.requests.find((r) => line >= r.startLine && line <= r.endLine);
}
