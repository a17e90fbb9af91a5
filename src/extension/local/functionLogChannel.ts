// The "StreamGate Functions" log channel: each line a local function writes to stdout or
// stderr, with the gateway request id that caused it and the time it was written (millisecond
// wall clock, the clock the console's chunk times use), so a line such as "yielded token 12" can
// be matched to the chunk that carried it. Lines are redacted like every StreamGate log line.
import type * as vscode from 'vscode';
import type { FunctionLogLine } from '../../local/runtime/logs';
import { createLog, type StreamGateLog } from '../platform/log';

export class FunctionLogChannel implements vscode.Disposable {
  private channel: StreamGateLog | undefined;

  /** Created on the first line, so the channel only appears once a function has run. */
  private get log(): StreamGateLog {
    return (this.channel ??= createLog('StreamGate Functions'));
  }

  append(l: FunctionLogLine): void {
    const text = `${new Date(l.timeMs).toISOString()} [${l.requestId ?? 'init'}] ${l.functionName}: ${l.line}`;
    if (l.stream === 'stderr') this.log.warn(text);
    else this.log.info(text);
  }

  recent(): string[] {
    return this.channel?.recent() ?? [];
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
