// Function log lines on the console's clock: the sample chat function logs "yielded token 10"
// right after writing token 10; through a STREAM integration, the line's time (converted by the
// console host, src/extension/console/functionLogs.ts) falls next to the chunk carrying token 10.
import assert from 'node:assert/strict';
import { startLocalGateway, type LocalGateway } from '../../../../src/local/index';
import { runRequest } from '../../../../src/core/stream/engine';
import { functionLogsMessage } from '../../../../src/extension/console/functionLogs';
import { SAMPLE_FUNCTIONS, sampleFunctionArn } from '../../../../src/local/sample/handlers';
import { deployLambda } from '../helpers';

describe('function log times on the run clock', () => {
  let gw: LocalGateway;
  before(async () => { gw = await startLocalGateway({ sampleScale: 1 }); });
  after(async () => { await gw.close(); });

  it('puts "yielded token 10" beside the chunk that carried token 10', async () => {
    const url = await deployLambda(gw, 'chat', { functionArn: sampleFunctionArn(SAMPLE_FUNCTIONS.chat), mode: 'STREAM' });
    await runRequest({ method: 'GET', url }, {}, { maxTimeMs: 20_000 }); // warm: no cold start in the way
    const seen: Array<{ atMs: number; text: string }> = [];
    const decoder = new TextDecoder();
    const runStartPerf = performance.now();
    const result = await runRequest({ method: 'GET', url }, { onChunk: (chunk, mark) => seen.push({ atMs: mark.atMs, text: decoder.decode(chunk) }) }, { maxTimeMs: 20_000 });
    assert.equal(result.status, 200);
    const msg = functionLogsMessage('run', result.headers, runStartPerf, (id) => gw.functionTrace(id));
    assert.ok(msg && msg.type === 'functionLogs');
    const line = msg.lines.find((l) => l.text === 'yielded token 10')!;
    assert.ok(line, JSON.stringify(msg.lines));
    // Events: the role event first, then one per token (~50 ms apart): token 10 is the 11th event,
    // counted across chunks in case the network joined some.
    let events = 0;
    const carrying = seen.find((c) => (events += c.text.split('data: ').length - 1) >= 11)!;
    assert.ok(Math.abs(line.atMs - carrying.atMs) < 40, `log at +${line.atMs.toFixed(1)} ms, chunk at +${carrying.atMs.toFixed(1)} ms`);
  });
});
