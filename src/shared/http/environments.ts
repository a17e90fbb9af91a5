// Environments as REST Client defines them in the `rest-client.environmentVariables` setting:
// `{ "$shared": {...}, "dev": {...}, "prod": {...} }`. The selected environment's values win over
// $shared; a value may refer to a shared one with {{$shared name}}. Plus .env files for
// {{$dotenv NAME}}. Browser-safe: callers read the setting and the files.

export type EnvironmentVariables = Record<string, Record<string, string>>;

export const SHARED_ENVIRONMENT = '$shared';

/** The named environments a user can pick (without $shared), in the setting's order. */
export function environmentNames(envs: unknown): string[] {
  return isEnvironmentVariables(envs) ? Object.keys(envs).filter((n) => n !== SHARED_ENVIRONMENT) : [];
}

export function isEnvironmentVariables(value: unknown): value is EnvironmentVariables {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every((env) => env && typeof env === 'object' && !Array.isArray(env));
}

/**
 * $shared overlaid with the named environment. `{{$shared x}}` inside a value becomes the shared
 * value of x (REST Client's syntax for reusing a shared value in a named environment).
 */
export function selectEnvironment(envs: unknown, name: string | undefined): Record<string, string> {
  if (!isEnvironmentVariables(envs)) return {};
  const shared = stringValues(envs[SHARED_ENVIRONMENT]);
  const selected = name && Object.hasOwn(envs, name) ? stringValues(envs[name]) : {};
  const merged: Record<string, string> = { ...shared, ...selected };
  for (const [k, v] of Object.entries(merged)) {
    merged[k] = v.replace(/\{\{\s*\$shared\s+([\w.-]+)\s*\}\}/g, (whole, ref: string) => (Object.hasOwn(shared, ref) ? shared[ref]! : whole));
  }
  return merged;
}

function stringValues(env: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env ?? {})) if (v !== null && v !== undefined) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** Parses a .env file: KEY=VALUE lines, `export` prefixes, # comments, single/double quotes. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) continue;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[m[1]!] = value;
  }
  return out;
}
