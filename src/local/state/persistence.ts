// Reading the gateway's state from disk: a snapshot (STATE.json, the format earlier versions
// wrote) plus an append-only journal (STATE.json.journal, one JSON record per line, written by
// ./journal.ts). Reading never writes; a file that cannot be trusted raises StateFileError.
import { readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { emptyState, type GatewayState, type StoredRestApi } from './model';
import { SHARED_KEYS, type SharedState } from './store';
import { StateFileError, validateApi, validateShared, validateState } from './validate';

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

export const journalPathOf = (statePath: string) => `${statePath}.journal`;
export const lockPathOf = (statePath: string) => `${statePath}.lock`;

/** Temp files are ".STATE.json.<pid>.<n>.tmp" beside the state file. */
export function tempPathOf(statePath: string, n: number): string {
  return path.join(path.dirname(statePath), `.${path.basename(statePath)}.${process.pid}.${n}.tmp`);
}

/**
 * A journal record: a REST API's whole new value, its deletion, or the account-wide part's
 * (API keys, usage plans, account) whole new value. Replaying is idempotent.
 */
export type JournalRecord = { put: StoredRestApi } | { del: string } | { shared: SharedState };

export interface LoadedState {
  state: GatewayState;
  /** Complete journal records replayed on top of the snapshot. */
  journalRecords: number;
  /** Bytes of an unfinished last journal line (a write cut by a crash; never acknowledged). */
  tornTailBytes: number;
}

function readText(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) throw new StateFileError(file, 'is not a regular file');
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, ''); // editors on Windows add a BOM
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof StateFileError) throw err;
    throw new StateFileError(file, `cannot be read (${(err as Error).message})`);
  }
}

function parseJson(text: string, file: string, entry?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new StateFileError(file, `is not valid JSON — it may have been cut short (${(err as Error).message})`, entry);
  }
}

export function applyRecord(state: GatewayState, record: JournalRecord): void {
  if ('shared' in record) {
    for (const k of SHARED_KEYS) delete state[k];
    Object.assign(state, record.shared);
    return;
  }
  if ('del' in record) {
    state.restApis = state.restApis.filter((a) => a.id !== record.del);
    return;
  }
  const at = state.restApis.findIndex((a) => a.id === record.put.id);
  if (at >= 0) state.restApis[at] = record.put;
  else state.restApis.push(record.put);
}

/** Reads snapshot + journal without writing anything. */
export function readStateFiles(statePath: string): LoadedState {
  checkStatePath(statePath);
  const snapshotText = readText(statePath);
  if (snapshotText !== undefined && snapshotText.trim() === '') throw new StateFileError(statePath, 'is empty (it may have been cut short)');
  const state = snapshotText === undefined ? emptyState() : validateState(parseJson(snapshotText, statePath), statePath);

  const journalPath = journalPathOf(statePath);
  const journalText = readText(journalPath) ?? '';
  const lines = journalText.split('\n');
  const tornTail = lines.pop() ?? ''; // text after the last newline: a write cut short by a crash
  let records = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const entry = `line ${i + 1}`;
    const raw = parseJson(line, journalPath, entry) as Record<string, unknown>;
    if (raw && typeof raw === 'object' && typeof raw.del === 'string') {
      applyRecord(state, { del: raw.del });
    } else if (raw && typeof raw === 'object' && 'shared' in raw) {
      applyRecord(state, { shared: validateShared(raw.shared, journalPath, `${entry} shared`) });
    } else if (raw && typeof raw === 'object' && 'put' in raw) {
      applyRecord(state, { put: validateApi(raw.put, journalPath, `${entry} put`) });
    } else {
      throw new StateFileError(journalPath, 'is none of {"put":{...}}, {"del":"id"} and {"shared":{...}}', entry);
    }
    records++;
  });
  return { state, journalRecords: records, tornTailBytes: Buffer.byteLength(tornTail) };
}

/** Removes temp files a crashed gateway left beside the state file (call with the lock held). */
export function removeStaleTempFiles(statePath: string): string[] {
  const dir = path.dirname(statePath);
  const prefix = `.${path.basename(statePath)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const stale = names.filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
  for (const n of stale) rmSync(path.join(dir, n), { force: true });
  return stale;
}

/** Moves a state file the user chose not to repair aside as STATE.json.corrupt-<time>. */
export function moveStateAside(statePath: string): string[] {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const moved: string[] = [];
  for (const file of [statePath, journalPathOf(statePath)]) {
    const target = `${file}.corrupt-${stamp}`;
    try {
      renameSync(file, target);
      moved.push(target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return moved;
}
