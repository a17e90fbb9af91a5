// What API Gateway does to a complete (BUFFERED) integration response body before sending it:
// decode a Lambda result's base64 body only when binary media types say the response is binary,
// and compress it when the API has minimumCompressionSize and the client accepts an encoding.
// STREAM responses skip both (AWS: no binary media types needed, no content encoding).
import { deflateSync, gzipSync } from 'node:zlib';
import { firstAcceptType, matchesMediaType } from './mediaTypes';
import { headerValue } from './responseHeaders';

export interface BodyShaping {
  binaryMediaTypes: readonly string[];
  /** The request's Accept header. */
  accept?: string;
  /** The request's Accept-Encoding header. */
  acceptEncoding?: string;
  /** The REST API's minimumCompressionSize; undefined = compression off. */
  minimumCompressionSize?: number;
}

/** AWS decodes when the response Content-Type or the request's (first) Accept type is binary. */
export function isBinaryResponse(headers: ReadonlyArray<[string, string]>, s: BodyShaping): boolean {
  const contentType = headerValue(headers, 'content-type');
  return (contentType !== undefined && matchesMediaType(s.binaryMediaTypes, contentType))
    || matchesMediaType(s.binaryMediaTypes, firstAcceptType(s.accept));
}

/** The encoding API Gateway would pick for this Accept-Encoding: gzip, then deflate (q=0 refuses). */
export function chooseEncoding(acceptEncoding: string | undefined): 'gzip' | 'deflate' | undefined {
  if (!acceptEncoding) return undefined;
  const offered = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    offered.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (n: string) => (offered.get(n) ?? offered.get('*') ?? 0) > 0;
  return ok('gzip') ? 'gzip' : ok('deflate') ? 'deflate' : undefined;
}

export interface ShapedBody { body: Buffer; headers: Array<[string, string]> }

export function shapeBufferedBody(raw: Buffer, base64Text: boolean, headers: Array<[string, string]>, s: BodyShaping): ShapedBody {
  let body = raw;
  if (base64Text && isBinaryResponse(headers, s)) body = Buffer.from(raw.toString('utf8'), 'base64');
  const out = [...headers];
  const encoding = s.minimumCompressionSize === undefined || headerValue(headers, 'content-encoding') !== undefined
    ? undefined : chooseEncoding(s.acceptEncoding);
  if (encoding && body.length >= s.minimumCompressionSize!) {
    body = encoding === 'gzip' ? gzipSync(body) : deflateSync(body);
    out.push(['Content-Encoding', encoding]);
  }
  return { body, headers: out };
}
