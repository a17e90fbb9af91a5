// The one place the webview talks to the host. Messages are typed by src/shared/protocol.ts.
import type { WebviewToHost } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

function vscode(): VsCodeApi {
  // acquireVsCodeApi may be called only once per webview.
  api ??= acquireVsCodeApi();
  return api;
}

export function post(message: WebviewToHost): void {
  vscode().postMessage(message);
}

export function loadState<T>(isValid: (x: unknown) => x is T): T | undefined {
  const s = vscode().getState();
  return isValid(s) ? s : undefined;
}

export function saveState(state: unknown): void {
  vscode().setState(state);
}
