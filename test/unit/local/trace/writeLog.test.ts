import assert from 'node:assert/strict';
import fc from 'fast-check';
import { WriteLog } from '../../../../src/local/trace/writeLog';
import { RecentByRequestId } from '../../../../src/local/trace/ring';

describe('WriteLog (per-chunk timings, capped)', () => {
  it('property: keeps every write exactly under the cap, coalesces evenly past it, never loses bytes', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 64 }), fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 600 }), (cap, sizes) => {
      const log = new WriteLog(cap);
      sizes.forEach((b, i) => log.add(i, b));
      const kept = sizes.map((b, i) => ({ t: i, bytes: b })).filter((w) => w.bytes > 0);
      const writes = log.toWrites();
      assert.equal(log.count, kept.length);
      assert.equal(writes.reduce((a, w) => a + w.bytes, 0), kept.reduce((a, w) => a + w.bytes, 0));
      assert.ok(writes.length <= cap);
      if (kept.length <= cap) {
        assert.deepEqual(writes, kept);
        assert.equal(log.coalesced, false);
      } else {
        assert.equal(log.coalesced, true);
        // Each entry starts at a write's time, in order, and holds a power-of-two run of writes.
        // Runs are counted in kept writes (zero-byte writes are not recorded), not in times.
        const pos = (t: number) => kept.findIndex((k) => k.t === t);
        const per = Math.max(...writes.map((w, i) => (writes[i + 1] ? pos(writes[i + 1]!.t) : kept.length) - pos(w.t)));
        assert.ok(Number.isInteger(Math.log2(per)));
        writes.forEach((w, i) => { if (i > 0) assert.ok(w.t > writes[i - 1]!.t); });
        assert.equal(writes[0]!.t, kept[0]!.t);
      }
      assert.equal(log.first, writes[0]?.t ?? null);
    }), { numRuns: 300, examples: [[2, [1, 0, 1, 1]]] });
  });
});

describe('RecentByRequestId', () => {
  it('keeps the most recent N, dropping the oldest first; re-setting refreshes', () => {
    const r = new RecentByRequestId<number>(3);
    for (const [k, v] of [['a', 1], ['b', 2], ['c', 3]] as const) r.set(k, v);
    r.set('a', 10);
    r.set('d', 4);
    assert.equal(r.get('b'), undefined);
    assert.deepEqual([r.get('a'), r.get('c'), r.get('d'), r.size], [10, 3, 4, 3]);
    assert.equal(r.getOrAdd('e', () => 5), 5);
    assert.equal(r.get('c'), undefined);
  });
});
