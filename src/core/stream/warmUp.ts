// The first request in a fresh process pays one-time costs inside the measured timeline:
// undici compiles its HTTP parser (WebAssembly) on the first connection and V8 has not yet
// optimised the socket paths — several ms that would show up as "connect" and "headers" time.
// A throwaway round trip to a loopback server, before the real request, moves those costs out
// of the timeline, so a cold CLI reports the same TTFB as curl.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runRequest } from './engine';

let warmed: Promise<void> | undefined;

async function roundTrip(): Promise<void> {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  try {
    const { port } = server.address() as AddressInfo;
    // Bounded: a warm-up must never delay the real request noticeably.
    await runRequest({ method: 'GET', url: `http://127.0.0.1:${port}/` }, {}, { maxTimeMs: 1000 });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Runs once per process; later calls return the same promise. Never rejects. */
export function warmUpEngine(): Promise<void> {
  warmed ??= roundTrip().catch(() => undefined);
  return warmed;
}
