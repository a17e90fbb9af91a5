// .http / .rest files: parse, pick an environment, resolve. One entry point for the extension's
// CodeLens and diagnostics and for `streamgate probe --http-file`.
import { parseHttpFile, splitLines, type HttpDiagnostic, type HttpRequestBlock, type ParsedHttpFile } from './parse';
import { resolveRequest, type ResolveContext, type ResolveResult } from './resolve';

export * from './parse';
export * from './resolve';
export * from './environments';

export interface AnalyzedHttpFile extends ParsedHttpFile {
  lines: string[];
  /** Parse diagnostics plus, for each request, what resolving it found. */
  allDiagnostics: HttpDiagnostic[];
  resolved: ResolveResult[];
}

/** Parses and resolves every request, so diagnostics show before anything is sent. */
export function analyzeHttpFile(text: string, ctx: Omit<ResolveContext, 'fileVariables'>): AnalyzedHttpFile {
  const parsed = parseHttpFile(text);
  const lines = splitLines(text);
  const full: ResolveContext = { ...ctx, fileVariables: parsed.variables };
  const resolved = parsed.requests.map((r) => resolveRequest(lines, r, full));
  const allDiagnostics = [...parsed.diagnostics, ...resolved.flatMap((r) => r.diagnostics)];
  return { ...parsed, lines, resolved, allDiagnostics };
}

/** Picks a request by its @name, else by 1-based position ("2"), else the only one. */
export function findRequest(file: ParsedHttpFile, nameOrIndex: string | undefined): HttpRequestBlock | { error: string } {
  const names = file.requests.map((r, i) => r.name ?? `#${i + 1} ${r.method} ${r.url}`);
  if (file.requests.length === 0) return { error: 'the file has no requests' };
  if (nameOrIndex === undefined) {
    if (file.requests.length === 1) return file.requests[0]!;
    return { error: `the file has ${file.requests.length} requests: choose one with --name (${names.join(', ')})` };
  }
  const byName = file.requests.find((r) => r.name === nameOrIndex);
  if (byName) return byName;
  if (/^\d+$/.test(nameOrIndex)) {
    const byIndex = file.requests[Number(nameOrIndex) - 1];
    if (byIndex) return byIndex;
  }
  return { error: `no request named "${nameOrIndex}" (requests: ${names.join(', ')})` };
}
