// The one table that registers every command: each id in commandIds.ts gets its handler here
// (the Record type makes a missing or unknown id a compile error), and registerCommands wraps
// every handler the same way (platform/commands.ts: logging, readable errors, no secrets).
import * as vscode from 'vscode';
import type { DoctorCommand } from './commands/doctorCommand';
import type { IntegrationCommands } from './commands/integrationCommands';
import { COMMAND, type CommandId } from './commandIds';
import type { ConnectionManager } from './connection';
import { selectConnection } from './connectionPicker';
import type { ConsoleController } from './console';
import type { HttpFileSupport } from './http/httpFiles';
import type { LocalGatewayManager } from './local/localGatewayManager';
import { registerCommand, type CommandHandler } from './platform/commands';
import type { StreamGateLog } from './platform/log';
import type { TemplateServer } from './templates/templateServer';
import type { TemplateWriteBack } from './templates/templateWriteBack';
import { ErrorNode, LoadMoreNode, MethodItem } from './tree/nodes';

/** What the handlers call: the parts activate() builds. */
export interface CommandParts {
  log: StreamGateLog;
  local: LocalGatewayManager;
  connections: ConnectionManager;
  integrations: IntegrationCommands;
  doctor: DoctorCommand;
  console: ConsoleController;
  http: HttpFileSupport;
  templates: TemplateServer;
  writeBack: TemplateWriteBack;
}

export function commandTable(p: CommandParts): Record<CommandId, CommandHandler> {
  const { integrations } = p;
  return {
    [COMMAND.refresh]: () => { p.connections.reset(); },
    [COMMAND.selectConnection]: () => selectConnection(p.local),
    [COMMAND.startLocal]: () => p.local.startFromCommand(),
    [COMMAND.stopLocal]: () => p.local.stop(),
    [COMMAND.serveTemplate]: (uri?: unknown) => p.templates.serve(uri instanceof vscode.Uri ? uri : undefined),
    [COMMAND.toggleStreaming]: (node: unknown) => integrations.toggleStreaming(node),
    [COMMAND.switchToStream]: (node: unknown) => integrations.switchTo(node, 'STREAM'),
    [COMMAND.switchToBuffered]: (node: unknown) => integrations.switchTo(node, 'BUFFERED'),
    [COMMAND.setTimeout]: (node: unknown, value?: string | number) => integrations.setTimeout(node, value),
    [COMMAND.deploy]: (node: unknown, stage?: string) => integrations.deploy(node, stage),
    [COMMAND.deployPending]: async (apiId: unknown) => {
      if (typeof apiId !== 'string') throw new Error(vscode.l10n.t('Deploy from the REST APIs view: pick the API, then Deploy to Stage….'));
      return integrations.deploy(await integrations.apiNodeById(apiId));
    },
    [COMMAND.undo]: (node: unknown) => integrations.undo(node),
    [COMMAND.copyInvokeUrl]: (node: unknown) => integrations.copyInvokeUrl(node),
    [COMMAND.openInConsole]: (node: unknown) => integrations.openInConsole(node),
    [COMMAND.showIac]: (node: unknown) => integrations.showIac(node),
    [COMMAND.templateWriteBack]: (node: unknown, change: never) => {
      if (!(node instanceof MethodItem)) throw new Error(vscode.l10n.t('Select a method that came from a template first.'));
      return p.writeBack.run(node, change);
    },
    [COMMAND.doctor]: (node: unknown) => p.doctor.run(node),
    [COMMAND.openConsole]: (options?: unknown) => p.console.openFromCommand(options),
    [COMMAND.showLog]: () => p.log.show(true),
    [COMMAND.loadMore]: (node: unknown) => (node instanceof LoadMoreNode ? node.loadMore() : undefined),
    [COMMAND.retry]: (node: unknown) => { if (node instanceof ErrorNode) node.retry(); },
    [COMMAND.streamHttpRequest]: (uri?: string, index?: number) => p.http.streamRequest(uri, index),
    [COMMAND.selectHttpEnvironment]: (uri?: string) => p.http.selectEnvironment(uri),
  };
}

export function registerCommands(log: StreamGateLog, table: Record<CommandId, CommandHandler>): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) => registerCommand(log, id, handler));
}
