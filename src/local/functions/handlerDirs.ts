// `--handlers DIR` / streamgate.local.handlerDirs: a function NAME is the file NAME.js, NAME.mjs
// or NAME.cjs directly inside one of those folders, exporting `handler`. It becomes a
// FunctionSpec run like any other function (out of process, through the Runtime API). Only
// files directly inside the folders can ever be used: no subfolders, no symlinks that leave the
// folder, no names that are paths.
import { lstatSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FunctionSpec } from './types';

// Lambda function names: letters, digits, hyphens, underscores; at most 64 characters. An
// optional version/alias qualifier may follow. Anything else (dots, slashes) is refused, which
// also rules out path traversal before any file system check.
const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]{1,128})?$/;
/** The order the Node runtime tries (and so the file the bootstrap will load). */
const EXTENSIONS = ['.js', '.mjs', '.cjs'];

export class FunctionNotFound extends Error {}

export function functionNameFromArn(functionArn: string): string | undefined {
  return FUNCTION_ARN.exec(functionArn)?.[1];
}

/** Handler-folder functions have no declaration: Lambda's maximum timeout lets the integration's own timeout decide. */
export const HANDLER_DIR_DEFAULTS = { runtime: 'nodejs20.x', timeoutSeconds: 900, memoryMb: 1024 } as const;

export async function resolveHandlerDirFunction(dirs: readonly string[], functionArn: string): Promise<FunctionSpec> {
  const name = functionNameFromArn(functionArn);
  if (!name) throw new FunctionNotFound(`"${functionArn}" is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)`);
  for (const dir of dirs.map((d) => path.resolve(d))) {
    const file = await firstCandidate(dir, name);
    if (file === 'unsafe') break;
    if (file) {
      return {
        name, arn: functionArn,
        handler: `${name}.handler`, codeDir: path.dirname(file), environment: {}, source: file, ...HANDLER_DIR_DEFAULTS,
      };
    }
  }
  const where = dirs.length ? `in ${dirs.map((d) => path.resolve(d)).join(', ')}` : '(no handler folders are configured: start the gateway with --handlers DIR)';
  throw new FunctionNotFound(`Function not found: ${name}. Looked for a declared function and for ${name}{${EXTENSIONS.join(',')}} ${where}`);
}

/** Cheap check for FunctionInvoker.has(): a candidate file exists (resolution re-checks safety). */
export function handlerDirHasFunction(dirs: readonly string[], functionArn: string): boolean {
  const name = functionNameFromArn(functionArn);
  if (!name) return false;
  return dirs.some((d) => EXTENSIONS.some((ext) => { try { return lstatSync(path.join(path.resolve(d), name + ext)).isFile(); } catch { return false; } }));
}

/**
 * The file the runtime would load for `name` in `dir`: the first existing candidate, in the
 * runtime's order. If that one is not a regular file whose real path is directly inside the
 * folder, nothing is used ('unsafe'), since the runtime would load exactly that file.
 */
async function firstCandidate(dir: string, name: string): Promise<string | undefined | 'unsafe'> {
  let realDir: string;
  try {
    realDir = await fs.realpath(dir);
  } catch {
    return undefined;
  }
  for (const ext of EXTENSIONS) {
    const candidate = path.join(realDir, name + ext);
    const exists = await fs.lstat(candidate).then(() => true, () => false);
    if (!exists) continue;
    try {
      const realFile = await fs.realpath(candidate);
      const rel = path.relative(realDir, realFile);
      const inside = !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.includes(path.sep);
      const isFile = (await fs.lstat(candidate)).isFile();
      return inside && isFile ? realFile : 'unsafe';
    } catch {
      return 'unsafe';
    }
  }
  return undefined;
}
