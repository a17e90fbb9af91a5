// A tiny AWS-shaped API Gateway control plane for tests that need server behaviour the local
// gateway deliberately does not have: ignoring embed=methods, returning errors on demand,
// and counting requests per route. Same REST paths and JSON shapes as AWS (restJson1).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canStream, lambdaIntegrationUri, validateTimeout } from '../../../src/core/rules/integrationRules';

export interface FakeIntegration {
  type: string;
  uri?: string;
  httpMethod?: string;
  responseTransferMode?: string;
  timeoutInMillis?: number;
  integrationResponses?: Record<string, { statusCode: string; responseTemplates?: Record<string, string> }>;
}

export interface FakeResource {
  id: string;
  parentId?: string;
  path: string;
  pathPart?: string;
  methods: Record<string, { integration?: FakeIntegration }>;
}

export interface FakeApi {
  id: string;
  name: string;
  resources: FakeResource[];
  stages: Array<{ stageName: string; deploymentId?: string; cacheClusterEnabled?: boolean; methodSettings?: Record<string, { cachingEnabled?: boolean }> }>;
  deployments: Array<{ id: string; description?: string; createdDate: number }>;
}

export interface FakeOptions {
  /** When false, GetResources returns `{}` per method like AWS without embed. */
  honourEmbed?: boolean;
  /** When false, GetMethod leaves out methodIntegration (forces the GetIntegration fallback). */
  embedIntegrationInGetMethod?: boolean;
  /** Delay before answering each request (for cancellation tests). */
  delayMs?: number;
}

export interface FakeGateway {
  url: string;
  apis: FakeApi[];
  requests: string[];
  /** The next N requests fail with this AWS error. */
  failNext(count: number, status: number, type: string, message: string): void;
  close(): Promise<void>;
}

export function lambdaUri(fn: string, streaming = false): string {
  return lambdaIntegrationUri('us-east-1', `arn:aws:lambda:us-east-1:123456789012:function:${fn}`, streaming ? 'STREAM' : 'BUFFERED');
}

/** AWS's wire format calls the page's list "item" (the SDK renames it to `items`). */
function pageOf<T>(items: T[], url: URL): { item: T[]; position?: string } {
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), 500);
  const start = Number(url.searchParams.get('position') ?? 0);
  const slice = items.slice(start, start + limit);
  return start + limit < items.length ? { item: slice, position: String(start + limit) } : { item: slice };
}

function integrationJson(i: FakeIntegration): FakeIntegration {
  return { timeoutInMillis: 29000, responseTransferMode: 'BUFFERED', ...i };
}

export async function startFakeApiGateway(apis: FakeApi[], opts: FakeOptions = {}): Promise<FakeGateway> {
  const requests: string[] = [];
  let failures: Array<{ status: number; type: string; message: string }> = [];
  let deploymentSeq = 0;

  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (errorType) headers['x-amzn-errortype'] = errorType;
    res.writeHead(status, headers).end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what: string) => send(res, 404, { message: `Invalid ${what} identifier specified` }, 'NotFoundException');

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const route = `${req.method} ${url.pathname}`;
    requests.push(route);
    if (opts.delayMs) await new Promise((resolve) => setTimeout(resolve, opts.delayMs));
    const failure = failures.shift();
    if (failure) return send(res, failure.status, { message: failure.message }, failure.type);

    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'restapis') return notFound(res, 'path');
    if (parts.length === 1 && req.method === 'GET') {
      return send(res, 200, pageOf(apis.map((a) => ({ id: a.id, name: a.name, endpointConfiguration: { types: ['REGIONAL'] } })), url));
    }
    const api = apis.find((a) => a.id === parts[1]);
    if (!api) return notFound(res, 'API');
    if (parts[2] === 'resources' && parts.length === 3) {
      const embed = opts.honourEmbed !== false && url.searchParams.getAll('embed').includes('methods');
      const items = api.resources.map((r) => {
        const methods = Object.fromEntries(Object.entries(r.methods).map(([verb, m]) => [verb, embed
          ? { httpMethod: verb, authorizationType: 'NONE', ...(m.integration ? { methodIntegration: integrationJson(m.integration) } : {}) }
          : {}]));
        return { id: r.id, parentId: r.parentId, path: r.path, pathPart: r.pathPart, ...(Object.keys(methods).length ? { resourceMethods: methods } : {}) };
      });
      return send(res, 200, pageOf(items, url));
    }
    if (parts[2] === 'resources' && parts[4] === 'methods') {
      const resource = api.resources.find((r) => r.id === parts[3]);
      const method = resource?.methods[parts[5] ?? ''];
      if (!resource || !method) return notFound(res, 'Method');
      if (parts.length === 6 && req.method === 'GET') {
        const withIntegration = opts.embedIntegrationInGetMethod !== false && method.integration;
        return send(res, 200, { httpMethod: parts[5], authorizationType: 'NONE', ...(withIntegration ? { methodIntegration: integrationJson(method.integration!) } : {}) });
      }
      if (parts[6] === 'integration') {
        if (!method.integration) return notFound(res, 'Integration');
        if (req.method === 'GET') return send(res, 200, integrationJson(method.integration));
        if (req.method === 'PATCH') {
          const next = { ...integrationJson(method.integration) };
          for (const op of body.patchOperations as Array<{ path: string; value: string }>) {
            if (op.path === '/responseTransferMode') next.responseTransferMode = op.value;
            else if (op.path === '/timeoutInMillis') next.timeoutInMillis = Number(op.value);
            else if (op.path === '/uri') next.uri = op.value;
            else return send(res, 400, { message: `Invalid patch path ${op.path}` }, 'BadRequestException');
          }
          const mode = next.responseTransferMode === 'STREAM' ? 'STREAM' : 'BUFFERED';
          if (mode === 'STREAM' && !canStream(next.type)) return send(res, 400, { message: 'STREAM not supported for this type' }, 'BadRequestException');
          const timeoutError = validateTimeout(mode, next.timeoutInMillis);
          if (timeoutError) return send(res, 400, { message: timeoutError }, 'BadRequestException');
          method.integration = next;
          return send(res, 200, integrationJson(next));
        }
      }
    }
    if (parts[2] === 'deployments' && parts.length === 3 && req.method === 'POST') {
      const id = `dep${++deploymentSeq}`;
      api.deployments.push({ id, description: body.description, createdDate: Math.floor(Date.now() / 1000) });
      const stage = api.stages.find((s) => s.stageName === body.stageName);
      if (stage) stage.deploymentId = id;
      else api.stages.push({ stageName: body.stageName, deploymentId: id });
      return send(res, 201, { id, description: body.description, createdDate: Math.floor(Date.now() / 1000) });
    }
    if (parts[2] === 'deployments' && parts.length === 4) {
      const d = api.deployments.find((x) => x.id === parts[3]);
      return d ? send(res, 200, d) : notFound(res, 'Deployment');
    }
    if (parts[2] === 'stages' && parts.length === 3) return send(res, 200, { item: api.stages });
    return notFound(res, 'path');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { message: String(err) }, 'InternalServerError'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apis,
    requests,
    failNext(count, status, type, message) {
      failures = Array.from({ length: count }, () => ({ status, type, message }));
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** An API with a root, `n` child resources each with a GET (Lambda proxy) integration. */
export function apiWithResources(id: string, n: number, name = id): FakeApi {
  const resources: FakeResource[] = [{ id: `${id}-root`, path: '/', methods: {} }];
  for (let i = 0; i < n; i++) {
    resources.push({ id: `${id}-r${i}`, parentId: `${id}-root`, path: `/r${i}`, pathPart: `r${i}`, methods: { GET: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri(`fn${i}`) } } } });
  }
  return { id, name, resources, stages: [], deployments: [] };
}
