// The API Gateway REST proxy event (payload format 1.0) and the Lambda context object, built
// from the incoming request, as AWS_PROXY integrations deliver them to handlers. Field by field
// as AWS fills them (see docs/aws-behaviour.md, "Proxy event"): header names keep the client's
// case, query keys are plain data (even "__proto__"), bodies are base64 only for binary media types.
import type { IncomingHttpHeaders } from 'node:http';
import { matchesMediaType } from '../dataplane/mediaTypes';

/** The account id the local gateway reports (requestContext.accountId, method ARNs). */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export interface ProxyRequest {
  apiId: string;
  stage: string;
  requestId: string;
  /** AWS's extendedRequestId (also sent as x-amz-apigw-id). */
  extendedRequestId?: string;
  /** X-Amzn-Trace-Id of this request (also sent to the function and the client). */
  traceId?: string;
  method: string;
  /** The path after the stage, e.g. "/chat/42". */
  path: string;
  /** The matched resource path, e.g. "/chat/{id}". */
  resourcePath: string;
  resourceId: string;
  pathParameters: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Header names and values as the client sent them (node's req.rawHeaders), so the event keeps their case. */
  rawHeaders?: string[];
  body: Buffer;
  sourceIp: string;
  stageVariables?: Record<string, string>;
  /** The REST API's binaryMediaTypes: request bodies of these types reach the function base64-encoded. */
  binaryMediaTypes?: string[];
  /** Epoch ms the gateway received the request. */
  receivedAtMs?: number;
  /** requestContext.identity.apiKey / apiKeyId when the method required an API key. */
  apiKey?: { value: string; id: string };
  /** requestContext.authorizer: what a Lambda authorizer returned (principalId, context, …). */
  authorizer?: Record<string, unknown>;
  protocol?: string;
  deploymentId?: string;
  /** AWS_IAM: the access key id of the request's SigV4 credential (not verified locally). */
  accessKey?: string;
}

type Dict<T> = Record<string, T>;

/** An object with no prototype: keys such as "__proto__", "constructor" or "toString" are plain data. */
function dict<T>(): Dict<T> {
  return Object.create(null) as Dict<T>;
}

const nullIfEmpty = <T>(o: Dict<T>): Dict<T> | null => (Object.keys(o).length ? o : null);

/** Header pairs in the client's case; falls back to the lowercased map when rawHeaders is absent. */
function headerPairs(r: ProxyRequest): Array<[string, string]> {
  if (r.rawHeaders) {
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i + 1 < r.rawHeaders.length; i += 2) pairs.push([r.rawHeaders[i]!, r.rawHeaders[i + 1]!]);
    return pairs;
  }
  return Object.entries(r.headers).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])));
}

/**
 * Headers AWS adds on the way to the function when the client did not send them. Names as
 * API Gateway writes them. Host is the name the client used (locally 127.0.0.1:PORT).
 */
function gatewayAddedHeaders(r: ProxyRequest, present: Set<string>): Array<[string, string]> {
  const added: Array<[string, string]> = [];
  const add = (name: string, value: string | undefined) => { if (value !== undefined && !present.has(name.toLowerCase())) added.push([name, value]); };
  add('X-Amzn-Trace-Id', r.traceId);
  add('X-Forwarded-For', r.sourceIp);
  add('X-Forwarded-Proto', 'http');
  return added;
}

/** Formats a time as API Gateway's requestTime: "01/Dec/2026:09:38:10 +0000". */
export function formatRequestTime(ms: number): string {
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function buildProxyEvent(r: ProxyRequest): Record<string, unknown> {
  const headers = dict<string>();
  const multiValueHeaders = dict<string[]>();
  // The first spelling a client used names the header; repeats (any case) join its values.
  const nameFor = new Map<string, string>();
  const pairs = headerPairs(r);
  const present = new Set(pairs.map(([k]) => k.toLowerCase()));
  for (const [rawName, value] of [...pairs, ...gatewayAddedHeaders(r, present)]) {
    const lower = rawName.toLowerCase();
    const name = nameFor.get(lower) ?? rawName;
    nameFor.set(lower, name);
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const queryStringParameters = dict<string>();
  const multiValueQueryStringParameters = dict<string[]>();
  for (const [k, v] of r.query) {
    queryStringParameters[k] = v;
    (multiValueQueryStringParameters[k] ??= []).push(v);
  }
  const pathParameters = dict<string>();
  Object.assign(pathParameters, r.pathParameters);
  const stageVariables = dict<string>();
  Object.assign(stageVariables, r.stageVariables ?? {});

  const contentType = String(r.headers['content-type'] ?? '');
  const binary = r.body.length > 0 && contentType !== '' && matchesMediaType(r.binaryMediaTypes ?? [], contentType);
  const received = r.receivedAtMs ?? Date.now();
  const userAgent = r.headers['user-agent'];
  const host = String(r.headers.host ?? `${r.apiId}.execute-api.${LOCAL_REGION}.amazonaws.com`);
  return {
    resource: r.resourcePath,
    path: r.path,
    httpMethod: r.method,
    headers: nullIfEmpty(headers),
    multiValueHeaders: nullIfEmpty(multiValueHeaders),
    queryStringParameters: nullIfEmpty(queryStringParameters),
    multiValueQueryStringParameters: nullIfEmpty(multiValueQueryStringParameters),
    pathParameters: nullIfEmpty(pathParameters),
    stageVariables: nullIfEmpty(stageVariables),
    requestContext: {
      resourceId: r.resourceId,
      resourcePath: r.resourcePath,
      httpMethod: r.method,
      extendedRequestId: r.extendedRequestId ?? r.requestId,
      requestTime: formatRequestTime(received),
      path: `/${r.stage}${r.path}`,
      accountId: LOCAL_ACCOUNT_ID,
      protocol: r.protocol ?? 'HTTP/1.1',
      stage: r.stage,
      domainPrefix: r.apiId,
      requestTimeEpoch: received,
      requestId: r.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        apiKey: r.apiKey?.value ?? null,
        principalOrgId: null,
        cognitoAuthenticationType: null,
        userArn: null,
        apiKeyId: r.apiKey?.id ?? null,
        userAgent: userAgent ?? null,
        accountId: null,
        caller: null,
        sourceIp: r.sourceIp,
        accessKey: r.accessKey ?? null,
        cognitoAuthenticationProvider: null,
        user: null,
      },
      ...(r.authorizer ? { authorizer: r.authorizer } : {}),
      domainName: host,
      ...(r.deploymentId ? { deploymentId: r.deploymentId } : {}),
      apiId: r.apiId,
    },
    body: r.body.length === 0 ? null : binary ? r.body.toString('base64') : r.body.toString('utf8'),
    isBase64Encoded: binary,
  };
}

export function buildLambdaContext(functionArn: string, functionName: string, requestId: string, deadlineMs: number): Record<string, unknown> {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '128',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
}
