// The function's side of a request trace, recorded where the bytes reach the Runtime API: when the
// event was handed out, each chunk of the response (time and size), when the response ended, and
// how much of the start was the streaming prelude (headers JSON + 8 NUL bytes), which is not body.
import { HTTP_INTEGRATION_CONTENT_TYPE, PRELUDE_DELIMITER } from '../lambda/responseStream';
import { PRELUDE_LIMIT_BYTES } from '../lambda/prelude';
import { traceNow, WriteLog } from './writeLog';

export class FunctionRecorder {
  /** Lambda's own request id of the invocation (START / REPORT lines, $context.integration.requestId). */
  awsRequestId: string | undefined;
  invokedAt: number | null = null;
  endedAt: number | null = null;
  preludeBytes = 0;
  responseMode: 'streaming' | 'buffered' | null = null;
  readonly writes = new WriteLog();
  /** The start of a streamed proxy response while its prelude delimiter is looked for. */
  private head: Buffer | undefined;

  /** `onEnded` runs once, when the invocation is over (the function's REPORT line is written then). */
  constructor(private readonly onEnded?: (rec: FunctionRecorder) => void) {}

  invoked(): void {
    this.invokedAt ??= traceNow();
  }

  /** The runtime started posting its response. */
  responding(contentType: string, streaming: boolean): void {
    this.responseMode = streaming ? 'streaming' : 'buffered';
    if (contentType.split(';')[0]!.trim().toLowerCase() === HTTP_INTEGRATION_CONTENT_TYPE) this.head = Buffer.alloc(0);
  }

  chunk(chunk: Buffer): void {
    this.writes.add(traceNow(), chunk.length);
    if (this.head) this.findPrelude(chunk);
  }

  ended(): void {
    if (this.endedAt !== null) return;
    this.endedAt = traceNow();
    this.onEnded?.(this);
  }

  private findPrelude(chunk: Buffer): void {
    const head = Buffer.concat([this.head!, chunk.subarray(0, PRELUDE_LIMIT_BYTES + PRELUDE_DELIMITER.length)]);
    const at = head.indexOf(PRELUDE_DELIMITER);
    if (at >= 0) { this.preludeBytes = at + PRELUDE_DELIMITER.length; this.head = undefined; return; }
    this.head = head.length > PRELUDE_LIMIT_BYTES + PRELUDE_DELIMITER.length ? undefined : head;
  }
}
