// The two samconfig.toml settings `streamgate local` honours: template_file and
// parameter_overrides, from the [default.*.parameters] tables (deploy, then global), in SAM's
// "Key=Value Key2=Value2" form. A small reader for these keys only, not a TOML parser.
import { parseParameterOverrides } from './parameterOverrides';

export function samconfigParameterOverrides(text: string): { templateFile?: string; parameterOverrides: Record<string, string> } {
  const tables = new Map<string, Record<string, string>>();
  let current = '';
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) { current = header[1]!.trim(); continue; }
    const kv = /^\s*([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*$/.exec(line);
    if (!kv) continue;
    const table = tables.get(current) ?? {};
    table[kv[1]!] = kv[2] !== undefined ? kv[2].replace(/\\"/g, '"') : kv[3]!;
    tables.set(current, table);
  }
  const pick = (key: string) => ['default.local_start_api.parameters', 'default.deploy.parameters', 'default.global.parameters']
    .map((t) => tables.get(t)?.[key]).find((v) => v !== undefined);
  const overrides = pick('parameter_overrides');
  return { templateFile: pick('template_file'), parameterOverrides: overrides ? parseParameterOverrides([overrides]) : {} };
}
