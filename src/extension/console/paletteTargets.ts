// The console's Target list when it opens without a method (command palette, view title): every
// stage × method of the connected account or local gateway, so the URL field is never empty.
import { listInvokeTargets } from '../../core/controlplane/invokeTargets';
import type { InvokeTarget } from '../../shared/protocol';
import type { ConnectionManager } from '../connection';

export async function connectionInvokeTargets(connections: ConnectionManager, log: { warn(message: string): void }): Promise<InvokeTarget[]> {
  try {
    const state = await connections.resolve();
    if (state.status !== 'connected') return [];
    const { targets, truncated } = await listInvokeTargets(state.connection);
    if (truncated) log.warn(`console: listed the first ${targets.length} invoke targets of ${state.connection.label}; open a method from the tree for others`);
    return targets;
  } catch (err) {
    // The console still opens (with an empty Target list); the tree shows the connection error.
    log.warn(`console: could not list invoke targets: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
