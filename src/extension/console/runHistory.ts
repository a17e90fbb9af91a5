// Run history per workspace (workspaceState): bounded in runs and in marks per run, no bodies,
// headers redacted before they are stored. No `vscode` import: it takes a Memento-like store.
import type { ChunkMark } from '../../shared/timeline';
import { downsampleMarks as downsampleLane } from '../../shared/lanes';
import { isStoredRun, type HistoryEntry, type StoredRun } from '../../shared/protocol';
import type { TraceLanes } from '../../shared/lanes';

export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const KEY = 'streamgate.console.history';
/** Marks kept per run: plenty for a chart and gap stats; a 1 GB run has ~16k+ chunks. */
export const MAX_STORED_MARKS = 4000;

/** Merges consecutive marks so at most `max` remain, each at the time of its last chunk (cumulative bytes stay exact). */
export function downsampleMarks(marks: readonly ChunkMark[], max = MAX_STORED_MARKS): ChunkMark[] {
  return downsampleLane(marks, max, 'last');
}

export function toHistoryEntry(run: StoredRun): HistoryEntry {
  return { summary: run.summary, title: run.title, startedAt: run.startedAt, method: run.request.method, url: run.request.url };
}

export class RunHistory {
  constructor(private readonly store: StateStore, private readonly maxRuns: () => number) {}

  /** Newest first. Entries that no longer validate (older versions) are skipped. */
  all(): StoredRun[] {
    const raw = this.store.get<unknown>(KEY);
    return Array.isArray(raw) ? raw.filter(isStoredRun) : [];
  }

  entries(): HistoryEntry[] {
    return this.all().map(toHistoryEntry);
  }

  get(runId: string): StoredRun | undefined {
    return this.all().find((r) => r.summary.id === runId);
  }

  async add(run: StoredRun): Promise<void> {
    const limit = Math.max(1, Math.floor(this.maxRuns()));
    await this.store.update(KEY, [run, ...this.all().filter((r) => r.summary.id !== run.summary.id)].slice(0, limit));
  }

  /** Keeps a run's lanes (read after it ended) with it; a run no longer in history is left alone. */
  async attachTrace(runId: string, trace: TraceLanes): Promise<void> {
    const runs = this.all();
    const i = runs.findIndex((r) => r.summary.id === runId);
    if (i < 0) return;
    runs[i] = { ...runs[i]!, trace };
    await this.store.update(KEY, runs);
  }

  async remove(runId: string): Promise<void> {
    await this.store.update(KEY, this.all().filter((r) => r.summary.id !== runId));
  }

  async clear(): Promise<void> {
    await this.store.update(KEY, []);
  }
}
