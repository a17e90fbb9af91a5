// A small argv parser shared by every CLI command: `--flag`, `--key value`, `--key=value`,
// repeatable keys, and positionals. Unknown flags are errors, so typos never pass silently.
import * as l10n from '@vscode/l10n';

export class UsageError extends Error {}

/** `--help` or `-h` anywhere a flag may stand: the dispatcher prints the command's usage, exit 0. */
export class HelpRequested extends Error {}

export interface FlagSpec {
  /** Takes a value (`--port 8080`) rather than being a boolean switch (`--json`). */
  value?: boolean;
  /** May be given several times; values collect into an array. */
  repeat?: boolean;
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | string[]>;
  positionals: string[];
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new HelpRequested();
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new UsageError(l10n.t('unknown option --{0}', name));
    let value: string | boolean = true;
    if (s.value) {
      if (eq !== -1) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i]!;
      else throw new UsageError(l10n.t('--{0} needs a value', name));
    }
    if (s.repeat) {
      const list = (flags[name] as string[] | undefined) ?? [];
      list.push(String(value));
      flags[name] = list;
    } else {
      flags[name] = value;
    }
  }
  return { flags, positionals };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(l10n.t('--{0} must be a number, got "{1}"', name, v));
  return n;
}

export function requireFlag(args: ParsedArgs, name: string): string {
  const v = stringFlag(args, name);
  if (v === undefined) throw new UsageError(l10n.t('--{0} is required', name));
  return v;
}
