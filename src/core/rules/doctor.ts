// The streaming doctor: rules that say what will go wrong with an integration or a stage
// under response streaming, each with a fix the UI can offer. Pure functions over plain data.
import * as l10n from '@vscode/l10n';
import type { EndpointType, IntegrationChange, IntegrationSettings } from '../../shared/model';
import type { TraceHop } from '../../shared/trace';
import {
  BUFFERED_MAX_TIMEOUT_MS,
  canStream,
  lambdaUriMatchesMode,
  lambdaUriMode,
  STREAM_MAX_TIMEOUT_MS,
} from './integrationRules';
import { diagnosePrivateIntegration, type PrivateDiagnosticCode, type VpcLinkInfo } from './privateRules';

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export type DiagnosticCode =
  | 'stream-unsupported-type'
  | 'lambda-uri-mode-mismatch'
  | 'buffered-timeout-over-29s'
  | 'stream-with-stage-cache'
  | 'stream-with-method-caching'
  | 'stream-with-content-handling'
  | 'stream-with-compression'
  | 'stream-with-response-templates'
  | 'edge-idle-timeout'
  | 'undeployed-changes'
  | 'gateway-buffered'
  | 'function-buffered'
  | PrivateDiagnosticCode;

export interface DiagnosticFix {
  label: string;
  /** A change the service can apply directly; absent when the fix is a manual step or a deploy. */
  change?: IntegrationChange;
  /** Set when the fix is "deploy this stage". */
  deployStage?: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: DiagnosticSeverity;
  message: string;
  /** The preferred fix. */
  fix?: DiagnosticFix;
  /** Every fix on offer, the preferred one first. */
  fixes: DiagnosticFix[];
}

/** Stage data the rules need (a subset of StageSummary, so callers can pass one directly). */
export interface StageCachingInfo {
  name: string;
  cacheClusterEnabled: boolean;
  /** Method settings with caching on; '*' as path or method means all. */
  methodCaching: ReadonlyArray<{ path: string; httpMethod: string }>;
  /** Stage variables, to resolve a private integration's ${stageVariables.x} connectionId. */
  variables?: Readonly<Record<string, string>>;
}

export interface IntegrationDoctorContext {
  settings: IntegrationSettings;
  /** The method's resource path and verb, to match stage method settings. */
  path?: string;
  httpMethod?: string;
  endpointType?: EndpointType;
  /** The API's minimumCompressionSize; any number means compression is on. */
  minimumCompressionSize?: number;
  /** Stages of the API, to flag caching that applies to this method. */
  stages?: readonly StageCachingInfo[];
  /** True when this integration was changed since the last deployment. */
  undeployedChanges?: boolean;
  bufferedTimeoutQuotaMs?: number;
  /** The account's VPC links, for private integrations' status (undefined when not readable). */
  vpcLinks?: readonly VpcLinkInfo[];
  vpcLinksV2Known?: boolean;
}

export interface StageDoctorContext {
  stage: StageCachingInfo;
  /** Methods whose integration is STREAM, as path + verb. */
  streamingMethods: ReadonlyArray<{ path: string; httpMethod: string }>;
  endpointType?: EndpointType;
  /** True when the API has changes not deployed to this stage. */
  undeployedChanges?: boolean;
}

function diagnostic(code: DiagnosticCode, severity: DiagnosticSeverity, message: string, fixes: DiagnosticFix[] = []): Diagnostic {
  return fixes.length > 0 ? { code, severity, message, fix: fixes[0], fixes } : { code, severity, message, fixes };
}

/** Switching to BUFFERED must also bring the timeout into BUFFERED's range, in the same call. */
function switchToBufferedFix(settings: IntegrationSettings, quotaMs: number): DiagnosticFix {
  const change: IntegrationChange = { responseTransferMode: 'BUFFERED' };
  if (settings.timeoutInMillis > quotaMs) change.timeoutInMillis = quotaMs;
  return { label: change.timeoutInMillis ? l10n.t('Switch to BUFFERED (timeout {0} ms)', quotaMs) : l10n.t('Switch to BUFFERED'), change };
}

export function cachingAppliesTo(stage: StageCachingInfo, path: string | undefined, httpMethod: string | undefined): boolean {
  return stage.methodCaching.some((m) =>
    (m.path === '*' || (path !== undefined && m.path === path)) && (m.httpMethod === '*' || (httpMethod !== undefined && m.httpMethod === httpMethod)));
}

export function diagnoseIntegration(ctx: IntegrationDoctorContext): Diagnostic[] {
  const s = ctx.settings;
  const quotaMs = ctx.bufferedTimeoutQuotaMs ?? BUFFERED_MAX_TIMEOUT_MS;
  const out: Diagnostic[] = [];
  const streaming = s.responseTransferMode === 'STREAM';

  if (streaming && !canStream(s.type)) {
    out.push(diagnostic('stream-unsupported-type', 'error',
      l10n.t('{0} integrations cannot stream; only HTTP_PROXY and AWS_PROXY do. Responses will not stream, and API Gateway may refuse the deployment.', s.type),
      [switchToBufferedFix(s, quotaMs)]));
  }

  const uriMode = lambdaUriMode(s.uri);
  if (uriMode !== undefined && !lambdaUriMatchesMode(s.uri, s.responseTransferMode)) {
    out.push(diagnostic('lambda-uri-mode-mismatch', 'error',
      streaming
        ? l10n.t('The mode is STREAM but the Lambda URI is the buffered 2015-03-31 …/invocations form; every invoke will fail. It must be 2021-11-15 …/response-streaming-invocations.')
        : l10n.t('The mode is BUFFERED but the Lambda URI is the streaming 2021-11-15 …/response-streaming-invocations form; every invoke will fail. It must be 2015-03-31 …/invocations.'),
      // Re-asserting the current mode makes the service rewrite the URI to match it.
      [{ label: l10n.t('Rewrite the Lambda URI for {0}', s.responseTransferMode), change: { responseTransferMode: s.responseTransferMode } },
        ...(canStream(s.type) ? [{ label: l10n.t('Switch to {0} (keeps the URI)', uriMode), change: { responseTransferMode: uriMode } } satisfies DiagnosticFix] : [])]));
  }

  if (!streaming && s.timeoutInMillis > BUFFERED_MAX_TIMEOUT_MS) {
    const fixes: DiagnosticFix[] = [];
    if (canStream(s.type)) fixes.push({ label: l10n.t('Switch to STREAM (allows up to 15 minutes)'), change: { responseTransferMode: 'STREAM' } });
    fixes.push({ label: l10n.t('Lower the timeout to {0} ms', BUFFERED_MAX_TIMEOUT_MS), change: { timeoutInMillis: BUFFERED_MAX_TIMEOUT_MS } });
    out.push(diagnostic('buffered-timeout-over-29s', s.timeoutInMillis > quotaMs ? 'error' : 'warning',
      l10n.t('Timeout {0} ms is over 29 s while BUFFERED: it needs a raised quota (Regional/private APIs only), and clients wait for the whole response. STREAM allows up to {1} ms.', s.timeoutInMillis, STREAM_MAX_TIMEOUT_MS),
      fixes));
  }

  if (streaming) {
    for (const stage of ctx.stages ?? []) {
      if (stage.cacheClusterEnabled) {
        out.push(diagnostic('stream-with-stage-cache', 'warning',
          l10n.t('Stage "{0}" has a cache cluster; response caching is not supported with STREAM, so this method\'s responses will not be cached (or the stage may be rejected).', stage.name),
          [{ label: l10n.t('Disable the cache cluster of stage "{0}"', stage.name) }, switchToBufferedFix(s, quotaMs)]));
      }
      if (cachingAppliesTo(stage, ctx.path, ctx.httpMethod)) {
        out.push(diagnostic('stream-with-method-caching', 'warning',
          l10n.t('Stage "{0}" enables method caching for this method; caching does not work with STREAM.', stage.name),
          [{ label: l10n.t('Turn off caching for this method in stage "{0}"', stage.name) }, switchToBufferedFix(s, quotaMs)]));
      }
    }
    if (s.contentHandling) {
      out.push(diagnostic('stream-with-content-handling', 'warning',
        l10n.t('Content handling {0} converts the payload, which STREAM does not support; the response will not be converted.', s.contentHandling),
        [{ label: l10n.t('Remove contentHandling from the integration') }, switchToBufferedFix(s, quotaMs)]));
    }
    if (typeof ctx.minimumCompressionSize === 'number') {
      out.push(diagnostic('stream-with-compression', 'warning',
        l10n.t('The API compresses responses over {0} bytes; content encoding is not supported with STREAM, so streamed responses are sent uncompressed.', ctx.minimumCompressionSize),
        [{ label: l10n.t('Disable compression on the API (minimumCompressionSize)') }]));
    }
    if (s.hasResponseTemplates) {
      out.push(diagnostic('stream-with-response-templates', 'warning',
        l10n.t('The integration has response mapping templates; they are not applied to streamed responses.'),
        [{ label: l10n.t('Remove the response mapping templates') }, switchToBufferedFix(s, quotaMs)]));
    }
    if (ctx.endpointType === 'EDGE') {
      out.push(diagnostic('edge-idle-timeout', 'warning',
        l10n.t('Edge-optimized endpoint: a stream that sends nothing for 30 seconds is cut (Regional and private endpoints allow 5 minutes). Send a heartbeat or use a Regional endpoint.'),
        [{ label: l10n.t('Change the API to a Regional endpoint') }]));
    }
  }

  out.push(...diagnosePrivateIntegration({ settings: s, vpcLinks: ctx.vpcLinks, vpcLinksV2Known: ctx.vpcLinksV2Known, stages: ctx.stages }));

  if (ctx.undeployedChanges) {
    out.push(diagnostic('undeployed-changes', 'info',
      l10n.t('This integration changed since the last deployment; the invoke URL still serves the old settings until you deploy.'),
      [{ label: l10n.t('Deploy to a stage…') }]));
  }
  return out;
}

export function diagnoseStage(ctx: StageDoctorContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { stage } = ctx;
  const count = ctx.streamingMethods.length;
  const some = (n: number) => (n === 1 ? l10n.t('1 streaming method') : l10n.t('{0} streaming methods', n));
  if (count > 0 && stage.cacheClusterEnabled) {
    out.push(diagnostic('stream-with-stage-cache', 'warning',
      l10n.t('Stage "{0}" has a cache cluster, but {1} cannot be cached: response caching is not supported with STREAM.', stage.name, some(count)),
      [{ label: l10n.t('Disable the cache cluster of stage "{0}"', stage.name) }]));
  }
  const cached = ctx.streamingMethods.filter((m) => cachingAppliesTo(stage, m.path, m.httpMethod));
  if (cached.length > 0) {
    const names = cached.slice(0, 3).map((m) => `${m.httpMethod} ${m.path}`).join(', ') + (cached.length > 3 ? l10n.t(', and {0} more', cached.length - 3) : '');
    out.push(diagnostic('stream-with-method-caching', 'warning',
      l10n.t('Stage "{0}" enables caching for {1} ({2}); caching does not work with STREAM.', stage.name, some(cached.length), names),
      [{ label: l10n.t('Turn off method caching in stage "{0}"', stage.name) }]));
  }
  if (count > 0 && ctx.endpointType === 'EDGE') {
    out.push(diagnostic('edge-idle-timeout', 'warning',
      l10n.t('Edge-optimized endpoint: {0} on stage "{1}" are cut after 30 seconds without data (5 minutes on Regional endpoints).', some(count), stage.name),
      [{ label: l10n.t('Change the API to a Regional endpoint') }]));
  }
  if (ctx.undeployedChanges) {
    out.push(diagnostic('undeployed-changes', 'info',
      l10n.t('Stage "{0}" does not have the latest changes; deploy to make them take effect.', stage.name),
      [{ label: l10n.t('Deploy to "{0}"', stage.name), deployStage: stage.name }]));
  }
  return out;
}

/** What the doctor knows about a run that was configured STREAM but arrived in one burst. */
export interface BufferedArrivalContext {
  settings: IntegrationSettings;
  /** The mode the stage served at Send (null when unknown). */
  servedMode: 'STREAM' | 'BUFFERED' | null;
  stage: string;
  minimumCompressionSize?: number;
  /** The run's response headers (lowercase names). */
  responseHeaders: Record<string, string>;
  /** True when the URL is the gateway's own invoke URL (no proxy or custom domain in between that StreamGate knows of). */
  directToGateway: boolean;
}

const PROXY_HEADERS = ['via', 'x-cache', 'x-served-by', 'cf-ray', 'x-amz-cf-id', 'x-forwarded-for'];

/** Stage still serves a deployment from before the switch to STREAM (callers know the integration is STREAM now). */
function notDeployedCause(ctx: BufferedArrivalContext): Diagnostic[] {
  return ctx.servedMode === 'BUFFERED' ? [diagnostic('undeployed-changes', 'error',
    l10n.t('Not deployed: the integration is STREAM, but stage "{0}" still serves a deployment where it was BUFFERED.', ctx.stage),
    [{ label: l10n.t('Deploy to "{0}"', ctx.stage), deployStage: ctx.stage }])] : [];
}

function lambdaUriCause(ctx: BufferedArrivalContext): Diagnostic[] {
  return lambdaUriMode(ctx.settings.uri) === 'BUFFERED' ? [diagnostic('lambda-uri-mode-mismatch', 'error',
    l10n.t('The Lambda URI is the buffered 2015-03-31 …/invocations form; streaming needs 2021-11-15 …/response-streaming-invocations.'),
    [{ label: l10n.t('Rewrite the Lambda URI for STREAM'), change: { responseTransferMode: 'STREAM' } }])] : [];
}

function compressionCause(ctx: BufferedArrivalContext): Diagnostic[] {
  const encoding = ctx.responseHeaders['content-encoding'];
  if (typeof ctx.minimumCompressionSize !== 'number' && !(encoding && encoding !== 'identity')) return [];
  return [diagnostic('stream-with-compression', 'warning',
    encoding ? l10n.t('The response was compressed (content-encoding: {0}); compression buffers the body before it is sent.', encoding)
      : l10n.t('The API compresses responses over {0} bytes; content encoding is not supported with STREAM.', ctx.minimumCompressionSize ?? 0),
    [{ label: l10n.t('Disable compression on the API (minimumCompressionSize)') }])];
}

function proxyCause(ctx: BufferedArrivalContext): Diagnostic[] {
  const proxies = PROXY_HEADERS.filter((h) => ctx.responseHeaders[h] !== undefined);
  if (!proxies.length && ctx.directToGateway) return [];
  return [diagnostic('stream-with-stage-cache', 'warning',
    proxies.length
      ? l10n.t('Something between you and API Gateway may buffer the response (it added {0}): a proxy, CDN or custom domain in between.', proxies.join(', '))
      : l10n.t("The URL is not the stage's own invoke URL: a proxy or custom domain in between may buffer the response."),
    [proxyFix()])];
}

/** Worded when asked (not at load), so it follows the language the bundle was loaded for. */
const proxyFix = (): DiagnosticFix => ({ label: l10n.t('Send to the stage\'s invoke URL directly, or turn off buffering in the proxy (e.g. X-Accel-Buffering: no)') });

function functionCause(): Diagnostic {
  return diagnostic('function-buffered', 'warning',
    l10n.t('The function collected its output before writing it: with STREAM, wrap the handler in awslambda.streamifyResponse and call responseStream.write() as each piece is ready (a handler that awaits everything and writes once, or returns its result, streams nothing).'),
    [{ label: l10n.t('Write to the response stream as data becomes available') }]);
}

/** The likely causes, most likely first, each with its fix when StreamGate can apply one. */
export function explainBufferedArrival(ctx: BufferedArrivalContext): Diagnostic[] {
  const out = [...notDeployedCause(ctx), ...lambdaUriCause(ctx), ...compressionCause(ctx), ...proxyCause(ctx)];
  if (out.length === 0) {
    out.push(diagnostic('undeployed-changes', 'info',
      l10n.t('The stage serves STREAM, yet the body came in one burst: the backend itself may write everything at the end (a Lambda that awaits before writing, a server that buffers).'),
      [{ label: l10n.t('Write to the response stream as data becomes available') }]));
  }
  return out;
}

/**
 * The causes for the hop a run's trace says held the body back (src/shared/trace.ts diagnoseTrace):
 * the gateway (BUFFERED, not deployed, a buffered Lambda URI), the function (writes once at the
 * end) or something in between (compression, a proxy). Empty when it streamed end to end.
 */
export function explainTraceHop(hop: TraceHop, ctx: BufferedArrivalContext): Diagnostic[] {
  const s = ctx.settings;
  switch (hop) {
    case 'gateway': {
      const out: Diagnostic[] = [];
      if (s.responseTransferMode === 'BUFFERED') {
        out.push(diagnostic('gateway-buffered', 'warning',
          l10n.t('The integration is BUFFERED: API Gateway waits for the whole response before it sends anything. Switch it to STREAM, then deploy to "{0}".', ctx.stage),
          canStream(s.type) ? [{ label: l10n.t('Switch to STREAM (then deploy)'), change: { responseTransferMode: 'STREAM' } }] : []));
      } else {
        out.push(...notDeployedCause(ctx), ...lambdaUriCause(ctx));
      }
      if (out.length === 0) {
        out.push(diagnostic('gateway-buffered', 'info', l10n.t('Stage "{0}" served the response BUFFERED; deploy the STREAM setting to it.', ctx.stage),
          [{ label: l10n.t('Deploy to "{0}"', ctx.stage), deployStage: ctx.stage }]));
      }
      return out;
    }
    case 'function':
      return [functionCause()];
    case 'between': {
      const out = [...compressionCause(ctx), ...proxyCause(ctx)];
      return out.length ? out : [diagnostic('stream-with-compression', 'warning',
        l10n.t('The gateway sent its first content early, but it reached you late: a compressing or buffering hop (proxy, CDN, corporate gateway) sits between you and API Gateway.'),
        [proxyFix()])];
    }
    case 'none':
      return [];
  }
}
