// Header maps are case-insensitive in HTTP; plain objects are not.

/** Merges headers case-insensitively: a later name replaces an earlier one whatever its case. */
export function mergeHeaders(base: Record<string, string> | undefined, extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(extra)) {
    for (const existing of Object.keys(out)) if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
    out[name] = value;
  }
  return out;
}
