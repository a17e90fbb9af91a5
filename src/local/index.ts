// The embedded local API Gateway: one HTTP server with the control plane (AWS REST API paths
// under /restapis), the data plane (/restapis/{id}/{stage}/_user_request_/...), and a small
// test/ops surface under /__streamgate/. Plain Node: used by the CLI and the extension host.
// Only the data plane is open to any caller (as invoke URLs are on AWS); everything else checks
// that the caller is a local tool and not a web page (./http/guard.ts).
import * as http from 'node:http';
import * as https from 'node:https';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { BUFFERED_MAX_TIMEOUT_MS } from '../core/rules/integrationRules';
import { ControlPlaneFaults } from './controlplane/faults';
import { handleInternal, STREAMGATE_INTERNAL_PREFIX } from './controlplane/internalRoutes';
import { handleControlPlane, isControlPlanePath } from './controlplane/router';
import { DEFAULT_VPC_LINK_PROVISION_MS } from './controlplane/vpcLinkOps';
import { DEFAULT_LOCAL_VPC_ENDPOINT_ID, DEFAULT_LOCAL_VPC_ID, executeApiRoute, toDataPlanePath } from './dataplane/privateEndpoint';
import { handleDataPlane, isDataPlanePath } from './dataplane/router';
import { RecentErrorDetails } from './dataplane/errorDetails';
import { parseVpcLinkMappings } from './dataplane/vpcLinkTarget';
import { AwsError, toAwsError } from './http/awsError';
import { checkLocalCaller } from './http/guard';
import { newRequestId, sendAwsError } from './http/io';
import { capConnections, InFlight, resolveLimits, serverOptions, type GatewayLimits } from './http/limits';
import { checkBindAddress } from './http/bind';
import { parseRequestTarget } from './http/target';
import { AccessLogSink } from './dataplane/accessLog';
import { AuthorizerCache } from './dataplane/lambdaAuthorizer';
import type { FunctionInvoker, FunctionSpec } from './functions/types';
import { RuntimeInvoker, type FunctionTrace } from './runtime/invoker';
import type { FunctionLogLine } from './runtime/logs';
import { openState } from './state/open';
import { RequestTraces } from './trace/requestTraces';
import { LocalLogGroups } from './logs/logGroups';
import { LambdaLogWriter } from './logs/lambdaLogs';
import { handleLogsApi, isLogsApiRequest } from './logs/logsApi';
import type { RequestTrace } from '../shared/trace';
import { sampleFunctionSpecs } from './sample/handlers';
import { findSampleApi, SAMPLE_STAGE, seedSampleApi } from './sample/seed';

const STREAM_SOCKET_HIGH_WATER_MARK = 256 * 1024;

export interface LocalGatewayOptions {
  port?: number;            // default 0 = any free port
  host?: string;            // default '127.0.0.1'; anything not loopback needs allowRemote
  /** Accept a non-loopback `host`: anyone who can reach it can change the configuration. */
  allowRemote?: boolean;
  statePath?: string;       // persist state: snapshot + fsynced journal, locked against a second gateway
  /** When the state file cannot be loaded (StateFileError), move it aside as .corrupt-<time> and start empty. */
  resetCorruptState?: boolean;
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
  /** Private integrations: VPC link name or id → the local service it stands for (http://127.0.0.1:PORT). */
  vpcLinks?: Record<string, string>;
  /** How long a new VPC link stays PENDING before AVAILABLE (default 1000 ms; AWS takes minutes). */
  vpcLinkProvisionMs?: number;
  /** The VPC endpoint (aws:SourceVpce) and VPC (aws:SourceVpc) local calls to private APIs come through. */
  vpcEndpointId?: string;
  vpcId?: string;
  /** Region in execute-api ARNs for resource policies (default us-east-1). */
  region?: string;
  /** Request timeouts and connection caps (see ./http/limits.ts for the defaults). */
  limits?: Partial<GatewayLimits>;
  /** Keep a trace of the last 1,000 requests (GET /__streamgate/requests/{id}); default true. */
  trace?: boolean;
  /** CloudWatch Logs API: events become visible this long after they are written (AWS takes seconds; default 0). */
  logsDeliveryDelayMs?: number;
}

export interface LocalGateway {
  url: string;              // http://127.0.0.1:PORT
  port: number;
  invokeUrl(apiId: string, stage: string, path: string): string; // .../restapis/{id}/{stage}/_user_request_/{path}
  sampleApiId?: string;     // id of the seeded sample API
  /** This instance's token for the fault hook (header x-streamgate-fault-token). */
  faultToken: string;
  /** Files moved aside as *.corrupt-<time> (resetCorruptState), else empty. */
  movedAside: string[];
  /** Cold start, init time and function log lines of a recent request (for the trace view). */
  functionTrace(requestId: string): FunctionTrace | undefined;
  /** Why the gateway answered a recent request with an error (AWS's body stays terse). */
  errorDetail(requestId: string): string | undefined;
  /** Function → gateway timings of a recent request (src/shared/trace.ts); undefined when unknown or tracing is off. */
  requestTrace(requestId: string): RequestTrace | undefined;
  /** Switches request tracing on or off for the requests that follow (the bench's same-process baseline). */
  setTracing(on: boolean): void;
  /** Adds (or replaces) VPC link → local URL mappings while running, e.g. from a served template. */
  mapVpcLinks(mappings: Record<string, string>): void;
  /** The runner, for tests and the bench (process ids, lifecycle). */
  functions: RuntimeInvoker;
  close(): Promise<void>;   // closes the server and in-flight streams promptly, and stops every function process
}

export { FAULTS_PATH, FAULT_TOKEN_HEADER, HEALTH_PATH, REQUESTS_PATH, STREAMGATE_INTERNAL_PREFIX } from './controlplane/internalRoutes';
export { StateFileError } from './state/validate';
export { StateLockedError } from './state/lock';
export { isLoopbackHost, RemoteBindError } from './http/bind';

export { EDGE_STREAM_IDLE_TIMEOUT_MS, REGIONAL_STREAM_IDLE_TIMEOUT_MS } from './dataplane/awsLimits';

export { SAMPLE_ROUTES, SAMPLE_STAGE } from './sample/seed';
export type { FaultSpec } from './controlplane/faults';

export async function startLocalGateway(opts: LocalGatewayOptions = {}): Promise<LocalGateway> {
  const host = opts.host ?? '127.0.0.1';
  const allowRemote = opts.allowRemote ?? false;
  checkBindAddress(host, allowRemote);
  const log = opts.log ?? (() => undefined);
  const quota = opts.bufferedTimeoutQuotaMs ?? BUFFERED_MAX_TIMEOUT_MS;
  if (!Number.isInteger(quota) || quota < 50) throw new Error(`bufferedTimeoutQuotaMs must be a whole number of ms >= 50, got ${quota}`);
  if (opts.sampleScale !== undefined && !(opts.sampleScale > 0)) throw new Error(`sampleScale must be > 0, got ${opts.sampleScale}`);
  const limits = resolveLimits(opts.limits);

  const opened = await openState({ statePath: opts.statePath, resetCorruptState: opts.resetCorruptState, log });
  const { store } = opened;
  let sampleApiId: string | undefined;
  try {
    if (opts.sample !== false) {
      sampleApiId = findSampleApi(store)?.id ?? (await store.change(undefined, () => seedSampleApi(store))).id;
    }
  } catch (err) {
    await opened.close();
    throw err;
  }

  if (opts.logsDeliveryDelayMs !== undefined && !(opts.logsDeliveryDelayMs >= 0)) throw new Error(`logsDeliveryDelayMs must be >= 0, got ${opts.logsDeliveryDelayMs}`);
  const logGroups = new LocalLogGroups(opts.logsDeliveryDelayMs ?? 0);
  // The sample's functions are declared like a template's, so both run through the same runner.
  const functions = new RuntimeInvoker({
    lambdaLogs: new LambdaLogWriter(logGroups),
    functions: [...(opts.sample !== false ? sampleFunctionSpecs(opts.sampleScale ?? 1) : []), ...(opts.functions ?? [])],
    handlerDirs: opts.handlerDirs ?? [],
    ...(opts.functionConcurrency !== undefined ? { maxConcurrency: opts.functionConcurrency } : {}),
    ...(opts.functionIdleTimeoutMs !== undefined ? { idleTimeoutMs: opts.functionIdleTimeoutMs } : {}),
    emulateLimits: opts.emulateAwsLimits ?? true,
    ...(opts.onFunctionLog ? { onLog: opts.onFunctionLog } : {}),
  });
  const faults = new ControlPlaneFaults();
  const vpcLinkProvisionMs = opts.vpcLinkProvisionMs ?? DEFAULT_VPC_LINK_PROVISION_MS;
  if (!(vpcLinkProvisionMs >= 0)) throw new Error(`vpcLinkProvisionMs must be >= 0, got ${vpcLinkProvisionMs}`);
  const vpcLinkMappings = parseVpcLinkMappings(opts.vpcLinks);
  const faultToken = randomBytes(16).toString('hex');
  const authorizerCache = new AuthorizerCache();
  const accessLog = new AccessLogSink(log, opts.accessLogDir, logGroups);
  const controlCtx = { store, faults, bufferedQuotaMs: quota, authorizerCache, vpcLinkProvisionMs };
  const traces = new RequestTraces((requestId) => functions.trace(requestId));
  const requestTrace = (requestId: string) => (internalCtx.tracing ? traces.get(requestId) : undefined);
  const internalCtx = { faults, faultToken, health: () => ({ sampleApiId, sampleStage: sampleApiId ? SAMPLE_STAGE : undefined }), requestTrace, tracing: opts.trace !== false };
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
    errorDetails: new RecentErrorDetails(),
    traces: internalCtx.tracing ? traces : undefined,
    lambdaRequestId: (requestId: string) => functions.trace(requestId)?.recorder.awsRequestId,
    vpcLinks: { state: store.state, mappings: vpcLinkMappings, provisionMs: vpcLinkProvisionMs },
    privateNetwork: {
      vpcEndpointId: opts.vpcEndpointId ?? DEFAULT_LOCAL_VPC_ENDPOINT_ID,
      vpcId: opts.vpcId ?? DEFAULT_LOCAL_VPC_ID,
      region: opts.region ?? 'us-east-1',
    },
  };
  const dataPlaneInFlight = new InFlight(limits.maxDataPlaneRequests);
  const controlPlaneInFlight = new InFlight(limits.maxControlPlaneRequests);
  let port = 0;

  // 256 KiB socket buffers: a streamed 64 KiB chunk no longer fills the 16 KiB default at once,
  // so passthrough does not pause and resume the backend on every chunk, and writes are larger.
  const server = http.createServer({ ...serverOptions(limits), highWaterMark: STREAM_SOCKET_HIGH_WATER_MARK }, (req, res) => {
    const requestId = newRequestId();
    const target = parseRequestTarget(req.url);
    const refuse = (err: AwsError) => {
      req.resume();
      res.setHeader('Connection', 'close');
      sendAwsError(res, err, requestId);
    };
    if (!target) return refuse(new AwsError(400, 'BadRequestException', `Malformed request target ${String(req.url).slice(0, 200)}`));
    // A private API addressed by x-apigw-api-id or an execute-api Host: /{stage}/{path} is data plane.
    const ownPath = isDataPlanePath(target.pathname) || isControlPlanePath(target.pathname) || target.pathname.startsWith(STREAMGATE_INTERNAL_PREFIX);
    const viaHost = ownPath ? undefined : executeApiRoute(req);
    const hostPath = viaHost && toDataPlanePath(viaHost, target.pathname);
    const dataPlane = Boolean(hostPath) || isDataPlanePath(target.pathname);
    if (!(dataPlane ? dataPlaneInFlight : controlPlaneInFlight).tryEnter(res)) {
      return refuse(new AwsError(503, 'ServiceUnavailableException', `The local gateway is busy (${dataPlane ? 'data' : 'control'}-plane requests in flight at the limit); retry`, { 'Retry-After': '1' }));
    }
    let work: Promise<void>;
    if (!dataPlane && isLogsApiRequest(req, target.pathname)) {
      try {
        checkLocalCaller(req.headers, { port, allowRemote });
      } catch (err) {
        return refuse(err as AwsError);
      }
      work = handleLogsApi(req, res, logGroups, requestId);
    } else if (viaHost && hostPath) {
      work = handleDataPlane(req, res, { pathname: hostPath, searchParams: target.searchParams }, dataCtx, requestId, viaHost);
    } else if (dataPlane) {
      work = handleDataPlane(req, res, target, dataCtx, requestId);
    } else {
      try {
        checkLocalCaller(req.headers, { port, allowRemote });
      } catch (err) {
        return refuse(err as AwsError);
      }
      work = isControlPlanePath(target.pathname)
        ? handleControlPlane(req, res, target, controlCtx, requestId)
        : handleInternal(req, res, target.pathname, internalCtx, requestId);
    }
    // Last line of defence: a bug answers 500 in AWS's shape and the server stays up.
    work.catch((err: unknown) => {
      log(`[error] ${req.method} ${target.pathname}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) sendAwsError(res, toAwsError(err), requestId);
      else res.destroy();
    });
  });
  capConnections(server, limits.maxConnections);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // A backlog as deep as the connection cap, so a burst of clients queues instead of being dropped.
      server.listen({ port: opts.port ?? 0, host, backlog: limits.maxConnections + 64 }, () => { server.off('error', reject); resolve(); });
    });
  } catch (err) {
    await Promise.all([functions.close(), opened.close()]);
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  opened.lock?.setPort(port);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    sampleApiId,
    faultToken,
    movedAside: opened.movedAside,
    functions,
    functionTrace: (requestId) => functions.trace(requestId),
    errorDetail: (requestId) => dataCtx.errorDetails.get(requestId),
    requestTrace,
    setTracing: (on) => { internalCtx.tracing = on; dataCtx.traces = on ? traces : undefined; },
    mapVpcLinks: (mappings) => { for (const [k, u] of parseVpcLinkMappings(mappings)) vpcLinkMappings.set(k, u); },
    invokeUrl: (apiId, stage, path) =>
      `${url}/restapis/${encodeURIComponent(apiId)}/${encodeURIComponent(stage)}/_user_request_/${path.replace(/^\/+/, '')}`,
    close: () => (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Cut in-flight requests and streams at once instead of waiting for them to finish.
      server.closeAllConnections();
      agents.http.destroy();
      agents.https.destroy();
      await Promise.all([closed, functions.close()]);
      await Promise.all([opened.close(), accessLog.flush()]);
    })()),
  };
}
