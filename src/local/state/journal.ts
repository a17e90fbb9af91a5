// Durable writes for the gateway state. Every change appends one line per touched REST API to
// STATE.json.journal and fsyncs it before the control plane answers, so an acknowledged change
// survives kill -9 and power loss, and a change costs the size of the API it touched, not of the
// whole state. When the journal outgrows the snapshot it is compacted in the background: the
// snapshot is written to a temp file, fsynced, renamed over STATE.json and the folder fsynced;
// then the records appended meanwhile become the new journal. Records are idempotent ("put this
// API", "delete this id"), so replaying a journal over a newer snapshot is harmless and a crash
// at any step loses nothing acknowledged.
//
// Plain files and fsync rather than an embedded database: the extension host runs on VS Code's
// own Node/Electron ABI, where a native addon (e.g. better-sqlite3) built for Node 20 won't load.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { journalPathOf, tempPathOf } from './persistence';

/** What GatewayStore needs from durable storage (also implemented by tests to simulate failures). */
export interface DurableLog {
  /** Appends complete lines and resolves once they are on disk. */
  append(lines: string): Promise<void>;
  /** Called after each append with the snapshot text factory; may compact in the background. */
  maybeCompact(snapshot: () => string): void;
  /** Waits for a compaction in progress. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try { await handle.sync(); } finally { await handle.close(); }
}

/** Writes `text` to `target` atomically and durably (temp file, fsync, rename, fsync folder). */
async function writeDurably(target: string, text: string, tmp: string): Promise<void> {
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(path.dirname(target));
}

export class Journal implements DurableLog {
  private handle: fs.FileHandle | undefined;
  private bytes = 0;
  private snapshotBytes = 0;
  private compacting: Promise<void> | undefined;
  private tempCounter = 0;
  /** Serialises appends with the journal swap at the end of a compaction. */
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(private readonly statePath: string, private readonly onError: (message: string) => void) {}

  /** Opens the journal after a load: writes `snapshot` (the loaded state) and starts an empty journal. */
  static async open(statePath: string, snapshot: string, onError: (message: string) => void): Promise<Journal> {
    const j = new Journal(statePath, onError);
    await fs.mkdir(path.dirname(statePath), { recursive: true });
    await writeDurably(statePath, snapshot, tempPathOf(statePath, j.tempCounter++));
    await writeDurably(journalPathOf(statePath), '', tempPathOf(statePath, j.tempCounter++));
    j.snapshotBytes = Buffer.byteLength(snapshot);
    j.handle = await fs.open(journalPathOf(statePath), 'a');
    return j;
  }

  append(lines: string): Promise<void> {
    const run = this.tail.then(async () => {
      if (!this.handle) throw new Error('the state journal is closed');
      const data = Buffer.from(lines, 'utf8');
      try {
        await this.handle.appendFile(data);
        await this.handle.datasync();
      } catch (err) {
        // Cut a partly written record off again, so the next record starts on a clean line.
        await this.handle.truncate(this.bytes).catch(() => undefined);
        throw err;
      }
      this.bytes += data.length;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Compacts once the journal is larger than the snapshot (and 1 MB): amortised linear cost. */
  maybeCompact(snapshot: () => string): void {
    if (this.compacting || this.bytes < Math.max(1 << 20, this.snapshotBytes)) return;
    const text = snapshot();
    const offset = this.bytes;
    this.compacting = this.compact(text, offset)
      .catch((err: unknown) => this.onError(`Could not compact the state journal of ${this.statePath}: ${(err as Error).message} (the journal keeps every change)`))
      .finally(() => { this.compacting = undefined; });
  }

  private async compact(text: string, offset: number): Promise<void> {
    await writeDurably(this.statePath, text, tempPathOf(this.statePath, this.tempCounter++));
    this.snapshotBytes = Buffer.byteLength(text);
    // Records appended while the snapshot was written become the new journal.
    const swap = this.tail.then(async () => {
      const journalPath = journalPathOf(this.statePath);
      const all = await fs.readFile(journalPath);
      const rest = all.subarray(offset);
      await writeDurably(journalPath, rest.toString('utf8'), tempPathOf(this.statePath, this.tempCounter++));
      await this.handle?.close();
      this.handle = await fs.open(journalPath, 'a');
      this.bytes = rest.length;
    });
    this.tail = swap.catch(() => undefined);
    await swap;
  }

  async idle(): Promise<void> {
    while (this.compacting) await this.compacting;
    await this.tail;
  }

  async close(): Promise<void> {
    await this.idle();
    await this.handle?.close();
    this.handle = undefined;
  }
}
