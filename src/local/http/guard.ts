// Keeps web pages from driving the local gateway's control plane and test hook. A page on any
// origin can make the browser send requests to 127.0.0.1 (CSRF through forms and no-cors fetch),
// and a hostname an attacker controls can be re-pointed at 127.0.0.1 (DNS rebinding), which
// makes the page same-origin with the gateway. The defences used by Vite and webpack-dev-server
// apply: the Host header must name the gateway itself, a browser's Origin must be the gateway's
// own, and writes must carry a content type that a page cannot send without a CORS preflight
// (which the gateway never grants). The data plane is not guarded: invoke URLs stay open to
// browsers, exactly as on AWS.
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { AwsError } from './awsError';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface GuardOptions {
  port: number;
  /** With --allow-remote, clients on the network reach the gateway by its IP address. */
  allowRemote: boolean;
}

export const forbidden = (message: string) => new AwsError(403, 'AccessDeniedException', message);

/** Splits a Host header value into its name and port ("[::1]:4510" → ["[::1]", "4510"]). */
function splitHost(host: string): { name: string; port: string } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  return m ? { name: m[1]!, port: m[2] ?? '' } : { name: '', port: '' };
}

/** A Host that cannot come from DNS rebinding: a loopback name or (remote mode) an IP literal. */
function isOwnHost(host: string | undefined, opts: GuardOptions): boolean {
  if (!host) return false;
  const { name, port } = splitHost(host);
  if (port !== String(opts.port)) return false;
  if (LOOPBACK_NAMES.has(name)) return true;
  return opts.allowRemote && isIP(name.replace(/^\[|\]$/g, '')) !== 0;
}

function isOwnOrigin(origin: string, opts: GuardOptions): boolean {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false; // includes the opaque "null" origin of sandboxed frames and file:// pages
  }
  return u.protocol === 'http:' && u.origin === origin && isOwnHost(u.host, opts);
}

/**
 * Throws AccessDeniedException unless the request plausibly comes from a local tool (the AWS
 * SDK, the AWS CLI, curl, the extension host) rather than from a web page.
 */
export function checkLocalCaller(headers: IncomingHttpHeaders, opts: GuardOptions): void {
  if (!isOwnHost(headers.host, opts)) {
    throw forbidden(`Host "${headers.host ?? ''}" is not this gateway: the control plane answers only requests addressed to 127.0.0.1:${opts.port}, localhost:${opts.port} or [::1]:${opts.port} (protection against DNS rebinding)`);
  }
  const origin = headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, opts)) {
    throw forbidden(`Requests from web pages (Origin ${origin}) may not use the local gateway's control plane`);
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw forbidden(`Requests from other sites (Sec-Fetch-Site: ${site}) may not use the local gateway's control plane`);
  }
}

/** The media type of a Content-Type header, lower-cased without parameters ("" when absent). */
export function mediaType(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Operations whose body is a document rather than JSON (ImportRestApi, PutRestApi). The AWS SDK
 * sends them as application/octet-stream; the AWS CLI (botocore) sends no Content-Type at all,
 * since botocore sets one only for structured bodies, never for a blob payload.
 */
export const DOCUMENT_BODY_TYPES = ['', 'application/octet-stream', 'application/json'];

/**
 * Writes must be JSON (what the SDK and botocore send). text/plain, form encodings and
 * multipart are what a page can send cross-origin without a preflight, so they are refused.
 */
export function checkWriteContentType(verb: string, headers: IncomingHttpHeaders, bodyBytes: number, documentBody: boolean): void {
  if (verb !== 'POST' && verb !== 'PUT' && verb !== 'PATCH') return;
  const type = mediaType(headers);
  if (documentBody ? DOCUMENT_BODY_TYPES.includes(type) : type === 'application/json' || (type === '' && bodyBytes === 0)) return;
  const expected = documentBody ? 'application/octet-stream or application/json' : 'application/json';
  throw new AwsError(415, 'UnsupportedMediaTypeException', `Unsupported Content-Type "${headers['content-type'] ?? ''}": control-plane writes take ${expected}, as the AWS SDK and CLI send`);
}
