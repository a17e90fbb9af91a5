import assert from 'node:assert/strict';
import { createNdjsonParser, parseNdjson, type NdjsonError, type NdjsonRecord } from '../../../../src/shared/parse/ndjson';
import { runRequest } from '../../../../src/core/stream/engine';
import { startChunkServer } from '../../../fixtures/servers';

describe('NDJSON parser', () => {
  it('parses records split across chunks at any point, with their line numbers', () => {
    const records: NdjsonRecord[] = [];
    const parser = createNdjsonParser({ onRecord: (r) => records.push(r) });
    for (const piece of ['{"a":', '1}\n{"b"', ':"x', 'é"}\r', '\n\n[1,2]']) parser.feedText(piece);
    assert.equal(records.length, 2, 'the last line waits for end()');
    parser.end();
    assert.deepEqual(records, [
      { line: 1, value: { a: 1 } },
      { line: 2, value: { b: 'xé' } },
      { line: 4, value: [1, 2] },
    ]);
  });

  it('reports malformed lines with their line number and keeps going', () => {
    const { records, errors } = parseNdjson('{"ok":1}\n{broken\n"fine"\nnot json at all\n{"ok":2}\n');
    assert.deepEqual(records.map((r) => r.value), [{ ok: 1 }, 'fine', { ok: 2 }]);
    assert.deepEqual(errors.map((e) => e.line), [2, 4]);
    assert.match(errors[0]!.message, /^line 2 is not valid JSON/);
    assert.equal(errors[1]!.text, 'not json at all');
  });

  it('accepts RFC 7464 json-seq record separators', () => {
    const { records, errors } = parseNdjson('\u001e{"a":1}\n\u001e{"a":2}\n');
    assert.deepEqual(records.map((r) => r.value), [{ a: 1 }, { a: 2 }]);
    assert.equal(errors.length, 0);
  });

  it('decodes a multi-byte character split between two network chunks', async () => {
    const body = Buffer.from('{"t":"日本"}\n{"t":"🙂"}\n');
    const cut1 = body.indexOf(Buffer.from('本')) + 1;
    const cut2 = body.indexOf(Buffer.from('🙂')) + 3;
    const server = await startChunkServer({
      headers: { 'content-type': 'application/x-ndjson' },
      schedule: [
        { delayMs: 0, data: body.subarray(0, cut1) },
        { delayMs: 25, data: body.subarray(cut1, cut2) },
        { delayMs: 25, data: body.subarray(cut2) },
      ],
    });
    try {
      const records: NdjsonRecord[] = [];
      const errors: NdjsonError[] = [];
      const parser = createNdjsonParser({ onRecord: (r) => records.push(r), onError: (e) => errors.push(e) });
      const result = await runRequest({ method: 'GET', url: server.url }, { onChunk: (c) => parser.feedBytes(c) });
      parser.end();
      assert.equal(result.chunks.length, 3);
      assert.deepEqual(records.map((r) => r.value), [{ t: '日本' }, { t: '🙂' }]);
      assert.deepEqual(errors, []);
    } finally {
      await server.close();
    }
  });
});
