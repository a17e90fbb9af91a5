// Maps a Lambda function ARN to a handler: a built-in sample (bundled with the extension, so it
// works inside the esbuild bundle) or a NAME.mjs / NAME.js / NAME.cjs file in a configured
// handler folder. Only files directly inside those folders can ever be loaded.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installAwsLambdaGlobal } from './responseStream';

export type LambdaHandler = (...args: unknown[]) => unknown;

export interface ResolvedHandler {
  functionName: string;
  handler: LambdaHandler;
  /** Where it came from, for log lines: "built-in sample" or the file path. */
  source: string;
}

export class HandlerNotFound extends Error {}

// Lambda function names: letters, digits, hyphens, underscores; at most 64 characters. An
// optional version/alias qualifier may follow. Anything else (dots, slashes) is refused, which
// also rules out path traversal before any file system check.
const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]{1,128})?$/;
const EXTENSIONS = ['.mjs', '.js', '.cjs'];

export function functionNameFromArn(functionArn: string): string | undefined {
  return FUNCTION_ARN.exec(functionArn)?.[1];
}

export class LambdaRegistry {
  private readonly dirs: string[];

  constructor(private readonly builtins: ReadonlyMap<string, LambdaHandler>, handlerDirs: readonly string[] = []) {
    this.dirs = handlerDirs.map((d) => path.resolve(d));
  }

  async resolve(functionArn: string): Promise<ResolvedHandler> {
    const functionName = functionNameFromArn(functionArn);
    if (!functionName) {
      throw new HandlerNotFound(`"${functionArn}" is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)`);
    }
    const builtin = this.builtins.get(functionName);
    if (builtin) return { functionName, handler: builtin, source: 'built-in sample' };
    for (const dir of this.dirs) {
      for (const ext of EXTENSIONS) {
        const file = await this.safeFile(dir, functionName + ext);
        if (file) return { functionName, handler: await loadHandler(file), source: file };
      }
    }
    const where = this.dirs.length ? `in ${this.dirs.join(', ')}` : '(no handler folders are configured: start the gateway with --handlers DIR)';
    throw new HandlerNotFound(`Function not found: ${functionName}. Looked for a built-in sample and for ${functionName}{${EXTENSIONS.join(',')}} ${where}`);
  }

  /** The file if it exists as a regular file whose real path is still inside `dir`. */
  private async safeFile(dir: string, name: string): Promise<string | undefined> {
    const candidate = path.join(dir, name);
    try {
      const [realDir, realFile] = await Promise.all([fs.realpath(dir), fs.realpath(candidate)]);
      const rel = path.relative(realDir, realFile);
      if (rel.startsWith('..') || path.isAbsolute(rel) || rel.includes(path.sep)) return undefined;
      const stat = await fs.stat(realFile);
      return stat.isFile() ? realFile : undefined;
    } catch {
      return undefined;
    }
  }
}

async function loadHandler(file: string): Promise<LambdaHandler> {
  const stat = await fs.stat(file);
  // Re-checked per load: other code (the AWS SDK) may have replaced the global meanwhile.
  installAwsLambdaGlobal();
  // The mtime in the URL makes an edited ES module load fresh on the next invocation.
  let mod: Record<string, unknown>;
  try {
    mod = (await import(`${pathToFileURL(file).href}?mtime=${stat.mtimeMs}`)) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`Could not load ${file}: ${(err as Error).message}`);
  }
  const fromDefault = mod.default as Record<string, unknown> | LambdaHandler | undefined;
  const handler = mod.handler ?? (fromDefault && typeof fromDefault === 'object' ? fromDefault.handler : undefined);
  if (typeof handler !== 'function') throw new Error(`${file} does not export a function named "handler"`);
  return handler as LambdaHandler;
}
