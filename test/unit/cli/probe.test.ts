// `streamgate probe` run as a user would: a separate Node process on the CLI entry point.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listen, startChunkServer, startSseServer, startStallServer } from '../../fixtures/servers';

const ROOT = resolve(__dirname, '../../..');
const CLI_TIMEOUT_MS = 15_000;

interface CliRun { code: number | null; stdout: string; stderr: string; ms: number }

function probe(args: string[]): Promise<CliRun> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'probe', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`probe did not exit within ${CLI_TIMEOUT_MS} ms; stdout so far:\n${stdout}`));
    }, CLI_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

describe('streamgate probe', function () {
  this.timeout(40_000);

  it('--json prints the documented shape with chunk times from request start', async () => {
    const server = await startChunkServer({ schedule: [{ delayMs: 50, bytes: 100 }, { delayMs: 100, bytes: 50 }], headers: { 'X-Trace': 'abc' } });
    try {
      const run = await probe([`${server.url}/s`, '--json', '--header', 'Accept: */*']);
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout) as Record<string, unknown> & { timing: Record<string, number | null>; chunks: { atMs: number; bytes: number }[] };
      assert.deepEqual(Object.keys(out), ['status', 'headers', 'timing', 'chunks', 'chunksMerged', 'bytes']);
      assert.deepEqual(Object.keys(out.timing), ['dnsMs', 'connectMs', 'tlsMs', 'sentMs', 'headersMs', 'ttfbMs', 'endMs']);
      assert.equal(out.timing.dnsMs, null, 'an IP address needs no DNS lookup');
      assert.ok(out.timing.sentMs! >= out.timing.connectMs! && out.timing.sentMs! <= out.timing.headersMs!, JSON.stringify(out.timing));
      assert.equal(out.chunksMerged, 0);
      assert.equal(out.status, 200);
      assert.equal((out.headers as Record<string, string>)['x-trace'], 'abc');
      assert.equal(out.timing.tlsMs, null);
      assert.equal(out.bytes, 150);
      assert.deepEqual(out.chunks.map((c) => c.bytes), [100, 50]);
      const gap = out.chunks[1]!.atMs - out.chunks[0]!.atMs;
      assert.ok(gap > 60 && gap < 400, `gap ${gap}`);
      assert.ok(out.timing.ttfbMs! >= out.timing.headersMs! && out.timing.endMs! >= out.chunks[1]!.atMs);
    } finally {
      await server.close();
    }
  });

  it('--sse --json lists the events; --ndjson --json lists records and malformed lines', async () => {
    const sse = await startSseServer({ events: [{ event: 'token', data: 'Hel', id: '1' }, { data: 'lo', delayMs: 20 }] });
    const nd = await startChunkServer({ schedule: [{ delayMs: 0, data: '{"n":1}\n{oops' }, { delayMs: 20, data: '\n{"n":2}\n' }] });
    try {
      const sseRun = await probe([sse.url, '--sse', '--json']);
      assert.equal(sseRun.code, 0, sseRun.stderr);
      assert.deepEqual(JSON.parse(sseRun.stdout).events, [{ event: 'token', data: 'Hel', id: '1' }, { event: 'message', data: 'lo', id: null }]);

      const ndRun = await probe([nd.url, '--ndjson', '--json']);
      const out = JSON.parse(ndRun.stdout);
      assert.deepEqual(out.records, [{ n: 1 }, { n: 2 }]);
      assert.equal(out.parseErrors[0].line, 2);
      assert.equal(out.events, undefined);
    } finally {
      await sse.close();
      await nd.close();
    }
  });

  it('on a stall it prints what arrived plus "error", exits non-zero and never runs past --max-time', async () => {
    const server = await startStallServer({ bytesBeforeStall: 700 });
    try {
      const run = await probe([server.url, '--json', '--max-time', '0.8']);
      assert.equal(run.code, 1);
      const out = JSON.parse(run.stdout);
      assert.equal(out.status, 200);
      assert.equal(out.bytes, 700);
      assert.match(out.error, /max time of 800 ms reached after 700 body bytes/);
      assert.ok(out.timing.endMs >= 790 && out.timing.endMs < 2000, `endMs ${out.timing.endMs}`);
      assert.match(run.stderr, /max time/);

      const idle = await probe([server.url, '--json', '--idle-timeout', '0.3']);
      assert.equal(idle.code, 1);
      assert.match(JSON.parse(idle.stdout).error, /stalled: nothing received for 300 ms/);
    } finally {
      await server.close();
    }
  });

  it('live mode prints a line per chunk with its time and gap, then a summary; --out saves the body', async () => {
    const server = await listen((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(`${req.method} `);
        setTimeout(() => res.end(Buffer.concat(parts)), 40);
      });
    });
    const dir = await mkdtemp(join(tmpdir(), 'sg-probe-'));
    try {
      await writeFile(join(dir, 'payload.json'), '{"hello":"world"}');
      const out = join(dir, 'body.txt');
      const run = await probe([server.url, '--data', `@${join(dir, 'payload.json')}`, '--out', out]);
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stdout.trim().split('\n');
      assert.match(lines[0]!, /^> POST http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(lines.some((l) => /^< HTTP 200 {2}\(headers at \+\d+\.\d ms\)$/.test(l)));
      const chunkLines = lines.filter((l) => /^\+\d+\.\d ms {2}\d+ B {2}\(gap \d+\.\d ms\)$/.test(l));
      assert.equal(chunkLines.length, 2, run.stdout);
      assert.match(lines.find((l) => l.startsWith('complete:'))!, /^complete: 22 B in 2 chunks, [\d.]+ ms total · DNS — · connect [\d.]+ ms · TLS — · sent [\d.]+ ms · headers/);
      assert.equal(await readFile(out, 'utf8'), 'POST {"hello":"world"}');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await server.close();
    }
  });

  it('rejects contradictory or malformed options with exit code 2 and a usage hint', async () => {
    const both = await probe(['http://127.0.0.1:9/', '--sse', '--ndjson']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /choose one of --sse and --ndjson/);
    const header = await probe(['http://127.0.0.1:9/', '--header', 'no-colon']);
    assert.equal(header.code, 2);
    assert.match(header.stderr, /--header must look like "Name: value"/);
  });
});
