// One gateway per state file. Two gateways writing one file would each overwrite the other's
// changes, so the first takes STATE.json.lock (its pid and port, created atomically with
// link(2)); a second one refuses to start and names the holder. A lock whose pid no longer runs
// (the holder was killed) is stale and taken over.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { lockPathOf, tempPathOf } from './persistence';

export class StateLockedError extends Error {
  constructor(readonly statePath: string, readonly pid: number, readonly port: number | undefined) {
    super(`The local gateway state file ${statePath} is in use by another StreamGate gateway (pid ${pid}, ${port ? `port ${port}` : 'still starting'}). `
      + 'Stop that gateway, or give this one another state file.');
    this.name = 'StateLockedError';
  }
}

interface LockInfo { pid: number; port?: number; startedAt?: string }

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readLock(lockPath: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) && info.pid > 0 ? info : undefined;
  } catch {
    return undefined;
  }
}

export class StateLock {
  private released = false;
  private constructor(private readonly statePath: string, private readonly lockPath: string) {}

  /** Takes the lock or throws StateLockedError naming the live holder. */
  static acquire(statePath: string): StateLock {
    const lockPath = lockPathOf(statePath);
    const tmp = tempPathOf(statePath, -1);
    writeFileSync(tmp, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(tmp, lockPath); // atomic: fails with EEXIST when another gateway holds it
          return new StateLock(statePath, lockPath);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        const holder = readLock(lockPath);
        if (holder && isRunning(holder.pid)) throw new StateLockedError(statePath, holder.pid, holder.port);
        rmSync(lockPath, { force: true }); // stale: its gateway is gone
      }
      throw new Error(`Could not take the lock ${lockPath}: another gateway keeps taking it`);
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  /** Records the port once the server listens, so a second gateway can name it. */
  setPort(port: number): void {
    const tmp = tempPathOf(this.statePath, -2);
    writeFileSync(tmp, JSON.stringify({ pid: process.pid, port, startedAt: new Date().toISOString() }));
    renameSync(tmp, this.lockPath);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (readLock(this.lockPath)?.pid === process.pid) rmSync(this.lockPath, { force: true });
  }
}
