// The FunctionInvoker the data plane (and Lambda authorizers) use: finds the function (declared
// FunctionSpecs first, then NAME.js/.mjs/.cjs in the handler folders), takes a warm environment
// or starts one, and returns what Lambda's Invoke (BUFFERED: the payload, at most 6 MB) or
// InvokeWithResponseStream (STREAM: the bytes as they arrive) would return. Interpreting those
// bytes as a proxy response is the AWS_PROXY integration's job (src/local/lambda/proxyResult.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { badGateway, configurationError, IntegrationFailure, type UpstreamResponse } from '../dataplane/upstream';
import { FunctionNotFound, functionNameFromArn, handlerDirHasFunction, resolveHandlerDirFunction } from '../functions/handlerDirs';
import type { FunctionInvocation, FunctionInvoker, FunctionSpec } from '../functions/types';
import { FunctionRecorder } from '../trace/functionRecorder';
import { RecentByRequestId } from '../trace/ring';
import type { LambdaLogWriter } from '../logs/lambdaLogs';
import { LaunchError } from './launch';
import { RequestLogs, type FunctionLogLine } from './logs';
import { ConcurrencyLimitReached, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_CONCURRENCY, FunctionPool } from './pool';
import { BUFFERED_RESPONSE_LIMIT_BYTES, FunctionError } from './runtimeApi';

export interface RuntimeInvokerOptions {
  functions?: FunctionSpec[];
  handlerDirs?: string[];
  /** Concurrent environments per function before 429 (Lambda's reserved concurrency). Default 10. */
  maxConcurrency?: number;
  /** Idle environments stop after this long. Default 5 minutes. */
  idleTimeoutMs?: number;
  /** Lambda's 6 MB-then-2 MB/s stream throttle. */
  emulateLimits?: boolean;
  onLog?(line: FunctionLogLine): void;
  /** The function's START and END/REPORT lines (src/local/logs/lambdaLogs.ts). */
  lambdaLogs?: LambdaLogWriter;
}

/** Per-request facts for the trace view: cold start, init time, the function's log lines. */
export interface FunctionTrace {
  functionName: string;
  coldStart: boolean;
  initMs?: number;
  logs: FunctionLogLine[];
  /** Event handed out, each response chunk at the Runtime API, response end (src/local/trace). */
  recorder: FunctionRecorder;
}

export class RuntimeInvoker implements FunctionInvoker {
  private readonly byArn = new Map<string, FunctionSpec>();
  private readonly byName = new Map<string, FunctionSpec>();
  private readonly pools = new Map<string, FunctionPool>();
  private readonly logs = new RequestLogs();
  private readonly traces = new RecentByRequestId<Omit<FunctionTrace, 'logs'>>();
  private readonly coldInits = new Map<string, number[]>();
  private closed = false;

  constructor(private readonly opts: RuntimeInvokerOptions = {}) {
    for (const f of opts.functions ?? []) this.declare(f);
  }

  declare(spec: FunctionSpec): void {
    this.byArn.set(spec.arn, spec);
    this.byName.set(spec.name, spec);
  }

  has(functionArn: string): boolean {
    const name = functionNameFromArn(functionArn);
    return this.byArn.has(functionArn) || (name !== undefined && this.byName.has(name)) || handlerDirHasFunction(this.opts.handlerDirs ?? [], functionArn);
  }

  trace(requestId: string): FunctionTrace | undefined {
    const t = this.traces.get(requestId);
    return t ? { ...t, logs: this.logs.get(requestId) } : undefined;
  }

  /** Init times (spawn → first /next poll, ms) of the function's recent cold starts, oldest first. */
  initTimes(functionName: string): number[] {
    return [...(this.coldInits.get(functionName) ?? [])];
  }

  /** Live runtime processes of a function (tests and the bench check lifecycle with it). */
  processIds(functionName: string): number[] {
    return [...this.pools.values()].filter((p) => p.spec.name === functionName).flatMap((p) => p.pids());
  }

  async invoke(inv: FunctionInvocation): Promise<UpstreamResponse> {
    if (this.closed) throw badGateway('The gateway is shutting down');
    const spec = forMode(await this.resolve(inv.functionArn), inv.mode);
    const pool = this.poolFor(spec);
    let acquired;
    try {
      acquired = await pool.acquire();
    } catch (err) {
      if (err instanceof ConcurrencyLimitReached) { inv.note(err.message); throw new IntegrationFailure(429, err.message); }
      if (err instanceof LaunchError) { inv.note(err.message); throw badGateway(err.message); }
      throw err;
    }
    const { sandbox, cold } = acquired;
    const awsRequestId = randomUUID();
    const lambdaLogs = this.opts.lambdaLogs;
    const recorder = new FunctionRecorder(lambdaLogs && ((rec) => lambdaLogs.ended({
      functionName: spec.name, awsRequestId, sandboxId: sandbox.id, memoryMb: spec.memoryMb, invokedAt: rec.invokedAt ?? rec.endedAt!, endedAt: rec.endedAt!,
      ...(cold && sandbox.initMs !== undefined ? { initMs: sandbox.initMs } : {}), ...(sandbox.pid ? { pid: sandbox.pid } : {}),
    })));
    recorder.awsRequestId = awsRequestId;
    const trace: Omit<FunctionTrace, 'logs'> = { functionName: spec.name, coldStart: cold, recorder };
    this.traces.set(inv.requestId, trace);
    lambdaLogs?.started(spec.name, sandbox.id, awsRequestId, performance.timeOrigin + performance.now());
    let result;
    try {
      result = await sandbox.run({
        requestId: inv.requestId, event: inv.event, deadlineMs: inv.deadlineMs, traceId: traceId(), signal: inv.signal, recorder, awsRequestId,
        ...(inv.clientContext !== undefined ? { clientContext: inv.clientContext } : {}),
        ...(inv.cognitoIdentity !== undefined ? { cognitoIdentity: inv.cognitoIdentity } : {}),
      });
    } catch (err) {
      // Lambda authorizers read function errors as Invoke returns them (X-Amz-Function-Error).
      if (inv.payload === 'raw' && err instanceof FunctionError) return functionErrorResponse(err);
      throw this.failure(spec, err, inv);
    } finally {
      if (cold) {
        trace.initMs = sandbox.initMs;
        if (sandbox.initMs !== undefined) {
          const list = this.coldInits.get(spec.name) ?? [];
          list.push(sandbox.initMs);
          this.coldInits.set(spec.name, list.slice(-50));
        }
        inv.note(`cold start of ${spec.name}${sandbox.initMs !== undefined ? ` (init ${sandbox.initMs.toFixed(1)} ms)` : ''}`);
      }
    }
    if (inv.mode === 'STREAM') {
      // A failure after the response started (error trailers, timeout, crash) cuts the body.
      result.body.once('error', (err) => { this.failure(spec, err, inv); });
      return { statusCode: 200, headers: [['content-type', result.contentType]], body: result.body };
    }
    const payload = await collectPayload(result.body).catch((err: unknown) => { throw this.failure(spec, err, inv); });
    return { statusCode: 200, headers: [['content-type', result.contentType]], body: Readable.from(payload.length ? [payload] : []) };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
  }

  private onLog(line: FunctionLogLine): void {
    this.logs.add(line);
    this.opts.lambdaLogs?.line(line);
    this.opts.onLog?.(line);
  }

  private async resolve(functionArn: string): Promise<FunctionSpec> {
    const declared = this.byArn.get(functionArn) ?? this.byName.get(functionNameFromArn(functionArn) ?? '');
    if (declared) return declared;
    try {
      return await resolveHandlerDirFunction(this.opts.handlerDirs ?? [], functionArn);
    } catch (err) {
      if (err instanceof FunctionNotFound) throw configurationError(err.message);
      throw err;
    }
  }

  private poolFor(spec: FunctionSpec): FunctionPool {
    // Keyed by the whole spec: a handler-folder file that moved, or a changed declaration, gets its own pool.
    const key = JSON.stringify([spec.arn, spec.codeDir, spec.handler, spec.runtime, spec.environment, spec.memoryMb, spec.timeoutSeconds]);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new FunctionPool(spec, {
        maxConcurrency: this.opts.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
        idleTimeoutMs: this.opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
        emulateLimits: this.opts.emulateLimits ?? false,
        onLog: (l) => this.onLog(l),
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  private failure(spec: FunctionSpec, err: unknown, inv: FunctionInvocation): IntegrationFailure {
    if (err instanceof IntegrationFailure) return err;
    const message = err instanceof FunctionError ? `${err.errorType}: ${err.message}` : (err as Error)?.message ?? String(err);
    inv.note(`${spec.name} failed: ${message}`);
    return badGateway(`Lambda function ${spec.name} failed: ${message}`);
  }
}

function functionErrorResponse(err: FunctionError): UpstreamResponse {
  const body = Buffer.from(JSON.stringify({ errorMessage: err.message, errorType: err.errorType }));
  return { statusCode: 200, headers: [['content-type', 'application/json'], ['X-Amz-Function-Error', 'Unhandled']], body: Readable.from([body]) };
}

function forMode(spec: FunctionSpec, mode: FunctionInvocation['mode']): FunctionSpec {
  return spec.invokeModeVariable ? { ...spec, environment: { ...spec.environment, [spec.invokeModeVariable]: mode } } : spec;
}

/** Reads a buffered payload, refusing more than Lambda's 6 MB synchronous limit. */
function collectPayload(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BUFFERED_RESPONSE_LIMIT_BYTES) {
        body.destroy();
        reject(new FunctionError('Function.ResponseSizeTooLarge', `Response payload size exceeded maximum allowed payload size (${BUFFERED_RESPONSE_LIMIT_BYTES} bytes).`, 'limit'));
        return;
      }
      chunks.push(c);
    });
    body.once('end', () => resolve(Buffer.concat(chunks)));
    body.once('error', reject);
  });
}

/** An X-Ray style trace header: Root=1-{epoch hex}-{96 bits};Parent={64 bits};Sampled=0. */
function traceId(): string {
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}
