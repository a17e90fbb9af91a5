// The words the console shows for a run: its status line, whether it failed, its mode and
// arrival. Pure functions over RunData, shared by the live view and runs opened from history.
import { arrivalLabel } from '../src/shared/arrival';
import { describeMode, servedMode } from '../src/shared/runMode';
import type { HistoryEntry, RunSummary } from '../src/shared/protocol';
import { fmtMs, plural } from './dom';
import type { RunData } from './state/runData';

/** A run failed when the transport failed or the server answered with an error status. */
export function isErrorSummary(s: Pick<RunSummary, 'outcome' | 'status'>): boolean {
  return s.outcome !== 'complete' || (s.status !== null && s.status >= 400);
}

/** "GET /chat" from the title the tree gave (it already holds the method), else method and URL. */
export function requestHead(method: string, url: string, title: string | undefined): string {
  if (title) return title.toUpperCase().startsWith(`${method.toUpperCase()} `) ? title : `${method} ${title}`;
  return `${method} ${url}`;
}

/** AWS streams the first 10 MB of a response at full speed and throttles the rest to about 2 MB/s. */
export const UNTHROTTLED_STREAM_BYTES = 10 * 1024 * 1024;

/** When the run's body went past 10 MB (ms since the request started), or undefined. */
export function crossed10MbAtMs(run: Pick<RunData, 'count' | 'atMs' | 'bytes'>): number | undefined {
  let total = 0;
  for (let i = 0; i < run.count; i++) {
    total += run.bytes(i);
    if (total > UNTHROTTLED_STREAM_BYTES) return run.atMs(i);
  }
  return undefined;
}

export function describeRun(run: RunData | undefined): string {
  if (!run) return 'Ready.';
  const head = requestHead(run.request.method, run.request.url, run.title);
  const mode = servedMode(run.mode);
  const status = run.status === null ? '' : ` → ${run.status}`;
  if (run.live) return `${head}${mode ? ` · ${mode}` : ''}${status} · receiving… ${plural(run.count, 'chunk')}`;
  const e = run.ended!;
  const s = e.summary;
  const lost = run.seqGaps > 0 ? ` · ${plural(run.seqGaps, 'chunk')} missing` : '';
  if (isErrorSummary(s)) {
    const reason = s.errorReason ?? e.error ?? s.outcome;
    const what = s.outcome === 'complete' ? 'failed' : s.outcome;
    return `${head}${status} · ${what}: ${reason}${lost}`;
  }
  const arrival = s.arrival ? ` · ${arrivalLabel(s.arrival)}` : '';
  const crossedAt = crossed10MbAtMs(run);
  const past10Mb = crossedAt === undefined ? '' : ` · crossed 10 MB at ${fmtMs(crossedAt)} (AWS throttles STREAM to ~2 MB/s after it)`;
  return `${head}${mode ? ` · ${mode}` : ''}${status} · done in ${fmtMs(s.endMs)} · ${plural(s.chunkCount, 'chunk')}${arrival}${past10Mb}${lost}`;
}

export function describeRunMode(run: RunData | undefined): string {
  return run ? describeMode(run.mode) : '';
}

/** The badge history and Compare show: the served mode and how the run arrived. */
export function modeBadge(s: RunSummary): string {
  const mode = servedMode(s.mode);
  const arrival = s.arrival === 'streamed' ? 'streamed' : s.arrival === 'buffered' ? 'buffered' : '';
  if (isErrorSummary(s)) return [mode, 'error'].filter(Boolean).join(' · ');
  return [mode, arrival && `arrived ${arrival}`].filter(Boolean).join(' · ');
}

export function historyHead(e: HistoryEntry): string {
  return requestHead(e.method, e.url, e.title);
}
