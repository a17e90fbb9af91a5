// Words for a run's outcome and chunk count, shared by the console (webview) and the CLI's summary
// line. The protocol's outcome codes stay English; these are what the user reads.
import * as l10n from '@vscode/l10n';
import type { RunOutcome } from './timeline';

export function outcomeWord(outcome: RunOutcome): string {
  switch (outcome) {
    case 'complete': return l10n.t('complete');
    case 'aborted': return l10n.t('aborted');
    case 'error': return l10n.t('error');
    case 'timeout': return l10n.t('timeout');
    case 'idle-timeout': return l10n.t('idle timeout');
  }
}

/** "1 chunk", "2 chunks": whole phrases, since languages count differently. */
export function chunkCount(n: number): string {
  return n === 1 ? l10n.t('1 chunk') : l10n.t('{0} chunks', n.toLocaleString('en-US'));
}
