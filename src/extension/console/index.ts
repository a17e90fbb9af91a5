// The request console's entry point for extension.ts: registers its command and the serializer
// that restores the console tab after a window reload, and hands out the controller the tree
// and integration tests use to open (and drive) the console.
import type { TraceReader } from './runTrace';
import type { TraceLanes } from '../../shared/lanes';
import * as vscode from 'vscode';
import { isSavedConsoleState, type ConsoleOpenOptions, type InvokeTarget, type RunSummary } from '../../shared/protocol';
import { readSettings } from '../platform/settings';
import type { FunctionTraceLookup } from './functionLogs';
import type { ConsolePanel, StageModes } from './panel';
import { RunHistory } from './runHistory';

export type { RunSummary, ConsoleOpenOptions } from '../../shared/protocol';

/** Must match panel.ts CONSOLE_VIEW_TYPE (kept here so activation does not load the panel module). */
const CONSOLE_VIEW_TYPE = 'streamgate.console';

export interface ConsolePanelHandle {
  /** Sends the console's current request and resolves with the run's summary when it ends (undefined when the user cancelled). */
  send(): Promise<RunSummary | undefined>;
  readonly panel: vscode.WebviewPanel;
  lastRun(): RunSummary | undefined;
  /** The last run's lanes once its trace was read (undefined when there were none). */
  lastRunTrace(): Promise<TraceLanes | undefined>;
}

export interface ConsoleController {
  open(options?: ConsoleOpenOptions): Promise<ConsolePanelHandle>;
  /** The open console, if any (e.g. one VS Code restored after a reload). */
  current(): ConsolePanelHandle | undefined;
  /** The streamgate.console.open command: options from code, or (from the palette) the connection's targets. */
  openFromCommand(options?: unknown): Promise<ConsolePanelHandle>;
}

export interface ConsoleDeps {
  log: vscode.LogOutputChannel;
  /** What stages serve; set once the tree exists. */
  modes?: () => StageModes | undefined;
  /** Every invoke target of the current connection, for a console opened without a prefill. */
  defaultTargets?: () => Promise<InvokeTarget[]>;
  /** The local gateway's per-request function output (the console's Logs tab). */
  functionTrace?: FunctionTraceLookup;
  /** The local gateway's reason for an error response, by its x-amzn-RequestId. */
  gatewayErrorDetail?: (requestId: string) => string | undefined;
  /** Reads a run's request trace for the Hops view. */
  readTrace?: TraceReader;
}

/**
 * Options passed by code. The view title's button passes the tree's selected node instead
 * (a MethodItem has a `method` object), which must not be read as a request.
 */
function isConsoleOptions(value: unknown): value is ConsoleOpenOptions {
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
    lastRunTrace: () => p.lastRunTrace(),
  });

  // Loaded on first use: the panel pulls in the streaming engine (undici), which activation
  // should not pay for.
  const adopt = async (make: (m: typeof import('./panel')) => vscode.WebviewPanel, options: ConsoleOpenOptions): Promise<ConsolePanel> => {
    const m = await import('./panel');
    const panel: ConsolePanel = new m.ConsolePanel(make(m), { context, log: deps.log, history, modes: deps.modes?.(), functionTrace: deps.functionTrace, gatewayErrorDetail: deps.gatewayErrorDetail, readTrace: deps.readTrace }, options, () => {
      if (current === panel) current = undefined;
    });
    current = panel;
    return panel;
  };

  const controller: ConsoleController = {
    async open(options = {}) {
      // One console: opening again (e.g. from another tree node) reuses it with the new request.
      if (current) {
        await current.update(options);
        return handleOf(current);
      }
      return handleOf(await adopt((m) => m.createConsoleWebviewPanel(context, options.title), options));
    },
    current: () => (current ? handleOf(current) : undefined),
    async openFromCommand(options) {
      // Commands from the palette get no argument; from other code they may pass options.
      // Returns the panel handle so scripts and tests can drive the console.
      if (isConsoleOptions(options)) return controller.open(options);
      const invokeTargets = (await deps.defaultTargets?.()) ?? [];
      // A fresh console starts on the first target; an open one keeps its request and gains the list.
      return controller.open(current ? { invokeTargets } : { url: invokeTargets[0]?.url, invokeTargets });
    },
  };

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(CONSOLE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        // The webview saved its draft, prefill and targets; anything else is dropped.
        const saved = isSavedConsoleState(state) ? state : undefined;
        if (current) { panel.dispose(); return; }
        // The opened method's title names the request only while the URL is still the one it was opened with.
        const prefill = saved?.prefill && saved.prefill.url !== saved.draft.url ? { ...saved.prefill, title: undefined } : saved?.prefill;
        const options: ConsoleOpenOptions = { ...(prefill ?? {}), invokeTargets: saved?.invokeTargets, ...(saved ? { url: saved.draft.url, method: saved.draft.method } : {}) };
        await adopt(() => panel, options);
        deps.log.info('console: restored after a window reload');
      },
    }),
    { dispose: () => current?.panel.dispose() },
  );
  return controller;
}
