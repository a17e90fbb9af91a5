// The console's status line says when a run crossed 10 MB, the point after which AWS throttles
// STREAM responses to about 2 MB/s (the local gateway emulates it by default).
import assert from 'node:assert/strict';
import type { StoredRun } from '../../../src/shared/protocol';
import { RunData } from '../../../webview/state/runData';
import { crossed10MbAtMs, describeRun } from '../../../webview/runSummary';

const MB = 1024 * 1024;

function run(chunks: Array<[atMs: number, bytes: number]>): RunData {
  const bytes = chunks.reduce((n, [, b]) => n + b, 0);
  const stored = {
    summary: { id: 'r1', status: 200, outcome: 'complete', ttfbMs: 5, endMs: chunks.at(-1)![0], chunkCount: chunks.length, bytes, mode: undefined },
    startedAt: 0,
    request: { method: 'GET', url: 'http://127.0.0.1/restapis/a/dev/_user_request_/download', headers: {} },
    responseHeaders: {},
    timing: {},
    marks: chunks.map(([atMs, b]) => ({ atMs, bytes: b })),
  } as unknown as StoredRun;
  return RunData.fromStored(stored);
}

describe('console: crossing 10 MB', () => {
  it('names the time the body went past 10 MB, and says nothing for smaller runs', () => {
    const big = run([[10, 6 * MB], [400, 4 * MB], [900, 1 * MB], [1400, 1 * MB]]);
    assert.equal(crossed10MbAtMs(big), 900);
    assert.match(describeRun(big), /crossed 10 MB at 900\.0 ms \(AWS throttles STREAM to ~2 MB\/s after it\)/);
    const small = run([[10, 5 * MB], [400, 5 * MB]]);
    assert.equal(crossed10MbAtMs(small), undefined, 'exactly 10 MB is not past it');
    assert.doesNotMatch(describeRun(small), /10 MB/);
  });
});
