import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  carriedWrites, diagnoseTrace, formatTraceMs, gatewayFirstContentAt, onClientClock, parseRequestTrace,
  type ClientLane, type FunctionLane, type GatewayLane, type RequestTrace, type TraceWrite,
} from '../../../src/shared/trace';

const T0 = 1_780_000_000_000.25; // an epoch ms with a fraction, as performance.timeOrigin + now() gives

function spread(count: number, fromMs: number, toMs: number, bytes = 10): TraceWrite[] {
  return Array.from({ length: count }, (_, i) => ({ t: T0 + fromMs + (count === 1 ? 0 : (i * (toMs - fromMs)) / (count - 1)), bytes }));
}

function fnLane(writes: TraceWrite[], over: Partial<FunctionLane> = {}): FunctionLane {
  return {
    functionName: 'chat', coldStart: false, initMs: null, invokedAt: T0 + 2, endedAt: writes.length ? writes[writes.length - 1]!.t : null,
    durationMs: null, writes, writeCount: writes.length, coalesced: false, preludeBytes: 0, responseMode: 'streaming', logs: [], ...over,
  };
}

function gwLane(writes: TraceWrite[], over: Partial<GatewayLane> = {}): GatewayLane {
  return {
    requestId: 'r-1', stage: 'dev', status: 200, received: T0 + 1, integrationStart: T0 + 1.5, timeToAllHeaders: 1,
    timeToFirstContent: 10, integrationLatency: 2300, responseLatency: 2310, firstByte: writes[0]?.t ?? null, writes,
    writeCount: writes.length, coalesced: false, throttledAfterBytes: null, modeServed: 'STREAMED', ...over,
  };
}

function client(marks: Array<[number, number]>): ClientLane {
  return { startedAt: T0, marks: marks.map(([atMs, bytes]) => ({ atMs, bytes })) };
}

const trace = (fn: FunctionLane | null, gw: GatewayLane): RequestTrace => ({ requestId: 'r-1', source: 'local', function: fn, gateway: gw });
const clientOf = (writes: TraceWrite[], delayMs: number): ClientLane => client(writes.map((w) => [w.t - T0 + delayMs, w.bytes]));

describe('trace diagnosis (src/shared/trace.ts)', () => {
  it('formats times as the diagnosis line does', () => {
    assert.equal(formatTraceMs(12.4), '12 ms');
    assert.equal(formatTraceMs(999.4), '999 ms');
    assert.equal(formatTraceMs(2300), '2.30 s');
    assert.equal(formatTraceMs(2314), '2.31 s');
  });

  it('names the gateway, in the issue\'s words, when a BUFFERED stage holds a streamed function output', () => {
    const fnWrites = spread(48, 12, 2300);
    const gwWrites = [{ t: T0 + 2310, bytes: 480 }];
    const d = diagnoseTrace(trace(fnLane(fnWrites), gwLane(gwWrites, { modeServed: 'BUFFERED' })), clientOf(gwWrites, 1));
    assert.equal(d.hop, 'gateway');
    assert.equal(d.reason, "buffered at the gateway: the function wrote 48 chunks from 12 ms to 2.30 s, the gateway's first content to the client was at 2.31 s (BUFFERED on stage dev)");
    assert.equal(d.evidence.functionWrites, 48);
    assert.ok(Math.abs(d.evidence.gatewayFirstContentMs! - 2310) < 1e-6);
  });

  it('names the gateway, not the function, when a BUFFERED integration got the function\'s whole Invoke result', () => {
    const whole = [{ t: T0 + 2300, bytes: 480 }];
    const gw = [{ t: T0 + 2310, bytes: 400 }];
    const d = diagnoseTrace(trace(fnLane(whole, { responseMode: 'buffered' }), gwLane(gw, { modeServed: 'BUFFERED' })), clientOf(gw, 1));
    assert.deepEqual([d.hop, d.reason], ['gateway', "buffered at the gateway: the function returned its whole result at 2.30 s (a BUFFERED integration invokes it without streaming), the gateway's first content to the client was at 2.31 s (BUFFERED on stage dev)"]);
  });

  it('names the function when it collects its output and writes it at the end', () => {
    const fnWrites = [{ t: T0 + 2290, bytes: 400 }, { t: T0 + 2291, bytes: 80 }];
    const d = diagnoseTrace(trace(fnLane(fnWrites), gwLane(fnWrites)), clientOf(fnWrites, 1));
    assert.equal(d.hop, 'function');
    assert.equal(d.reason, 'buffered in the function: its first write was at 2.29 s');
  });

  it('names the hop between when the gateway streamed and the client got one late burst', () => {
    const writes = spread(48, 14, 2300);
    const d = diagnoseTrace(trace(fnLane(spread(48, 12, 2299)), gwLane(writes)), client([[2310, 480]]));
    assert.equal(d.hop, 'between');
    assert.equal(d.reason, 'buffered between the gateway and you: the gateway sent first content at 14 ms, your first byte arrived at 2.31 s (a proxy or compression in between?)');
  });

  it('says streamed end to end when every hop kept the spread', () => {
    const fnWrites = spread(48, 12, 2300);
    const d = diagnoseTrace(trace(fnLane(fnWrites), gwLane(spread(48, 13, 2301))), clientOf(fnWrites, 3));
    assert.deepEqual([d.hop, d.reason], ['none', 'streamed end to end']);
  });

  it('judges an AWS trace (no writes, access-log durations only)', () => {
    const aws = (over: Partial<GatewayLane>): RequestTrace => ({ ...trace(null, gwLane([], { integrationStart: null, firstByte: null, ...over })), source: 'aws' });
    const buffered = diagnoseTrace(aws({ modeServed: 'BUFFERED', timeToFirstContent: 2290, integrationLatency: 2300 }), client([[2330, 480]]));
    assert.equal(buffered.hop, 'gateway');
    assert.match(buffered.reason, /^buffered at the gateway: the integration took 2\.30 s, the gateway's first content to the client was at 2\.30 s \(BUFFERED on stage dev\)$/);
    const fnBurst = diagnoseTrace(aws({ modeServed: 'STREAMED', timeToFirstContent: 2280, integrationLatency: 2300 }), client([[2290, 480]]));
    assert.deepEqual([fnBurst.hop, fnBurst.reason], ['function', 'buffered in the function: its first write was at 2.28 s']);
    const between = diagnoseTrace(aws({ modeServed: 'STREAMED', timeToFirstContent: 14, integrationLatency: 2300 }), client([[2310, 480]]));
    assert.equal(between.hop, 'between');
    const fine = diagnoseTrace(aws({ modeServed: 'STREAMED', timeToFirstContent: 14, integrationLatency: 2300 }), client([[20, 10], [1200, 10], [2305, 10]]));
    assert.deepEqual([fine.hop, fine.reason], ['none', 'streamed end to end']);
  });

  it('does not blame anyone for a body too quick to judge, nor for no body', () => {
    const w = [{ t: T0 + 4, bytes: 20 }];
    const quick = diagnoseTrace(trace(fnLane(w), gwLane(w, { modeServed: 'BUFFERED', integrationLatency: 3 })), clientOf(w, 1));
    assert.equal(quick.hop, 'none');
    assert.match(quick.reason, /^too quick to tell/);
    assert.deepEqual(diagnoseTrace(trace(null, gwLane([], { timeToFirstContent: null })), client([])).reason, 'no body to judge');
  });

  it('property: a stream relayed with small delays is "none"; the same stream held by one hop names that hop', () => {
    fc.assert(fc.property(
      fc.integer({ min: 3, max: 200 }), fc.integer({ min: 200, max: 20_000 }), fc.integer({ min: 0, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      (n, spanMs, hopDelay, shift) => {
        const shiftAll = (ws: TraceWrite[]): TraceWrite[] => ws.map((w) => ({ ...w, t: w.t + shift }));
        const fnW = shiftAll(spread(n, 5, 5 + spanMs));
        const gwW = fnW.map((w) => ({ ...w, t: w.t + hopDelay }));
        const c = (ws: TraceWrite[]): ClientLane => ({ startedAt: T0 + shift, marks: ws.map((w) => ({ atMs: w.t - T0 - shift + hopDelay, bytes: w.bytes })) });
        const at = (ws: TraceWrite[]) => gwLane(ws, { received: T0 + shift, integrationStart: T0 + shift + 1 });
        const fnL = fnLane(fnW, { invokedAt: T0 + shift + 2 });
        assert.equal(diagnoseTrace(trace(fnL, at(gwW)), c(gwW)).hop, 'none');
        const held = [{ t: fnW[n - 1]!.t + hopDelay, bytes: 10 * n }];
        assert.equal(diagnoseTrace(trace(fnL, at(held)), c(held)).hop, 'gateway');
        assert.equal(diagnoseTrace(trace(fnL, at(gwW)), c(held)).hop, 'between');
        const collected = [{ t: fnW[n - 1]!.t, bytes: 10 * n }];
        assert.equal(diagnoseTrace(trace(fnLane(collected, { invokedAt: T0 + shift + 2 }), at(collected)), c(collected)).hop, 'function');
      }), { numRuns: 200 });
  });

  it('derives the gateway\'s first content from the access log when it was not measured', () => {
    const g = gwLane([], { firstByte: null, integrationStart: null, received: 100, timeToFirstContent: 7, integrationLatency: 50 });
    assert.equal(gatewayFirstContentAt(g), 107);
    assert.equal(gatewayFirstContentAt({ ...g, modeServed: 'BUFFERED' }), 150);
    assert.equal(gatewayFirstContentAt({ ...g, timeToFirstContent: null }), null);
  });
});

describe('carriedWrites: which write each client chunk carried', () => {
  /** Brute force: the write index of every body byte. */
  function owners(writes: number[], skip: number): number[] {
    const out: number[] = [];
    writes.forEach((b, j) => { for (let k = 0; k < b; k++) out.push(j); });
    return out.slice(skip);
  }

  it('property: matches a byte-by-byte attribution, with or without a prelude', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 40 }),
      fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }),
      fc.integer({ min: 0, max: 30 }),
      (writeSizes, chunkSizes, skipWanted) => {
        const total = writeSizes.reduce((a, b) => a + b, 0);
        const skip = Math.min(skipWanted, total);
        const who = owners(writeSizes, skip);
        const writes = writeSizes.map((bytes, i) => ({ t: i, bytes }));
        const got = carriedWrites(chunkSizes, writes, skip);
        assert.equal(got.length, chunkSizes.length);
        let at = 0;
        chunkSizes.forEach((size, i) => {
          const mine = who.slice(at, at + size);
          at += size;
          assert.deepEqual(got[i], mine.length ? { first: mine[0], last: mine[mine.length - 1] } : null, `chunk ${i}`);
        });
      }), { numRuns: 500 });
  });

  it('puts writes on the client clock', () => {
    assert.deepEqual(onClientClock([{ t: T0 + 12.5, bytes: 3 }], T0), [{ atMs: 12.5, bytes: 3 }]);
  });
});

describe('parseRequestTrace', () => {
  const good = trace(fnLane(spread(3, 1, 50)), gwLane(spread(3, 2, 51)));

  it('accepts a trace that went through JSON', () => {
    assert.deepEqual(parseRequestTrace(JSON.parse(JSON.stringify(good))), good);
    assert.deepEqual(parseRequestTrace({ ...good, function: null }), { ...good, function: null });
  });

  it('says what is wrong and never throws', () => {
    assert.equal(parseRequestTrace(null), 'not a request trace');
    assert.equal(parseRequestTrace({ ...good, gateway: { ...good.gateway, modeServed: 'STREAM' } }), 'gateway: bad modeServed');
    assert.equal(parseRequestTrace({ ...good, function: { ...good.function, writes: [{ t: 'x', bytes: 1 }] } }), 'function: bad writes');
    const hostile = { ...good, get gateway(): never { throw new Error('boom'); } };
    assert.equal(parseRequestTrace(hostile), 'unreadable trace');
  });
});
