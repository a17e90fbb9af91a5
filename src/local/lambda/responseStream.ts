// The Node.js Lambda runtime's response-streaming API, reproduced for local handlers:
// `awslambda.streamifyResponse(handler)` marks a handler as streaming, and
// `awslambda.HttpResponseStream.from(stream, prelude)` makes the first write emit the JSON
// prelude and 8 NUL bytes before the body — the byte format API Gateway reads from Lambda.
import { PassThrough, Writable } from 'node:stream';

export const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
export const STREAM_RESPONSE = 'response';
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
export const PRELUDE_DELIMITER = Buffer.alloc(8);

export interface HttpPrelude {
  statusCode?: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
}

/**
 * The `responseStream` handed to streaming handlers. Bytes written to it come out of `output`
 * unchanged (chunk boundaries kept), with backpressure: a write completes when the gateway
 * has taken the chunk.
 */
export class LambdaResponseStream extends Writable {
  readonly output = new PassThrough();
  private contentType = 'application/octet-stream';
  private prelude: string | undefined;
  private wroteAny = false;

  constructor() {
    super({ decodeStrings: true });
    // The gateway destroys `output` when the client goes away or a timeout fires; later writes
    // from the handler then fail, as they do in Lambda once the invocation is cut off.
    this.output.on('close', () => {
      if (!this.destroyed && !this.writableEnded) this.destroy(new Error('The response stream was closed by the gateway'));
    });
    this.output.on('error', () => undefined);
    // A handler that ignores stream errors must not crash the process hosting the gateway (it
    // may be the VS Code extension host); the error still reaches write callbacks and pipeline().
    this.on('error', () => undefined);
  }

  setContentType(contentType: string): void {
    this.contentType = contentType;
  }

  getContentType(): string {
    return this.contentType;
  }

  /** Used by HttpResponseStream.from: the prelude goes out just before the first body byte. */
  setPrelude(preludeJson: string): void {
    this.prelude = preludeJson;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.wroteAny) {
      this.wroteAny = true;
      if (this.prelude !== undefined) {
        this.output.write(Buffer.from(this.prelude, 'utf8'));
        this.output.write(PRELUDE_DELIMITER);
      }
    }
    if (this.output.write(chunk)) callback();
    else this.output.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.output.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.output.destroyed) {
      if (error && this.wroteAny) this.output.destroy(error);
      else if (!this.output.writableEnded) this.output.end();
    }
    callback(error);
  }
}

export const HttpResponseStream = {
  from(stream: LambdaResponseStream, prelude: HttpPrelude): LambdaResponseStream {
    stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    stream.setPrelude(JSON.stringify(prelude ?? {}));
    return stream;
  },
};

export type StreamingHandler = (event: unknown, responseStream: LambdaResponseStream, context: unknown) => unknown;

export function streamifyResponse<T extends StreamingHandler>(handler: T, _options?: unknown): T {
  (handler as unknown as Record<symbol, unknown>)[HANDLER_STREAMING] = STREAM_RESPONSE;
  return handler;
}

export function isStreamingHandler(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[HANDLER_STREAMING] === STREAM_RESPONSE;
}

/**
 * Installs the `awslambda` global that Lambda's Node runtime provides, so user handler files
 * that call `awslambda.streamifyResponse` at load time work locally. The AWS SDK itself creates
 * an empty `globalThis.awslambda` object (for its invoke store), so missing members are added
 * to an existing object rather than only creating the global when it is absent.
 */
export function installAwsLambdaGlobal(): void {
  const g = globalThis as Record<string, unknown>;
  const existing = g.awslambda;
  const target = (existing && typeof existing === 'object' ? existing : (g.awslambda = {})) as Record<string, unknown>;
  target.streamifyResponse ??= streamifyResponse;
  target.HttpResponseStream ??= HttpResponseStream;
}
