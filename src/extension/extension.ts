// Activation: wire the layers together. Keep this small and cheap — the AWS SDK client, the
// local gateway and webviews start lazily on first use (the tree's first expansion).
import { createTraceReader } from './console/traceSources';
import { awsTraceReader, type AwsTraceSettings } from './console/awsTraceSource';
import { readSettings } from './platform/settings';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { DoctorCommand } from './commands/doctorCommand';
import { IntegrationCommands } from './commands/integrationCommands';
import { commandTable, registerCommands, type CommandParts } from './commandTable';
import type { StageModes } from './console/panel';
import { createStageModes } from './console/stageModes';
import { ConnectionManager } from './connection';
import { ConnectionStatusBar } from './connectionPicker';
import { registerConsole, type ConsoleOpenOptions } from './console';
import { connectionInvokeTargets } from './console/paletteTargets';
import { HttpFileSupport } from './http/httpFiles';
import { LocalGatewayManager } from './local/localGatewayManager';
import { lastReportedError } from './platform/commands';
import { createLog } from './platform/log';
import { onSettingsChange } from './platform/settingsChange';
import { ApisTreeProvider } from './tree/apisTreeProvider';
import { discoverTemplates, watchForTemplates } from './templates/discovery';
import { TemplateServer } from './templates/templateServer';
import { TemplateWriteBack } from './templates/templateWriteBack';

const TEMPLATE_SCAN_IDLE_MS = 3000;

function once(f: () => void): () => void {
  let done = false;
  return () => { if (!done) { done = true; f(); } };
}

/** What the extension exports to other extensions: small and stable. */
export interface StreamGateApi {
  /** Opens the request console (or reuses the open one) with an optional prefilled request. */
  openConsole(options?: ConsoleOpenOptions): Promise<void>;
  /** The embedded local gateway's base URL while it runs. */
  localGatewayUrl(): string | undefined;
  /** Only when VS Code runs the extension's tests (ExtensionMode.Test): the parts they drive. */
  readonly testHooks?: StreamGateTestHooks;
}

/**
 * The extension's insides, for test/integration only (never exported outside ExtensionMode.Test):
 * the parts the command table calls, plus the tree, its view and the status bar.
 */
export interface StreamGateTestHooks extends CommandParts {
  tree: ApisTreeProvider;
  view: vscode.TreeView<unknown>;
  connectionStatus: ConnectionStatusBar;
  /** Re-scans the workspace for templates and updates the view-title action; returns what it found. */
  discoverTemplates(): ReturnType<typeof discoverTemplates>;
  lastError(): string | undefined;
}

/** The AWS connection's region, profile and endpoint, read when a trace is (the settings may change). */
function awsTraceSettings(): AwsTraceSettings {
  const s = readSettings();
  return { region: s.region, ...(s.profile ? { profile: s.profile } : {}), ...(s.endpoint ? { endpoint: s.endpoint } : {}) };
}

export function activate(context: vscode.ExtensionContext): StreamGateApi {
  const started = performance.now();
  // Core code words its messages through @vscode/l10n: give it the bundle VS Code picked.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = createLog();
  // Access logs of the local gateway get their own channel, as CloudWatch log groups would.
  const gatewayLog = createLog('StreamGate Local Gateway');
  const local = new LocalGatewayManager(log, gatewayLog, path.join(context.logUri.fsPath, 'access-logs'), context.globalStorageUri.fsPath);
  const connections = new ConnectionManager(local, log);
  const connectionStatus = new ConnectionStatusBar(connections);
  const templates = new TemplateServer(local, log);
  const writeBack = new TemplateWriteBack(templates);
  const tree = new ApisTreeProvider(connections, (m) => writeBack.originOf(m));
  const view = vscode.window.createTreeView('streamgate.apis', { treeDataProvider: tree, showCollapseAll: true });
  // The console is registered first (its serializer must exist when VS Code restores the tab);
  // what stages serve comes from the tree, built just below.
  const modes: { current?: StageModes } = {};
  const consoleController = registerConsole(context, {
    log, modes: () => modes.current, defaultTargets: () => connectionInvokeTargets(connections, log),
    functionTrace: (requestId) => local.current?.functionTrace(requestId),
    gatewayErrorDetail: (requestId) => local.current?.errorDetail(requestId),
    readTrace: createTraceReader({
      connectionKind: async () => { const s = await connections.resolve(); return s.status === 'connected' ? s.connection.kind : undefined; },
      localTrace: (requestId) => local.current?.requestTrace(requestId),
      awsTrace: awsTraceReader(awsTraceSettings),
    }),
  });
  const integrations = new IntegrationCommands(tree, () => consoleController, writeBack);
  const doctor = new DoctorCommand(tree, integrations);
  modes.current = createStageModes(connections, tree.tracker, {
    deploy: async (apiId, stage) => integrations.deploy(await integrations.apiNodeById(apiId), stage),
    explainArrival: async (target, stage, run) => { await doctor.explainArrival(target, stage, run); },
    explainTrace: async (target, stage, run, hop) => { await doctor.explainTrace(target, stage, run, hop); },
    enableAccessLog: async (target, stage) => (await import('./console/accessLogSetup')).enableAccessLogging(target, stage, awsTraceSettings()),
  });
  const http = new HttpFileSupport(context.workspaceState, () => consoleController);

  const rescanTemplates = async () => {
    const found = await discoverTemplates();
    await vscode.commands.executeCommand('setContext', 'streamgate.hasTemplates', found.length > 0);
    return found;
  };
  // Scanning the workspace (findFiles over every folder) is not what the first view needs: it
  // waits for the tree's first render, or for the extension host to be idle a while when the
  // view stays hidden (activation by a .http file or a restored console tab).
  const startScan = once(() => {
    clearTimeout(scan);
    void rescanTemplates().catch((err: unknown) => log.warn(`Looking for templates failed: ${String(err)}`));
  });
  const scan = setTimeout(startScan, TEMPLATE_SCAN_IDLE_MS);
  void tree.firstRender.then(() => setTimeout(startScan, 0));

  context.subscriptions.push(
    { dispose: () => clearTimeout(scan) },
    log, local, connections, connectionStatus, tree, view, integrations, http, templates,
    templates.onDidChange((apis) => {
      // A (re)import deploys the template's APIs to their stages: nothing there is undeployed any more.
      for (const a of apis) {
        for (const stage of a.stages) tree.tracker.markDeployed(a.apiId, stage);
        integrations.notices.withdraw(a.apiId);
      }
      tree.refresh();
    }),
    watchForTemplates(() => void rescanTemplates()),
    vscode.window.registerFileDecorationProvider(tree.decorations),
    connections.onDidChange(() => tree.refresh()),
    onSettingsChange({ reconnect: () => connections.reset(), localRunning: () => local.current !== undefined, restartLocal: () => local.restart(), log }),
    ...registerCommands(log, commandTable({ log, local, connections, integrations, doctor, console: consoleController, http, templates, writeBack })),
  );
  // A User Timing entry (also in CPU profiles): the activation bench splits VS Code's ext.activate() with it.
  const activated = performance.measure('streamgate.activate', { start: started });
  log.info(`StreamGate ${context.extension.packageJSON.version} activated in ${activated.duration.toFixed(1)} ms`);
  const api: StreamGateApi = {
    async openConsole(options) { await consoleController.open(options); },
    localGatewayUrl: () => local.current?.url,
  };
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  const testHooks: StreamGateTestHooks = {
    tree, view: view as vscode.TreeView<unknown>, log, local, connections, connectionStatus, integrations, doctor, console: consoleController,
    http, templates, writeBack, discoverTemplates: rescanTemplates,
    lastError: lastReportedError,
  };
  return { ...api, testHooks };
}

export function deactivate(): void {}
