// Function logs as Lambda writes them to /aws/lambda/NAME: one log stream per execution
// environment (YYYY/MM/DD/[$LATEST]id), START and END around each invocation, the function's own
// lines as the Node.js runtime prefixes them (time, request id, level), and the REPORT line with
// Duration, Billed Duration, Memory Size, Max Memory Used and, after a cold start, Init Duration.
import { readFileSync } from 'node:fs';
import type { FunctionLogLine } from '../runtime/logs';
import type { LocalLogGroups } from './logGroups';

export interface InvocationEnd {
  functionName: string;
  awsRequestId: string;
  sandboxId: string;
  memoryMb: number;
  /** Epoch ms (sub-ms) the event was handed out and the response ended. */
  invokedAt: number;
  endedAt: number;
  /** Cold start init time, ms. */
  initMs?: number;
  pid?: number;
}

export const lambdaLogGroup = (functionName: string) => `/aws/lambda/${functionName}`;

function streamName(sandboxId: string, at: number): string {
  const d = new Date(at);
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${day}/[$LATEST]${sandboxId.padEnd(32, '0')}`;
}

function maxMemoryMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.ceil(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

export class LambdaLogWriter {
  /** Each environment's stream, named on its first line so the day stays that of its start. */
  private readonly streams = new Map<string, string>();

  constructor(private readonly groups: LocalLogGroups) {}

  line(l: FunctionLogLine): void {
    if (!l.sandboxId) return;
    const level = l.stream === 'stderr' ? 'ERROR' : 'INFO';
    const message = l.awsRequestId ? `${new Date(l.timeMs).toISOString()}\t${l.awsRequestId}\t${level}\t${l.line}\n` : `${l.line}\n`;
    this.put(l.functionName, l.sandboxId, l.timeMs, message);
  }

  started(functionName: string, sandboxId: string, awsRequestId: string, at: number): void {
    this.put(functionName, sandboxId, at, `START RequestId: ${awsRequestId} Version: $LATEST\n`);
  }

  ended(e: InvocationEnd): void {
    const duration = e.endedAt - e.invokedAt;
    const memory = maxMemoryMb(e.pid);
    this.put(e.functionName, e.sandboxId, e.endedAt, `END RequestId: ${e.awsRequestId}\n`);
    this.put(e.functionName, e.sandboxId, e.endedAt,
      `REPORT RequestId: ${e.awsRequestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\t` +
      `Memory Size: ${e.memoryMb} MB\t${memory !== undefined ? `Max Memory Used: ${memory} MB\t` : ''}` +
      `${e.initMs !== undefined ? `Init Duration: ${e.initMs.toFixed(2)} ms\t` : ''}\n`);
  }

  private put(functionName: string, sandboxId: string, at: number, message: string): void {
    const key = `${functionName}\u0000${sandboxId}`;
    let stream = this.streams.get(key);
    if (!stream) {
      stream = streamName(sandboxId, at);
      this.streams.set(key, stream);
      if (this.streams.size > 10_000) this.streams.delete(this.streams.keys().next().value!);
    }
    this.groups.put(lambdaLogGroup(functionName), stream, at, message);
  }
}
