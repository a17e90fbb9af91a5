// What the stage behind a console URL serves, read at every Send. Local gateway: exactly, from
// the stage's deployment (GetExport). AWS: the deployments StreamGate made or saw plus the changes
// not deployed since (ChangeTracker), since reading AWS's deployment needs more than StreamGate asks for.
import type { ConnectionManager } from '../connection';
import type { ChangeTracker } from '../tree/changeTracker';
import type { MethodTarget, RunMode, StoredRun } from '../../shared/protocol';
import type { StageModes } from './panel';
import type { TraceHop } from '../../shared/lanes';

export interface StageModeActions {
  deploy(apiId: string, stage: string): Promise<unknown>;
  explainArrival(target: MethodTarget, stage: string, run: StoredRun): Promise<void>;
  explainTrace(target: MethodTarget, stage: string, run: StoredRun, hop: TraceHop): Promise<void>;
  enableAccessLog(target: MethodTarget, stage: string): Promise<boolean>;
}

export function createStageModes(connections: ConnectionManager, tracker: ChangeTracker, actions: StageModeActions): StageModes {
  return {
    async resolve(target, stage): Promise<RunMode | undefined> {
      const state = await connections.resolve();
      if (state.status !== 'connected') return undefined;
      const { service, kind } = state.connection;
      const current = await service.getIntegration(target.apiId, target.resourceId, target.httpMethod);
      if (!current) return undefined;
      const configured = current.responseTransferMode;
      if (kind === 'local') {
        return { served: await service.deployedTransferMode(target.apiId, stage, target.path, target.httpMethod), configured, stage, exact: true };
      }
      const ref = { apiId: target.apiId, resourceId: target.resourceId, httpMethod: target.httpMethod };
      return { served: tracker.servedMode(ref, stage) ?? configured, configured, stage, exact: false };
    },
    deploy: async (target, stage) => { await actions.deploy(target.apiId, stage); },
    explainArrival: (target, stage, run) => actions.explainArrival(target, stage, run),
    explainTrace: (target, stage, run, hop) => actions.explainTrace(target, stage, run, hop),
    enableAccessLog: (target, stage) => actions.enableAccessLog(target, stage),
  };
}
