// The integrations the local data plane runs: HTTP_PROXY (forward to the backend and hand back
// its body stream untouched), AWS_PROXY (a Lambda function run out of process through the Runtime API) and MOCK.
import * as http from 'node:http';
import * as https from 'node:https';
import type { TransferMode } from '../../shared/model';
import { lambdaArnFromUri, lambdaUriForMode, lambdaUriMode } from '../../core/rules/integrationRules';
import type { FunctionInvoker } from '../functions/types';
import { buildProxyEvent, type ProxyRequest } from '../lambda/event';
import { bufferedProxyResponse, streamedProxyResponse } from '../lambda/proxyResult';
import type { StoredIntegration } from '../state/model';
import { Readable } from 'node:stream';
import { badGateway, configurationError, IntegrationFailure, type UpstreamResponse } from './upstream';

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

/** Fills {name} and {name+} placeholders from path parameters (directly or via requestParameters mappings). */
function fillUri(i: StoredIntegration, r: ProxyRequest): string {
  const mapped: Record<string, string> = { ...r.pathParameters };
  for (const [target, source] of Object.entries(i.requestParameters ?? {})) {
    const t = /^integration\.request\.path\.(.+)$/.exec(target);
    const s = /^method\.request\.path\.(.+)$/.exec(source);
    if (t && s && r.pathParameters[s[1]!] !== undefined) mapped[t[1]!] = r.pathParameters[s[1]!]!;
  }
  // Slashes in a {proxy+} value stay path separators; everything else is percent-encoded.
  const filled = i.uri!.replace(/\{([^}+]+)\+?\}/g, (_m, name: string) => (mapped[name] ?? '').split('/').map(encodeURIComponent).join('/'));
  const url = new URL(filled);
  for (const [k, v] of r.query) url.searchParams.append(k, v);
  return url.toString();
}

function httpProxy(call: IntegrationCall): Promise<UpstreamResponse> {
  const { integration: i, request: r } = call;
  const target = new URL(fillUri(i, r));
  const method = !i.httpMethod || i.httpMethod === 'ANY' ? r.method : i.httpMethod;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  headers['x-forwarded-for'] = r.sourceIp;
  headers['x-amzn-apigateway-api-id'] = r.apiId;
  if (r.body.length) headers['content-length'] = String(r.body.length);
  const client = target.protocol === 'https:' ? https : http;
  const agent = call.agents ? (target.protocol === 'https:' ? call.agents.https : call.agents.http) : undefined;
  const send = (retried: boolean): Promise<UpstreamResponse> => new Promise((resolve, reject) => {
    const req = client.request(target, { method, headers, signal: call.signal, ...(agent ? { agent } : {}) }, (res) => {
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
      reject(call.signal.aborted ? err : badGateway(`Could not reach the HTTP_PROXY backend ${target.origin}: ${err.message}`));
    });
    req.end(r.body);
  });
  return send(false);
}

async function lambdaProxy(call: IntegrationCall): Promise<UpstreamResponse> {
  const uri = call.integration.uri;
  const uriMode = lambdaUriMode(uri);
  if (!uriMode) throw configurationError(`"${uri}" is not a Lambda invocation URI (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations)`);
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
