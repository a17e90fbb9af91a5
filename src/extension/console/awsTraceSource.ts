// A console run's trace on AWS: the stage's access log in CloudWatch Logs plus the function's
// REPORT line, read by src/core/trace (fetchAwsTrace, which retries while the log is still
// arriving, up to 60 s), with the connection's region, profile and endpoint. No `vscode`.
import * as l10n from '@vscode/l10n';
import type { TraceReadResult, TraceRequest } from './runTrace';

export interface AwsTraceSettings { region: string; profile?: string; endpoint?: string }

/** A sleep that ends early (rejecting) when the run's console closes, so no log search outlives it. */
function abortableSleep(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) => new Promise<void>((ok, fail) => {
    if (signal.aborted) { fail(new Error(l10n.t('Stopped: the console was closed.'))); return; }
    const stop = () => { clearTimeout(t); fail(new Error(l10n.t('Stopped: the console was closed.'))); };
    const t = setTimeout(() => { signal.removeEventListener('abort', stop); ok(); }, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}

export async function awsClients(s: AwsTraceSettings) {
  const { createApiGatewayClient, createCloudWatchLogsClient } = await import('../../core/controlplane/client');
  return { apigw: createApiGatewayClient(s), logs: await createCloudWatchLogsClient(s) };
}

export function awsTraceReader(settings: () => AwsTraceSettings, waitMs?: number): (request: TraceRequest) => Promise<TraceReadResult> {
  return async (req) => {
    if (!req.target || !req.stage) {
      return { state: 'unavailable', message: l10n.t('No hops: open the console from a method in the tree, so StreamGate knows which stage\'s access log to read.') };
    }
    const [{ fetchAwsTrace }, clients] = await Promise.all([import('../../core/trace'), awsClients(settings())]);
    const r = await fetchAwsTrace({ restApiId: req.target.apiId, stage: req.stage, requestId: req.requestId, sentAt: req.startedAt },
      { ...clients, sleep: abortableSleep(req.signal), ...(waitMs !== undefined ? { waitMs } : {}) });
    switch (r.kind) {
      case 'trace': return { trace: r.trace };
      case 'access-logging-off':
        return { state: 'accessLogOff', stage: r.stage, message: l10n.t('Access logging is off on stage {0}, so AWS kept no gateway timings for this request.', r.stage) };
      case 'not-found': return { state: 'unavailable', message: l10n.t('No hops: {0}', r.message) };
    }
  };
}
