// Function log lines: each stdout/stderr line of a runtime process, tagged with the gateway
// request id of the invocation it was written during, and a high-resolution wall-clock time
// (performance.timeOrigin + performance.now(), the same clock the console's chunk times use).
// The gateway keeps the lines of recent requests for the trace view, bounded in count and size.

export interface FunctionLogLine {
  functionName: string;
  /** The gateway request id (x-amzn-RequestId) the line belongs to; undefined during init or between invocations. */
  requestId: string | undefined;
  /** Lambda's request id of the invocation running when the line was written, and the environment that wrote it. */
  awsRequestId?: string | undefined;
  sandboxId?: string;
  stream: 'stdout' | 'stderr';
  line: string;
  /** Epoch milliseconds with sub-millisecond precision. */
  timeMs: number;
}

import { KEPT_REQUESTS, RecentByRequestId } from '../trace/ring';

const MAX_LINE_CHARS = 8192;

/** Splits a byte stream into lines; a partial last line waits for its newline (or flush). */
export class LineSplitter {
  private pending = '';

  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer): void {
    const text = this.pending + chunk.toString('utf8');
    const lines = text.split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    if (this.pending.length > MAX_LINE_CHARS) { this.emit(this.pending); this.pending = ''; }
    for (const line of lines) this.emit(line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) + '…' : line);
  }

  flush(): void {
    if (this.pending) this.emit(this.pending);
    this.pending = '';
  }
}

/** The log lines of the most recent requests (oldest dropped first), bounded per request in lines and characters. */
export class RequestLogs {
  private readonly byRequest: RecentByRequestId<{ lines: FunctionLogLine[]; chars: number }>;

  constructor(maxRequests = KEPT_REQUESTS, private readonly maxLinesPerRequest = 2000, private readonly maxCharsPerRequest = 64 * 1024) {
    this.byRequest = new RecentByRequestId(maxRequests);
  }

  add(line: FunctionLogLine): void {
    if (!line.requestId) return;
    const kept = this.byRequest.getOrAdd(line.requestId, () => ({ lines: [], chars: 0 }));
    if (kept.lines.length >= this.maxLinesPerRequest || kept.chars + line.line.length > this.maxCharsPerRequest) return;
    kept.lines.push(line);
    kept.chars += line.line.length;
  }

  get(requestId: string): FunctionLogLine[] {
    return [...(this.byRequest.get(requestId)?.lines ?? [])];
  }
}

export function formatLogLine(l: FunctionLogLine): string {
  return `${new Date(l.timeMs).toISOString()} ${l.requestId ?? '-'} ${l.functionName} ${l.stream === 'stderr' ? 'ERR ' : ''}${l.line}`;
}
