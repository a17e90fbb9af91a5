// Words for a run's transfer mode (RunMode, recorded at Send), the same in the status line,
// history, Compare and exports: the mode the stage served, and the configuration when it differs.
import * as l10n from '@vscode/l10n';
import type { TransferMode } from './model';
import type { RunMode } from './protocol';

/** The mode to label the run with: what the stage served (the configuration when unknown). */
export function servedMode(mode: RunMode | undefined): TransferMode | undefined {
  return mode ? (mode.served ?? mode.configured) : undefined;
}

export function modeDiffers(mode: RunMode | undefined): boolean {
  return mode !== undefined && mode.served !== null && mode.served !== mode.configured;
}

/** e.g. "STREAM configured, not deployed — dev still serves BUFFERED", or "dev serves STREAM". */
export function describeMode(mode: RunMode | undefined): string {
  if (!mode) return '';
  if (mode.served === null) return l10n.t('{0} configured — what {1} serves is unknown', mode.configured, mode.stage);
  if (modeDiffers(mode)) return l10n.t('{0} configured, not deployed — {1} still serves {2}', mode.configured, mode.stage, mode.served);
  return mode.exact ? l10n.t('{0} serves {1}', mode.stage, mode.served) : l10n.t('{0} serves {1} (from the deployments StreamGate made or saw)', mode.stage, mode.served);
}
