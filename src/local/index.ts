// The embedded local API Gateway: one HTTP server with the control plane (AWS REST API paths
// under /restapis), the data plane (/restapis/{id}/{stage}/_user_request_/...), and a small
// test/ops surface under /__streamgate/. Plain Node: used by the CLI and the extension host.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { BUFFERED_MAX_TIMEOUT_MS } from '../core/rules/integrationRules';
import { ControlPlaneFaults, parseFaultSpec } from './controlplane/faults';
import { parseJsonObject } from './controlplane/input';
import { handleControlPlane, isControlPlanePath } from './controlplane/router';
import { handleDataPlane, isDataPlanePath } from './dataplane/router';
import { notFound, toAwsError } from './http/awsError';
import { newRequestId, readBody, sendAwsError, sendJson } from './http/io';
import { AccessLogSink } from './dataplane/accessLog';
import { AuthorizerCache } from './dataplane/lambdaAuthorizer';
import type { FunctionInvoker, FunctionSpec } from './functions/types';
import { RuntimeInvoker, type FunctionTrace } from './runtime/invoker';
import type { FunctionLogLine } from './runtime/logs';
import { emptyState } from './state/model';
import { loadState, StateWriter } from './state/persistence';
import { GatewayStore } from './state/store';
import { sampleFunctionSpecs } from './sample/handlers';
import { findSampleApi, SAMPLE_STAGE, seedSampleApi } from './sample/seed';

const STREAM_SOCKET_HIGH_WATER_MARK = 256 * 1024;

export interface LocalGatewayOptions {
  port?: number;            // default 0 = any free port
  host?: string;            // default '127.0.0.1'
  statePath?: string;       // persist state as JSON with atomic writes (write temp + rename)
  sample?: boolean;         // seed the sample API (default true)
  bufferedTimeoutQuotaMs?: number; // default 29000
  handlerDirs?: string[];   // folders NAME.js/.mjs/.cjs handler files may be run from (function NAME)
  /** Functions declared by a template (SAM / CloudFormation / cdk.out); run out of process. */
  functions?: FunctionSpec[];
  /** Concurrent runtime processes per function before Lambda-style 429 throttling (default 10). */
  functionConcurrency?: number;
  /** Idle runtime processes stop after this long (default 5 minutes). */
  functionIdleTimeoutMs?: number;
  /** Each line a function writes to stdout/stderr, tagged with the request id. */
  onFunctionLog?: (line: FunctionLogLine) => void;
  /**
   * Emulate AWS's capacity limits (default true): STREAM throttled to 2 MB/s after 10 MB, STREAM
   * idle timeout 30 s on EDGE endpoints and 5 min on REGIONAL/PRIVATE, Lambda's 2 MB/s after 6 MB.
   * See dataplane/awsLimits.ts.
   */
  emulateAwsLimits?: boolean;
  /** Overrides of the emulated STREAM idle timeouts (tests use short ones). */
  edgeIdleTimeoutMs?: number;
  regionalIdleTimeoutMs?: number;
  /** Send the non-AWS x-streamgate-error header with gateway errors (default false: details go to the log). */
  debugHeaders?: boolean;
  /** Folder for per-stage access logs ({apiId}-{stage}.jsonl, one JSON object per request). */
  accessLogDir?: string;
  /** Runs Lambda authorizers (default: the gateway's Runtime API runner, as for integrations). */
  functionInvoker?: FunctionInvoker;
  sampleScale?: number;     // optional: multiply sample timings (tests use small values to stay fast)
  log?: (line: string) => void; // access log lines (one per data-plane call, includes transfer mode)
  /** One STREAM idle timeout for every endpoint type (overrides the emulated 30 s / 5 min). */
  streamIdleTimeoutMs?: number;
}

export interface LocalGateway {
  url: string;              // http://127.0.0.1:PORT
  port: number;
  invokeUrl(apiId: string, stage: string, path: string): string; // .../restapis/{id}/{stage}/_user_request_/{path}
  sampleApiId?: string;     // id of the seeded sample API
  /** Cold start, init time and function log lines of a recent request (for the trace view). */
  functionTrace(requestId: string): FunctionTrace | undefined;
  /** The runner, for tests and the bench (process ids, lifecycle). */
  functions: RuntimeInvoker;
  close(): Promise<void>;   // closes the server and in-flight streams promptly, and stops every function process
}

/** Internal endpoints (not part of AWS): health check and control-plane fault injection. */
export const STREAMGATE_INTERNAL_PREFIX = '/__streamgate';
export const FAULTS_PATH = `${STREAMGATE_INTERNAL_PREFIX}/faults`;
export const HEALTH_PATH = `${STREAMGATE_INTERNAL_PREFIX}/health`;

export { EDGE_STREAM_IDLE_TIMEOUT_MS, REGIONAL_STREAM_IDLE_TIMEOUT_MS } from './dataplane/awsLimits';

export { SAMPLE_ROUTES, SAMPLE_STAGE } from './sample/seed';
export type { FaultSpec } from './controlplane/faults';

export async function startLocalGateway(opts: LocalGatewayOptions = {}): Promise<LocalGateway> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => undefined);
  const quota = opts.bufferedTimeoutQuotaMs ?? BUFFERED_MAX_TIMEOUT_MS;
  if (!Number.isInteger(quota) || quota < 50) throw new Error(`bufferedTimeoutQuotaMs must be a whole number of ms >= 50, got ${quota}`);
  if (opts.sampleScale !== undefined && !(opts.sampleScale > 0)) throw new Error(`sampleScale must be > 0, got ${opts.sampleScale}`);

  const state = opts.statePath ? loadState(opts.statePath) : emptyState();
  const writer = opts.statePath ? new StateWriter(opts.statePath, (m) => log(`[state] ${m}`)) : undefined;
  const store = new GatewayStore(state, writer);

  let sampleApiId: string | undefined;
  if (opts.sample !== false) {
    sampleApiId = (findSampleApi(store) ?? seedSampleApi(store)).id;
    store.commit();
  }

  // The sample's functions are declared like a template's, so both run through the same runner.
  const functions = new RuntimeInvoker({
    functions: [...(opts.sample !== false ? sampleFunctionSpecs(opts.sampleScale ?? 1) : []), ...(opts.functions ?? [])],
    handlerDirs: opts.handlerDirs ?? [],
    ...(opts.functionConcurrency !== undefined ? { maxConcurrency: opts.functionConcurrency } : {}),
    ...(opts.functionIdleTimeoutMs !== undefined ? { idleTimeoutMs: opts.functionIdleTimeoutMs } : {}),
    emulateLimits: opts.emulateAwsLimits ?? true,
    ...(opts.onFunctionLog ? { onLog: opts.onFunctionLog } : {}),
  });
  const faults = new ControlPlaneFaults();
  const authorizerCache = new AuthorizerCache();
  const accessLog = new AccessLogSink(log, opts.accessLogDir);
  const controlCtx = { store, faults, bufferedQuotaMs: quota, authorizerCache };
  // The gateway's own keep-alive pools for HTTP_PROXY backends (not Node's global agents), so
  // close() can end those connections too instead of leaving them open until the backend's timeout.
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const dataCtx = {
    store,
    functions,
    agents,
    invoker: opts.functionInvoker ?? functions,
    authorizerCache,
    limits: {
      emulate: opts.emulateAwsLimits ?? true,
      edgeIdleTimeoutMs: opts.edgeIdleTimeoutMs ?? opts.streamIdleTimeoutMs,
      regionalIdleTimeoutMs: opts.regionalIdleTimeoutMs ?? opts.streamIdleTimeoutMs,
    },
    debugHeaders: opts.debugHeaders ?? false,
    accessLog,
  };

  // 256 KiB socket buffers: a streamed 64 KiB chunk no longer fills the 16 KiB default at once,
  // so passthrough does not pause and resume the backend on every chunk, and writes are larger.
  const server = http.createServer({ highWaterMark: STREAM_SOCKET_HIGH_WATER_MARK }, (req, res) => {
    const requestId = newRequestId();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://local');
    } catch {
      req.resume();
      sendAwsError(res, notFound(`Malformed request target ${req.url}`), requestId);
      return;
    }
    const work = isDataPlanePath(url.pathname)
      ? handleDataPlane(req, res, url, dataCtx, requestId)
      : isControlPlanePath(url.pathname)
        ? handleControlPlane(req, res, url, controlCtx, requestId)
        : handleInternal(req, res, url, requestId);
    // Last line of defence: a bug answers 500 in AWS's shape and the server stays up.
    work.catch((err: unknown) => {
      log(`[error] ${req.method} ${url.pathname}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) sendAwsError(res, toAwsError(err), requestId);
      else res.destroy();
    });
  });

  async function handleInternal(req: http.IncomingMessage, res: http.ServerResponse, url: URL, requestId: string): Promise<void> {
    try {
      if (url.pathname === HEALTH_PATH && req.method === 'GET') {
        req.resume();
        sendJson(res, 200, { ok: true, sampleApiId, sampleStage: sampleApiId ? SAMPLE_STAGE : undefined }, requestId);
        return;
      }
      if (url.pathname === FAULTS_PATH) {
        const body = await readBody(req, 64 * 1024);
        if (req.method === 'POST') { faults.arm(parseFaultSpec(parseJsonObject(body))); sendJson(res, 200, { pending: faults.pending() }, requestId); return; }
        if (req.method === 'DELETE') { faults.clear(); sendJson(res, 200, { pending: [] }, requestId); return; }
        if (req.method === 'GET') { sendJson(res, 200, { pending: faults.pending() }, requestId); return; }
      }
      req.resume();
      throw notFound(`No resource matches ${req.method} ${url.pathname}. Control plane: /restapis/...; invoke URLs: /restapis/{apiId}/{stage}/_user_request_/{path}`);
    } catch (err) {
      sendAwsError(res, toAwsError(err), requestId);
    }
  }

  server.headersTimeout = 60_000;
  server.requestTimeout = 0; // streams may legitimately run for 15 minutes
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    sampleApiId,
    functions,
    functionTrace: (requestId) => functions.trace(requestId),
    invokeUrl: (apiId, stage, path) =>
      `${url}/restapis/${encodeURIComponent(apiId)}/${encodeURIComponent(stage)}/_user_request_/${path.replace(/^\/+/, '')}`,
    close: () => (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Cut in-flight requests and streams at once instead of waiting for them to finish.
      server.closeAllConnections();
      agents.http.destroy();
      agents.https.destroy();
      await Promise.all([closed, functions.close()]);
      await Promise.all([store.flush(), accessLog.flush()]);
    })()),
  };
}
