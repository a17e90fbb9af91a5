// `streamgate probe` as shipped (the CLI bundled by esbuild, as dist/cli.js is) against real
// loopback servers: --fail, credentials in the URL, redaction, a million tiny chunks in bounded
// memory, a stalled stdout, bodiless responses and --max-time limits.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { listen } from '../../fixtures/servers';

const ROOT = resolve(__dirname, '../../..');

interface Run { code: number | null; stdout: string; stderr: string; peakKb: number }

function vmKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

describe('streamgate probe: limits, credentials and output (bundled CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sg-probe-cli-'));
    cli = join(dir, 'cli.js');
    await esbuild.build({ entryPoints: [join(ROOT, 'src/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  function start(args: string[]): ChildProcess {
    return spawn(process.execPath, [cli, 'probe', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  function probe(args: string[], timeoutMs = 60_000): Promise<Run> {
    return new Promise((done, fail) => {
      const child = start(args);
      let stdout = '';
      let stderr = '';
      let peakKb = 0;
      child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
      const sampler = setInterval(() => { peakKb = Math.max(peakKb, vmKb(child.pid!, 'VmHWM')); }, 10);
      const killer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`probe ${args.join(' ')} did not exit in ${timeoutMs} ms`)); }, timeoutMs);
      // VmHWM is the process's own peak, so a last sample just before exit catches the top.
      child.on('exit', () => { peakKb = Math.max(peakKb, vmKb(child.pid!, 'VmHWM')); });
      child.on('close', (code) => {
        clearInterval(sampler);
        clearTimeout(killer);
        done({ code, stdout, stderr, peakKb });
      });
    });
  }

  it('--fail exits 22 on HTTP >= 400 (curl -f) and 0 without it; 2xx/3xx pass either way', async () => {
    const server = await listen((req, res) => {
      res.writeHead(req.url === '/missing' ? 404 : req.url === '/moved' ? 302 : 200, req.url === '/moved' ? { location: '/' } : {});
      res.end('body');
    });
    try {
      const failed = await probe([`${server.url}/missing`, '--fail', '--json']);
      assert.equal(failed.code, 22, failed.stderr);
      assert.equal(JSON.parse(failed.stdout).status, 404, 'the report is still printed');
      assert.match(failed.stderr, /HTTP 404 \(--fail\)/);
      assert.equal((await probe([`${server.url}/missing`, '--json'])).code, 0, 'without --fail an HTTP error is a complete run');
      assert.equal((await probe([`${server.url}/moved`, '--fail'])).code, 0);
      assert.equal((await probe([`${server.url}/`, '--fail'])).code, 0);
    } finally {
      await server.close();
    }
  });

  it('user:pass@ in the URL sends Basic auth as curl does; credentials and signatures never show in live or JSON output', async () => {
    const seen: { auth?: string; url?: string }[] = [];
    const presigned = 'https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101&X-Amz-Signature=0123456789abcdef0123456789abcdef';
    const server = await listen((req, res) => {
      seen.push({ auth: req.headers.authorization, url: req.url });
      res.writeHead(200, { location: presigned });
      res.end('ok');
    });
    const url = server.url.replace('http://', 'http://al%40ice:s3cr%3At@') + '/x?X-Amz-Signature=feedfacefeedfacefeedface&a=1';
    try {
      const live = await probe([url]);
      assert.equal(live.code, 0, live.stderr);
      assert.equal(seen[0]!.auth, `Basic ${Buffer.from('al@ice:s3cr:t').toString('base64')}`, 'percent-decoded user:pass, as curl sends it');
      assert.equal(seen[0]!.url, '/x?X-Amz-Signature=feedfacefeedfacefeedface&a=1', 'the request itself is sent as typed');
      const json = await probe([url, '--json']);
      assert.equal(json.code, 0, json.stderr);
      for (const out of [live.stdout + live.stderr, json.stdout + json.stderr]) {
        for (const secret of ['s3cr', 'al%40ice', 'feedfacefeedface', '0123456789abcdef0123', 'IOSFODNN7EXAMPLE']) {
          assert.ok(!out.includes(secret), `${secret} leaked:\n${out}`);
        }
      }
      assert.match(live.stdout, /^> GET http:\/\/\*\*\*\*@127\.0\.0\.1:\d+\/x\?X-Amz-Signature=\*\*\*\*&a=1$/m);
      assert.match(JSON.parse(json.stdout).headers.location, /X-Amz-Signature=\*\*\*\*/);
      // An explicit Authorization header wins over the URL's credentials (curl's -H does too).
      await probe([url, '--header', 'Authorization: Bearer abc']);
      assert.equal(seen.at(-1)!.auth, 'Bearer abc');
      // A failure message does not leak them either.
      const refused = await probe(['http://bob:hunter2@127.0.0.1:1/', '--json']);
      assert.equal(refused.code, 1);
      assert.ok(!(refused.stdout + refused.stderr).includes('hunter2'));
    } finally {
      await server.close();
    }
  });

  it('1,000,000 one-byte chunks with --json stay under 128 MB peak RSS; merged records are counted', async () => {
    const TOTAL = 1_000_000;
    const server = await listen((req, res) => {
      req.resume();
      const socket = res.socket!;
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n');
      let sent = 0;
      // One-byte chunks in batches, with backpressure, so the client sees them over many reads.
      const pump = (): void => {
        while (sent < TOTAL) {
          const n = Math.min(2000, TOTAL - sent);
          sent += n;
          if (!socket.write('1\r\nx\r\n'.repeat(n))) { socket.once('drain', pump); return; }
        }
        socket.end('0\r\n\r\n');
      };
      pump();
    });
    try {
      const run = await probe([server.url, '--json']);
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout) as { bytes: number; chunks: { bytes: number }[]; chunksMerged: number };
      assert.equal(out.bytes, TOTAL);
      assert.equal(out.chunks.reduce((n, c) => n + c.bytes, 0), TOTAL, 'records account for every byte');
      assert.equal(out.chunks.length + out.chunksMerged, TOTAL, 'records + merged = chunks received');
      assert.ok(out.chunksMerged > 0);
      assert.ok(run.peakKb > 0 && run.peakKb < 128 * 1024, `peak RSS ${(run.peakKb / 1024).toFixed(0)} MiB`);
    } finally {
      await server.close();
    }
  });

  it('live output respects a stalled stdout: the response pauses and memory does not grow', async () => {
    let sent = 0;
    const LIMIT = 512 * 1024 * 1024;
    const server = await listen((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      const block = Buffer.alloc(1024, 'a');
      const pump = (): void => {
        while (sent < LIMIT) {
          sent += block.length;
          // 1 KiB writes: many chunks, each a live line.
          if (!res.write(block)) { res.once('drain', pump); return; }
        }
        res.end();
      };
      pump();
    });
    const child = start([server.url]);
    try {
      // Nobody reads the child's stdout: its pipe fills, then the CLI must stop reading the socket.
      child.stdout!.pause();
      await new Promise((ok) => setTimeout(ok, 2500));
      const sentThen = sent;
      const rssThen = vmKb(child.pid!, 'VmRSS');
      await new Promise((ok) => setTimeout(ok, 2500));
      const grownKb = vmKb(child.pid!, 'VmRSS') - rssThen;
      assert.ok(sent < LIMIT, 'the server was held back');
      assert.ok(sent - sentThen < 16 * 1024 * 1024, `the server could still send ${((sent - sentThen) / 1048576).toFixed(1)} MiB while stdout was stalled`);
      assert.ok(grownKb < 16 * 1024, `RSS grew ${(grownKb / 1024).toFixed(1)} MiB while stdout was stalled`);
      assert.ok(vmKb(child.pid!, 'VmHWM') < 160 * 1024, 'peak RSS stays bounded');
    } finally {
      child.kill('SIGKILL');
      await server.close();
    }
  });

  it('204, 304 and HEAD responses that announce a Content-Length complete with exit 0', async () => {
    const server = await listen((req, res) => {
      const status = req.url === '/204' ? 204 : req.url === '/304' ? 304 : 200;
      res.writeHead(status, { 'content-length': '1234', etag: '"v1"' });
      res.end();
    });
    try {
      for (const [path, extra] of [['/204', []], ['/304', []], ['/head', ['--method', 'HEAD']]] as const) {
        const run = await probe([`${server.url}${path}`, '--json', '--max-time', '5', ...extra]);
        assert.equal(run.code, 0, `${path}: ${run.stderr}`);
        const out = JSON.parse(run.stdout);
        assert.equal(out.bytes, 0, path);
        assert.equal(out.error, undefined, path);
      }
    } finally {
      await server.close();
    }
  });

  it('--max-time and --idle-timeout beyond 2^31 ms are refused with a clear message', async () => {
    const tooLong = await probe(['http://127.0.0.1:9/', '--max-time', String(2 ** 31 / 1000 + 1)]);
    assert.equal(tooLong.code, 2);
    assert.match(tooLong.stderr, /--max-time 2147484\.648 is too long: the most is 2147483 seconds \(about 24\.8 days\)/);
    const idle = await probe(['http://127.0.0.1:9/', '--idle-timeout', '1e12']);
    assert.equal(idle.code, 2);
    assert.match(idle.stderr, /--idle-timeout .* is too long/);
    const fine = await probe(['http://127.0.0.1:1/', '--max-time', '2147483', '--json']);
    assert.equal(fine.code, 1, 'the longest allowed value runs (and fails only on the refused connection)');
    assert.equal(JSON.parse(fine.stdout).errorCode, 'CONNECTION_REFUSED');
  });
});
