// One execution environment: a runtime process and the Runtime API it polls. It runs one
// invocation at a time; the function's Timeout kills it ("Task timed out after N.NN seconds"),
// and so does cancelling an invocation that has not finished (the client left, the integration
// timed out), as the process cannot be trusted to stop on its own. A crash fails the running
// invocation with the tail of stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { FunctionSpec } from '../functions/types';
import { LaunchError, planLaunch } from './launch';
import type { FunctionRecorder } from '../trace/functionRecorder';
import { LineSplitter, type FunctionLogLine } from './logs';
import { FunctionError, RuntimeApiServer, type RuntimeInvocation, type RuntimeResult } from './runtimeApi';

export type SandboxState = 'starting' | 'idle' | 'busy' | 'dead';

export interface SandboxOptions {
  emulateLimits: boolean;
  onLog(line: FunctionLogLine): void;
}

export interface RunRequest {
  /** The gateway's request id: log lines are tagged with it. */
  requestId: string;
  event: unknown;
  deadlineMs: number;
  traceId: string;
  signal: AbortSignal;
  clientContext?: string;
  cognitoIdentity?: string;
  /** Records the function's side of the request trace. */
  recorder?: FunctionRecorder;
  /** Lambda's request id for the invocation (default: a new one). */
  awsRequestId?: string;
}

interface Running {
  awsRequestId: string;
  requestId: string;
  resolve(result: RuntimeResult): void;
  reject(err: Error): void;
  result?: RuntimeResult;
  timer: NodeJS.Timeout;
  onAbort(): void;
  signal: AbortSignal;
  recorder?: FunctionRecorder;
}

const STDERR_TAIL_BYTES = 4096;

export class Sandbox {
  state: SandboxState = 'starting';
  readonly id = randomUUID().slice(0, 8);
  /** performance.now() when the process was spawned / first polled: the cold start's init time. */
  readonly spawnedAt = performance.now();
  initMs: number | undefined;
  /** Set when the code changed: the sandbox stops after its current invocation. */
  retired = false;
  private readonly api: RuntimeApiServer;
  private proc: ChildProcess | undefined;
  private running: Running | undefined;
  private stderrTail = '';
  private readonly exited: Promise<void>;
  private markExited!: () => void;
  /** Called whenever the sandbox becomes free (idle) or dies, so the pool can react. */
  onSettled: () => void = () => undefined;

  constructor(readonly spec: FunctionSpec, private readonly opts: SandboxOptions) {
    this.exited = new Promise((resolve) => { this.markExited = resolve; });
    this.api = new RuntimeApiServer({
      onReady: () => this.ready(),
      onResult: (id, result) => this.result(id, result),
      onError: (id, error) => this.failed(id, error),
      onResponseDone: (id) => this.responseDone(id),
      onInvoked: (id) => this.recorderFor(id)?.invoked(),
      onChunk: (id, chunk) => this.recorderFor(id)?.chunk(chunk),
    }, { emulateLimits: opts.emulateLimits });
  }

  async start(): Promise<void> {
    await this.api.listen();
    const plan = planLaunch(this.spec, this.api.address);
    const proc = spawn(plan.command, plan.args, { cwd: plan.cwd, env: plan.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    const tag = (stream: 'stdout' | 'stderr') => new LineSplitter((line) => {
      if (stream === 'stderr') this.stderrTail = (this.stderrTail + line + '\n').slice(-STDERR_TAIL_BYTES);
      this.opts.onLog({ functionName: this.spec.name, requestId: this.running?.requestId, awsRequestId: this.running?.awsRequestId, sandboxId: this.id, stream, line, timeMs: performance.timeOrigin + performance.now() });
    });
    const out = tag('stdout');
    const err = tag('stderr');
    proc.stdout!.on('data', (c: Buffer) => out.push(c));
    proc.stderr!.on('data', (c: Buffer) => err.push(c));
    proc.once('error', (e) => this.died(`could not start ${plan.command}: ${e.message}`));
    proc.once('exit', (code, signal) => {
      out.flush();
      err.flush();
      this.died(signal ? `signal: ${signal}` : `exit status ${code}`);
    });
  }

  /** Runs one invocation; resolves when the function's response starts arriving. */
  run(req: RunRequest): Promise<RuntimeResult> {
    if (this.state === 'dead') return Promise.reject(new FunctionError('Runtime.ExitError', 'The runtime process has exited', 'init'));
    this.state = 'busy';
    const awsRequestId = req.awsRequestId ?? randomUUID();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    return new Promise<RuntimeResult>((resolve, reject) => {
      const running: Running = {
        awsRequestId, requestId: req.requestId, resolve, reject, signal: req.signal, recorder: req.recorder,
        timer: setTimeout(() => this.fail(new FunctionError('Sandbox.Timedout', `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`, 'invoke'), true), timeoutMs),
        onAbort: () => this.fail(new FunctionError('Sandbox.Cancelled', 'The invocation was cancelled (the client left or the integration timed out)', 'invoke'), true),
      };
      this.running = running;
      if (req.signal.aborted) { running.onAbort(); return; }
      req.signal.addEventListener('abort', running.onAbort, { once: true });
      const inv: RuntimeInvocation = {
        awsRequestId, event: req.event, deadlineMs: Date.now() + timeoutMs, invokedFunctionArn: this.spec.arn, traceId: req.traceId,
        ...(req.clientContext !== undefined ? { clientContext: req.clientContext } : {}),
        ...(req.cognitoIdentity !== undefined ? { cognitoIdentity: req.cognitoIdentity } : {}),
      };
      this.api.dispatch(inv);
    });
  }

  /** Stops the process (and its Runtime API); resolves once it has exited. */
  async stop(): Promise<void> {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    else this.died('stopped');
    await this.exited;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  private ready(): void {
    this.initMs ??= performance.now() - this.spawnedAt;
    if (this.state === 'starting') this.state = 'idle';
  }

  private recorderFor(awsRequestId: string): FunctionRecorder | undefined {
    return this.running?.awsRequestId === awsRequestId ? this.running.recorder : undefined;
  }

  private result(id: string, result: RuntimeResult): void {
    const r = this.running;
    if (!r || r.awsRequestId !== id) { result.body.destroy(); return; }
    r.recorder?.responding(result.contentType, result.streaming);
    r.result = result;
    r.resolve(result);
  }

  private responseDone(id: string): void {
    this.recorderFor(id)?.ended();
    if (this.running?.awsRequestId === id) this.finish();
  }

  private failed(id: string | undefined, error: FunctionError): void {
    if (error.stage === 'init') {
      this.fail(error, true);
      return;
    }
    if (this.running && this.running.awsRequestId === id) {
      this.fail(error, false);
      this.finish();
    }
  }

  /** Fails the running invocation; `kill` also ends the process (timeout, cancel, init error). */
  private fail(error: Error, kill: boolean): void {
    const r = this.running;
    if (r) {
      if (r.result) { if (!r.result.body.readableEnded) r.result.body.destroy(error); } else r.reject(error);
    }
    if (kill) {
      this.retired = true;
      void this.stop();
    }
  }

  /** The invocation is over (response fully received, or an error reported). */
  private finish(): void {
    const r = this.running;
    if (!r) return;
    clearTimeout(r.timer);
    r.signal.removeEventListener('abort', r.onAbort);
    this.running = undefined;
    r.recorder?.ended();
    if (this.state === 'busy') this.state = 'idle';
    if (this.retired) void this.stop();
    this.onSettled();
  }

  private died(why: string): void {
    if (this.state === 'dead') return;
    const wasRunning = this.running;
    this.state = 'dead';
    this.api.close();
    if (wasRunning) {
      clearTimeout(wasRunning.timer);
      wasRunning.signal.removeEventListener('abort', wasRunning.onAbort);
      wasRunning.recorder?.ended();
      const tail = this.stderrTail.trim().split('\n').slice(-8).join(' | ');
      const error = new FunctionError('Runtime.ExitError', `Runtime exited with error: ${why}${tail ? ` (stderr: ${tail})` : ''}`, 'invoke');
      if (wasRunning.result) { if (!wasRunning.result.body.readableEnded) wasRunning.result.body.destroy(error); } else wasRunning.reject(error);
      this.running = undefined;
    }
    this.markExited();
    this.onSettled();
  }
}

export { LaunchError };
