// The engine's compact per-chunk records: what they store is exactly what the marks report.
import assert from 'node:assert/strict';
import { ChunkRecords } from '../../../src/core/stream/chunkRecords';

describe('ChunkRecords', () => {
  it('keeps every record in order across growth, and merges into the last one', () => {
    const r = new ChunkRecords();
    assert.deepEqual(r.toMarks(), []);
    assert.ok(Number.isNaN(r.lastAtMs()));
    for (let i = 0; i < 5000; i++) r.push(i * 0.5, 100 + i);
    r.addToLast(7);
    const marks = r.toMarks();
    assert.equal(r.length, 5000);
    assert.equal(marks.length, 5000);
    assert.deepEqual(marks[0], { atMs: 0, bytes: 100 });
    assert.deepEqual(marks[2500], { atMs: 1250, bytes: 2600 });
    assert.deepEqual(marks[4999], { atMs: 2499.5, bytes: 100 + 4999 + 7 });
    assert.equal(r.lastAtMs(), 2499.5);
  });

  it('counts merged bytes past 4 GiB without wrapping', () => {
    const r = new ChunkRecords();
    r.push(1, 2 ** 32 - 1);
    r.addToLast(2 ** 32);
    assert.equal(r.toMarks()[0]!.bytes, 2 ** 33 - 1);
  });
});
