// Remembers what StreamGate changed in this session: an undo stack per integration (the exact
// settings before each change), and — through the core's UndeployedChanges — which changes
// have not reached which stages yet.
import { UndeployedChanges } from '../../core/controlplane/undeployed';
import type { IntegrationRef } from '../../core/controlplane/types';
import type { IntegrationSettings } from '../../shared/model';

export function integrationKey(ref: IntegrationRef): string {
  return `${ref.apiId}/${ref.resourceId}/${ref.httpMethod}`;
}

export class ChangeTracker {
  private readonly undoStacks = new Map<string, IntegrationSettings[]>();
  private readonly undeployed = new UndeployedChanges();

  recordChange(ref: IntegrationRef, before: IntegrationSettings, after?: IntegrationSettings): void {
    const key = integrationKey(ref);
    const stack = this.undoStacks.get(key) ?? [];
    stack.push(before);
    this.undoStacks.set(key, stack);
    this.undeployed.noteChange(ref, { before: before.responseTransferMode, after: after?.responseTransferMode });
  }

  /** The settings the next undo restores, without removing them (the undo may still fail). */
  peekUndo(ref: IntegrationRef): IntegrationSettings | undefined {
    return this.undoStacks.get(integrationKey(ref))?.at(-1);
  }

  /** Call after the undo succeeded: the undo itself is a change no stage serves yet. */
  popUndo(ref: IntegrationRef, restored?: IntegrationSettings): void {
    this.undoStacks.get(integrationKey(ref))?.pop();
    this.undeployed.noteChange(ref, { after: restored?.responseTransferMode });
  }

  /** What a stage serves as far as StreamGate saw (AWS cannot say without an export). */
  servedMode(ref: IntegrationRef, stageName: string): IntegrationSettings['responseTransferMode'] | undefined {
    return this.undeployed.servedMode(ref, stageName);
  }

  canUndo(ref: IntegrationRef): boolean {
    return (this.undoStacks.get(integrationKey(ref))?.length ?? 0) > 0;
  }

  /** Changed and deployed to no stage yet (the "not deployed" mark). */
  isUndeployed(ref: IntegrationRef): boolean {
    return this.undeployed.isUndeployed(ref);
  }

  undeployedCount(apiId: string): number {
    return this.undeployed.pendingEverywhere(apiId).length;
  }

  /** Changes of the API that this stage does not serve yet. */
  pendingFor(apiId: string, stageName: string): number {
    return this.undeployed.pendingFor(apiId, stageName).length;
  }

  markDeployed(apiId: string, stageName: string): void {
    this.undeployed.noteDeploy(apiId, stageName);
  }
}
