import * as vscode from 'vscode';
import type { StreamGateApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'streamgate.streamgate';

export async function getApi(): Promise<StreamGateApi> {
  const ext = vscode.extensions.getExtension<StreamGateApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in the test host`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** Polls until the predicate returns a truthy value or the time runs out. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 15_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) { last = err; }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('streamgate').update(key, value, vscode.ConfigurationTarget.Global);
}
