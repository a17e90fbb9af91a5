// Opens the state file for a gateway: takes the lock, removes temp files a crash left behind,
// loads snapshot + journal (or, if the user chose so, moves an unloadable file aside and starts
// empty), and opens the journal that makes every later change durable.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Journal } from './journal';
import { StateLock } from './lock';
import { emptyState, type GatewayState } from './model';
import { checkStatePath, moveStateAside, readStateFiles, removeStaleTempFiles } from './persistence';
import { GatewayStore } from './store';
import { StateFileError } from './validate';

export interface OpenedState {
  store: GatewayStore;
  lock?: StateLock;
  /** Files moved aside as *.corrupt-<time> because resetCorruptState was given. */
  movedAside: string[];
  close(): Promise<void>;
}

export interface OpenStateOptions {
  statePath?: string;
  resetCorruptState?: boolean;
  log(line: string): void;
}

export async function openState(opts: OpenStateOptions): Promise<OpenedState> {
  if (!opts.statePath) {
    const store = new GatewayStore(emptyState());
    return { store, movedAside: [], close: () => store.flush() };
  }
  const statePath = opts.statePath;
  checkStatePath(statePath);
  mkdirSync(path.dirname(statePath), { recursive: true });
  const lock = StateLock.acquire(statePath);
  try {
    const stale = removeStaleTempFiles(statePath);
    if (stale.length) opts.log(`[state] removed ${stale.length} temp file(s) left by an earlier crash: ${stale.join(', ')}`);
    let state: GatewayState;
    let movedAside: string[] = [];
    try {
      const loaded = readStateFiles(statePath);
      state = loaded.state;
      if (loaded.tornTailBytes) opts.log(`[state] ignored ${loaded.tornTailBytes} bytes of an unfinished journal record (a write cut short; it was never acknowledged)`);
    } catch (err) {
      if (!(err instanceof StateFileError) || !opts.resetCorruptState) throw err;
      movedAside = moveStateAside(statePath);
      opts.log(`[state] ${err.message} Moved aside as ${movedAside.join(', ')}; starting empty.`);
      state = emptyState();
    }
    const store = new GatewayStore(state);
    const journal = await Journal.open(statePath, store.snapshotText(), (m) => opts.log(`[state] ${m}`));
    store.attachLog(journal);
    return {
      store,
      lock,
      movedAside,
      close: async () => {
        try {
          await store.flush();
          await journal.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
