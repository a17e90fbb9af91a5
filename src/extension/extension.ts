// Activation: wire the layers together. Keep this small and cheap — the AWS SDK client, the
// local gateway and webviews start lazily on first use (the tree's first expansion).
import { createTraceReader } from './console/traceSources';
import { awsTraceReader, type AwsTraceSettings } from './console/awsTraceSource';
import { readSettings } from './platform/settings';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DoctorCommand, treeWarnings } from './commands/doctorCommand';
import { DEPLOY_PENDING_COMMAND } from './commands/deployNotice';
import { IntegrationCommands } from './commands/integrationCommands';
import type { StageModes } from './console/panel';
import { createStageModes } from './console/stageModes';
import { ConnectionManager } from './connection';
import { ConnectionStatusBar, SELECT_CONNECTION_COMMAND, selectConnection } from './connectionPicker';
import { registerConsole, type ConsoleController } from './console';
import { connectionInvokeTargets } from './console/paletteTargets';
import { HttpFileSupport, SELECT_HTTP_ENVIRONMENT_COMMAND, STREAM_HTTP_REQUEST_COMMAND } from './http/httpFiles';
import { LocalGatewayManager } from './local/localGatewayManager';
import { lastReportedError, registerCommand } from './platform/commands';
import { createLog, type StreamGateLog } from './platform/log';
import { onSettingsChange } from './platform/settingsChange';
import { ApisTreeProvider } from './tree/apisTreeProvider';
import { ErrorNode, LoadMoreNode, MethodItem } from './tree/nodes';
import { discoverTemplates, watchForTemplates } from './templates/discovery';
import { TemplateServer } from './templates/templateServer';
import { TemplateWriteBack } from './templates/templateWriteBack';

/** What the extension exports: used by the integration tests and by other extensions. */
export interface StreamGateApi {
  tree: ApisTreeProvider;
  view: vscode.TreeView<unknown>;
  log: StreamGateLog;
  local: LocalGatewayManager;
  connections: ConnectionManager;
  connectionStatus: ConnectionStatusBar;
  integrations: IntegrationCommands;
  doctor: DoctorCommand;
  console: ConsoleController;
  http: HttpFileSupport;
  templates: TemplateServer;
  writeBack: TemplateWriteBack;
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
  const log = createLog();
  // Access logs of the local gateway get their own channel, as CloudWatch log groups would.
  const gatewayLog = createLog('StreamGate Local Gateway');
  const local = new LocalGatewayManager(log, gatewayLog, path.join(context.logUri.fsPath, 'access-logs'), context.globalStorageUri.fsPath);
  const connections = new ConnectionManager(local, log);
  const connectionStatus = new ConnectionStatusBar(connections);
  const tree = new ApisTreeProvider(connections);
  tree.setDiagnose(treeWarnings);
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
  const templates = new TemplateServer(local, log);
  const writeBack = new TemplateWriteBack(templates);
  tree.setTemplateOrigins((m) => writeBack.originOf(m));
  const integrations = new IntegrationCommands(tree, () => consoleController, writeBack);
  const doctor = new DoctorCommand(tree, integrations);
  modes.current = createStageModes(connections, tree.tracker, {
    deploy: async (apiId, stage) => integrations.deploy(await integrations.apiNodeById(apiId), stage),
    explainArrival: async (target, stage, run) => { await doctor.explainArrival(target, stage, run); },
    explainTrace: async (target, stage, run, hop) => { await doctor.explainTrace(target, stage, run, hop); },
    enableAccessLog: async (target, stage) => (await import('./console/accessLogSetup')).enableAccessLogging(target, stage, awsTraceSettings()),
  });
  const http = new HttpFileSupport(context.workspaceState, () => consoleController);
  const command = (id: string, handler: (...args: never[]) => unknown) => registerCommand(log, id, handler);

  const rescanTemplates = async () => {
    const found = await discoverTemplates();
    await vscode.commands.executeCommand('setContext', 'streamgate.hasTemplates', found.length > 0);
    return found;
  };
  void rescanTemplates().catch((err: unknown) => log.warn(`Looking for templates failed: ${String(err)}`));

  context.subscriptions.push(
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
    command('streamgate.local.serveTemplate', (uri?: vscode.Uri) => templates.serve(uri instanceof vscode.Uri ? uri : undefined)),
    command('streamgate.templateWriteBack', (node: unknown, change: never) => {
      if (!(node instanceof MethodItem)) throw new Error('Select a method that came from a template first.');
      return writeBack.run(node, change);
    }),
    vscode.window.registerFileDecorationProvider(tree.decorations),
    connections.onDidChange(() => tree.refresh()),
    onSettingsChange({ reconnect: () => connections.reset(), localRunning: () => local.current !== undefined, restartLocal: () => local.restart(), log }),
    command('streamgate.showLog', () => log.show(true)),
    command('streamgate.refresh', () => { connections.reset(); }),
    command(SELECT_CONNECTION_COMMAND, () => selectConnection(local)),
    command('streamgate.local.start', () => local.startFromCommand()),
    command('streamgate.local.stop', () => local.stop()),
    command('streamgate.toggleStreaming', (node: unknown) => integrations.toggleStreaming(node)),
    command('streamgate.switchToStream', (node: unknown) => integrations.switchTo(node, 'STREAM')),
    command('streamgate.switchToBuffered', (node: unknown) => integrations.switchTo(node, 'BUFFERED')),
    command('streamgate.setTimeout', (node: unknown, value?: string | number) => integrations.setTimeout(node, value)),
    command('streamgate.deploy', (node: unknown, stage?: string) => integrations.deploy(node, stage)),
    command(DEPLOY_PENDING_COMMAND, async (apiId: unknown) => {
      if (typeof apiId !== 'string') throw new Error('Deploy from the REST APIs view: pick the API, then Deploy to Stage….');
      return integrations.deploy(await integrations.apiNodeById(apiId));
    }),
    command('streamgate.undo', (node: unknown) => integrations.undo(node)),
    command('streamgate.copyInvokeUrl', (node: unknown) => integrations.copyInvokeUrl(node)),
    command('streamgate.openInConsole', (node: unknown) => integrations.openInConsole(node)),
    command('streamgate.showIac', (node: unknown) => integrations.showIac(node)),
    command('streamgate.doctor', (node: unknown) => doctor.run(node)),
    command(STREAM_HTTP_REQUEST_COMMAND, (uri?: string, index?: number) => http.streamRequest(uri, index)),
    command(SELECT_HTTP_ENVIRONMENT_COMMAND, (uri?: string) => http.selectEnvironment(uri)),
    command('streamgate.retry', (node: unknown) => { if (node instanceof ErrorNode) node.retry(); }),
    command('streamgate.loadMore', (node: unknown) => (node instanceof LoadMoreNode ? node.loadMore() : undefined)),
  );
  log.info(`StreamGate ${context.extension.packageJSON.version} activated in ${(performance.now() - started).toFixed(1)} ms`);
  return {
    tree, view: view as vscode.TreeView<unknown>, log, local, connections, connectionStatus, integrations, doctor, console: consoleController,
    http, templates, writeBack, discoverTemplates: rescanTemplates,
    lastError: lastReportedError,
  };
}

export function deactivate(): void {}
