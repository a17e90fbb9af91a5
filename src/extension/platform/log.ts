// The StreamGate output channel (a LogOutputChannel). Every line is redacted before it is
// written, and the last lines are kept in memory so the extension (and its tests) can read
// what was reported.
import * as vscode from 'vscode';
import { redactText } from '../../shared/redact';

const KEEP_LINES = 500;

export interface StreamGateLog extends vscode.LogOutputChannel {
  /** The most recent lines written, oldest first, each prefixed with its level. */
  recent(): string[];
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export function createLog(name = 'StreamGate'): StreamGateLog {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  const lines: string[] = [];
  const writer = (level: Level) => (message: string | Error, ...args: unknown[]): void => {
    const text = redactText(message instanceof Error ? message.message : message);
    lines.push(`[${level}] ${text}`);
    if (lines.length > KEEP_LINES) lines.shift();
    channel[level](text, ...args);
  };
  const overrides = {
    trace: writer('trace'), debug: writer('debug'), info: writer('info'), warn: writer('warn'), error: writer('error'),
    recent: () => [...lines],
  };
  // The channel's own members (show, dispose, logLevel, …) come through the prototype.
  return Object.assign(Object.create(channel) as vscode.LogOutputChannel, overrides) as StreamGateLog;
}
