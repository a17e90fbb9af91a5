// Small HTTP helpers shared by the control plane and the data plane.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AwsError, payloadTooLarge } from './awsError';

export function newRequestId(): string {
  return randomUUID();
}

/**
 * Reads a request body up to `limit` bytes. A larger body is refused without buffering the rest
 * (the socket is drained so the client still receives the error response).
 */
export function readBody(req: IncomingMessage, limit: number, tooLargeMessage?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      refused = true;
      req.resume();
      reject(payloadTooLarge(tooLargeMessage ?? `Request body of ${declared} bytes exceeds the ${limit}-byte limit`));
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(payloadTooLarge(tooLargeMessage ?? `Request body exceeds the ${limit}-byte limit`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!refused) resolve(Buffer.concat(chunks)); });
    req.on('error', (err) => { if (!refused) { refused = true; reject(err); } });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  if (res.headersSent) { res.destroy(); return; }
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': requestId,
    ...headers,
  });
  res.end(payload);
}

export function sendAwsError(res: ServerResponse, err: AwsError, requestId: string): void {
  sendJson(res, err.status, { message: err.message }, requestId, { 'x-amzn-ErrorType': err.errorType, ...err.headers });
}
