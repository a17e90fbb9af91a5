// Run history per workspace (workspaceState): bounded in runs and in marks per run, no bodies,
// headers redacted before they are stored. No `vscode` import: it takes a Memento-like store.
import type { ChunkMark } from '../../shared/timeline';
import { isStoredRun, type HistoryEntry, type StoredRun } from '../../shared/protocol';

export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const KEY = 'streamgate.console.history';
/** Marks kept per run: plenty for a chart and gap stats; a 1 GB run has ~16k+ chunks. */
export const MAX_STORED_MARKS = 4000;

/**
 * Merges consecutive marks so at most `max` remain; each keeps the time of its last chunk and the
 * bytes of all it stands for, so cumulative bytes over time stay exact at every kept point.
 */
export function downsampleMarks(marks: readonly ChunkMark[], max = MAX_STORED_MARKS): ChunkMark[] {
  if (marks.length <= max) return marks.slice();
  const group = Math.ceil(marks.length / max);
  const out: ChunkMark[] = [];
  for (let i = 0; i < marks.length; i += group) {
    let bytes = 0;
    const end = Math.min(marks.length, i + group);
    for (let j = i; j < end; j++) bytes += marks[j].bytes;
    out.push({ atMs: marks[end - 1].atMs, bytes });
  }
  return out;
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

  async remove(runId: string): Promise<void> {
    await this.store.update(KEY, this.all().filter((r) => r.summary.id !== runId));
  }

  async clear(): Promise<void> {
    await this.store.update(KEY, []);
  }
}
