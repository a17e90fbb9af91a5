// Child processes for the benchmark: reference servers in their own process (so servers and
// clients do not share one event loop), curl, the CLI, and peak-RSS sampling via /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchContext } from './context';

export const CURL = '/usr/bin/curl';

export interface ServerProcess {
  url: string;
  /** A second port answering GET /times (chunk server schedule as actually sent). */
  controlUrl?: string;
  pid: number;
  close(): Promise<void>;
}

function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try { child.kill(signal); } catch { /* gone */ }
}

function waitExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => { killTree(child, 'SIGKILL'); resolve(); }, timeoutMs);
    child.once('exit', () => { clearTimeout(t); resolve(); });
  });
}

/** Starts bench/servers/serve.ts with `spec` in a child process; registers its teardown. */
export async function startServerProcess(ctx: BenchContext, spec: Record<string, unknown>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ctx.root, 'bench/servers/serve.ts'), JSON.stringify(spec)],
    { cwd: ctx.root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const close = async (): Promise<void> => { killTree(child); await waitExit(child, 3000); };
  ctx.defer(close);
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const t = setTimeout(() => reject(new Error(`server ${String(spec.kind)} did not start in 20 s: ${stderr}`)), 20_000);
    rl.once('line', (line) => { clearTimeout(t); resolve(line); });
    child.once('exit', (code) => { clearTimeout(t); reject(new Error(`server ${String(spec.kind)} exited (${code}): ${stderr}`)); });
  });
  const info = JSON.parse(first) as { url: string; controlUrl?: string };
  return { ...info, pid: child.pid!, close };
}

/** Reads a numeric field in kB (VmHWM, VmRSS) from /proc/PID/status; null when gone. */
export function procStatusKb(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Highest VmHWM (or VmRSS) seen while sampling, kB. */
  peakKb: number | null;
}

/**
 * Runs a command to completion (bounded by timeoutMs), sampling the child's peak RSS every
 * `sampleMs` when asked. stdout is kept up to `maxStdout` characters (tail dropped).
 */
export function runChild(cmd: string, args: string[], opts: { cwd?: string; timeoutMs: number; sampleMs?: number; signal?: AbortSignal; maxStdout?: number; env?: NodeJS.ProcessEnv }): Promise<ChildRun> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const maxStdout = opts.maxStdout ?? 64 * 1024 * 1024;
    let stdout = '';
    let stderr = '';
    let peakKb: number | null = null;
    child.stdout!.on('data', (d: Buffer) => { if (stdout.length < maxStdout) stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-8000); });
    const sample = (): void => {
      if (!child.pid) return;
      const kb = procStatusKb(child.pid, 'VmHWM') ?? procStatusKb(child.pid, 'VmRSS');
      if (kb !== null && (peakKb === null || kb > peakKb)) peakKb = kb;
    };
    const sampler = opts.sampleMs ? setInterval(sample, opts.sampleMs) : undefined;
    const onAbort = (): void => killTree(child, 'SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => { stderr += `\n[bench] killed after ${opts.timeoutMs} ms`; killTree(child, 'SIGKILL'); }, opts.timeoutMs);
    child.on('error', (err) => { stderr += `\n${err.message}`; });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, stdout, stderr, wallMs: performance.now() - t0, peakKb });
    });
  });
}

export interface CurlTimes {
  httpCode: number;
  sizeDownload: number;
  /** Seconds, as curl reports them. */
  timeConnect: number;
  timeStarttransfer: number;
  timeTotal: number;
  speedDownload: number;
}

/** curl -o /dev/null with -w timings. */
export async function runCurl(url: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<CurlTimes> {
  const fmt = '%{http_code} %{size_download} %{time_connect} %{time_starttransfer} %{time_total} %{speed_download}';
  const r = await runChild(CURL, ['-s', '-S', '-o', '/dev/null', '--no-buffer', '--max-time', String(Math.ceil(opts.timeoutMs / 1000)), '-w', fmt, url],
    { timeoutMs: opts.timeoutMs + 2000, signal: opts.signal });
  const parts = r.stdout.trim().split(/\s+/).map(Number);
  if (r.code !== 0 || parts.length !== 6 || parts.some((n) => !Number.isFinite(n))) {
    throw new Error(`curl failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  }
  const [httpCode, sizeDownload, timeConnect, timeStarttransfer, timeTotal, speedDownload] = parts as [number, number, number, number, number, number];
  return { httpCode, sizeDownload, timeConnect, timeStarttransfer, timeTotal, speedDownload };
}

/** CPU time (user + system, ms) a process has used so far, from /proc/PID/stat; null when gone. */
export function procCpuMs(pid: number): number | null {
  try {
    // Fields after the command (which may hold spaces) start at state; utime and stime are 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}
