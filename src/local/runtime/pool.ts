// The execution environments of one function: warm ones are reused, more are started while
// all are busy up to the function's concurrency cap (then Lambda throttles: 429), idle ones stop
// after a while, and a change under the code folder retires every environment so the next
// invocation runs the new code in a fresh process (no module cache to grow).
import { statSync, watch, readdirSync, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { FunctionSpec } from '../functions/types';
import { Sandbox, type SandboxOptions } from './sandbox';

export const DEFAULT_MAX_CONCURRENCY = 10;
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

export interface PoolOptions extends SandboxOptions {
  maxConcurrency: number;
  idleTimeoutMs: number;
}

export class ConcurrencyLimitReached extends Error {}

export class FunctionPool {
  private readonly sandboxes = new Set<Sandbox>();
  private readonly idleTimers = new Map<Sandbox, NodeJS.Timeout>();
  private readonly watcher: CodeWatcher;
  private closed = false;

  constructor(readonly spec: FunctionSpec, private readonly opts: PoolOptions) {
    this.watcher = new CodeWatcher(spec);
  }

  /** A free environment (warm) or a new one (cold); throws when the cap is reached. */
  async acquire(): Promise<{ sandbox: Sandbox; cold: boolean }> {
    if (this.watcher.changed()) this.retireAll();
    for (const s of this.sandboxes) {
      if (s.state === 'idle' && !s.retired) {
        this.clearIdle(s);
        s.state = 'busy';
        return { sandbox: s, cold: false };
      }
    }
    const live = [...this.sandboxes].filter((s) => s.state !== 'dead').length;
    if (live >= this.opts.maxConcurrency) {
      throw new ConcurrencyLimitReached(`Rate Exceeded: ${this.spec.name} already runs ${live} concurrent invocations (its concurrency limit)`);
    }
    const sandbox = new Sandbox(this.spec, this.opts);
    this.sandboxes.add(sandbox);
    sandbox.onSettled = () => this.settled(sandbox);
    try {
      await sandbox.start();
    } catch (err) {
      this.sandboxes.delete(sandbox);
      void sandbox.stop();
      throw err;
    }
    return { sandbox, cold: true };
  }

  get size(): number {
    return [...this.sandboxes].filter((s) => s.state !== 'dead').length;
  }

  pids(): number[] {
    return [...this.sandboxes].map((s) => s.pid).filter((p): p is number => p !== undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher.close();
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    await Promise.all([...this.sandboxes].map((s) => s.stop()));
  }

  private retireAll(): void {
    for (const s of this.sandboxes) {
      s.retired = true;
      if (s.state === 'idle' || s.state === 'starting') void s.stop();
    }
  }

  private settled(s: Sandbox): void {
    if (s.state === 'dead') {
      this.clearIdle(s);
      this.sandboxes.delete(s);
      return;
    }
    if (s.state !== 'idle' || this.closed) return;
    this.clearIdle(s);
    const timer = setTimeout(() => { this.idleTimers.delete(s); void s.stop(); }, this.opts.idleTimeoutMs);
    timer.unref();
    this.idleTimers.set(s, timer);
  }

  private clearIdle(s: Sandbox): void {
    const t = this.idleTimers.get(s);
    if (t) clearTimeout(t);
    this.idleTimers.delete(s);
  }
}

const WATCH_MAX_DIRS = 256;
const WATCH_MAX_DEPTH = 4;
const NOT_WATCHED = new Set(['node_modules', '.git', '.aws-sam', 'cdk.out']);

/**
 * Notices code changes cheaply: file-system watchers on the code folder and its subfolders
 * (bounded; dependencies in node_modules are left out), plus — so an edit made just before the
 * next request is never missed while the watcher event is still in flight — the mtimes of the
 * handler's own files, checked on each invocation (a few stat calls).
 */
class CodeWatcher {
  private dirty = false;
  private readonly watchers: FSWatcher[] = [];
  private readonly probes: string[];
  private stamp: string;

  constructor(spec: FunctionSpec) {
    const base = path.join(spec.codeDir, spec.handler.replace(/\.[^./\\]+$/, ''));
    this.probes = [spec.codeDir, ...['.js', '.mjs', '.cjs', '.py'].map((e) => base + e), path.join(spec.codeDir, 'bootstrap')];
    this.stamp = this.currentStamp();
    this.watchTree(spec.codeDir, 0);
  }

  changed(): boolean {
    const stamp = this.currentStamp();
    const changed = this.dirty || stamp !== this.stamp;
    this.dirty = false;
    this.stamp = stamp;
    return changed;
  }

  close(): void {
    for (const w of this.watchers) w.close();
  }

  private currentStamp(): string {
    return this.probes.map((p) => { try { return statSync(p).mtimeMs; } catch { return 0; } }).join(',');
  }

  private watchTree(dir: string, depth: number): void {
    if (this.watchers.length >= WATCH_MAX_DIRS) return;
    try {
      const w = watch(dir, () => { this.dirty = true; });
      w.on('error', () => undefined);
      w.unref();
      this.watchers.push(w);
      if (depth >= WATCH_MAX_DEPTH) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory() && !NOT_WATCHED.has(entry.name) && !entry.name.startsWith('.')) this.watchTree(path.join(dir, entry.name), depth + 1);
      }
    } catch {
      // An unreadable folder is simply not watched; the mtime probes still apply.
    }
  }
}
