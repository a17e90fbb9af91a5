// The rows the Raw tab shows, from the body model's lines: as received, pretty-printed JSON
// (when the body is one JSON document), and soft-wrapped to the list's width. Pure, so the
// virtual list stays a list of fixed-height rows whatever the view.

/** Pretty-printed lines of a complete JSON body, or undefined when it is not one JSON value. */
export function prettyJsonLines(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2).split('\n');
  } catch {
    return undefined;
  }
}

/** Cuts every line into rows of at most `columns` characters (an empty line stays one row). */
export function wrapLines(lines: readonly string[], columns: number): string[] {
  const cols = Math.max(10, Math.floor(columns));
  const out: string[] = [];
  for (const line of lines) {
    if (line.length <= cols) { out.push(line); continue; }
    for (let i = 0; i < line.length; i += cols) out.push(line.slice(i, i + cols));
  }
  return out;
}

/** Indices of the rows containing `query` (case-insensitive); empty for an empty query. */
export function findRows(rows: readonly string[], query: string, limit = 10_000): number[] {
  const q = query.toLowerCase();
  if (q === '') return [];
  const hits: number[] = [];
  for (let i = 0; i < rows.length && hits.length < limit; i++) if (rows[i]!.toLowerCase().includes(q)) hits.push(i);
  return hits;
}
