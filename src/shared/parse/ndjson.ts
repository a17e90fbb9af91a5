// Newline-delimited JSON (NDJSON / JSON Lines / RFC 7464 json-seq), fed incrementally. A record
// may be split across any number of chunks. A malformed line is reported with its 1-based line
// number and parsing carries on: one bad line must not hide the rest of a stream. Never throws.
// Browser-safe: no Node imports.
import { createUtf8Decoder } from './utf8';

export interface NdjsonRecord {
  /** 1-based line number in the body. */
  line: number;
  value: unknown;
}

export interface NdjsonError {
  line: number;
  message: string;
  /** The offending line, cut to 200 characters. */
  text: string;
}

export interface NdjsonCallbacks {
  onRecord(record: NdjsonRecord): void;
  onError?(error: NdjsonError): void;
}

export interface NdjsonParser {
  feedText(text: string): void;
  feedBytes(chunk: Uint8Array): void;
  /** End of stream: a last line without a trailing newline is still a record. */
  end(): void;
}

// RFC 7464 prefixes each JSON text with ASCII Record Separator.
const RECORD_SEPARATOR = '\u001e';
const ERROR_TEXT_LIMIT = 200;

export function createNdjsonParser(callbacks: NdjsonCallbacks): NdjsonParser {
  const decoder = createUtf8Decoder();
  let pending = '';
  let lineNumber = 0;

  const handleLine = (raw: string): void => {
    lineNumber++;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    while (text.startsWith(RECORD_SEPARATOR)) text = text.slice(1);
    if (text.trim() === '') return;
    try {
      callbacks.onRecord({ line: lineNumber, value: JSON.parse(text) });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      callbacks.onError?.({
        line: lineNumber,
        message: `line ${lineNumber} is not valid JSON: ${reason}`,
        text: text.length > ERROR_TEXT_LIMIT ? `${text.slice(0, ERROR_TEXT_LIMIT)}…` : text,
      });
    }
  };

  const feedText = (text: string): void => {
    if (text === '') return;
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl !== -1 && pending !== '') {
      handleLine(pending + text.slice(0, nl));
      pending = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl !== -1) {
      handleLine(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    pending += text.slice(start);
  };

  return {
    feedText,
    feedBytes: (chunk) => feedText(decoder.decode(chunk)),
    end: () => {
      feedText(decoder.end());
      if (pending !== '') {
        const last = pending;
        pending = '';
        handleLine(last);
      }
    },
  };
}

/** Parses a complete NDJSON body. */
export function parseNdjson(body: string | Uint8Array): { records: NdjsonRecord[]; errors: NdjsonError[] } {
  const records: NdjsonRecord[] = [];
  const errors: NdjsonError[] = [];
  const parser = createNdjsonParser({ onRecord: (r) => records.push(r), onError: (e) => errors.push(e) });
  if (typeof body === 'string') parser.feedText(body);
  else parser.feedBytes(body);
  parser.end();
  return { records, errors };
}
