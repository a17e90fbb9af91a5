// What API Gateway makes of a Lambda function's output in an AWS_PROXY integration:
// - BUFFERED (Invoke): the payload must be a proxy result JSON {statusCode, headers,
//   multiValueHeaders, body, isBase64Encoded}. A streaming function's bytes (prelude, 8 NUL
//   bytes, body — what Invoke returns for it) are not, so they answer 502.
// - STREAM (InvokeWithResponseStream): the bytes must start with the JSON prelude and the 8 NUL
//   delimiter; a plain function's JSON result has no delimiter and answers 502.
// Status codes must be final HTTP statuses (200-599) and header names and values valid HTTP
// (anything else is a 502, never a 500 or a crash); see docs/aws-behaviour.md.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { Readable } from 'node:stream';
import { badGateway, type UpstreamResponse } from '../dataplane/upstream';
import { mergeProxyHeaders } from '../dataplane/responseHeaders';
import { PRELUDE_DELIMITER, HTTP_INTEGRATION_CONTENT_TYPE, type HttpPrelude } from './responseStream';
import { PreludeError, readPrelude } from './prelude';

/** BUFFERED: turns an Invoke payload into the client response, or fails with 502. */
export async function bufferedProxyResponse(up: UpstreamResponse): Promise<UpstreamResponse> {
  const payload = await readAll(up.body);
  let result: unknown;
  try {
    result = JSON.parse(payload.toString('utf8'));
  } catch {
    const streamed = contentTypeOf(up) === HTTP_INTEGRATION_CONTENT_TYPE || payload.includes(PRELUDE_DELIMITER);
    throw badGateway(streamed
      ? 'Malformed Lambda proxy response: the function streams its response (awslambda.streamifyResponse / HttpResponseStream), but the integration is BUFFERED, so Lambda returned the prelude and body as the payload. Set responseTransferMode to STREAM with the 2021-11-15 response-streaming-invocations URI, or return {statusCode, headers, body}'
      : 'Malformed Lambda proxy response: the payload is not JSON; the handler must return an object like {statusCode, headers, body}');
  }
  return proxyResultResponse(result);
}

/** STREAM: reads the prelude, then hands the rest of the stream on untouched. */
export async function streamedProxyResponse(up: UpstreamResponse): Promise<UpstreamResponse> {
  let prelude: HttpPrelude;
  let body: Readable;
  try {
    ({ prelude, body } = await readPrelude(up.body));
  } catch (err) {
    up.body.destroy();
    if (!(err instanceof PreludeError)) throw badGateway(`Lambda response stream failed: ${(err as Error).message}`);
    const type = contentTypeOf(up);
    const hint = type === 'application/json'
      ? ' (the function returned a buffered result: wrap the handler in awslambda.streamifyResponse and write through awslambda.HttpResponseStream.from, or set the integration to BUFFERED)'
      : type !== HTTP_INTEGRATION_CONTENT_TYPE ? ' (the handler did not call awslambda.HttpResponseStream.from(responseStream, {statusCode, headers}))' : '';
    throw badGateway(`Malformed Lambda streaming response: ${err.message}${hint}`);
  }
  try {
    const headers = preludeHeaders(prelude);
    return { statusCode: prelude.statusCode ?? 200, headers, body };
  } catch (err) {
    body.destroy();
    throw err;
  }
}

function contentTypeOf(up: UpstreamResponse): string {
  return (up.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '').split(';')[0]!.trim().toLowerCase();
}

function checkStatus(value: unknown, what: string): number {
  const status = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    throw badGateway(`Malformed Lambda ${what}: statusCode ${JSON.stringify(value)} is not a valid final HTTP status (200-599)`);
  }
  return status;
}

function checkHeader(name: string, value: string, what: string): [string, string] {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  } catch {
    throw badGateway(`Malformed Lambda ${what}: header ${JSON.stringify(name)} has an invalid name or value (${JSON.stringify(value.slice(0, 80))})`);
  }
  return [name, value];
}

function preludeHeaders(p: HttpPrelude): Array<[string, string]> {
  const what = 'streaming response prelude';
  if (p.statusCode !== undefined) checkStatus(p.statusCode, what);
  const headers = mergeProxyHeaders(p.headers, p.multiValueHeaders).map(([k, v]) => checkHeader(k, v, what));
  for (const c of p.cookies ?? []) headers.push(checkHeader('set-cookie', String(c), what));
  return headers;
}

/** Validates a Lambda proxy result ({statusCode, headers, multiValueHeaders, body, isBase64Encoded}). */
export function proxyResultResponse(result: unknown): UpstreamResponse {
  const what = 'proxy response';
  if (!result || typeof result !== 'object' || Array.isArray(result)) {
    throw badGateway('Malformed Lambda proxy response: the handler must return an object like {statusCode, headers, body}');
  }
  const r = result as Record<string, unknown>;
  const statusCode = checkStatus(r.statusCode, what);
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') {
    throw badGateway('Malformed Lambda proxy response: body must be a string (JSON.stringify objects first)');
  }
  for (const [field, multi] of [['headers', false], ['multiValueHeaders', true]] as const) {
    const h = r[field];
    if (h === undefined || h === null) continue;
    if (typeof h !== 'object' || Array.isArray(h)) throw badGateway(`Malformed Lambda proxy response: ${field} must be an object`);
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
      const values = multi ? v : [v];
      if (!Array.isArray(values) || values.some((x) => !['string', 'number', 'boolean'].includes(typeof x))) {
        throw badGateway(`Malformed Lambda proxy response: ${field}.${k} must be ${multi ? 'a list of strings' : 'a string'}`);
      }
    }
  }
  // AWS merges headers with multiValueHeaders (see dataplane/responseHeaders.ts).
  const headers = mergeProxyHeaders(r.headers as Record<string, unknown> | undefined, r.multiValueHeaders as Record<string, unknown> | undefined)
    .map(([k, v]) => checkHeader(k, v, what));
  // A base64 body stays text here: the gateway decodes it only for binary media types.
  const body = Buffer.from((r.body as string | undefined | null) ?? '', 'utf8');
  return { statusCode, headers, body: Readable.from(body.length ? [body] : []), base64Text: r.isBase64Encoded === true };
}

async function readAll(body: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of body) parts.push(Buffer.from(c as Buffer));
  return Buffer.concat(parts);
}
