// The integrations the local data plane runs: HTTP_PROXY (forward to the backend and hand back
// its body stream untouched), AWS_PROXY (a Lambda function run out of process through the Runtime API) and MOCK.
import * as http from 'node:http';
import * as https from 'node:https';
import type { TransferMode } from '../../shared/model';
import { lambdaArnFromUri, lambdaIntegrationUri, lambdaUriForMode, lambdaUriMode } from '../../core/rules/integrationRules';
import type { FunctionInvoker } from '../functions/types';
import { buildProxyEvent, type ProxyRequest } from '../lambda/event';
import { bufferedProxyResponse, streamedProxyResponse } from '../lambda/proxyResult';
import type { StoredIntegration } from '../state/model';
import { Readable } from 'node:stream';
import { badGateway, configurationError, IntegrationFailure, type UpstreamResponse } from './upstream';
import { privateIntegrationTarget, VPC_LINK_INTERNAL_ERROR, type VpcLinkRouting } from './vpcLinkTarget';

export interface IntegrationCall {
  integration: StoredIntegration;
  mode: TransferMode;
  request: ProxyRequest;
  signal: AbortSignal;
  deadlineMs: number;
  /** Runs Lambda functions out of process (src/local/runtime). */
  functions: FunctionInvoker;
  /** Connection pools for HTTP_PROXY backends, owned (and destroyed on close) by the gateway. */
  agents?: { http: http.Agent; https: https.Agent };
  /** VPC links and their local mappings, for private integrations (connectionType VPC_LINK). */
  vpcLinks?: VpcLinkRouting;
  note(line: string): void;
}

export function runIntegration(call: IntegrationCall): Promise<UpstreamResponse> {
  switch (call.integration.type) {
    case 'HTTP_PROXY': return httpProxy(call);
    case 'AWS_PROXY': return lambdaProxy(call);
    case 'MOCK': return Promise.resolve().then(() => mock(call));
    default:
      return Promise.reject(new IntegrationFailure(500, `${call.integration.type} (non-proxy) integrations are not emulated by the local gateway; use HTTP_PROXY, AWS_PROXY or MOCK`));
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length']);

/**
 * Percent-encodes one path segment of a parameter value; a "." or ".." segment has its dots
 * encoded too. A backend path is never resolved, so "%2e%2e%2f" in an invoke URL cannot climb
 * out of the integration's path prefix (API Gateway substitutes values encoded, without
 * dot-segment resolution).
 */
function encodeSegment(segment: string): string {
  return segment === '.' || segment === '..' ? segment.replace(/\./g, '%2E') : encodeURIComponent(segment);
}

/** Where an HTTP_PROXY request goes: the URL's origin plus the exact path to send. */
interface BackendTarget { url: URL; path: string }

/**
 * Fills {name} and {name+} placeholders from path parameters (directly or via requestParameters
 * mappings). A {name} value is one encoded segment (its slashes become %2F); a {name+} value keeps
 * its slashes as separators. The path is assembled as text and sent as is: `new URL()` would
 * resolve any dot segments in it.
 */
function fillUri(i: StoredIntegration, r: ProxyRequest): BackendTarget {
  // A value keeps its slashes when it comes from a greedy {name+} resource path part.
  const greedy = new Set([...r.resourcePath.matchAll(/\{([^}]+)\+\}/g)].map((m) => m[1]!));
  const mapped: Record<string, { value: string; greedy: boolean }> = {};
  for (const [name, value] of Object.entries(r.pathParameters)) mapped[name] = { value, greedy: greedy.has(name) };
  for (const [target, source] of Object.entries(i.requestParameters ?? {})) {
    const t = /^integration\.request\.path\.(.+)$/.exec(target);
    const s = /^method\.request\.path\.(.+)$/.exec(source);
    if (t && s && r.pathParameters[s[1]!] !== undefined) mapped[t[1]!] = { value: r.pathParameters[s[1]!]!, greedy: greedy.has(s[1]!) };
  }
  const values: string[] = [];
  const marked = i.uri!.replace(/\{([^}+]+)\+?\}/g, (_m, name: string) => {
    const p = mapped[name] ?? { value: '', greedy: false };
    values.push(p.greedy ? p.value.split('/').map(encodeSegment).join('/') : encodeSegment(p.value));
    return `__streamgate_param_${values.length - 1}__`;
  });
  const url = new URL(marked);
  for (const [k, v] of r.query) url.searchParams.append(k, v);
  const fill = (text: string) => text.replace(/__streamgate_param_(\d+)__/g, (_m, n: string) => values[Number(n)]!);
  url.hostname = fill(url.hostname);
  return { url, path: fill(url.pathname + url.search) };
}

function httpProxy(call: IntegrationCall): Promise<UpstreamResponse> {
  const { integration: i, request: r } = call;
  // The filled URI's path is sent as is (never resolved); a private integration only swaps the origin.
  const { url: uri, path } = fillUri(i, r);
  const isPrivate = i.connectionType === 'VPC_LINK';
  let target = uri;
  if (isPrivate) {
    if (!call.vpcLinks) return Promise.reject(configurationError(`${VPC_LINK_INTERNAL_ERROR} (this gateway has no VPC link routing)`));
    try {
      target = privateIntegrationTarget(i, uri, r.stage, r.stageVariables, call.vpcLinks);
    } catch (err) {
      return Promise.reject(err);
    }
    call.note(`private integration via VPC link → ${target.origin}`);
  }
  const method = !i.httpMethod || i.httpMethod === 'ANY' ? r.method : i.httpMethod;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  headers['x-forwarded-for'] = r.sourceIp;
  headers['x-amzn-apigateway-api-id'] = r.apiId;
  if (r.body.length) headers['content-length'] = String(r.body.length);
  // The integration URI's host is what the backend sees (AWS uses it as Host and TLS name).
  if (isPrivate) headers.host = uri.host;
  const client = target.protocol === 'https:' ? https : http;
  const agent = call.agents ? (target.protocol === 'https:' ? call.agents.https : call.agents.http) : undefined;
  const send = (retried: boolean): Promise<UpstreamResponse> => new Promise((resolve, reject) => {
    const req = client.request({
      protocol: target.protocol,
      hostname: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || undefined,
      path,
      method, headers, signal: call.signal, ...(agent ? { agent } : {}),
    }, (res) => {
      const out: Array<[string, string]> = [];
      for (let k = 0; k < res.rawHeaders.length; k += 2) {
        if (!HOP_BY_HOP.has(res.rawHeaders[k]!.toLowerCase())) out.push([res.rawHeaders[k]!, res.rawHeaders[k + 1]!]);
      }
      resolve({ statusCode: res.statusCode ?? 502, headers: out, body: res });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A pooled keep-alive connection the backend closed while idle fails at once with ECONNRESET
      // before anything was processed: send once more on a fresh connection, as Node's docs advise.
      if (!retried && req.reusedSocket && err.code === 'ECONNRESET' && !call.signal.aborted) {
        send(true).then(resolve, reject);
        return;
      }
      reject(call.signal.aborted ? err
        : isPrivate ? configurationError(`${VPC_LINK_INTERNAL_ERROR} (the service mapped to VPC link ${i.connectionId} at ${target.origin} is unreachable: ${err.message})`)
          : badGateway(`Could not reach the HTTP_PROXY backend ${target.origin}: ${err.message}`));
    });
    req.end(r.body);
  });
  return send(false);
}

async function lambdaProxy(call: IntegrationCall): Promise<UpstreamResponse> {
  const uri = call.integration.uri;
  const uriMode = lambdaUriMode(uri);
  if (!uriMode) throw configurationError(`"${uri}" is not a Lambda invocation URI (${lambdaIntegrationUri('REGION', 'FUNCTION_ARN', 'BUFFERED')})`);
  if (uriMode !== call.mode) {
    throw configurationError(`the integration is ${call.mode} but its URI is the ${uriMode} form. Use ${lambdaUriForMode(uri!, call.mode)} (change the URI and the mode in the same UpdateIntegration call, then redeploy)`);
  }
  const functionArn = lambdaArnFromUri(uri)!;
  const upstream = await call.functions.invoke({
    functionArn,
    mode: call.mode,
    event: buildProxyEvent(call.request),
    requestId: call.request.requestId,
    deadlineMs: call.deadlineMs,
    signal: call.signal,
    note: call.note,
  });
  // What API Gateway makes of the function's bytes depends on the invocation API it used.
  return call.mode === 'STREAM' ? streamedProxyResponse(upstream) : bufferedProxyResponse(upstream);
}

function mock(call: IntegrationCall): UpstreamResponse {
  const i = call.integration;
  const template = i.requestTemplates?.['application/json'] ?? '';
  const status = Number(/"statusCode"\s*:\s*(\d{3})/.exec(template)?.[1] ?? 200);
  const responses = Object.values(i.integrationResponses ?? {});
  const chosen = responses.find((x) => x.selectionPattern && selects(x.selectionPattern, String(status)))
    ?? responses.find((x) => !x.selectionPattern);
  // AWS: a MOCK answers only through an integration response; without one matching it fails.
  if (!chosen) {
    throw configurationError(`No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${status}`);
  }
  const headers: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(chosen.responseParameters ?? {})) {
    const name = /^method\.response\.header\.(.+)$/.exec(k)?.[1];
    const literal = /^'(.*)'$/.exec(v)?.[1];
    if (name && literal !== undefined) headers.push([name, literal]);
  }
  // Response templates are returned as written: VTL is not evaluated locally.
  const body = chosen.responseTemplates?.['application/json'] ?? '';
  if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
  return { statusCode: Number(chosen.statusCode), headers, body: Readable.from(body ? [Buffer.from(body)] : []) };
}

function selects(pattern: string, status: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(status);
  } catch {
    return false; // an invalid selection pattern never matches, as it cannot on AWS either
  }
}
