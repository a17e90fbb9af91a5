// Shared helpers for the local gateway tests: an SDK client pointed at a gateway, a timed HTTP
// client that records when headers and each chunk arrive, and a scripted HTTP backend.
import type { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import {
  APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand,
  type CreateRestApiCommandInput, type PutMethodCommandInput,
} from '@aws-sdk/client-api-gateway';
import type { LocalGateway } from '../../../src/local/index';
import { lambdaIntegrationUri } from '../../../src/core/rules/integrationRules';

export const FIXTURE_LAMBDAS = path.resolve(__dirname, '../../fixtures/lambdas');

export function sdkClient(endpoint: string): APIGatewayClient {
  // maxAttempts 1: tests assert on the first error, never on a retried success.
  return new APIGatewayClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
}

export const lambdaArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
export const bufferedUri = (name: string) => lambdaIntegrationUri('us-east-1', lambdaArn(name), 'BUFFERED');
export const streamUri = (name: string) => lambdaIntegrationUri('us-east-1', lambdaArn(name), 'STREAM');

export interface TimedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  headersAtMs: number;
  firstByteAtMs: number | undefined;
  endAtMs: number;
  chunks: Array<{ atMs: number; bytes: number }>;
  /** The connection was cut before the response completed. */
  truncated: boolean;
}

export function timedRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {}): Promise<TimedResponse> {
  const started = performance.now();
  const at = () => performance.now() - started;
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const headersAtMs = at();
      const chunks: TimedResponse['chunks'] = [];
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => { chunks.push({ atMs: at(), bytes: c.length }); parts.push(c); });
      const done = (truncated: boolean) => {
        clearTimeout(guard);
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts), headersAtMs, firstByteAtMs: chunks[0]?.atMs, endAtMs: at(), chunks, truncated });
      };
      res.on('end', () => done(false));
      res.on('error', () => done(true));
      res.on('aborted', () => done(true));
    });
    const guard = setTimeout(() => { req.destroy(); reject(new Error(`request to ${url} took longer than ${init.timeoutMs ?? 15000} ms`)); }, init.timeoutMs ?? 15000);
    req.on('error', (err) => { clearTimeout(guard); reject(err); });
    req.end(init.body);
  });
}

export interface ScriptedBackend { url: string; close(): Promise<void>; requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }> }

/** A backend that answers with `chunks`, each written after its delay (ms since the previous one). */
export async function startBackend(script: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<ScriptedBackend> {
  const requests: ScriptedBackend['requests'] = [];
  const server = http.createServer((req, res) => { requests.push({ method: req.method!, url: req.url!, headers: req.headers }); script(req, res); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Writes chunks on a schedule; stops if the client goes away. */
export function writeSchedule(res: http.ServerResponse, steps: Array<{ afterMs: number; data: string | Buffer }>, headers: Record<string, string> = { 'content-type': 'text/plain' }): void {
  res.writeHead(200, headers);
  res.flushHeaders();
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i >= steps.length) { res.end(); return; }
    const step = steps[i++]!;
    setTimeout(() => { if (!res.destroyed) { res.write(step.data); next(); } }, step.afterMs);
  };
  next();
}

/** Resolves with the first match of `pattern` in a child's stdout; rejects on timeout or early exit. */
export function waitForLine(child: ReturnType<typeof spawn>, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output so far:\n${out}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(pattern);
      if (m) { clearTimeout(timer); resolve(m); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code} before ready:\n${out}`)); });
  });
}

/** The gateway's fault hook, called with its per-instance token as every legitimate caller must. */
export function faultHook(gw: { url: string; faultToken: string }) {
  const url = `${gw.url}/__streamgate/faults`;
  const headers = { 'content-type': 'application/json', 'x-streamgate-fault-token': gw.faultToken };
  return {
    arm: (spec: Record<string, unknown>) => fetch(url, { method: 'POST', headers, body: JSON.stringify(spec) }),
    pending: async (): Promise<Array<Record<string, unknown>>> => ((await (await fetch(url, { headers })).json()) as { pending: Array<Record<string, unknown>> }).pending,
    clear: () => fetch(url, { method: 'DELETE', headers }),
  };
}

export interface GivenApi { apiId: string; rootId: string; resourceId: string; invoke(path: string): string }

/**
 * Builds a REST API through the SDK in one call: CreateRestApi, the resources along `path`
 * (e.g. "/items/{id}"), PutMethod, PutIntegration and, with `stage`, CreateDeployment.
 */
export async function givenApi(sdk: APIGatewayClient, gw: { invokeUrl(apiId: string, stage: string, path: string): string }, spec: {
  name?: string; path: string; verb?: string; type?: 'HTTP_PROXY' | 'AWS_PROXY' | 'MOCK'; uri?: string;
  mode?: 'STREAM' | 'BUFFERED'; requestParameters?: Record<string, string>; stage?: string;
}): Promise<GivenApi> {
  const api = await sdk.send(new CreateRestApiCommand({ name: spec.name ?? 'given' }));
  let parentId = api.rootResourceId!;
  for (const part of spec.path.split('/').filter(Boolean)) {
    parentId = (await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId, pathPart: part }))).id!;
  }
  const verb = spec.verb ?? 'GET';
  const type = spec.type ?? 'MOCK';
  await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: parentId, httpMethod: verb, authorizationType: 'NONE' }));
  await sdk.send(new PutIntegrationCommand({
    restApiId: api.id, resourceId: parentId, httpMethod: verb, type, uri: spec.uri,
    integrationHttpMethod: type === 'MOCK' ? undefined : type === 'AWS_PROXY' ? 'POST' : 'GET',
    responseTransferMode: spec.mode, requestParameters: spec.requestParameters,
  }));
  const stage = spec.stage;
  if (stage) await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: stage }));
  return { apiId: api.id!, rootId: api.rootResourceId!, resourceId: parentId, invoke: (p) => gw.invokeUrl(api.id!, stage ?? 'dev', p) };
}

/** Sends raw bytes on a fresh socket and resolves with everything the server answered. */
export function rawHttp(port: number, request: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no complete answer within ${timeoutMs} ms: ${out.slice(0, 200)}`)); }, timeoutMs);
    socket.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    socket.on('error', () => undefined);
    socket.on('close', () => { clearTimeout(timer); resolve(out); });
    socket.write(request); // no half-close: "Connection: close" lets the server end the exchange
  });
}

/** Status code of a raw HTTP answer ("HTTP/1.1 403 Forbidden..." → 403). */
export const rawStatus = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

export interface DeployedMethod { apiId: string; resourceId: string; rootId: string }

/** Creates an API with one method at `path` and deploys it to `stage` (default "dev"). */
export async function deployMethod(sdk: APIGatewayClient, path: string, o: {
  type: 'HTTP_PROXY' | 'AWS_PROXY' | 'MOCK'; uri?: string; mode?: 'BUFFERED' | 'STREAM'; verb?: string; timeoutInMillis?: number;
  api?: Partial<CreateRestApiCommandInput>; method?: Partial<PutMethodCommandInput>; stage?: string;
}): Promise<DeployedMethod> {
  const api = await sdk.send(new CreateRestApiCommand({ name: `api ${path}`, ...o.api }));
  let parentId = api.rootResourceId!;
  for (const part of path.split('/').filter(Boolean)) {
    parentId = (await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId, pathPart: part }))).id!;
  }
  const verb = o.verb ?? 'GET';
  await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: parentId, httpMethod: verb, authorizationType: 'NONE', ...o.method }));
  await sdk.send(new PutIntegrationCommand({
    restApiId: api.id, resourceId: parentId, httpMethod: verb, type: o.type, uri: o.uri,
    integrationHttpMethod: o.type === 'AWS_PROXY' ? 'POST' : o.type === 'HTTP_PROXY' ? 'ANY' : undefined,
    responseTransferMode: o.mode ?? 'BUFFERED', timeoutInMillis: o.timeoutInMillis,
  }));
  await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: o.stage ?? 'dev' }));
  return { apiId: api.id!, resourceId: parentId, rootId: api.rootResourceId! };
}

/**
 * Deploys GET /{name} as an AWS_PROXY integration to function `name` (stage "dev") through the
 * SDK and returns its invoke URL.
 */
export async function deployLambda(gw: LocalGateway, name: string, opts: { mode?: 'BUFFERED' | 'STREAM'; timeoutInMillis?: number; functionArn?: string } = {}): Promise<string> {
  const sdk = sdkClient(gw.url);
  try {
    const mode = opts.mode ?? 'BUFFERED';
    const fnArn = opts.functionArn ?? lambdaArn(name);
    const uri = lambdaIntegrationUri('us-east-1', fnArn, mode);
    const api = await sdk.send(new CreateRestApiCommand({ name: `fn ${name}` }));
    const res = await sdk.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'fn' }));
    await sdk.send(new PutMethodCommand({ restApiId: api.id, resourceId: res.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    await sdk.send(new PutIntegrationCommand({
      restApiId: api.id, resourceId: res.id, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri,
      responseTransferMode: mode, timeoutInMillis: opts.timeoutInMillis,
    }));
    await sdk.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
    return gw.invokeUrl(api.id!, 'dev', 'fn');
  } finally {
    sdk.destroy();
  }
}
