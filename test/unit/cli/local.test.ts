// `streamgate local` as a user runs it: prints its URL when ready, serves, exits 0 on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { RemoteBindError, startLocalGateway } from '../../../src/local';
import { faultHook, timedRequest, waitForLine } from '../local/helpers';

const ROOT = path.resolve(__dirname, '../../..');

describe('streamgate local (CLI)', () => {
  it('starts, prints its URL and sample invoke URLs, serves, and stops cleanly on SIGTERM', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    try {
      const [, url] = await waitForLine(child, /StreamGate local gateway listening on (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*\/_user_request_\/long/, 20_000);
      const health = await timedRequest(`${url}/__streamgate/health`);
      assert.equal(health.status, 200);
      // The sample's functions run as separate processes; their output is printed with the request id.
      const chat = await timedRequest(`${url}/restapis/${JSON.parse(health.body.toString()).sampleApiId}/dev/_user_request_/chat`);
      assert.equal(chat.status, 200);
      const fnLine = new RegExp(`\\[fn\\] \\S+ ${chat.headers['x-amzn-requestid']} streamgate-sample-chat yielded token 10`);
      for (let i = 0; i < 100 && !fnLine.test(output); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(output, fnLine);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 5000))]);
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('rejects bad options with a usage error (exit 2)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--port', 'abc'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(err, /--port must be a number/);
  });

  it('prints the fault-hook token; --host beyond loopback needs --allow-remote and prints the warning', async function () {
    this.timeout(30_000);
    const refused = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--host', '0.0.0.0', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let refusedErr = '';
    refused.stderr!.on('data', (d: Buffer) => { refusedErr += d.toString(); });
    assert.equal(await new Promise<number | null>((resolve) => refused.once('exit', resolve)), 2);
    assert.match(refusedErr, /--host 0\.0\.0\.0 is not a loopback address.*--allow-remote/);
    await assert.rejects(startLocalGateway({ host: '0.0.0.0', sample: false }), RemoteBindError);

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'local', '--host', '0.0.0.0', '--allow-remote', '--port', '0', '--no-sample'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    try {
      const [, port, token] = await waitForLine(child, /listening on http:\/\/0\.0\.0\.0:(\d+)\n[\s\S]*Fault hook token \(header x-streamgate-fault-token\): ([0-9a-f]{32})\n/, 20_000);
      assert.match(err, /WARNING: listening on 0\.0\.0\.0: anyone who can reach this machine on the network can read and change/);
      const url = `http://127.0.0.1:${port}`;
      assert.equal((await faultHook({ url, faultToken: token! }).arm({ count: 1, errorType: 'AccessDeniedException', match: 'never' })).status, 200, 'the printed token arms the hook');
      assert.equal((await faultHook({ url, faultToken: 'f'.repeat(32) }).arm({ count: 1, errorType: 'AccessDeniedException' })).status, 403);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
