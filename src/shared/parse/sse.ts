// Server-Sent Events by the WHATWG rules, fed incrementally with chunks of any size. The line
// parsing is eventsource-parser's; this adds byte input (UTF-8 safe across chunk boundaries, BOM
// dropped) and the browser's defaults (event type "message"). Browser-safe: no Node imports.
import { createParser, type ParseError } from 'eventsource-parser';
import { createUtf8Decoder } from './utf8';

export interface SseEvent {
  /** Event type; "message" when the server sent no `event:` field (as EventSource does). */
  event: string;
  data: string;
  /** The `id:` field sent with this event, or null when it had none. */
  id: string | null;
}

export interface SseCallbacks {
  onEvent(event: SseEvent): void;
  onComment?(comment: string): void;
  /** A `retry:` field with a valid number of milliseconds. */
  onRetry?(retryMs: number): void;
  /** Lines the spec says to ignore (unknown field, bad retry); reported so a developer sees them. */
  onProblem?(message: string, line: string | undefined): void;
}

export interface SseParser {
  feedText(text: string): void;
  feedBytes(chunk: Uint8Array): void;
  /** End of stream: an event without its terminating blank line is discarded, per the spec. */
  end(): void;
}

export function createSseParser(callbacks: SseCallbacks): SseParser {
  const decoder = createUtf8Decoder();
  let first = true;
  let endsWithCr = false;
  const parser = createParser({
    onEvent: (m) => callbacks.onEvent({ event: m.event ?? 'message', data: m.data, id: m.id ?? null }),
    onComment: callbacks.onComment,
    onRetry: callbacks.onRetry,
    onError: (e: ParseError) => callbacks.onProblem?.(e.message, e.line),
  });
  const feedText = (text: string): void => {
    if (text === '') return;
    // A text stream may still start with U+FEFF (decoded elsewhere); the spec strips one.
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text === '') return;
    }
    endsWithCr = text.charCodeAt(text.length - 1) === 0x0d;
    parser.feed(text);
  };
  return {
    feedText,
    feedBytes: (chunk) => feedText(decoder.decode(chunk)),
    end: () => {
      feedText(decoder.end());
      // The parser holds a trailing CR back in case LF follows; at end of stream it is a line
      // end on its own (a lone-CR stream's final blank line), so complete it.
      if (endsWithCr) feedText('\n');
    },
  };
}

/** Parses a complete SSE body. */
export function parseSse(body: string | Uint8Array): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser({ onEvent: (e) => events.push(e) });
  if (typeof body === 'string') parser.feedText(body);
  else parser.feedBytes(body);
  parser.end();
  return events;
}
