// Runs one reference server (from test/fixtures/servers) in its own process for the benchmark,
// so the server never competes with the client under test for the same event loop.
// Usage: node --import tsx bench/servers/serve.ts '{"kind":"chunks","schedule":[...]}' | '{"kind":"huge","totalBytes":N}'
//        | '{"kind":"gateway"}' (the embedded local API Gateway, src/local, without the sample API)
//        | '{"kind":"relay","via":"tcp"|"http","target":URL}' (a reference relay, bench/servers/relays.ts)
// Prints one JSON line {url, controlUrl?} once listening; exits on SIGTERM/SIGINT or when stdin's parent dies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRelay } from './relays';
import { startChunkServer, startHugeBodyServer, type ChunkStep, type TestServer } from '../../test/fixtures/servers';

interface ChunksSpec { kind: 'chunks'; schedule: ChunkStep[]; headersDelayMs?: number; headers?: Record<string, string> }
interface HugeSpec { kind: 'huge'; totalBytes: number; contentLength?: boolean }
interface GatewaySpec { kind: 'gateway'; sample?: boolean; trace?: boolean }
interface RelaySpec { kind: 'relay'; via: 'tcp' | 'http'; target: string }

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ChunksSpec | HugeSpec | GatewaySpec | RelaySpec;
  const closers: (() => Promise<void>)[] = [];
  let out: { url: string; controlUrl?: string };
  if (spec.kind === 'chunks') {
    const server = await startChunkServer({ schedule: spec.schedule, headersDelayMs: spec.headersDelayMs, headers: spec.headers });
    closers.push(server.close);
    // The control port reports when the latest response's headers and steps were really written.
    const control = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ headersAt: server.lastHeadersAt, sendTimes: server.lastSendTimes, requests: server.requestCount }));
    });
    await new Promise<void>((ok) => control.listen(0, '127.0.0.1', () => ok()));
    closers.push(() => new Promise((ok) => { control.closeAllConnections(); control.close(() => ok()); }));
    out = { url: server.url, controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}` };
  } else if (spec.kind === 'huge') {
    const server: TestServer = await startHugeBodyServer({ totalBytes: spec.totalBytes, contentLength: spec.contentLength });
    closers.push(server.close);
    out = { url: server.url };
  } else if (spec.kind === 'gateway') {
    // Imported lazily: the other kinds must work before the local gateway exists.
    const { startLocalGateway } = await import('../../src/local/index');
    // AWS's emulated throttles (2 MB/s past 10 MB) are off: the bench measures StreamGate's own cost.
    const gateway = await startLocalGateway({ port: 0, sample: spec.sample ?? false, emulateAwsLimits: false, trace: spec.trace ?? true });
    closers.push(() => gateway.close());
    // The control port switches request tracing (POST /trace/on, /trace/off): the trace bench's
    // baseline is this same process with tracing off.
    const control = http.createServer((req, res) => {
      const on = req.url === '/trace/on';
      if (req.method === 'POST' && (on || req.url === '/trace/off')) { gateway.setTracing(on); res.end('ok'); return; }
      res.writeHead(404).end();
    });
    await new Promise<void>((ok) => control.listen(0, '127.0.0.1', () => ok()));
    closers.push(() => new Promise((ok) => { control.closeAllConnections(); control.close(() => ok()); }));
    out = { url: gateway.url, controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}` };
  } else if (spec.kind === 'relay') {
    const relay = await startRelay(spec.via, spec.target);
    closers.push(relay.close);
    out = { url: relay.url };
  } else {
    throw new Error(`unknown server kind ${JSON.stringify(spec)}`);
  }
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    void Promise.allSettled(closers.map((c) => c())).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // If the bench dies without tearing us down, do not linger.
  process.on('disconnect', stop);
  setInterval(() => { if (process.ppid === 1) stop(); }, 1000).unref();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
