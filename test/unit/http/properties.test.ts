// Property tests (fast-check) for the .http parser: whatever requests a file holds, written the
// way REST Client writes them (LF or CRLF), they parse back exactly; any text parses without
// throwing, with diagnostics that point inside the file.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HTTP_METHODS, parseHttpFile, splitLines, substitute } from '../../../src/shared/http';

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/);
const headerValue = fc.stringMatching(/^[ -~]{0,20}$/).map((s) => s.trim());
// Body lines: anything printable that is not a request separator; no leading/trailing blank lines.
const bodyLine = fc.stringMatching(/^[ -~\u00e9\u3042]{0,30}$/).filter((l) => !/^\s*###/.test(l));
const body = fc.array(bodyLine, { minLength: 1, maxLength: 4 })
  .filter((ls) => ls[0]!.trim() !== '' && ls.at(-1)!.trim() !== '' && !/^<@?\s/.test(ls[0]!.trim()));

const request = fc.record({
  name: fc.option(word, { nil: undefined }),
  method: fc.constantFrom(...HTTP_METHODS),
  path: fc.array(word, { maxLength: 3 }).map((p) => `/${p.join('/')}`),
  headers: fc.array(fc.tuple(word, headerValue), { maxLength: 3 }),
  body: fc.option(body, { nil: undefined }),
});

type Req = typeof request extends fc.Arbitrary<infer T> ? T : never;

function write(reqs: Req[], eol: string): string {
  return reqs.map((r) => [
    ...(r.name ? [`# @name ${r.name}`] : []),
    `${r.method} https://example.com{{base}}${r.path} HTTP/1.1`,
    ...r.headers.map(([n, v]) => `${n}: ${v}`),
    ...(r.body ? ['', ...r.body] : []),
  ].join(eol)).join(`${eol}${eol}### next${eol}`);
}

describe('.http parser properties (fast-check)', () => {
  it('parses back every request it is given, LF or CRLF', () => {
    fc.assert(fc.property(fc.array(request, { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (reqs, eol) => {
      const parsed = parseHttpFile(write(reqs, eol));
      assert.deepEqual(parsed.diagnostics, []);
      assert.equal(parsed.requests.length, reqs.length);
      parsed.requests.forEach((p, i) => {
        const r = reqs[i]!;
        assert.equal(p.name, r.name);
        assert.equal(p.method, r.method);
        assert.equal(p.url, `https://example.com{{base}}${r.path}`);
        assert.deepEqual(p.headers.map((h) => [h.name, h.value]), r.headers);
        assert.deepEqual(p.body && p.body.kind === 'text' ? p.body.text.split('\n') : undefined, r.body);
      });
    }), { numRuns: 300 });
  });

  it('never throws on arbitrary text, and every diagnostic points at a line of the file', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
      const parsed = parseHttpFile(text);
      const lines = splitLines(text).length;
      for (const d of parsed.diagnostics) assert.ok(d.line >= 0 && d.line < lines && d.startColumn <= d.endColumn);
      for (const r of parsed.requests) assert.ok(r.line >= r.startLine && r.line <= r.endLine);
    }), { numRuns: 500 });
  });

  it('leaves text without {{ unchanged and resolves every defined variable', () => {
    fc.assert(fc.property(fc.string({ maxLength: 50 }).filter((s) => !s.includes('{{')), fc.dictionary(word, headerValue.filter((v) => !v.includes('{{'))), (text, vars) => {
      const ctx = { fileVariables: [], environment: vars, processEnv: () => undefined, dotenv: () => undefined };
      assert.deepEqual(substitute(text, ctx), { text, problems: [] });
      const names = Object.keys(vars);
      const template = names.map((n) => `[{{${n}}}]`).join('');
      assert.deepEqual(substitute(template, ctx), { text: names.map((n) => `[${vars[n]}]`).join(''), problems: [] });
    }), { numRuns: 200 });
  });
});
