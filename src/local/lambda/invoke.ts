// Runs a Lambda handler for an AWS_PROXY integration and turns what it produced into an
// UpstreamResponse: the return value of a plain handler, or the prelude + body bytes of a
// streaming handler. Malformed output fails with 502 as API Gateway does.
import { Readable } from 'node:stream';
import { badGateway, type UpstreamResponse } from '../dataplane/upstream';
import { mergeProxyHeaders } from '../dataplane/responseHeaders';
import { readPrelude, PreludeError } from './prelude';
import { HTTP_INTEGRATION_CONTENT_TYPE, isStreamingHandler, LambdaResponseStream, type HttpPrelude } from './responseStream';
import type { LambdaHandler } from './registry';

export interface Invocation {
  handler: LambdaHandler;
  event: unknown;
  context: Record<string, unknown>;
  /** Aborted when the client leaves or the integration times out. */
  signal: AbortSignal;
  /** Notes for the access log (handler errors, format problems). */
  note(line: string): void;
}

export function invokeHandler(inv: Invocation): Promise<UpstreamResponse> {
  return isStreamingHandler(inv.handler) ? invokeStreaming(inv) : invokePlain(inv);
}

async function invokeStreaming(inv: Invocation): Promise<UpstreamResponse> {
  const stream = new LambdaResponseStream();
  const stop = () => stream.output.destroy();
  if (inv.signal.aborted) stop();
  inv.signal.addEventListener('abort', stop, { once: true });
  stream.output.once('close', () => inv.signal.removeEventListener('abort', stop));

  Promise.resolve()
    .then(() => inv.handler(inv.event, stream, inv.context))
    .then(
      // The runtime closes the stream when the handler's promise settles without ending it.
      () => { if (!stream.writableEnded && !stream.destroyed) stream.end(); },
      (err: unknown) => {
        inv.note(`handler failed: ${err instanceof Error ? err.message : String(err)}`);
        stream.destroy(err instanceof Error ? err : new Error(String(err)));
      },
    );

  try {
    const { prelude, body } = await readPrelude(stream.output);
    return { ...preludeResponse(prelude), body };
  } catch (err) {
    stream.output.destroy();
    if (!(err instanceof PreludeError)) throw badGateway(`Lambda response stream failed: ${(err as Error).message}`);
    const hint = stream.getContentType() !== HTTP_INTEGRATION_CONTENT_TYPE
      ? ' (the handler did not call awslambda.HttpResponseStream.from(responseStream, {statusCode, headers}))'
      : '';
    throw badGateway(`Malformed Lambda streaming response: ${err.message}${hint}`);
  }
}

function preludeResponse(p: HttpPrelude): Omit<UpstreamResponse, 'body'> {
  const headers = mergeProxyHeaders(p.headers, p.multiValueHeaders);
  for (const c of p.cookies ?? []) headers.push(['set-cookie', String(c)]);
  return { statusCode: p.statusCode ?? 200, headers };
}

async function invokePlain(inv: Invocation): Promise<UpstreamResponse> {
  let result: unknown;
  try {
    result = await new Promise((resolve, reject) => {
      // Callback-style handlers (event, context, callback) are still common in older code.
      const callback = (err: unknown, value?: unknown) => (err ? reject(err) : resolve(value));
      const returned = inv.handler(inv.event, inv.context, callback);
      if (returned && typeof (returned as Promise<unknown>).then === 'function') (returned as Promise<unknown>).then(resolve, reject);
      else if (inv.handler.length < 3) resolve(returned);
    });
  } catch (err) {
    inv.note(`handler failed: ${err instanceof Error ? err.message : String(err)}`);
    throw badGateway(`Lambda function failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return proxyResultResponse(result);
}

/** Validates a Lambda proxy result ({statusCode, headers, multiValueHeaders, body, isBase64Encoded}). */
export function proxyResultResponse(result: unknown): UpstreamResponse {
  if (!result || typeof result !== 'object' || Array.isArray(result)) {
    throw badGateway('Malformed Lambda proxy response: the handler must return an object like {statusCode, headers, body}');
  }
  const r = result as Record<string, unknown>;
  const statusCode = typeof r.statusCode === 'string' && /^\d+$/.test(r.statusCode) ? Number(r.statusCode) : r.statusCode;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw badGateway(`Malformed Lambda proxy response: statusCode ${JSON.stringify(r.statusCode)} is not a valid HTTP status`);
  }
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
  const headers = mergeProxyHeaders(r.headers as Record<string, unknown> | undefined, r.multiValueHeaders as Record<string, unknown> | undefined);
  // A base64 body stays text here: the gateway decodes it only for binary media types.
  const body = Buffer.from((r.body as string | undefined | null) ?? '', 'utf8');
  return { statusCode, headers, body: Readable.from(body.length ? [body] : []), base64Text: r.isBase64Encoded === true };
}
