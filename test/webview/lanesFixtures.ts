// Recorded runs with traces for the Hops view tests: the sample /chat BUFFERED (the gateway held
// all 48 writes until the end) and STREAM (every write passed straight through).
import { timing } from './harness';

export interface FixtureRun { id: string; mode: 'BUFFERED' | 'STREAM'; writes: { atMs: number; bytes: number }[]; clientChunks: { atMs: number; bytes: number }[] }

/** 48 writes of 40 bytes from 12 ms to 2.30 s. */
export function chatWrites(): { atMs: number; bytes: number }[] {
  return Array.from({ length: 48 }, (_, i) => ({ atMs: 12 + (i * (2300 - 12)) / 47, bytes: 40 }));
}

export function storedTraced(id: string, mode: 'BUFFERED' | 'STREAM') {
  const writes = chatWrites();
  const total = writes.reduce((s, w) => s + w.bytes, 0);
  const gatewayWrites = mode === 'STREAM' ? writes.map((w) => ({ atMs: w.atMs + 0.4, bytes: w.bytes })) : [{ atMs: 2310, bytes: total }];
  const marks = mode === 'STREAM' ? writes.map((w) => ({ atMs: w.atMs + 1, bytes: w.bytes })) : [{ atMs: 2312, bytes: total }];
  const end = marks[marks.length - 1]!.atMs + 1;
  const firstContentMs = gatewayWrites[0]!.atMs;
  const reason = mode === 'STREAM' ? 'streamed end to end'
    : 'buffered at the gateway: the function wrote 48 chunks from 12 ms to 2.30 s, the gateway\'s first content to the client was at 2.31 s (BUFFERED on stage dev)';
  return {
    summary: { id, status: 200, outcome: 'complete', ttfbMs: marks[0]!.atMs, endMs: end, chunkCount: marks.length, bytes: total,
      mode: { served: mode, configured: mode, stage: 'dev', exact: true }, arrival: mode === 'STREAM' ? 'streamed' : 'buffered' },
    startedAt: Date.now(), title: 'GET /chat', request: { method: 'GET', url: 'http://127.0.0.1:4510/restapis/x/dev/_user_request_/chat', headers: {} },
    responseHeaders: { 'x-amzn-requestid': `req-${id}` }, timing: timing({ requestSentMs: 0.5, headersMs: marks[0]!.atMs - 1, ttfbMs: marks[0]!.atMs, endMs: end }),
    marks, marksDownsampled: false,
    trace: {
      source: 'local', requestId: `req-${id}`, stage: 'dev',
      function: { writes, writeCount: writes.length, bytes: total, coldStart: false },
      gateway: { mode: mode === 'STREAM' ? 'STREAMED' : 'BUFFERED', receivedMs: 0.8, firstContentMs, writes: gatewayWrites, writeCount: gatewayWrites.length },
      diagnosis: { hop: mode === 'STREAM' ? 'none' : 'gateway', reason },
    },
  } as const;
}
