// Which integration changes have not reached which stages yet. API Gateway cannot say what
// a stage serves without exporting it, so StreamGate remembers the changes it made itself
// (session-scoped) and the deployments it made since; the tree decorates the rest.
import type { TransferMode } from '../../shared/model';
import type { IntegrationRef } from './types';

interface Entry {
  ref: IntegrationRef;
  deployedTo: Set<string>;
  /** The mode before StreamGate's first change: what every stage is assumed to serve until deployed. */
  baseline?: TransferMode;
  /** The mode after the latest change. */
  latest?: TransferMode;
  /** stage → the mode of the deployment StreamGate made to it since. */
  servedBy: Map<string, TransferMode>;
}

const refKey = (ref: IntegrationRef) => `${ref.resourceId} ${ref.httpMethod.toUpperCase()}`;

export class UndeployedChanges {
  /** apiId → method key → the stages deployed since that method last changed. */
  private readonly byApi = new Map<string, Map<string, Entry>>();

  /** A change (or an undo) was applied: no stage serves it yet. Modes, when given, feed servedMode. */
  noteChange(ref: IntegrationRef, modes: { before?: TransferMode; after?: TransferMode } = {}): void {
    let api = this.byApi.get(ref.apiId);
    if (!api) this.byApi.set(ref.apiId, (api = new Map()));
    const previous = api.get(refKey(ref));
    api.set(refKey(ref), {
      ref, deployedTo: new Set(), baseline: previous ? previous.baseline : modes.before,
      latest: modes.after, servedBy: previous?.servedBy ?? new Map(),
    });
  }

  /** The API was deployed to a stage: that stage now serves every change so far. */
  noteDeploy(apiId: string, stageName: string): void {
    for (const entry of this.byApi.get(apiId)?.values() ?? []) {
      entry.deployedTo.add(stageName);
      if (entry.latest) entry.servedBy.set(stageName, entry.latest);
    }
  }

  /**
   * The mode `stageName` serves as far as StreamGate knows: its last deployment made here, else
   * the mode before the first change. undefined when StreamGate changed nothing (then the stage
   * is taken to serve the configuration).
   */
  servedMode(ref: IntegrationRef, stageName: string): TransferMode | undefined {
    const entry = this.byApi.get(ref.apiId)?.get(refKey(ref));
    return entry ? (entry.servedBy.get(stageName) ?? entry.baseline) : undefined;
  }

  /**
   * Whether the change is missing from `stageName`, or, without a stage, from every stage
   * (the "not deployed" mark: the change is live nowhere yet).
   */
  isUndeployed(ref: IntegrationRef, stageName?: string): boolean {
    const entry = this.byApi.get(ref.apiId)?.get(refKey(ref));
    if (!entry) return false;
    return stageName === undefined ? entry.deployedTo.size === 0 : !entry.deployedTo.has(stageName);
  }

  /** Changes of the API that `stageName` does not serve yet. */
  pendingFor(apiId: string, stageName: string): IntegrationRef[] {
    return [...(this.byApi.get(apiId)?.values() ?? [])].filter((e) => !e.deployedTo.has(stageName)).map((e) => e.ref);
  }

  /** Changes of the API that no stage serves yet (the count on the API's tree node). */
  pendingEverywhere(apiId: string): IntegrationRef[] {
    return [...(this.byApi.get(apiId)?.values() ?? [])].filter((e) => e.deployedTo.size === 0).map((e) => e.ref);
  }

  /** Forget an API (e.g. after a refresh from another connection). */
  forgetApi(apiId: string): void {
    this.byApi.delete(apiId);
  }
}
