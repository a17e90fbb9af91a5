// Runs bench/workers/transfer.ts (bundled once per scenario) in a fresh child process.
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { BenchContext } from './context';
import { runChild } from './proc';

export interface WorkerTransfer { client: string; bytes: number; ms: number; ttfbMs: number | null; peakKb: number; rssKb: number }

export async function buildTransferWorker(ctx: BenchContext): Promise<string> {
  const outfile = join(ctx.tmp, 'transfer.js');
  await esbuild.build({ entryPoints: [join(ctx.root, 'bench/workers/transfer.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  return outfile;
}

export async function runTransferWorker(ctx: BenchContext, worker: string, client: string, url: string): Promise<WorkerTransfer> {
  const r = await runChild(process.execPath, [worker, client, url], { cwd: ctx.root, timeoutMs: 300_000, signal: ctx.signal });
  if (r.code !== 0) throw new Error(`transfer worker (${client}) exited ${r.code}: ${r.stderr.trim().slice(-400)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as WorkerTransfer;
}
