// Function log lines: each stdout/stderr line of a runtime process, tagged with the gateway
// request id of the invocation it was written during, and a high-resolution wall-clock time
// (performance.timeOrigin + performance.now(), the same clock the console's chunk times use).
// The gateway keeps the lines of recent requests for the trace view, bounded in count and size.

export interface FunctionLogLine {
  functionName: string;
  /** The gateway request id (x-amzn-RequestId) the line belongs to; undefined during init or between invocations. */
  requestId: string | undefined;
  stream: 'stdout' | 'stderr';
  line: string;
  /** Epoch milliseconds with sub-millisecond precision. */
  timeMs: number;
}

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

/** The log lines of the most recent requests (oldest dropped first). */
export class RequestLogs {
  private readonly byRequest = new Map<string, FunctionLogLine[]>();

  constructor(private readonly maxRequests = 200, private readonly maxLinesPerRequest = 2000) {}

  add(line: FunctionLogLine): void {
    if (!line.requestId) return;
    let lines = this.byRequest.get(line.requestId);
    if (!lines) {
      lines = [];
      this.byRequest.set(line.requestId, lines);
      if (this.byRequest.size > this.maxRequests) this.byRequest.delete(this.byRequest.keys().next().value!);
    }
    if (lines.length < this.maxLinesPerRequest) lines.push(line);
  }

  get(requestId: string): FunctionLogLine[] {
    return [...(this.byRequest.get(requestId) ?? [])];
  }
}

export function formatLogLine(l: FunctionLogLine): string {
  return `${new Date(l.timeMs).toISOString()} ${l.requestId ?? '-'} ${l.functionName} ${l.stream === 'stderr' ? 'ERR ' : ''}${l.line}`;
}
