// SAM CLI's --parameter-overrides forms: "Key=Value" (several per argument, space separated,
// values may be quoted) and CloudFormation's "ParameterKey=Key,ParameterValue=Value".
export function parseParameterOverrides(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    for (const token of arg.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
      const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(token);
      if (long) { out[long[1]!] = unquote(long[2]!); continue; }
      const eq = token.indexOf('=');
      if (eq <= 0) throw new Error(`--parameter-overrides: "${token}" is not Key=Value`);
      out[token.slice(0, eq)] = unquote(token.slice(eq + 1));
    }
  }
  return out;
}

function unquote(v: string): string {
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}
