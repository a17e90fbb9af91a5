import assert from 'node:assert/strict';
import { createSseParser, parseSse, type SseEvent } from '../../../../src/shared/parse/sse';
import { runRequest } from '../../../../src/core/stream/engine';
import { sseBody, startSseServer } from '../../../fixtures/servers';

function feedInPieces(text: string, cuts: number[]): { events: SseEvent[]; comments: string[]; retries: number[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createSseParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c), onRetry: (r) => retries.push(r) });
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    parser.feedBytes(bytes.subarray(at, cut));
    at = cut;
  }
  parser.end();
  return { events, comments, retries };
}

describe('SSE parser (WHATWG rules)', () => {
  it('defaults the event type to "message" and keeps id per event', () => {
    const events = parseSse('data: a\n\nevent: delta\nid: 7\ndata: b\n\n');
    assert.deepEqual(events, [
      { event: 'message', data: 'a', id: null },
      { event: 'delta', data: 'b', id: '7' },
    ]);
  });

  it('handles CRLF, lone CR and LF line endings alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const events = parseSse(`event: x${eol}data: one${eol}data: two${eol}${eol}`);
      assert.deepEqual(events, [{ event: 'x', data: 'one\ntwo', id: null }], JSON.stringify(eol));
    }
  });

  it('joins multi-line data with \\n and reports comments and retry', () => {
    const text = ': keep-alive\nretry: 3000\ndata: line 1\ndata:line 2\ndata\n\n';
    const { events, comments, retries } = feedInPieces(text, []);
    assert.deepEqual(events.map((e) => e.data), ['line 1\nline 2\n']);
    assert.deepEqual(comments, ['keep-alive']);
    assert.deepEqual(retries, [3000]);
  });

  it('gives the same events when split mid-field, mid-CRLF and mid-UTF-8 character', () => {
    const text = 'event: greet\r\ndata: héllo 🌍\r\nid: 42\r\n\r\ndata: second\r\n\r\n';
    const whole = feedInPieces(text, []).events;
    assert.equal(whole.length, 2);
    assert.equal(whole[0]!.data, 'héllo 🌍');
    const crlf = text.indexOf('\r\n') + 1; // between \r and \n
    const emoji = Buffer.from(text).indexOf(Buffer.from('🌍')) + 2; // inside the 4-byte emoji
    const midField = 3; // "eve|nt:"
    assert.deepEqual(feedInPieces(text, [midField, crlf, emoji]).events, whole);
    const everyByte = Array.from({ length: Buffer.byteLength(text) - 1 }, (_, i) => i + 1);
    assert.deepEqual(feedInPieces(text, everyByte).events, whole);
  });

  it('drops a leading BOM (bytes or U+FEFF) and an unterminated last event', () => {
    assert.deepEqual(feedInPieces('\uFEFFdata: x\n\ndata: incomplete\n', [1, 2]).events.map((e) => e.data), ['x']);
    const p: SseEvent[] = [];
    const parser = createSseParser({ onEvent: (e) => p.push(e) });
    parser.feedText('\uFEFFdata: y\n\n');
    assert.deepEqual(p.map((e) => e.data), ['y']);
  });

  it('reports unknown fields as problems without stopping', () => {
    const problems: string[] = [];
    const events: SseEvent[] = [];
    const parser = createSseParser({ onEvent: (e) => events.push(e), onProblem: (m) => problems.push(m) });
    parser.feedText('bogus: 1\ndata: ok\n\n');
    assert.equal(events.length, 1);
    assert.match(problems[0]!, /Unknown field "bogus"/);
  });

  it('parses a live SSE stream from the engine chunk by chunk, including a BOM and CRLF', async () => {
    const frames = [
      { event: 'start', data: '{"n":0}', id: '1' },
      { comment: 'ping' },
      { data: 'multi\nline', delayMs: 30 },
      { event: 'end', data: 'ünïcödé ✓', delayMs: 30 },
    ];
    const server = await startSseServer({ events: frames, lineEnding: '\r\n', bom: true });
    try {
      const events: SseEvent[] = [];
      const parser = createSseParser({ onEvent: (e) => events.push(e) });
      const result = await runRequest({ method: 'GET', url: server.url }, { onChunk: (c) => parser.feedBytes(c) });
      parser.end();
      assert.equal(result.outcome, 'complete');
      assert.equal(result.headers['content-type'], 'text/event-stream; charset=utf-8');
      assert.ok(result.chunks.length >= 4, 'each event arrived as its own chunk');
      assert.deepEqual(events, [
        { event: 'start', data: '{"n":0}', id: '1' },
        { event: 'message', data: 'multi\nline', id: null },
        { event: 'end', data: 'ünïcödé ✓', id: null },
      ]);
      assert.deepEqual(parseSse(sseBody(frames, '\r\n')), events);
    } finally {
      await server.close();
    }
  });
});
