import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  describeRejected, isHostToWebview, isWebviewToHost, PHASE_NAMES, RUN_OUTCOMES,
  type HostToWebview, type WebviewToHost,
} from '../../../src/shared/protocol';
import { packChunkBatch, unpackChunkBatch } from '../../../src/shared/chunkBatch';

const time = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e7, noNaN: true }));
const timing = fc.record({
  dnsMs: time, connectMs: time, tlsMs: time, requestSentMs: time, headersMs: time, ttfbMs: time, endMs: time,
});
const headers = fc.dictionary(fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__'), fc.string({ maxLength: 20 }), { maxKeys: 4 });
const summary = fc.record({
  id: fc.string(), status: fc.oneof(fc.constant(null), fc.integer({ min: 100, max: 599 })),
  outcome: fc.constantFrom(...RUN_OUTCOMES), ttfbMs: time, endMs: time,
  chunkCount: fc.nat(), bytes: fc.nat(),
}, { requiredKeys: ['id', 'status', 'outcome', 'ttfbMs', 'endMs', 'chunkCount', 'bytes'] });
const pendingChunk = fc.record({ atMs: fc.double({ min: 0, max: 1e6, noNaN: true }), shown: fc.uint8Array({ maxLength: 40 }), extra: fc.nat({ max: 1000 }) })
  .map((c) => ({ atMs: c.atMs, bytes: c.shown.length + c.extra, shown: c.shown }));
const chunkBatch = fc.record({ firstSeq: fc.nat(), chunks: fc.array(pendingChunk, { maxLength: 5 }) })
  .map(({ firstSeq, chunks }) => ({ firstSeq, count: chunks.length, buffer: packChunkBatch(chunks) }));
const draft = fc.record({
  method: fc.constantFrom('GET', 'POST'), url: fc.webUrl(), body: fc.string(),
  headers: fc.array(fc.record({ name: fc.string(), value: fc.string(), enabled: fc.boolean() }), { maxLength: 3 }),
  auth: fc.record({ kind: fc.constantFrom('none', 'apiKey', 'bearer', 'iam') }),
  format: fc.constantFrom('auto', 'sse', 'ndjson', 'text'),
});

const hostMessages: fc.Arbitrary<HostToWebview> = fc.oneof(
  fc.record({ type: fc.constant('phase' as const), runId: fc.string(), phase: fc.constantFrom(...PHASE_NAMES), atMs: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
  fc.record({ type: fc.constant('headers' as const), runId: fc.string(), status: fc.integer({ min: 100, max: 599 }), headers, atMs: fc.nat() }),
  fc.record({ type: fc.constant('chunks' as const), runId: fc.string(), batch: chunkBatch }).map(({ type, runId, batch }) => ({ type, runId, ...batch })),
  fc.record({ type: fc.constant('runEnded' as const), runId: fc.string(), summary, timing, bodySaved: fc.boolean(), displayTruncated: fc.boolean() }),
  fc.record({ type: fc.constant('notice' as const), level: fc.constantFrom('info' as const, 'warning' as const, 'error' as const), message: fc.string() }),
);
const webviewMessages: fc.Arbitrary<WebviewToHost> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({ type: fc.constant('send' as const), request: draft }),
  fc.record({ type: fc.constant('abort' as const), runId: fc.string() }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('exportRun' as const), runId: fc.string(), format: fc.constantFrom('json' as const, 'har' as const) }),
  fc.record({ type: fc.constant('compare' as const), runIds: fc.tuple(fc.string(), fc.string()) }),
);

/** Replace one field (at any depth) of a valid message with a value of the wrong kind. */
function corrupt(msg: object, pathPick: number, wrong: unknown): { value: object; changed: string } | undefined {
  const paths: string[][] = [];
  const walk = (o: unknown, p: string[]) => {
    if (typeof o !== 'object' || o === null) return;
    for (const [k, v] of Object.entries(o)) {
      if (p.length === 0 && k === 'type') continue;
      paths.push([...p, k]);
      walk(v, [...p, k]);
    }
  };
  walk(msg, []);
  if (paths.length === 0) return undefined;
  const path = paths[pathPick % paths.length];
  const copy = structuredClone(msg) as Record<string, unknown>;
  let cur: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[path[path.length - 1]] = wrong;
  return { value: copy, changed: path.join('.') };
}

describe('protocol validators', () => {
  it('never throw and never accept arbitrary junk as a message', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true }), (x) => {
      // fc.anything() almost never produces a {type: <known>} object; either way it must not throw.
      const h = isHostToWebview(x);
      const w = isWebviewToHost(x);
      if (typeof x !== 'object' || x === null) { assert.equal(h, false); assert.equal(w, false); }
      assert.equal(typeof describeRejected(x), 'string');
    }), { numRuns: 2000 });
  });

  it('accept every well-formed message', () => {
    fc.assert(fc.property(hostMessages, (m) => isHostToWebview(m)), { numRuns: 500 });
    fc.assert(fc.property(webviewMessages, (m) => isWebviewToHost(m)), { numRuns: 500 });
  });

  it('reject a well-formed message with any one field of the wrong type', () => {
    // Symbols, objects and NaN fit none of the field types the protocol uses.
    const wrong = fc.constantFrom<unknown>(Symbol('x'), { nested: true }, Number.NaN, [1, 2, 3]);
    fc.assert(fc.property(hostMessages, fc.nat(), wrong, (m, pick, bad) => {
      const c = corrupt(m, pick, bad);
      // A string record accepts any object of strings, so a nested object in `headers` is still invalid, fine.
      return c === undefined || !isHostToWebview(c.value);
    }), { numRuns: 1000 });
    fc.assert(fc.property(webviewMessages, fc.nat(), wrong, (m, pick, bad) => {
      const c = corrupt(m, pick, bad);
      return c === undefined || !isWebviewToHost(c.value);
    }), { numRuns: 1000 });
  });

  it('reject unknown types, inherited type names and hostile objects', () => {
    assert.equal(isHostToWebview({ type: 'evalThis', code: 'alert(1)' }), false);
    assert.equal(isHostToWebview({ type: 'toString' }), false);
    assert.equal(isWebviewToHost({ type: 'constructor' }), false);
    assert.equal(isWebviewToHost(Object.create({ type: 'ready' })), false);
    const throwing = { get type(): string { throw new Error('boom'); } };
    assert.equal(isWebviewToHost(throwing), false);
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    assert.equal(isHostToWebview(revoked.proxy), false);
    assert.equal(describeRejected(revoked.proxy), 'unreadable value');
  });

  it('reject chunk batches that are not one ArrayBuffer, and unpack refuses impossible layouts', () => {
    const buffer = packChunkBatch([{ atMs: 1.5, bytes: 3, shown: new TextEncoder().encode('abc') }, { atMs: 2, bytes: 9 }]);
    const ok = { type: 'chunks', runId: 'r', firstSeq: 0, count: 2, buffer };
    assert.equal(isHostToWebview(ok), true);
    assert.equal(isHostToWebview({ ...ok, buffer: 'YWJj' }), false, 'base64 strings are no longer accepted');
    assert.equal(isHostToWebview({ ...ok, buffer: new Uint8Array(buffer) }), false, 'a view is not the buffer');
    assert.equal(isHostToWebview({ ...ok, firstSeq: 0.5 }), false);
    assert.equal(isHostToWebview({ ...ok, count: -1 }), false);

    const unpacked = unpackChunkBatch(7, 2, buffer);
    assert.ok(typeof unpacked !== 'string');
    assert.deepEqual([...unpacked.times], [1.5, 2]);
    assert.deepEqual([...unpacked.sizes], [3, 9]);
    assert.deepEqual([...unpacked.shown], [3, 0]);
    assert.equal(new TextDecoder().decode(unpacked.data), 'abc');
    assert.match(String(unpackChunkBatch(0, 3, buffer)), /data section|header/, 'a count that does not fit is refused');
    assert.match(String(unpackChunkBatch(0, 100, buffer)), /shorter than its header/);
    const negative = packChunkBatch([{ atMs: -1, bytes: 1 }]);
    assert.match(String(unpackChunkBatch(0, 1, negative)), /bad time/);
    const lying = packChunkBatch([{ atMs: 1, bytes: 3, shown: new Uint8Array(3) }]);
    new Uint32Array(lying, 8, 1)[0] = 2; // claims 2 bytes received but shows 3
    assert.match(String(unpackChunkBatch(0, 1, lying)), /more bytes shown than received/);
  });

  it('reject a status outside HTTP range and a compare of one run', () => {
    assert.equal(isHostToWebview({ type: 'headers', runId: 'r', status: 42, headers: {}, atMs: 1 }), false);
    assert.equal(isWebviewToHost({ type: 'compare', runIds: ['a'] }), false);
    assert.equal(isWebviewToHost({ type: 'compare', runIds: ['a', 'b'] }), true);
  });
});
