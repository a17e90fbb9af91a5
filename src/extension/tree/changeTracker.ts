// Remembers what StreamGate changed in this session: an undo stack per integration (the exact
// settings before each change) and which APIs have changes not yet deployed.
import type { IntegrationRef } from '../../core/controlplane/types';
import type { IntegrationSettings } from '../../shared/model';

export function integrationKey(ref: IntegrationRef): string {
  return `${ref.apiId}/${ref.resourceId}/${ref.httpMethod}`;
}

export class ChangeTracker {
  private readonly undoStacks = new Map<string, IntegrationSettings[]>();
  /** apiId → keys of integrations changed since the last deployment of that API. */
  private readonly undeployed = new Map<string, Set<string>>();

  recordChange(ref: IntegrationRef, before: IntegrationSettings): void {
    const key = integrationKey(ref);
    const stack = this.undoStacks.get(key) ?? [];
    stack.push(before);
    this.undoStacks.set(key, stack);
    this.markUndeployed(ref);
  }

  /** The settings the next undo restores, without removing them (the undo may still fail). */
  peekUndo(ref: IntegrationRef): IntegrationSettings | undefined {
    return this.undoStacks.get(integrationKey(ref))?.at(-1);
  }

  /** Call after the undo succeeded. */
  popUndo(ref: IntegrationRef): void {
    this.undoStacks.get(integrationKey(ref))?.pop();
    this.markUndeployed(ref);
  }

  canUndo(ref: IntegrationRef): boolean {
    return (this.undoStacks.get(integrationKey(ref))?.length ?? 0) > 0;
  }

  isUndeployed(ref: IntegrationRef): boolean {
    return this.undeployed.get(ref.apiId)?.has(integrationKey(ref)) ?? false;
  }

  undeployedCount(apiId: string): number {
    return this.undeployed.get(apiId)?.size ?? 0;
  }

  markDeployed(apiId: string): void {
    this.undeployed.delete(apiId);
  }

  clear(): void {
    this.undoStacks.clear();
    this.undeployed.clear();
  }

  private markUndeployed(ref: IntegrationRef): void {
    const set = this.undeployed.get(ref.apiId) ?? new Set<string>();
    set.add(integrationKey(ref));
    this.undeployed.set(ref.apiId, set);
  }
}
