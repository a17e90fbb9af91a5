// A console run's trace, without VS Code: real runs of the sample /chat through the real local
// gateway (BUFFERED, then STREAM), the lanes and diagnosis posted to the webview and kept with
// the run in history; a response without a request id, an AWS stage with access logging off, and
// a slow access log that never holds up the run.
import { strict as assert } from 'node:assert';
import { startLocalGateway, SAMPLE_STAGE, type LocalGateway } from '../../../src/local/index';
import { SAMPLE_FUNCTIONS, sampleFunctionArn } from '../../../src/local/sample/handlers';
import { RunLifecycle } from '../../../src/extension/console/runLifecycle';
import { RunHistory, type StateStore } from '../../../src/extension/console/runHistory';
import { createTraceReader } from '../../../src/extension/console/traceSources';
import type { TraceReader } from '../../../src/extension/console/runTrace';
import { isHostToWebview, type HostToWebview, type RequestDraft } from '../../../src/shared/protocol';
import { carriedWrites } from '../../../src/shared/trace';
import { listen, startChunkServer, type TestServer } from '../../fixtures/servers';
import { deployLambda } from '../local/helpers';

function memoryStore(): StateStore {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => { data.set(k, JSON.parse(JSON.stringify(v))); } };
}

function lifecycle(readTrace: TraceReader) {
  const posted: HostToWebview[] = [];
  const history = new RunHistory(memoryStore(), () => 50);
  const runs = new RunLifecycle({
    post: (m) => posted.push(m), history, log: { info: () => undefined, warn: () => undefined },
    getApiKey: async () => undefined, settings: () => ({ maxTimeSeconds: 30, idleTimeoutSeconds: 30 }), readTrace,
  });
  return { runs, posted, history };
}

const draft = (url: string): RequestDraft => ({ method: 'GET', url, headers: [], body: '', auth: { kind: 'none' }, format: 'auto' });
const ofType = <K extends HostToWebview['type']>(posted: HostToWebview[], type: K) => posted.filter((m): m is Extract<HostToWebview, { type: K }> => m.type === type);

describe('console run traces through the local gateway', function () {
  this.timeout(60_000);
  let gw: LocalGateway;
  before(async () => { gw = await startLocalGateway({ sampleScale: 0.2 }); });
  after(async () => { await gw.close(); });
  const reader = () => createTraceReader({ connectionKind: async () => 'local', localTrace: (id) => gw.requestTrace(id) });

  it('/chat BUFFERED: lanes say "buffered at the gateway", reach the webview and stay with the run in history', async () => {
    const { runs, posted, history } = lifecycle(reader());
    const url = gw.invokeUrl(gw.sampleApiId!, SAMPLE_STAGE, 'chat');
    const summary = await runs.start(draft(url), { mode: { served: 'BUFFERED', configured: 'BUFFERED', stage: 'dev', exact: true } });
    const lanes = await runs.lastRunTrace();
    assert.ok(lanes, 'a trace was read');
    assert.equal(lanes.diagnosis.hop, 'gateway', lanes.diagnosis.reason);
    assert.match(lanes.diagnosis.reason, /^buffered at the gateway: .*\(BUFFERED on stage dev\)$/);
    assert.equal(lanes.gateway!.mode, 'BUFFERED');
    assert.equal(lanes.function!.responseMode, 'buffered');
    const [msg] = ofType(posted, 'trace');
    assert.ok(msg && isHostToWebview(msg) && msg.runId === summary.id);
    assert.deepEqual(history.get(summary.id)?.trace, lanes, 'kept with the run');
    // On the run's clock: the gateway's first content precedes the client's first byte by little.
    assert.ok(lanes.gateway!.firstContentMs! <= summary.ttfbMs! + 1 && lanes.gateway!.firstContentMs! > summary.ttfbMs! - 50,
      `first content ${lanes.gateway!.firstContentMs} vs first byte ${summary.ttfbMs}`);
  });

  it('/chat STREAM: "streamed end to end", every client chunk carried function writes', async () => {
    const url = await deployLambda(gw, 'chat', { functionArn: sampleFunctionArn(SAMPLE_FUNCTIONS.chat), mode: 'STREAM' });
    const { runs, history } = lifecycle(reader());
    const summary = await runs.start(draft(url));
    const lanes = (await runs.lastRunTrace())!;
    assert.deepEqual(lanes.diagnosis, { hop: 'none', reason: 'streamed end to end' });
    assert.ok(lanes.function!.writes.length >= 40 && lanes.gateway!.writes.length >= 40);
    const stored = history.get(summary.id)!;
    assert.equal(lanes.function!.bytes, summary.bytes, 'the function lane counts body bytes only (prelude left out)');
    const carried = carriedWrites(stored.marks.map((m) => m.bytes), lanes.function!.writes.map((w) => ({ t: w.atMs, bytes: w.bytes })));
    assert.ok(carried.every((c) => c !== null), 'each chunk maps to a write');
    for (let i = 0; i < stored.marks.length; i++) {
      const w = lanes.function!.writes[carried[i]!.first]!;
      assert.ok(w.atMs <= stored.marks[i]!.atMs + 1, `chunk ${i} arrived after the write it carried`);
    }
  });

  it('says why there are no hops: no request id, access logging off on AWS; a slow log never holds up the run', async () => {
    const servers: TestServer[] = [];
    try {
      const plain = await startChunkServer({ schedule: [{ delayMs: 5, data: 'hi' }] });
      servers.push(plain);
      const a = lifecycle(reader());
      await a.runs.start(draft(`${plain.url}/x`));
      assert.equal(await a.runs.lastRunTrace(), undefined);
      assert.match(ofType(a.posted, 'traceStatus')[0]!.message, /no x-amzn-RequestId/);

      const withId = await listen((_req, res) => { res.writeHead(200, { 'x-amzn-RequestId': 'aws-1' }); res.end('ok'); });
      servers.push(withId);
      let released!: () => void;
      const slow = new Promise<void>((ok) => { released = ok; });
      const b = lifecycle(async (req) => {
        req.progress('Reading the access log of stage prod…');
        await slow;
        return { state: 'accessLogOff', message: 'Access logging is off on stage prod.', stage: 'prod' };
      });
      const summary = await b.runs.start(draft(`${withId.url}/y`), { mode: { served: 'STREAM', configured: 'STREAM', stage: 'prod', exact: false } });
      assert.equal(summary.outcome, 'complete', 'the run ended while the log was still being read');
      assert.ok(b.history.get(summary.id), 'and is in history already');
      assert.deepEqual(ofType(b.posted, 'traceStatus').map((m) => m.state), ['reading']);
      released();
      await b.runs.lastRunTrace();
      assert.deepEqual(ofType(b.posted, 'traceStatus').map((m) => [m.state, m.stage]), [['reading', 'prod'], ['accessLogOff', 'prod']]);
      for (const m of b.posted) assert.ok(isHostToWebview(m), m.type);
    } finally {
      for (const s of servers) await s.close();
    }
  });
});

describe('the console\'s trace sources', () => {
  const signal = new AbortController().signal;
  const request = (progress: string[] = []) => ({ requestId: 'r', stage: 'prod', startedAt: Date.now(), signal, progress: (m: string) => { progress.push(m); } });

  it('local: waits until the gateway recorded the response\'s end; says when it has no trace', async () => {
    let reads = 0;
    const partial = { requestId: 'r', source: 'local', function: null, gateway: { responseLatency: null } } as never;
    const done = { requestId: 'r', source: 'local', function: null, gateway: { responseLatency: 12 } } as never;
    const read = createTraceReader({ connectionKind: async () => 'local', localTrace: () => (++reads < 3 ? partial : done) });
    const result = await read(request());
    assert.ok(result && 'trace' in result && result.trace === done && reads === 3);
    const none = await createTraceReader({ connectionKind: async () => 'local', localTrace: () => undefined })(request());
    assert.ok(none && 'state' in none && none.state === 'unavailable' && /no trace of request r/.test(none.message));
  });

  it('AWS: says it is reading the stage\'s access log, then hands over; nothing to read without a connection', async () => {
    const progress: string[] = [];
    const read = createTraceReader({ connectionKind: async () => 'aws', localTrace: () => undefined,
      awsTrace: async () => ({ state: 'accessLogOff', message: 'Access logging is off on stage prod.', stage: 'prod' }) });
    assert.deepEqual(await read(request(progress)), { state: 'accessLogOff', message: 'Access logging is off on stage prod.', stage: 'prod' });
    assert.deepEqual(progress, ['Reading the access log of stage prod…']);
    assert.equal(await createTraceReader({ connectionKind: async () => undefined, localTrace: () => undefined })(request()), undefined);
  });
});
