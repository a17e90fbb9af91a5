import assert from 'node:assert/strict';
import { createUtf8Decoder, decodeUtf8 } from '../../../../src/shared/parse/utf8';
import { formatHexDump, hexDumpLines } from '../../../../src/shared/parse/hex';
import { chooseParser, mediaType } from '../../../../src/shared/parse/contentType';
import { createAssistantTextJoiner, extractDeltaText, extractDeltaTextFromData } from '../../../../src/shared/parse/llmText';
import { parseSse } from '../../../../src/shared/parse/sse';

describe('UTF-8 incremental decoding', () => {
  it('never splits a character across chunks into replacement characters', () => {
    const bytes = Buffer.from('a€b😀c');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = createUtf8Decoder();
      const text = d.decode(bytes.subarray(0, cut)) + d.decode(bytes.subarray(cut)) + d.end();
      assert.equal(text, 'a€b😀c', `cut at ${cut}`);
    }
  });

  it('turns a truncated character at end of stream into U+FFFD, and keeps the BOM only on request', () => {
    const d = createUtf8Decoder();
    assert.equal(d.decode(Buffer.from([0x61, 0xe2, 0x82])) + d.end(), 'a\uFFFD');
    assert.equal(decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x41])), 'A');
    assert.equal(decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), true), '\uFEFFA');
  });
});

describe('hex dump', () => {
  it('formats offset, hex bytes in two groups and printable ASCII', () => {
    const lines = hexDumpLines(Buffer.from('Hello, world!\n\x00\x7f'), { offset: 0x20 });
    assert.deepEqual(lines, [
      '00000020  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 7f  |Hello, world!...|',
    ]);
    const partial = formatHexDump(Buffer.from('ABCDEFGHIJKLMNOPQR'));
    assert.equal(partial.split('\n')[1], '00000010  51 52' + ' '.repeat(44) + ' |QR|');
    assert.equal(formatHexDump(new Uint8Array(0)), '');
    assert.throws(() => hexDumpLines(Buffer.from('x'), { bytesPerLine: 0 }), /bytesPerLine must be a positive integer/);
  });
});

describe('parser choice by content type', () => {
  it('maps media types to parsers, ignoring case and parameters, with a manual override', () => {
    assert.equal(chooseParser('Text/Event-Stream; charset=UTF-8'), 'sse');
    for (const t of ['application/x-ndjson', 'application/jsonl', 'application/json-seq']) assert.equal(chooseParser(t), 'ndjson');
    assert.equal(chooseParser('application/json'), 'text');
    assert.equal(chooseParser(undefined), 'text');
    assert.equal(chooseParser('text/plain', 'sse'), 'sse');
    assert.equal(chooseParser('text/event-stream', 'text'), 'text');
    assert.equal(mediaType(' application/X-NDJSON ;q=1'), 'application/x-ndjson');
  });
});

describe('LLM assistant text from streaming deltas', () => {
  it('joins OpenAI chat-completion deltas from an SSE stream, ignoring [DONE] and role-only chunks', () => {
    const body = [
      { choices: [{ index: 0, delta: { role: 'assistant' } }] },
      { choices: [{ index: 0, delta: { content: 'Hel' } }] },
      { choices: [{ index: 0, delta: { content: 'lo' } }] },
      { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ].map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n';
    const joiner = createAssistantTextJoiner();
    for (const e of parseSse(body)) joiner.addData(e.data);
    assert.equal(joiner.text, 'Hello');
    assert.equal(joiner.deltaCount, 2);
    assert.equal(joiner.provider, 'openai');
  });

  it('joins Anthropic content_block_delta text and skips other event types', () => {
    const joiner = createAssistantTextJoiner();
    joiner.addData('{"type":"message_start","message":{"id":"m1"}}');
    joiner.addData('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bonjour"}}');
    joiner.addData('{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}}');
    joiner.addData('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" à tous"}}');
    joiner.addData('{"type":"message_stop"}');
    assert.equal(joiner.text, 'Bonjour à tous');
    assert.equal(joiner.provider, 'anthropic');
  });

  it('reads Bedrock ConverseStream deltas and base64 chunk.bytes payloads', () => {
    assert.deepEqual(extractDeltaText({ contentBlockDelta: { delta: { text: 'Hi' }, contentBlockIndex: 0 } }), { text: 'Hi', provider: 'bedrock' });
    const inner = { type: 'content_block_delta', delta: { type: 'text_delta', text: 'Grüße' } };
    const wrapped = { chunk: { bytes: Buffer.from(JSON.stringify(inner)).toString('base64') } };
    assert.deepEqual(extractDeltaText(wrapped), { text: 'Grüße', provider: 'bedrock' });
    const joiner = createAssistantTextJoiner();
    joiner.addValue(wrapped);
    joiner.addValue({ contentBlockDelta: { delta: { text: '!' } } });
    joiner.addValue({ chunk: { bytes: 'not base64 json' } });
    assert.equal(joiner.text, 'Grüße!');
  });

  it('returns null for events that carry no assistant text', () => {
    assert.equal(extractDeltaTextFromData('[DONE]'), null);
    assert.equal(extractDeltaTextFromData('{not json'), null);
    assert.equal(extractDeltaText({ choices: [{ index: 1, delta: { content: 'second choice' } }] }), null);
    assert.equal(extractDeltaText([1, 2]), null);
    assert.deepEqual(extractDeltaTextFromData('{"type":"response.output_text.delta","delta":"x"}'), { text: 'x', provider: 'openai' });
  });
});
