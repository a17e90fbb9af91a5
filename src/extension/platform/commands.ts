// Every command goes through one wrapper: it logs the call, turns errors into one readable
// message with an action, and never lets a secret reach the log.
import * as vscode from 'vscode';
import { describeAwsError } from '../../core/controlplane/errors';
import { redactText } from '../../shared/redact';
import { readSettings } from './settings';

export type CommandHandler = (...args: never[]) => unknown;

export function registerCommand(log: vscode.LogOutputChannel, id: string, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    const started = performance.now();
    log.debug(`${id} started`);
    try {
      const result = await (handler as (...a: unknown[]) => unknown)(...args);
      log.info(`${id} done in ${(performance.now() - started).toFixed(0)} ms`);
      return result;
    } catch (err) {
      reportError(log, id, err);
      return undefined;
    }
  });
}

let lastError: string | undefined;

/** The last error shown to the user (tests read it; the message is already redacted). */
export function lastReportedError(): string | undefined {
  return lastError;
}

export function reportError(log: vscode.LogOutputChannel, context: string, err: unknown): void {
  const described = describeAwsError(err);
  const message = redactText(described.message);
  lastError = message;
  log.error(`${context}: ${message}`);
  const showLog = vscode.l10n.t('Show Log');
  const signIn = vscode.l10n.t('Sign In (aws sso login)');
  const actions = described.kind === 'expired-credentials' ? [signIn, showLog] : [showLog];
  void vscode.window.showErrorMessage(`StreamGate: ${message}`, ...actions).then((choice) => {
    if (choice === showLog) log.show(true);
    if (choice === signIn) {
      const profile = readSettings().profile;
      const terminal = vscode.window.createTerminal(vscode.l10n.t('StreamGate: AWS sign-in'));
      terminal.show();
      terminal.sendText(`aws sso login${profile ? ` --profile ${profile}` : ''}`);
    }
  });
}
