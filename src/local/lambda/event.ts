// The API Gateway REST proxy event (payload format 1.0) and the Lambda context object, built
// from the incoming request, as AWS_PROXY integrations deliver them to handlers.
import type { IncomingHttpHeaders } from 'node:http';

export interface ProxyRequest {
  apiId: string;
  stage: string;
  requestId: string;
  method: string;
  /** The path after the stage, e.g. "/chat/42". */
  path: string;
  /** The matched resource path, e.g. "/chat/{id}". */
  resourcePath: string;
  resourceId: string;
  pathParameters: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  stageVariables?: Record<string, string>;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript|[\w.+-]+\+json|[\w.+-]+\+xml))/i;

export function buildProxyEvent(r: ProxyRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(r.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    const canonical = name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
    headers[canonical] = values[values.length - 1]!;
    multiValueHeaders[canonical] = values;
  }
  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [k, v] of r.query) {
    queryStringParameters[k] = v;
    (multiValueQueryStringParameters[k] ??= []).push(v);
  }
  const contentType = String(r.headers['content-type'] ?? '');
  const isText = r.body.length === 0 || contentType === '' || TEXT_TYPES.test(contentType);
  const now = new Date();
  return {
    resource: r.resourcePath,
    path: r.path,
    httpMethod: r.method,
    headers: Object.keys(headers).length ? headers : null,
    multiValueHeaders: Object.keys(multiValueHeaders).length ? multiValueHeaders : null,
    queryStringParameters: Object.keys(queryStringParameters).length ? queryStringParameters : null,
    multiValueQueryStringParameters: Object.keys(multiValueQueryStringParameters).length ? multiValueQueryStringParameters : null,
    pathParameters: Object.keys(r.pathParameters).length ? r.pathParameters : null,
    stageVariables: r.stageVariables && Object.keys(r.stageVariables).length ? r.stageVariables : null,
    requestContext: {
      resourceId: r.resourceId,
      resourcePath: r.resourcePath,
      httpMethod: r.method,
      extendedRequestId: r.requestId,
      requestTime: now.toUTCString(),
      path: `/${r.stage}${r.path}`,
      accountId: '000000000000',
      protocol: 'HTTP/1.1',
      stage: r.stage,
      domainPrefix: r.apiId,
      requestTimeEpoch: now.getTime(),
      requestId: r.requestId,
      identity: { sourceIp: r.sourceIp, userAgent: headers['User-Agent'] ?? null },
      domainName: `${r.apiId}.execute-api.localhost`,
      apiId: r.apiId,
    },
    body: r.body.length === 0 ? null : isText ? r.body.toString('utf8') : r.body.toString('base64'),
    isBase64Encoded: r.body.length > 0 && !isText,
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
