// A request's trace on AWS, from what AWS keeps: the stage's access log in CloudWatch Logs (the
// $context.integration.* timings, responseLatency, the mode served) and, for Lambda
// integrations, the function's REPORT line in /aws/lambda/NAME. Access logs arrive seconds after
// the response, so the log is searched again (with backoff) until the line is there or 60 s pass.
// The clock and the sleep are injectable so tests need not wait.
import { GetResourcesCommand, GetStageCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import * as l10n from '@vscode/l10n';
import type { FunctionLane, GatewayLane, RequestTrace, ServedMode } from '../../shared/trace';
import { parseAccessLogLine, type ContextFields } from './accessLogFormat';
import { parseReportLine } from './reportLine';

const LOG_WAIT_MS = 60_000;

export interface AwsTraceRequest {
  restApiId: string;
  stage: string;
  /** The x-amzn-RequestId the client received. */
  requestId: string;
  /** Overrides the group from the stage's accessLogSettings.destinationArn. */
  logGroup?: string;
  /** When the request was sent (epoch ms): bounds the log search. */
  sentAt: number;
}

export interface AwsTraceDeps {
  apigw: Pick<APIGatewayClient, 'send'>;
  logs: Pick<CloudWatchLogsClient, 'send'>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How long to keep looking for a line still arriving (default 60 s). */
  waitMs?: number;
}

export type AwsTraceResult =
  | { kind: 'trace'; trace: RequestTrace; logGroup: string; waitedMs: number }
  | { kind: 'access-logging-off'; message: string; stage: string }
  | { kind: 'not-found'; message: string; logGroup: string; waitedMs: number };

const num = (v: string | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v));

/** `arn:aws:logs:…:log-group:NAME[:*]` → NAME. */
function logGroupOf(destinationArn: string): string | undefined {
  return /^arn:aws[\w-]*:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(destinationArn)?.[1];
}

function backoff(attempt: number): number {
  return Math.min(5000, 500 * 2 ** attempt);
}

/** Searches a log group until `accept` takes an event or the deadline passes. */
async function searchUntil<T>(deps: Required<Pick<AwsTraceDeps, 'now' | 'sleep'>> & AwsTraceDeps, input: { logGroupName: string; filterPattern: string; startTime: number },
  deadline: number, accept: (e: FilteredLogEvent) => T | undefined): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    let nextToken: string | undefined;
    do {
      const page = await deps.logs.send(new FilterLogEventsCommand({ ...input, ...(nextToken ? { nextToken } : {}) }));
      for (const e of page.events ?? []) {
        const got = accept(e);
        if (got !== undefined) return got;
      }
      nextToken = page.nextToken;
    } while (nextToken);
    const left = deadline - deps.now();
    if (left <= 0) return undefined;
    await deps.sleep(Math.min(backoff(attempt), left));
  }
}

export async function fetchAwsTrace(req: AwsTraceRequest, given: AwsTraceDeps): Promise<AwsTraceResult> {
  const deps = { ...given, now: given.now ?? Date.now, sleep: given.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))) };
  const started = deps.now();
  const deadline = started + (given.waitMs ?? LOG_WAIT_MS);
  const stage = await deps.apigw.send(new GetStageCommand({ restApiId: req.restApiId, stageName: req.stage }));
  const settings = stage.accessLogSettings;
  const group = req.logGroup ?? (settings?.destinationArn ? logGroupOf(settings.destinationArn) : undefined);
  if (!group || !settings?.format) {
    return {
      kind: 'access-logging-off', stage: req.stage,
      message: l10n.t('Access logging is off on stage {0} of API {1}, so AWS kept no gateway timings for this request. ' +
        'Turn it on (UpdateStage with a JSON format that includes $context.integration.responseTransferMode, timeToAllHeaders and timeToFirstContent) and send the request again.', req.stage, req.restApiId),
    };
  }
  const format = settings.format;
  const found = await searchUntil(deps, { logGroupName: group, filterPattern: `"${req.requestId}"`, startTime: Math.floor(req.sentAt - 5 * 60_000) }, deadline, (e) => {
    const fields = e.message ? parseAccessLogLine(format, e.message.trimEnd()) : undefined;
    return fields && fields.requestId === req.requestId ? fields : undefined;
  });
  const waitedMs = deps.now() - started;
  if (!found) {
    return { kind: 'not-found', logGroup: group, waitedMs, message: l10n.t("No access-log line for request {0} in {1} after {2} s (is it the stage's log group, and did the request reach this stage?)", req.requestId, group, Math.round(waitedMs / 1000)) };
  }
  const gateway = gatewayLane(found, req);
  const fn = await functionLane(found, req, deps, Math.max(deadline, deps.now() + 10_000));
  return { kind: 'trace', trace: { requestId: req.requestId, source: 'aws', function: fn, gateway }, logGroup: group, waitedMs: deps.now() - started };
}

function gatewayLane(f: ContextFields, req: AwsTraceRequest): GatewayLane {
  const mode = f['integration.responseTransferMode'];
  const requestTime = num(f.requestTimeEpoch) ?? (f.requestTime ? Date.parse(f.requestTime.replace(/^(\d+)\/(\w+)\/(\d+):/, '$2 $1 $3 ')) : NaN);
  return {
    requestId: req.requestId, stage: f.stage ?? req.stage, status: num(f.status), received: Number.isFinite(requestTime) ? requestTime : req.sentAt,
    integrationStart: null, timeToAllHeaders: num(f['integration.timeToAllHeaders']), timeToFirstContent: num(f['integration.timeToFirstContent']),
    integrationLatency: num(f['integration.latency'] ?? f.integrationLatency), responseLatency: num(f.responseLatency), firstByte: null,
    writes: [], writeCount: 0, coalesced: false, throttledAfterBytes: null,
    modeServed: mode === 'STREAMED' || mode === 'BUFFERED' ? (mode as ServedMode) : null,
  };
}

/** The Lambda function behind the logged method (its AWS_PROXY integration URI), if any. */
async function functionNameOf(f: ContextFields, req: AwsTraceRequest, apigw: AwsTraceDeps['apigw']): Promise<string | undefined> {
  if (!f.resourcePath || !f.httpMethod) return undefined;
  let position: string | undefined;
  do {
    const page = await apigw.send(new GetResourcesCommand({ restApiId: req.restApiId, embed: ['methods'], limit: 500, ...(position ? { position } : {}) }));
    const resource = page.items?.find((r) => r.path === f.resourcePath);
    if (resource) {
      const method = resource.resourceMethods?.[f.httpMethod] ?? resource.resourceMethods?.ANY;
      const uri = method?.methodIntegration?.uri ?? '';
      return /:function:([^:/]+)/.exec(uri)?.[1];
    }
    position = page.position;
  } while (position);
  return undefined;
}

async function functionLane(f: ContextFields, req: AwsTraceRequest, deps: Parameters<typeof searchUntil>[0], deadline: number): Promise<FunctionLane | null> {
  const name = await functionNameOf(f, req, deps.apigw);
  const lambdaRequestId = f['integration.requestId'];
  if (!name || !lambdaRequestId) return null;
  const logGroupName = `/aws/lambda/${name}`;
  const logs: FunctionLane['logs'] = [];
  const seen = new Set<string>(); // a retried search sees the same lines again
  let report;
  try {
    report = await searchUntil(deps, { logGroupName, filterPattern: `"${lambdaRequestId}"`, startTime: Math.floor(req.sentAt - 60_000) }, deadline, (e) => {
      const r = e.message ? parseReportLine(e.message) : undefined;
      if (r && r.requestId === lambdaRequestId) return { r, at: e.timestamp ?? null };
      if (e.eventId && seen.has(e.eventId)) return undefined;
      if (e.eventId) seen.add(e.eventId);
      if (e.message && !/^(START|END) RequestId:/.test(e.message)) logs.push({ t: e.timestamp ?? 0, stream: /\tERROR\t/.test(e.message) ? 'stderr' : 'stdout', text: e.message.trimEnd() });
      return undefined;
    });
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') return null;
    throw err;
  }
  if (!report) return null;
  return {
    functionName: name, coldStart: report.r.initMs !== null, initMs: report.r.initMs, invokedAt: null, endedAt: report.at,
    durationMs: report.r.durationMs, writes: [], writeCount: 0, coalesced: false, preludeBytes: 0, responseMode: null, logs,
  };
}
