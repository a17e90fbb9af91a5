// Faults the streaming engine must survive with a clear message and everything received kept:
// slow headers, malformed chunked encoding, DNS failure, untrusted TLS, and the local gateway
// process killed in the middle of a stream. (Reset, stall, early close, abort and max time are
// covered in test/unit/stream/engine.faults.test.ts.)
import assert from 'node:assert/strict';
import { collectBody } from '../../fixtures/collectBody';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { runRequest } from '../../../src/core/stream/engine';
import { listen } from '../../fixtures/servers';
import { sdkClient } from '../local/helpers';

const ROOT = path.resolve(__dirname, '../../..');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** A raw TCP server: the test writes the bytes of the response itself. */
async function rawServer(onSocket: (socket: net.Socket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // Answer once the request head is in.
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        socket.off('data', onData);
        onSocket(socket);
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}


describe('engine faults keep what was received', function () {
  this.timeout(20_000);

  it('slow headers: a server that takes 400 ms to answer is waited for, and the wait is timed', async () => {
    const server = await listen((req, res) => {
      req.resume();
      setTimeout(() => res.end('late but fine'), 400);
    });
    try {
      const body = collectBody();
      const result = await runRequest({ method: 'GET', url: server.url }, body, { idleTimeoutMs: 2000, maxTimeMs: 5000 });
      assert.equal(result.outcome, 'complete', result.error);
      assert.equal(body.text(), 'late but fine');
      const wait = result.timing.headersMs! - result.timing.requestSentMs!;
      assert.ok(wait >= 380, `headers waited for ${wait.toFixed(0)} ms`);
    } finally {
      await server.close();
    }
  });

  it('slow headers: header bytes trickling in never count as progress; the idle timeout says it was waiting for headers', async () => {
    let timer: NodeJS.Timeout | undefined;
    const server = await rawServer((socket) => {
      const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: ' + 'x'.repeat(40);
      let i = 0;
      timer = setInterval(() => {
        if (i < head.length) socket.write(head[i++]!);
      }, 25);
    });
    try {
      const started = performance.now();
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { idleTimeoutMs: 300, maxTimeMs: 5000 });
      const took = performance.now() - started;
      assert.equal(result.outcome, 'idle-timeout');
      assert.match(result.error!, /nothing received for 300 ms .*while waiting for the response headers/);
      assert.equal(result.status, null);
      assert.equal(result.bytes, 0);
      assert.ok(took < 2000, `ended after ${took.toFixed(0)} ms`);
    } finally {
      clearInterval(timer);
      await server.close();
    }
  });

  it('malformed chunked encoding: the valid chunks before it are kept (also in the spill file) and the message names the fault', async () => {
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
      socket.write('5\r\nhello\r\n');
      setTimeout(() => socket.write('6\r\n world\r\n'), 30);
      // "zz" is not a hexadecimal chunk size.
      setTimeout(() => socket.write('zz\r\nbroken\r\n0\r\n\r\n'), 60);
    });
    const file = path.join(tmpdir(), `sg-hardening-chunked-${process.pid}.bin`);
    try {
      const seen: string[] = [];
      const result = await runRequest({ method: 'GET', url: server.url }, { onChunk: (c) => { seen.push(Buffer.from(c).toString()); } },
        { spillToFile: file, maxTimeMs: 5000 });
      assert.equal(result.outcome, 'error');
      assert.equal(result.status, 200);
      assert.equal(result.bytes, 11);
      assert.equal(seen.join(''), 'hello world');
      assert.equal((await readFile(file)).toString(), 'hello world');
      assert.match(result.error!, /chunked/i);
      assert.match(result.error!, /after 11 body bytes/);
      assert.equal(result.chunks.length, 2);
    } finally {
      await rm(file, { force: true });
      await server.close();
    }
  });

  it('a malformed status line is reported as "not HTTP/1.1" with nothing invented', async () => {
    const server = await rawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    try {
      const result = await runRequest({ method: 'GET', url: server.url }, {}, { maxTimeMs: 5000 });
      assert.equal(result.outcome, 'error');
      assert.equal(result.status, null);
      assert.equal(result.bytes, 0);
      assert.match(result.error!, /did not answer with HTTP\/1\.1/);
    } finally {
      await server.close();
    }
  });

  it('DNS failure: a .invalid host fails fast with a DNS message naming the host, no connect phase', async () => {
    const started = performance.now();
    const result = await runRequest({ method: 'GET', url: 'http://streamgate-hardening.invalid:8080/x' }, {}, { maxTimeMs: 8000 });
    const took = performance.now() - started;
    assert.equal(result.outcome, 'error', result.error);
    assert.match(result.error!, /DNS lookup failed for streamgate-hardening\.invalid:8080 \((ENOTFOUND|EAI_AGAIN)\): check the host name/);
    assert.equal(result.status, null);
    assert.equal(result.timing.connectMs, null);
    assert.equal(result.timing.dnsMs, null, 'a failed lookup is not a finished DNS phase');
    assert.notEqual(result.timing.endMs, null);
    assert.ok(took < 8000);
  });

  it('TLS: a self-signed certificate is refused with a stable code and the facts; the opt-in is per host and per run', async () => {
    const server = await listen((_req, res) => res.end('secure'), { tls: true });
    const byName = server.url.replace('127.0.0.1', 'localhost');
    try {
      const refused = await runRequest({ method: 'GET', url: server.url });
      assert.equal(refused.outcome, 'error');
      assert.match(refused.error!, /^TLS: the certificate of 127\.0\.0\.1:\d+ is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)$/);
      // The edge words the remedy (CLI: --insecure; console: its own); the engine gives the code and facts.
      assert.deepEqual({ ...refused.failure, cause: undefined }, { code: 'TLS_CERT_UNTRUSTED', host: new URL(server.url).host, status: null, bytes: 0, cause: undefined });
      assert.match(refused.failure!.cause!, /SELF_SIGNED/);
      assert.notEqual(refused.timing.connectMs, null, 'TCP connected');
      assert.equal(refused.timing.tlsMs, null, 'the handshake did not complete');
      assert.equal(server.requestCount, 0, 'no request was sent over the untrusted connection');

      // Opting in localhost does not relax 127.0.0.1 (same server, other name), and vice versa.
      assert.equal((await runRequest({ method: 'GET', url: server.url }, {}, { insecureTlsHosts: ['localhost'] })).outcome, 'error');
      assert.equal((await runRequest({ method: 'GET', url: byName }, {}, { insecureTlsHosts: ['127.0.0.1'] })).outcome, 'error');
      // Host names compare case-insensitively.
      const body = collectBody();
      const accepted = await runRequest({ method: 'GET', url: byName }, body, { insecureTlsHosts: ['LocalHost'] });
      assert.equal(accepted.outcome, 'complete', accepted.error);
      assert.equal(body.text(), 'secure');
      // The opt-in does not stick: the next run without it is refused again.
      const again = await runRequest({ method: 'GET', url: byName });
      assert.equal(again.outcome, 'error');
      assert.match(again.error!, /not trusted/);
    } finally {
      await server.close();
    }
  });

  it('https to a plain-http port and http to an https port are explained', async () => {
    const plain = await listen((_req, res) => res.end('plain'));
    const secure = await listen((_req, res) => res.end('secure'), { tls: true });
    try {
      const tlsToPlain = await runRequest({ method: 'GET', url: plain.url.replace('http:', 'https:') }, {}, { maxTimeMs: 5000 });
      assert.equal(tlsToPlain.outcome, 'error');
      assert.match(tlsToPlain.error!, /TLS handshake with 127\.0\.0\.1:\d+ failed \(is this an http port reached over https\?\)/);
      const plainToTls = await runRequest({ method: 'GET', url: secure.url.replace('https:', 'http:') }, {}, { maxTimeMs: 5000 });
      assert.equal(plainToTls.outcome, 'error');
      assert.match(plainToTls.error!, /(did not answer with HTTP\/1\.1|closed the connection before any response)/);
    } finally {
      await plain.close();
      await secure.close();
    }
  });

  describe('the local gateway process killed mid-stream', () => {
    let child: ChildProcess | undefined;
    let backend: Awaited<ReturnType<typeof listen>> | undefined;
    let ticker: NodeJS.Timeout | undefined;
    after(async () => {
      clearInterval(ticker);
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await backend?.close();
    });

    it('the engine keeps every byte it received and says the connection was closed or reset', async function () {
      this.timeout(30_000);
      // A backend that streams a numbered line every 20 ms, forever.
      backend = await listen((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/plain' });
        let n = 0;
        const t = setInterval(() => { if (!res.destroyed) res.write(`line ${String(n++).padStart(6, '0')}\n`); }, 20);
        res.on('close', () => clearInterval(t));
      });
      child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--port', '0', '--no-sample', '--quiet'],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      const gwUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        const guard = setTimeout(() => reject(new Error(`gateway did not start: ${out}`)), 20_000);
        child!.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) { clearTimeout(guard); resolve(m[1]!); }
        });
        child!.once('exit', (code) => { clearTimeout(guard); reject(new Error(`gateway exited (${code}): ${out}`)); });
      });

      const sdk = sdkClient(gwUrl);
      try {
        const api = await sdk.send(new CreateRestApiCommand({ name: 'killed' }));
        const res = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'feed' }));
        await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: res.id, httpMethod: 'GET', authorizationType: 'NONE' }));
        await sdk.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: res.id, httpMethod: 'GET', type: 'HTTP_PROXY',
          integrationHttpMethod: 'GET', uri: `${backend.url}/feed`, responseTransferMode: 'STREAM', timeoutInMillis: 60_000 }));
        await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));

        const received: Buffer[] = [];
        let killedAfter = -1;
        const result = await runRequest({ method: 'GET', url: `${gwUrl}/restapis/${api.id}/dev/_user_request_/feed` }, {
          onChunk: (chunk) => {
            received.push(Buffer.from(chunk));
            const total = received.reduce((n, b) => n + b.length, 0);
            if (killedAfter < 0 && total >= 10 * 12) {
              killedAfter = total;
              child!.kill('SIGKILL');
            }
          },
        }, { maxTimeMs: 15_000, idleTimeoutMs: 10_000 });

        assert.equal(result.outcome, 'error', `outcome ${result.outcome}: ${result.error}`);
        assert.equal(result.status, 200);
        assert.ok(killedAfter > 0, 'the stream was running when the gateway was killed');
        const body = Buffer.concat(received);
        assert.equal(result.bytes, body.length, 'every byte delivered to the observer is counted');
        assert.ok(body.length >= killedAfter);
        // Whole lines in order, none invented, none lost before the cut.
        const lines = body.toString().split('\n');
        const complete = lines.slice(0, -1);
        complete.forEach((l, i) => assert.equal(l, `line ${String(i).padStart(6, '0')}`));
        assert.match(result.error!, new RegExp(`(connection reset by the server|the server closed the connection) after ${body.length} body bytes`));
      } finally {
        sdk.destroy();
      }
    });
  });
});
