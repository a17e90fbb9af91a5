// The Lambda Runtime API (2018-06-01) one runtime process talks to, on 127.0.0.1 and its own
// port — as each Lambda execution environment has its own endpoint, so an invocation is always
// tied to the process that took it. The process long-polls /invocation/next; its response
// comes back buffered (JSON, at most 6 MB) or streamed (chunked, forwarded chunk by chunk as it
// arrives, at most 200 MB, with error trailers). Nothing is read whole.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { StreamThrottle } from '../dataplane/throttle';

export const RUNTIME_API_PREFIX = '/2018-06-01/runtime';
/** Lambda's synchronous payload limit (the number its error message names). */
export const BUFFERED_RESPONSE_LIMIT_BYTES = 6_291_556;
export const STREAMED_RESPONSE_LIMIT_BYTES = 200 * 1024 * 1024;
/** Lambda streams the first 6 MB of a response at full speed, then about 2 MB/s. */
export const LAMBDA_UNTHROTTLED_BYTES = 6 * 1024 * 1024;

/** What the runtime is handed by /invocation/next. */
export interface RuntimeInvocation {
  awsRequestId: string;
  event: unknown;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: string;
  cognitoIdentity?: string;
}

/** The function's answer as the Runtime API received it (the body still arriving). */
export interface RuntimeResult {
  streaming: boolean;
  contentType: string;
  /** Ends when the runtime finished its POST; destroyed with a FunctionError on error trailers. */
  body: PassThrough;
}

export class FunctionError extends Error {
  constructor(readonly errorType: string, message: string, readonly stage: 'init' | 'invoke' | 'stream' | 'limit') {
    super(message);
  }
}

export interface RuntimeApiEvents {
  /** The runtime polled /next: it is initialised and waiting. */
  onReady(): void;
  onResult(awsRequestId: string, result: RuntimeResult): void;
  onError(awsRequestId: string | undefined, error: FunctionError): void;
  /** The runtime's POST for this request finished (body fully received or cut). */
  onResponseDone(awsRequestId: string): void;
  /** Trace hooks (src/local/trace): the event was handed out; a response chunk arrived. */
  onInvoked?(awsRequestId: string): void;
  onChunk?(awsRequestId: string, chunk: Buffer): void;
}

export interface RuntimeApiOptions { emulateLimits: boolean }

export class RuntimeApiServer {
  private readonly server: http.Server;
  private waiting: http.ServerResponse | undefined;
  private queued: RuntimeInvocation | undefined;
  private current: string | undefined;
  private responded = false;
  port = 0;

  constructor(private readonly events: RuntimeApiEvents, private readonly opts: RuntimeApiOptions) {
    this.server = http.createServer((req, res) => this.route(req, res));
    this.server.keepAliveTimeout = 0; // the runtime holds one connection for its whole life
    this.server.headersTimeout = 0;
    this.server.requestTimeout = 0;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Hands an invocation to the runtime: at once if it is polling, else on its next poll. */
  dispatch(inv: RuntimeInvocation): void {
    this.current = inv.awsRequestId;
    this.responded = false;
    if (this.waiting) {
      const res = this.waiting;
      this.waiting = undefined;
      this.send(res, inv);
    } else {
      this.queued = inv;
    }
  }

  close(): void {
    this.waiting?.destroy();
    this.server.closeAllConnections();
    this.server.close();
  }

  private send(res: http.ServerResponse, inv: RuntimeInvocation): void {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': inv.awsRequestId,
      'Lambda-Runtime-Deadline-Ms': String(inv.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': inv.invokedFunctionArn,
      'Lambda-Runtime-Trace-Id': inv.traceId,
    };
    if (inv.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = inv.clientContext;
    if (inv.cognitoIdentity !== undefined) headers['Lambda-Runtime-Cognito-Identity'] = inv.cognitoIdentity;
    res.writeHead(200, headers);
    res.end(JSON.stringify(inv.event));
    this.events.onInvoked?.(inv.awsRequestId);
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '';
    // Only the runtime process talks to this endpoint. A browser page (DNS rebinding, or a form
    // posting to 127.0.0.1) could otherwise take an invocation's event: refuse a foreign Host and
    // any request carrying an Origin, which runtime clients never send.
    const host = String(req.headers.host ?? '');
    if (req.headers.origin !== undefined || (host !== this.address && host !== `localhost:${this.port}`)) {
      req.resume();
      return answer(res, 403, { errorMessage: 'The Runtime API only serves the runtime process it was started for', errorType: 'Forbidden' });
    }
    if (req.method === 'GET' && url === `${RUNTIME_API_PREFIX}/invocation/next`) {
      req.resume();
      if (this.queued) {
        const inv = this.queued;
        this.queued = undefined;
        this.send(res, inv);
      } else {
        this.waiting = res;
        res.once('close', () => { if (this.waiting === res) this.waiting = undefined; });
      }
      this.events.onReady();
      return;
    }
    const m = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    if (req.method === 'POST' && m) {
      const id = decodeURIComponent(m[1]!);
      if (id !== this.current || this.responded) {
        req.resume();
        return answer(res, 400, { errorMessage: `Invalid request ID: ${id}`, errorType: 'InvalidRequestID' });
      }
      this.responded = true;
      if (m[2] === 'error') return this.readError(req, res, (e) => this.events.onError(id, e), 'invoke');
      return this.receiveResponse(id, req, res);
    }
    if (req.method === 'POST' && url === `${RUNTIME_API_PREFIX}/init/error`) {
      return this.readError(req, res, (e) => this.events.onError(this.current, e), 'init');
    }
    req.resume();
    answer(res, 404, { errorMessage: `Unknown Runtime API path ${req.method} ${url}`, errorType: 'InvalidRequest' });
  }

  private readError(req: http.IncomingMessage, res: http.ServerResponse, report: (e: FunctionError) => void, stage: 'init' | 'invoke'): void {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { if (text.length < 256 * 1024) text += c; });
    req.on('end', () => {
      const body = parseJson(text) as { errorType?: string; errorMessage?: string } | undefined;
      const type = String(req.headers['lambda-runtime-function-error-type'] ?? body?.errorType ?? 'Unhandled');
      report(new FunctionError(type, body?.errorMessage ?? (text || type), stage));
      answer(res, 202, { status: 'OK' });
    });
  }

  private receiveResponse(id: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const streaming = String(req.headers['lambda-runtime-function-response-mode'] ?? '').toLowerCase() === 'streaming';
    const limit = streaming ? STREAMED_RESPONSE_LIMIT_BYTES : BUFFERED_RESPONSE_LIMIT_BYTES;
    const body = new PassThrough();
    body.on('error', () => undefined);
    const throttle = streaming && this.opts.emulateLimits ? new StreamThrottle(undefined, LAMBDA_UNTHROTTLED_BYTES) : undefined;
    let received = 0;
    let finished = false;
    const done = () => { if (!finished) { finished = true; this.events.onResponseDone(id); } };
    this.events.onResult(id, { streaming, contentType: String(req.headers['content-type'] ?? 'application/octet-stream'), body });

    let tooLarge = false;
    let waitingForDrain = false;
    let throttled = false;
    const resumeIfReady = () => { if (!waitingForDrain && !throttled && !body.destroyed) req.resume(); };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      this.events.onChunk?.(id, chunk);
      if (tooLarge) return; // the rest is read and dropped, so the runtime's connection stays usable
      if (received > limit) {
        tooLarge = true;
        const e = new FunctionError('Function.ResponseSizeTooLarge',
          `Response payload size exceeded maximum allowed payload size (${limit} bytes).`, 'limit');
        body.destroy(e);
        req.resume(); // a pending drain will never come now
        answer(res, 413, { errorMessage: e.message, errorType: 'RequestEntityTooLarge' });
        done();
        return;
      }
      // Backpressure reaches the runtime: a slow client slows the function's writes. The
      // runtime is read again only when both the reader drained and the throttle allows it.
      if (!body.write(chunk)) {
        waitingForDrain = true;
        req.pause();
        body.once('drain', () => { waitingForDrain = false; resumeIfReady(); });
      }
      const wait = throttle?.delayFor(chunk.length) ?? 0;
      if (wait > 0) {
        throttled = true;
        req.pause();
        setTimeout(() => { throttled = false; resumeIfReady(); }, wait);
      }
    });
    req.on('end', () => {
      if (tooLarge) return;
      const errorType = req.trailers['lambda-runtime-function-error-type'];
      if (errorType) {
        const raw = req.trailers['lambda-runtime-function-error-body'];
        const detail = parseJson(raw ? Buffer.from(raw, 'base64').toString('utf8') : '') as { errorMessage?: string } | undefined;
        body.destroy(new FunctionError(errorType, detail?.errorMessage ?? errorType, 'stream'));
      } else {
        body.end();
      }
      answer(res, 202, { status: 'OK' });
      done();
    });
    req.on('close', () => {
      if (!req.complete && !body.destroyed) body.destroy(new FunctionError('Runtime.ResponseCut', 'The runtime closed its response before the end', 'stream'));
      done();
    });
    // The gateway stopped reading (client gone, timeout): stop taking the runtime's bytes.
    body.once('close', () => { if (!req.complete) req.resume(); });
  }
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
