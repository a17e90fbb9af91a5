// The identifiers API Gateway attaches to every call: x-amzn-RequestId (a UUID, made by the
// HTTP layer), the extendedRequestId sent as x-amz-apigw-id (16 base64 characters, e.g.
// "KtF82HGdliAFjxw="), and an X-Ray trace id "Root=1-{epoch seconds hex}-{96 random bits hex}".
import { randomBytes } from 'node:crypto';

export function newExtendedRequestId(): string {
  return randomBytes(10).toString('base64').slice(0, 14) + 'w=';
}

export function newTraceRoot(nowMs = Date.now()): string {
  return `Root=1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}

/** The trace header value: the client's Root when it sent one (X-Ray propagation), else a new one. */
export function traceIdFor(incoming: string | undefined): string {
  const root = incoming && /Root=1-[0-9a-f]{8}-[0-9a-f]{24}/i.exec(incoming)?.[0];
  return root ?? newTraceRoot();
}
