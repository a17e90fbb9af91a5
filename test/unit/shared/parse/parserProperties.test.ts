// Property tests: however the network cuts the bytes, the parsers produce the same events.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSseParser, parseSse, type SseEvent } from '../../../../src/shared/parse/sse';
import { createNdjsonParser, parseNdjson, type NdjsonError, type NdjsonRecord } from '../../../../src/shared/parse/ndjson';
import { sseBody, type SseFrame, type SseLineEnding } from '../../../fixtures/servers';

/** Cuts `bytes` at the given (sorted, deduplicated) offsets. */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    pieces.push(bytes.subarray(at, p));
    at = p;
  }
  return pieces;
}

// Field text without line breaks (any Unicode, including astral characters).
const fieldText = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ''));
const frame: fc.Arbitrary<SseFrame> = fc.record({
  event: fc.option(fieldText.filter((s) => s.trim() !== '' && !s.startsWith(' ')), { nil: undefined }),
  data: fc.array(fieldText, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
  id: fc.option(fieldText.filter((s) => !s.includes('\0') && !s.startsWith(' ')), { nil: undefined }),
  comment: fc.option(fieldText, { nil: undefined }),
}, { requiredKeys: ['data'] });
const lineEnding = fc.constantFrom<SseLineEnding>('\n', '\r\n', '\r');

describe('parser properties (fast-check)', () => {
  it('SSE: any chunking of the bytes yields the events of the whole body', () => {
    fc.assert(fc.property(fc.array(frame, { maxLength: 6 }), lineEnding, fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }),
      (frames, eol, bom, offsets) => {
        const text = (bom ? '\uFEFF' : '') + sseBody(frames, eol);
        const bytes = Buffer.from(text, 'utf8');
        const expected = parseSse(bytes);
        assert.equal(expected.length, frames.length);
        const events: SseEvent[] = [];
        const parser = createSseParser({ onEvent: (e) => events.push(e) });
        for (const piece of cut(bytes, offsets)) parser.feedBytes(piece);
        parser.end();
        assert.deepEqual(events, expected);
        assert.deepEqual(events.map((e) => e.data), frames.map((f) => f.data));
      }), { numRuns: 300 });
  });

  it('NDJSON: any chunking yields the same records and the same error lines', () => {
    const line = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('{broken', 'nope', '[1,', ''),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }),
      (lines, eol, trailingNewline, offsets) => {
        const bytes = Buffer.from(lines.join(eol) + (trailingNewline ? eol : ''), 'utf8');
        const expected = parseNdjson(bytes);
        const records: NdjsonRecord[] = [];
        const errors: NdjsonError[] = [];
        const parser = createNdjsonParser({ onRecord: (r) => records.push(r), onError: (e) => errors.push(e) });
        for (const piece of cut(bytes, offsets)) parser.feedBytes(piece);
        parser.end();
        assert.deepEqual(records, expected.records);
        assert.deepEqual(errors, expected.errors);
        assert.equal(records.length + errors.length, lines.filter((l) => l !== '').length);
      }), { numRuns: 300 });
  });
});
