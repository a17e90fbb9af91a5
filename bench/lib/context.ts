// What every scenario gets from the runner: mode, a private temp folder, logging, cleanup
// registration, a per-scenario abort signal (the time budget), and shared lazy builds.
import type { BenchRow } from './result';

export interface BenchContext {
  quick: boolean;
  /** Repository root. */
  root: string;
  /** A temp folder for this scenario, removed afterwards. */
  tmp: string;
  /** Aborted when the scenario runs over its time budget. */
  signal: AbortSignal;
  log(message: string): void;
  /** Registers teardown (servers, children, files); run in reverse order even on failure. */
  defer(fn: () => unknown): void;
  /** Path of a freshly bundled CLI (same esbuild options as dist/cli.js). */
  cliPath(): Promise<string>;
}

export interface Scenario {
  id: number;
  name: string;
  title: string;
  /** Wall-time budget per mode; the scenario's signal aborts when exceeded. */
  budgetMs: { quick: number; full: number };
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/** Thrown (or returned as a message) when a scenario cannot run on this machine or checkout. */
export class SkipError extends Error {}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error(`time budget exceeded (${String(signal.reason instanceof Error ? signal.reason.message : signal.reason)})`);
}
