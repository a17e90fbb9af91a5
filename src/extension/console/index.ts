// The request console's entry point for extension.ts: registers its command and hands out the
// controller the tree and integration tests use to open (and drive) the console.
import * as vscode from 'vscode';
import type { InvokeTarget, RunSummary } from '../../shared/protocol';
import type { TransferMode } from '../../shared/model';
import { registerCommand } from '../platform/commands';
import { readSettings } from '../platform/settings';
import type { ConsolePanel } from './panel';
import { RunHistory } from './runHistory';

export type { RunSummary } from '../../shared/protocol';

export const OPEN_CONSOLE_COMMAND = 'streamgate.console.open';

export interface ConsolePrefill {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  title?: string;
  invokeTargets?: InvokeTarget[];
  /** The integration's configured mode; recorded with each run sent to this URL (for compare). */
  transferMode?: TransferMode;
}

export interface ConsolePanelHandle {
  /** Sends the console's current request and resolves with the run's summary when it ends. */
  send(): Promise<RunSummary>;
  readonly panel: vscode.WebviewPanel;
  lastRun(): RunSummary | undefined;
}

export interface ConsoleController {
  open(prefill?: ConsolePrefill): Promise<ConsolePanelHandle>;
}

export interface ConsoleDeps {
  log: vscode.LogOutputChannel;
  /** Every invoke target of the current connection, for a console opened without a prefill. */
  defaultTargets?: () => Promise<InvokeTarget[]>;
}

/**
 * A prefill passed by code. The view title's button passes the tree's selected node instead
 * (a MethodItem has a `method` object), which must not be read as a request.
 */
function isConsolePrefill(value: unknown): value is ConsolePrefill {
  if (typeof value !== 'object' || value === null || 'kind' in value) return false;
  const v = value as Record<string, unknown>;
  return ['url', 'method', 'body', 'title'].every((k) => v[k] === undefined || typeof v[k] === 'string');
}

export function registerConsole(context: vscode.ExtensionContext, deps: ConsoleDeps): ConsoleController {
  const history = new RunHistory(context.workspaceState, () => readSettings().console.historySize);
  let current: ConsolePanel | undefined;

  const handleOf = (p: ConsolePanel): ConsolePanelHandle => ({
    send: () => p.send(),
    panel: p.panel,
    lastRun: () => p.lastRun(),
  });

  const controller: ConsoleController = {
    async open(prefill = {}) {
      // One console: opening again (e.g. from another tree node) reuses it with the new request.
      if (current) {
        await current.update(prefill);
        return handleOf(current);
      }
      // Loaded on first use: the panel pulls in the streaming engine (undici), which activation
      // should not pay for.
      const { ConsolePanel } = await import('./panel');
      const panel = new ConsolePanel({ context, log: deps.log, history }, prefill, () => {
        if (current === panel) current = undefined;
      });
      current = panel;
      return handleOf(panel);
    },
  };

  context.subscriptions.push(
    registerCommand(deps.log, OPEN_CONSOLE_COMMAND, async (prefill?: ConsolePrefill) => {
      // Commands from the palette get no argument; from other code they may pass a prefill.
      // Returns the panel handle so scripts and tests can drive the console.
      if (isConsolePrefill(prefill)) return controller.open(prefill);
      const invokeTargets = (await deps.defaultTargets?.()) ?? [];
      // A fresh console starts on the first target; an open one keeps its request and gains the list.
      return controller.open(current ? { invokeTargets } : { url: invokeTargets[0]?.url, invokeTargets });
    }),
    { dispose: () => current?.panel.dispose() },
  );
  return controller;
}
