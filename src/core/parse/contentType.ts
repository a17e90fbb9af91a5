// Which parser fits a response: chosen from the Content-Type, unless the user overrides it
// (many backends stream SSE or NDJSON as text/plain or application/octet-stream).

export type ParserKind = 'sse' | 'ndjson' | 'text';
export type ParserChoice = 'auto' | ParserKind;

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl',
  'application/x-jsonlines', 'application/jsonlines', 'application/json-seq']);

/** The media type without parameters, lowercased: `Text/Event-Stream; charset=utf-8` → `text/event-stream`. */
export function mediaType(contentType: string | undefined | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function chooseParser(contentType: string | undefined | null, override: ParserChoice = 'auto'): ParserKind {
  if (override !== 'auto') return override;
  const type = mediaType(contentType);
  if (type === 'text/event-stream') return 'sse';
  if (NDJSON_TYPES.has(type)) return 'ndjson';
  return 'text';
}
