// Words for a run's transfer mode (RunMode, recorded at Send), the same in the status line,
// history, Compare and exports: the mode the stage served, and the configuration when it differs.
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
  if (mode.served === null) return `${mode.configured} configured — what ${mode.stage} serves is unknown`;
  if (modeDiffers(mode)) return `${mode.configured} configured, not deployed — ${mode.stage} still serves ${mode.served}`;
  return `${mode.stage} serves ${mode.served}${mode.exact ? '' : ' (from the deployments StreamGate made or saw)'}`;
}
