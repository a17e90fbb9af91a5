// Turns one request of a .http file on disk into a request to send — the part of .http support
// that needs Node: the `.env` next to the file ({{$dotenv}}), process.env ({{$processEnv}}),
// `< ./file` bodies read relative to the .http file, and (for the CLI) the workspace's
// `rest-client.environmentVariables` from .vscode/settings.json. The extension and
// `streamgate probe --http-file` both call `prepareHttpRequest`.
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
// The ESM build: the UMD "main" loads its parts with dynamic require() calls a bundle cannot follow.
import { parse as parseJsonc } from 'jsonc-parser/lib/esm/main.js';
import {
  analyzeHttpFile, findRequest, parseDotenv, selectEnvironment, substitute,
  type AnalyzedHttpFile, type HttpDiagnostic, type HttpRequestBlock, type ResolveContext,
} from '../../shared/http';

/** `< ./file` bodies larger than this are refused (the console and probe hold the request body in memory). */
export const MAX_BODY_FILE_BYTES = 64 * 1024 * 1024;

export interface HttpFileOptions {
  /** `rest-client.environmentVariables` (the extension reads it from VS Code's settings). */
  environments?: unknown;
  /** The environment to use; $shared alone when undefined. */
  environment?: string;
  processEnv?: Record<string, string | undefined>;
}

export interface PreparedRequest {
  name?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** The .env file beside the .http file, parsed (empty when there is none). */
export function dotenvBeside(httpFile: string): Record<string, string> {
  try {
    return parseDotenv(readFileSync(path.join(path.dirname(httpFile), '.env'), 'utf8'));
  } catch {
    return {};
  }
}

export function resolveContextFor(httpFile: string, opts: HttpFileOptions): Omit<ResolveContext, 'fileVariables'> {
  const env = opts.processEnv ?? process.env;
  let dotenv: Record<string, string> | undefined;
  return {
    environment: selectEnvironment(opts.environments, opts.environment),
    processEnv: (name) => env[name],
    dotenv: (name) => (dotenv ??= dotenvBeside(httpFile))[name],
  };
}

export function analyzeHttpFileAt(httpFile: string, text: string, opts: HttpFileOptions): AnalyzedHttpFile {
  return analyzeHttpFile(text, resolveContextFor(httpFile, opts));
}

export class HttpFileError extends Error {
  constructor(message: string, readonly diagnostics: HttpDiagnostic[] = []) { super(message); }
}

/** "line 3: Unresolved variable …" — how the CLI and notifications list diagnostics. */
export function formatDiagnostics(file: string, diagnostics: HttpDiagnostic[]): string {
  return diagnostics.map((d) => `${path.basename(file)}:${d.line + 1}:${d.startColumn + 1}: ${d.severity}: ${d.message}`).join('\n');
}

/**
 * The request `block` of the analyzed file, ready to send. Throws HttpFileError with the
 * request's diagnostics when it has errors (unresolved variables, bad syntax, unreadable body file).
 */
export async function prepareBlock(httpFile: string, analyzed: AnalyzedHttpFile, block: HttpRequestBlock, opts: HttpFileOptions): Promise<PreparedRequest> {
  const result = analyzed.resolved[block.index]!;
  const blockErrors = [...analyzed.diagnostics.filter((d) => d.line >= block.startLine && d.line <= block.endLine), ...result.diagnostics]
    .filter((d) => d.severity === 'error');
  if (!result.request || blockErrors.length) {
    throw new HttpFileError(`the request at line ${block.line + 1} cannot be sent:\n${formatDiagnostics(httpFile, blockErrors)}`, blockErrors);
  }
  const r = result.request;
  let body: string | Uint8Array | undefined;
  if (r.body?.kind === 'text') body = r.body.text;
  if (r.body?.kind === 'file') {
    const file = path.resolve(path.dirname(httpFile), r.body.path);
    let size: number;
    try { size = statSync(file).size; } catch (err) {
      throw new HttpFileError(`line ${block.line + 1}: cannot read the body file "${r.body.path}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}), resolved against ${path.dirname(httpFile)}`);
    }
    if (size > MAX_BODY_FILE_BYTES) throw new HttpFileError(`line ${block.line + 1}: the body file "${r.body.path}" is ${size} bytes; the limit is ${MAX_BODY_FILE_BYTES}`);
    const bytes = await readFile(file);
    if (r.body.processVariables) {
      const sub = substitute(bytes.toString('utf8'), { ...resolveContextFor(httpFile, opts), fileVariables: analyzed.variables });
      if (sub.problems.length) throw new HttpFileError(`line ${block.line + 1}: in the body file "${r.body.path}": ${sub.problems.map((p) => p.message).join('; ')}`);
      body = sub.text;
    } else {
      body = bytes;
    }
  }
  return { ...(r.name ? { name: r.name } : {}), method: r.method, url: r.url, headers: r.headers, ...(body !== undefined ? { body } : {}) };
}

/** The CLI's path: read the file, pick the request (by @name or 1-based position) and prepare it. */
export async function prepareHttpRequest(httpFile: string, nameOrIndex: string | undefined, opts: HttpFileOptions): Promise<PreparedRequest> {
  let text: string;
  try { text = await readFile(httpFile, 'utf8'); } catch (err) {
    throw new HttpFileError(`cannot read ${httpFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const analyzed = analyzeHttpFileAt(httpFile, text, opts);
  const block = findRequest(analyzed, nameOrIndex);
  if ('error' in block) throw new HttpFileError(`${path.basename(httpFile)}: ${block.error}`);
  return prepareBlock(httpFile, analyzed, block, opts);
}

/**
 * `rest-client.environmentVariables` from the nearest .vscode/settings.json above the file (JSONC,
 * as VS Code writes it), for the CLI. Undefined when there is none.
 */
export function workspaceEnvironments(httpFile: string): unknown {
  for (let dir = path.dirname(path.resolve(httpFile)); ; dir = path.dirname(dir)) {
    try {
      const settings = parseJsonc(readFileSync(path.join(dir, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown> | undefined;
      if (settings && typeof settings === 'object') return settings['rest-client.environmentVariables'];
    } catch { /* no settings here: look further up */ }
    if (path.dirname(dir) === dir) return undefined;
  }
}
