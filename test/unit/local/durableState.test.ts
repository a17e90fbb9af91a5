// State that is never lost, with real processes: a gateway killed with SIGKILL in the middle of
// heavy writes comes back with every create it acknowledged; a second gateway on the same state
// file refuses to start and names the first one's pid and port; a lock left by a killed gateway
// is taken over.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { StateLockedError, startLocalGateway } from '../../../src/local';
import { sdkClient } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(ROOT, 'test/fixtures/gateway/gatewayProcess.ts');

interface Started { child: ChildProcess; url: string; port: number; pid: number }

function spawnGateway(statePath: string): { child: ChildProcess; ready: Promise<Started>; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, statePath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  const ready = new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start within 20 s: ${stderr}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) { clearTimeout(timer); resolve({ child, ...(JSON.parse(line!) as { url: string; port: number; pid: number }) }); }
    });
    void exit.then(({ code }) => { clearTimeout(timer); reject(new Error(`gateway exited with ${code}: ${stderr}`)); });
  });
  return { child, ready, exit };
}

describe('local gateway: durable, locked state (real processes)', function () {
  this.timeout(90_000);
  let dir: string;
  const children: ChildProcess[] = [];

  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'streamgate-durable-')); });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('kill -9 during heavy writes: after restart every acknowledged create is present, and stale temp files are gone', async () => {
    const statePath = path.join(dir, 'state.json');
    const first = spawnGateway(statePath);
    children.push(first.child);
    const { url } = await first.ready;
    const sdk = sdkClient(url);
    const acknowledged: string[] = [];
    const description = 'd'.repeat(2048); // large entries so the journal is compacted during the run
    let stop = false;
    const writer = async () => {
      while (!stop) {
        try {
          const api = await sdk.send(new CreateRestApiCommand({ name: `api-${acknowledged.length}`, description }));
          acknowledged.push(api.id!); // answered, even if just before the kill landed: acknowledged
        } catch {
          return; // the gateway is gone
        }
      }
    };
    const writers = Array.from({ length: 16 }, () => writer());
    const deadline = Date.now() + 12_000;
    while (acknowledged.length < 1000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL'); // mid-write: 16 requests are in flight
    stop = true;
    await Promise.all(writers);
    await first.exit;
    sdk.destroy();
    assert.ok(acknowledged.length >= 150, `enough writes before the kill (${acknowledged.length})`);

    // What a crash mid-compaction leaves: a temp snapshot beside the state file.
    const staleTemp = path.join(dir, '.state.json.999999.7.tmp');
    writeFileSync(staleTemp, 'x'.repeat(2_400_000));
    const second = await startLocalGateway({ statePath, sample: false });
    try {
      const sdk2 = sdkClient(second.url);
      const stored = new Set<string>();
      let position: string | undefined;
      do {
        const page = await sdk2.send(new GetRestApisCommand({ limit: 500, position }));
        for (const a of page.items ?? []) stored.add(a.id!);
        position = page.position;
      } while (position);
      sdk2.destroy();
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged creates lost`);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp files once restarted');
    } finally {
      await second.close();
    }
  });

  it('a second gateway on the same state file refuses to start, naming the holder\'s pid and port; a killed holder\'s lock is taken over', async () => {
    const statePath = path.join(dir, 'state.json');
    const first = spawnGateway(statePath);
    children.push(first.child);
    const holder = await first.ready;

    const second = spawnGateway(statePath);
    children.push(second.child);
    const refused = await second.exit;
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, new RegExp(`in use by another StreamGate gateway \\(pid ${holder.pid}, port ${holder.port}\\)`));
    await assert.rejects(startLocalGateway({ statePath, sample: false }), (e: unknown) =>
      e instanceof StateLockedError && e.pid === holder.pid && e.port === holder.port);

    const sdk = sdkClient(holder.url);
    const kept = await sdk.send(new CreateRestApiCommand({ name: 'kept' }));
    sdk.destroy();
    holder.child.kill('SIGKILL');
    await first.exit;

    const third = spawnGateway(statePath); // the lock's pid is dead: stale, taken over
    children.push(third.child);
    const next = await third.ready;
    const sdk3 = sdkClient(next.url);
    try {
      const names = ((await sdk3.send(new GetRestApisCommand({}))).items ?? []).map((a) => a.id);
      assert.deepEqual(names, [kept.id]);
    } finally {
      sdk3.destroy();
    }
  });
});
