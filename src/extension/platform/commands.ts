// Every command goes through one wrapper: it logs the call, turns errors into one readable
// message with an action, and never lets a secret reach the log.
import * as vscode from 'vscode';
import { redactText } from '../../shared/redact';

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

export function errorMessage(err: unknown): string {
  return redactText(err instanceof Error ? err.message : String(err));
}

export function reportError(log: vscode.LogOutputChannel, context: string, err: unknown): void {
  const message = errorMessage(err);
  log.error(`${context}: ${message}`);
  void vscode.window.showErrorMessage(`StreamGate: ${message}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show(true);
  });
}
