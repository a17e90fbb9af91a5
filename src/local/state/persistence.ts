// Persists the gateway state as JSON. Writes are atomic (temp file + rename) so a crash never
// leaves a half-written file, and serialized so an older snapshot never overwrites a newer one.
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { emptyState, type GatewayState } from './model';

/**
 * The state file comes from a setting or a flag. Refuse paths that climb out with ".." segments
 * and anything that is not a .json file, so a hostile setting cannot aim the gateway's writes
 * (temp file + rename) at an arbitrary file such as a shell profile.
 */
export function checkStatePath(statePath: string): void {
  if (statePath.trim() === '' || statePath.includes('\0')) throw new Error('The local gateway state path is empty or contains a NUL character');
  if (statePath.split(/[\\/]+/).includes('..')) {
    throw new Error(`The local gateway state path "${statePath}" contains "..": give a path without parent-folder segments`);
  }
  if (path.extname(statePath).toLowerCase() !== '.json') {
    throw new Error(`The local gateway state path "${statePath}" must name a .json file`);
  }
}

export function loadState(statePath: string): GatewayState {
  checkStatePath(statePath);
  let text: string;
  try {
    text = readFileSync(statePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new Error(`Cannot read the local gateway state file ${statePath}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`The local gateway state file ${statePath} is not valid JSON (${(err as Error).message}). Move it away to start fresh.`);
  }
  const state = parsed as Partial<GatewayState>;
  if (!state || typeof state !== 'object' || state.version !== 1 || !Array.isArray(state.restApis)) {
    throw new Error(`The local gateway state file ${statePath} is not a StreamGate state file (expected {"version":1,"restApis":[...]}).`);
  }
  return state as GatewayState;
}

export class StateWriter {
  private pending: string | undefined;
  private running: Promise<void> | undefined;
  private counter = 0;

  constructor(private readonly statePath: string, private readonly onError: (message: string) => void) {}

  /** Schedules a write of the current state; bursts of changes collapse into one write. */
  save(state: GatewayState): void {
    this.pending = JSON.stringify(state, null, 1);
    if (!this.running) this.running = this.drain();
  }

  /** Resolves once everything scheduled so far is on disk. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending !== undefined) {
        const text = this.pending;
        this.pending = undefined;
        await this.writeAtomically(text);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async writeAtomically(text: string): Promise<void> {
    const tmp = path.join(path.dirname(this.statePath), `.${path.basename(this.statePath)}.${process.pid}.${this.counter++}.tmp`);
    try {
      await fs.mkdir(path.dirname(this.statePath), { recursive: true });
      await fs.writeFile(tmp, text, 'utf8');
      await fs.rename(tmp, this.statePath);
    } catch (err) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      this.onError(`Could not save local gateway state to ${this.statePath}: ${(err as Error).message}`);
    }
  }
}
