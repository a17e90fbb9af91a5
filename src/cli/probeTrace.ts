// `streamgate probe URL --trace`: after the request, fetch its function → gateway trace (the
// local gateway's own record; on AWS the stage's access log in CloudWatch Logs and the function's
// REPORT line) and judge it with the probe's own chunk times (src/shared/trace.ts diagnoseTrace).
// The JSON report gains "trace": {function, gateway, diagnosis: {hop, reason, evidence}}; live
// output gains the diagnosis line.
import * as l10n from '@vscode/l10n';
import type { RunResult } from '../core/stream/engine';
import { clientLaneOf, fetchAwsTrace, fetchLocalTrace, localGatewayOrigin, STREAMING_ACCESS_LOG_FORMAT, TraceUnavailable } from '../core/trace';
import { diagnoseTrace } from '../shared/trace';
import { UsageError } from './args';

export interface TraceOptions {
  logGroup?: string;
  region?: string;
  profile?: string;
  logsEndpoint?: string;
}

export interface ProbeTrace {
  /** What --json prints under "trace". */
  json: Record<string, unknown>;
  /** The line live output prints. */
  line: string;
}

/** API id, stage and region of an execute-api URL, or of a local gateway invoke URL (/restapis/{id}/{stage}/_user_request_/). */
function apiOf(url: URL, region: string | undefined): { restApiId: string; stage: string; region: string; controlEndpoint?: string } {
  const local = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/|$)/.exec(url.pathname);
  if (local) return { restApiId: decodeURIComponent(local[1]!), stage: decodeURIComponent(local[2]!), region: region ?? 'us-east-1', controlEndpoint: url.origin };
  const host = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname);
  const stage = url.pathname.split('/')[1];
  if (!host || !stage) {
    throw new UsageError(l10n.t('--trace needs an execute-api invoke URL ({0}) or a local gateway URL; {1} is neither (a custom domain hides which API and stage answered)', 'https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/…', url.host));
  }
  return { restApiId: host[1]!, stage: decodeURIComponent(stage), region: region ?? host[2]! };
}

async function awsClients(region: string, o: TraceOptions, controlEndpoint: string | undefined) {
  const { createApiGatewayClient, createCloudWatchLogsClient } = await import('../core/controlplane/client');
  const profile = o.profile ? { profile: o.profile } : {};
  const apigw = createApiGatewayClient({ region, ...profile, ...(controlEndpoint ? { endpoint: controlEndpoint } : {}) });
  const logs = await createCloudWatchLogsClient({ region, ...profile, ...(o.logsEndpoint ? { endpoint: o.logsEndpoint } : {}) });
  return { apigw, logs };
}

export async function traceProbe(urlText: string, result: RunResult, startPerf: number, sentAt: number, o: TraceOptions): Promise<ProbeTrace> {
  const requestId = result.headers['x-amzn-requestid'];
  if (!requestId) {
    const message = l10n.t('the response has no x-amzn-RequestId header, so there is no request to look up (did it come from API Gateway?)');
    return { json: { error: message }, line: `trace: ${message}` };
  }
  const client = clientLaneOf(result, startPerf);
  const url = new URL(urlText);
  const origin = localGatewayOrigin(urlText);
  let trace;
  let awsFound: { logGroup: string; waitedMs: number } | undefined;
  if (origin && !o.logsEndpoint && !o.logGroup) {
    try {
      trace = await fetchLocalTrace(origin, requestId);
    } catch (err) {
      if (err instanceof TraceUnavailable) return { json: { requestId, error: err.message }, line: `trace: ${err.message}` };
      throw err;
    }
  } else {
    const api = apiOf(url, o.region);
    const { apigw, logs } = await awsClients(api.region, o, origin ?? api.controlEndpoint);
    try {
      const r = await fetchAwsTrace({ restApiId: api.restApiId, stage: api.stage, requestId, sentAt, ...(o.logGroup ? { logGroup: o.logGroup } : {}) }, { apigw, logs });
      if (r.kind === 'access-logging-off') {
        const command = enableCommand(api.restApiId, api.stage);
        return {
          json: { requestId, accessLogging: 'off', error: r.message, enableWith: { format: STREAMING_ACCESS_LOG_FORMAT, command } },
          line: `trace: ${r.message}\n  ${l10n.t('to enable: {0}', command)}`,
        };
      }
      if (r.kind === 'not-found') return { json: { requestId, logGroup: r.logGroup, error: r.message }, line: `trace: ${r.message}` };
      trace = r.trace;
      awsFound = { logGroup: r.logGroup, waitedMs: Math.round(r.waitedMs) };
    } finally {
      apigw.destroy();
      logs.destroy();
    }
  }
  const d = diagnoseTrace(trace, client);
  return {
    json: { requestId, source: trace.source, ...awsFound, function: trace.function, gateway: trace.gateway, diagnosis: { hop: d.hop, reason: d.reason, evidence: d.evidence } },
    line: `trace: ${d.reason}`,
  };
}

function enableCommand(restApiId: string, stage: string): string {
  const format = STREAMING_ACCESS_LOG_FORMAT.replace(/'/g, `'\\''`);
  return `aws apigateway update-stage --rest-api-id ${restApiId} --stage-name ${stage} --patch-operations ` +
    `op=replace,path=/accessLogSettings/destinationArn,value=arn:aws:logs:REGION:ACCOUNT:log-group:NAME ` +
    `'op=replace,path=/accessLogSettings/format,value=${format}'`;
}
