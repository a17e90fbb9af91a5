// The console's lanes from a request trace (src/shared/lanes.ts): the run's clock, the streaming
// prelude left out of the function's writes, bounded lanes whose byte offsets stay exact, the
// diagnosis of src/shared/trace.ts; and the doctor's causes for the hop a trace blames.
import { strict as assert } from 'node:assert';
import { downsampleMarks, MAX_LANE_MARKS, toTraceLanes } from '../../../src/shared/lanes';
import { carriedWrites, type RequestTrace } from '../../../src/shared/trace';
import { explainTraceHop } from '../../../src/core/rules/doctor';
import { isTraceLanes } from '../../../src/shared/protocol';
import type { IntegrationSettings } from '../../../src/shared/model';

const T0 = 1_764_000_000_000.25; // the engine's t0 on the epoch clock

function trace(mode: 'BUFFERED' | 'STREAMED', writes = 48): RequestTrace {
  const fnWrites = [{ t: T0 + 11, bytes: 100 }, ...Array.from({ length: writes }, (_, i) => ({ t: T0 + 12 + i * 48, bytes: 40 }))];
  const last = fnWrites[fnWrites.length - 1]!.t;
  const gwWrites = mode === 'BUFFERED' ? [{ t: last + 8, bytes: writes * 40 }] : fnWrites.slice(1).map((w) => ({ t: w.t + 0.3, bytes: w.bytes }));
  return {
    requestId: 'r-1', source: 'local',
    function: { functionName: 'chat', coldStart: true, initMs: 80, invokedAt: T0 + 2, endedAt: last + 1, durationMs: last - T0 - 1,
      writes: fnWrites, writeCount: fnWrites.length, coalesced: false, preludeBytes: 100, responseMode: 'streaming', logs: [{ t: T0 + 20, stream: 'stdout', text: 'secret-ish log' }] },
    gateway: { requestId: 'r-1', stage: 'dev', status: 200, received: T0 + 0.5, integrationStart: T0 + 1, timeToAllHeaders: 10, timeToFirstContent: 11,
      integrationLatency: last - T0, responseLatency: last - T0 + 9, firstByte: gwWrites[0]!.t, writes: gwWrites, writeCount: gwWrites.length,
      coalesced: false, throttledAfterBytes: null, modeServed: mode },
  };
}

const clientOf = (t: RequestTrace) => ({ startedAt: T0, marks: t.gateway.writes.map((w) => ({ atMs: w.t - T0 + 0.6, bytes: w.bytes })) });

describe('console lanes from a request trace', () => {
  it('puts a BUFFERED run on the run\'s clock, without the streaming prelude, and blames the gateway', () => {
    const t = trace('BUFFERED');
    const lanes = toTraceLanes(t, clientOf(t));
    assert.ok(isTraceLanes(lanes), 'a valid protocol value');
    assert.equal(lanes.function!.writes.length, 48, 'the prelude-only write is gone');
    assert.equal(lanes.function!.bytes, 48 * 40);
    assert.ok(Math.abs(lanes.function!.writes[0]!.atMs - 12) < 1e-6);
    assert.ok(Math.abs(lanes.gateway!.firstContentMs! - (12 + 47 * 48 + 8)) < 1e-6);
    assert.equal(lanes.gateway!.mode, 'BUFFERED');
    assert.equal(lanes.function!.coldStart, true);
    assert.equal(lanes.diagnosis.hop, 'gateway');
    assert.match(lanes.diagnosis.reason, /^buffered at the gateway: the function wrote 49 chunks from 11 ms to 2\.27 s/);
    assert.ok(!JSON.stringify(lanes).includes('secret-ish'), 'log text stays out of history');
    // The client's one chunk carried every body write.
    const carried = carriedWrites([48 * 40], lanes.function!.writes.map((w) => ({ t: w.atMs, bytes: w.bytes })));
    assert.deepEqual(carried, [{ first: 0, last: 47 }]);
  });

  it('STREAM end to end: hop none; a client chunk maps to the write it carried', () => {
    const t = trace('STREAMED');
    const lanes = toTraceLanes(t, clientOf(t));
    assert.deepEqual(lanes.diagnosis, { hop: 'none', reason: 'streamed end to end' });
    const carried = carriedWrites(clientOf(t).marks.map((m) => m.bytes), lanes.function!.writes.map((w) => ({ t: w.atMs, bytes: w.bytes })));
    assert.deepEqual(carried[7], { first: 7, last: 7 });
  });

  it('bounds each lane for history while keeping byte offsets exact', () => {
    const t = trace('STREAMED', 9000);
    const lanes = toTraceLanes(t, clientOf(t));
    const kept = lanes.function!.writes.length;
    assert.ok(kept <= MAX_LANE_MARKS && kept > MAX_LANE_MARKS / 2, `${kept} marks kept`);
    assert.ok(lanes.gateway!.writes.length <= MAX_LANE_MARKS);
    assert.equal(lanes.function!.writeCount, 9000, 'the prelude-only write is not a body write');
    assert.equal(lanes.function!.writes.reduce((s, w) => s + w.bytes, 0), 9000 * 40);
    assert.ok(Math.abs(lanes.function!.writes[0]!.atMs - 12) < 1e-6, 'a merged mark keeps its first write\'s time');
    assert.ok(JSON.stringify(lanes).length < 200_000, 'small enough to persist');
    const merged = downsampleMarks([{ atMs: 1, bytes: 1 }, { atMs: 2, bytes: 2 }, { atMs: 3, bytes: 3 }], 2, 'last');
    assert.deepEqual(merged, [{ atMs: 2, bytes: 3 }, { atMs: 3, bytes: 3 }]);
  });

  it('AWS: no writes, the invocation\'s span from the REPORT duration', () => {
    const t = trace('BUFFERED');
    const aws: RequestTrace = { ...t, source: 'aws',
      function: { ...t.function!, writes: [], writeCount: 0, preludeBytes: 0, invokedAt: null, endedAt: null, durationMs: 2000 },
      gateway: { ...t.gateway, writes: [], writeCount: 0, firstByte: null } };
    const lanes = toTraceLanes(aws, clientOf(t));
    assert.equal(lanes.function!.writes.length, 0);
    assert.ok(Math.abs(lanes.function!.endMs! - 2001) < 1e-6 && Math.abs(lanes.function!.startMs! - 1) < 1e-6);
    assert.equal(lanes.diagnosis.hop, 'gateway');
  });
});

describe('the doctor for the hop a trace blames', () => {
  const lambda = (mode: 'BUFFERED' | 'STREAM'): IntegrationSettings => ({
    type: 'AWS_PROXY', responseTransferMode: mode, timeoutInMillis: 29_000, hasResponseTemplates: false,
    uri: mode === 'STREAM' ? 'arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/arn:aws:lambda:us-east-1:1:function:chat/response-streaming-invocations'
      : 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:chat/invocations',
  } as IntegrationSettings);
  const ctx = (settings: IntegrationSettings, servedMode: 'BUFFERED' | 'STREAM' | null, headers: Record<string, string> = {}) =>
    ({ settings, servedMode, stage: 'dev', responseHeaders: headers, directToGateway: true });

  it('gateway: BUFFERED → switch to STREAM; STREAM not deployed → deploy; buffered Lambda URI with STREAM → rewrite', () => {
    const buffered = explainTraceHop('gateway', ctx(lambda('BUFFERED'), 'BUFFERED'));
    assert.deepEqual(buffered.map((d) => d.fix?.change), [{ responseTransferMode: 'STREAM' }]);
    const notDeployed = explainTraceHop('gateway', ctx(lambda('STREAM'), 'BUFFERED'));
    assert.equal(notDeployed[0]!.fix?.deployStage, 'dev');
    const wrongUri = explainTraceHop('gateway', ctx({ ...lambda('STREAM'), uri: lambda('BUFFERED').uri }, 'STREAM'));
    assert.ok(wrongUri.some((d) => d.code === 'lambda-uri-mode-mismatch' && d.fix?.change?.responseTransferMode === 'STREAM'));
  });

  it('function → write progressively; between → compression or a proxy; none → nothing', () => {
    assert.match(explainTraceHop('function', ctx(lambda('STREAM'), 'STREAM'))[0]!.message, /streamifyResponse/);
    const between = explainTraceHop('between', ctx(lambda('STREAM'), 'STREAM', { 'content-encoding': 'gzip', via: '1.1 proxy' }));
    assert.deepEqual(between.map((d) => d.code), ['stream-with-compression', 'stream-with-stage-cache']);
    assert.equal(explainTraceHop('between', ctx(lambda('STREAM'), 'STREAM')).length, 1, 'an unnamed hop in between still gets its advice');
    assert.deepEqual(explainTraceHop('none', ctx(lambda('STREAM'), 'STREAM')), []);
  });
});

describe('the protocol\'s trace messages', () => {
  const t = trace('BUFFERED');
  const lanes = toTraceLanes(t, clientOf(t));
  it('accepts a trace, a status and the two requests back; rejects a bad hop, a bad state or a malformed lane', async () => {
    const { isHostToWebview, isWebviewToHost } = await import('../../../src/shared/protocol');
    assert.ok(isHostToWebview({ type: 'trace', runId: 'r', trace: lanes }));
    assert.ok(isHostToWebview({ type: 'traceStatus', runId: 'r', state: 'accessLogOff', message: 'off', stage: 'prod' }));
    assert.ok(isWebviewToHost({ type: 'traceFix', runId: 'r', hop: 'between' }));
    assert.ok(isWebviewToHost({ type: 'enableAccessLog', runId: 'r' }));
    assert.ok(!isWebviewToHost({ type: 'traceFix', runId: 'r', hop: 'proxy' }));
    assert.ok(!isHostToWebview({ type: 'traceStatus', runId: 'r', state: 'done', message: '' }));
    assert.ok(!isHostToWebview({ type: 'trace', runId: 'r', trace: { ...lanes, gateway: { ...lanes.gateway, writes: [{ atMs: 'soon', bytes: 1 }] } } }));
    assert.ok(!isHostToWebview({ type: 'trace', runId: 'r', trace: { ...lanes, diagnosis: { hop: 'none' } } }));
  });
});
