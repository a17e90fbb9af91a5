// Which parser fits a response: chosen from the Content-Type, unless the user overrides it
// (many backends stream SSE or NDJSON as text/plain or application/octet-stream).

import type { BodyFormat } from '../model';

export type ParserKind = Exclude<BodyFormat, 'auto'>;

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl',
  'application/x-jsonlines', 'application/jsonlines', 'application/json-seq']);

/** The media type without parameters, lowercased: `Text/Event-Stream; charset=utf-8` → `text/event-stream`. */
export function mediaType(contentType: string | undefined | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function chooseParser(contentType: string | undefined | null, override: BodyFormat = 'auto'): ParserKind {
  if (override !== 'auto') return override;
  const type = mediaType(contentType);
  if (type === 'text/event-stream') return 'sse';
  if (NDJSON_TYPES.has(type)) return 'ndjson';
  return 'text';
}

/** Media types that are bytes, not text: shown as hex, never decoded as UTF-8. */
const BINARY_PREFIXES = ['image/', 'audio/', 'video/', 'font/'];
const BINARY_TYPES = new Set(['application/octet-stream', 'application/pdf', 'application/zip', 'application/gzip', 'application/x-gzip',
  'application/x-protobuf', 'application/protobuf', 'application/vnd.google.protobuf', 'application/x-tar', 'application/x-7z-compressed',
  'application/wasm', 'application/vnd.awslambda.http-integration-response', 'application/cbor', 'application/msgpack', 'application/x-msgpack']);

export function isBinaryMediaType(contentType: string | undefined | null): boolean {
  const type = mediaType(contentType);
  return BINARY_TYPES.has(type) || BINARY_PREFIXES.some((p) => type.startsWith(p)) || type.endsWith('+zip') || type.endsWith('+protobuf');
}

export function isJsonMediaType(contentType: string | undefined | null): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || type.endsWith('+json');
}
