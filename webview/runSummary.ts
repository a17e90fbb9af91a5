// The words the console shows for a run: its status line, whether it failed, its mode and
// arrival. Pure functions over RunData, shared by the live view and runs opened from history.
import { arrivalLabel } from '../src/shared/arrival';
import { describeMode, servedMode } from '../src/shared/runMode';
import type { HistoryEntry, RunSummary } from '../src/shared/protocol';
import { fmtMs } from './dom';
import { chunkCount as chunks, outcomeWord } from '../src/shared/outcomeWords';

import * as l10n from '@vscode/l10n';
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
  if (!run) return l10n.t('Ready.');
  const head = requestHead(run.request.method, run.request.url, run.title);
  const mode = servedMode(run.mode);
  const status = run.status === null ? '' : ` → ${run.status}`;
  if (run.live) return `${head}${mode ? ` · ${mode}` : ''}${status} · ${l10n.t('receiving… {0}', chunks(run.count))}`;
  const e = run.ended!;
  const s = e.summary;
  const lost = run.seqGaps > 0 ? ` · ${l10n.t('{0} missing', chunks(run.seqGaps))}` : '';
  if (isErrorSummary(s)) {
    const reason = s.errorReason ?? e.error ?? s.outcome;
    const what = s.outcome === 'complete' ? l10n.t('failed') : outcomeWord(s.outcome);
    return `${head}${status} · ${what}: ${reason}${lost}`;
  }
  const arrival = s.arrival ? ` · ${arrivalLabel(s.arrival)}` : '';
  const crossedAt = crossed10MbAtMs(run);
  const past10Mb = crossedAt === undefined ? '' : ` · ${l10n.t('crossed 10 MB at {0} (AWS throttles STREAM to ~2 MB/s after it)', fmtMs(crossedAt))}`;
  return `${head}${mode ? ` · ${mode}` : ''}${status} · ${l10n.t('done in {0}', fmtMs(s.endMs))} · ${chunks(s.chunkCount)}${arrival}${past10Mb}${lost}`;
}

export function describeRunMode(run: RunData | undefined): string {
  return run ? describeMode(run.mode) : '';
}

/** The badge history and Compare show: the served mode and how the run arrived. */
export function modeBadge(s: RunSummary): string {
  const mode = servedMode(s.mode);
  if (isErrorSummary(s)) return [mode, l10n.t('error')].filter(Boolean).join(' · ');
  return [mode, arrivalLabel(s.arrival)].filter(Boolean).join(' · ');
}

export function historyHead(e: HistoryEntry): string {
  return requestHead(e.method, e.url, e.title);
}
