// Every command id the extension registers, in one place. No `vscode` import: the unit tier
// holds this list against package.json's contributes.commands and menus
// (test/unit/platform/commandTable.test.ts); src/extension/commandTable.ts gives each id its handler.
export const COMMAND = {
  refresh: 'streamgate.refresh',
  selectConnection: 'streamgate.selectConnection',
  startLocal: 'streamgate.local.start',
  stopLocal: 'streamgate.local.stop',
  serveTemplate: 'streamgate.local.serveTemplate',
  toggleStreaming: 'streamgate.toggleStreaming',
  switchToStream: 'streamgate.switchToStream',
  switchToBuffered: 'streamgate.switchToBuffered',
  setTimeout: 'streamgate.setTimeout',
  deploy: 'streamgate.deploy',
  deployPending: 'streamgate.deployPending',
  undo: 'streamgate.undo',
  copyInvokeUrl: 'streamgate.copyInvokeUrl',
  openInConsole: 'streamgate.openInConsole',
  showIac: 'streamgate.showIac',
  templateWriteBack: 'streamgate.templateWriteBack',
  doctor: 'streamgate.doctor',
  openConsole: 'streamgate.console.open',
  showLog: 'streamgate.showLog',
  loadMore: 'streamgate.loadMore',
  retry: 'streamgate.retry',
  streamHttpRequest: 'streamgate.http.streamRequest',
  selectHttpEnvironment: 'streamgate.http.selectEnvironment',
} as const;

export type CommandName = keyof typeof COMMAND;
export type CommandId = (typeof COMMAND)[CommandName];

/**
 * Registered but deliberately left out of contributes.commands (called only from code, links or
 * tree items, never from the palette or a menu). Empty today: every command is contributed, and
 * the palette hides the node-only ones through menus.commandPalette.
 */
export const INTERNAL_COMMANDS: readonly CommandId[] = [];
