// Sends an integration's response to the client in the integration's transfer mode.
// BUFFERED: hold the whole body (10 MB max) and answer when it is complete, or 504 when
// timeoutInMillis passes first. STREAM: send headers as soon as they are known, then each chunk
// as it arrives (no coalescing), bounded by timeoutInMillis overall and an idle timeout, with
// optional emulation of AWS's 2 MB/s throttle after the first 10 MB.
import type { ServerResponse } from 'node:http';
import { pipeline, Transform, type Readable } from 'node:stream';
import type { TransferMode } from '../../shared/model';
import type { RunOutcome } from '../../shared/timeline';
import { BUFFERED_MAX_BODY_BYTES } from '../../core/rules/integrationRules';
import { gatewayResponseForStatus, sendGatewayResponse } from './gatewayResponses';
import { StreamThrottle } from './throttle';
import { IntegrationFailure, type UpstreamResponse } from './upstream';

export interface DeliveryOptions {
  mode: TransferMode;
  timeoutMs: number;
  idleTimeoutMs: number;
  emulateThrottle: boolean;
  requestId: string;
  /** Aborting it stops the backend (HTTP request or Lambda handler stream). */
  abort: AbortController;
  /** Headers API Gateway adds to every response. */
  gatewayHeaders: Array<[string, string]>;
}

export interface DeliveryResult {
  status: number;
  bytes: number;
  outcome: RunOutcome;
  detail?: string;
}

class Timeout extends Error {}
class TooLarge extends Error {}

export async function deliver(res: ServerResponse, upstream: Promise<UpstreamResponse>, o: DeliveryOptions): Promise<DeliveryResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), o.timeoutMs);
  });
  timedOut.catch(() => undefined);
  // A client that leaves stops the backend too.
  const onClientGone = () => { if (!res.writableFinished) o.abort.abort(); };
  res.once('close', onClientGone);
  try {
    return o.mode === 'STREAM' ? await deliverStream(res, upstream, timedOut, o) : await deliverBuffered(res, upstream, timedOut, o);
  } finally {
    clearTimeout(timer);
    res.off('close', onClientGone);
  }
}

function failure(res: ServerResponse, err: unknown, o: DeliveryOptions): DeliveryResult {
  o.abort.abort();
  if (err instanceof Timeout) {
    sendGatewayResponse(res, gatewayResponseForStatus(504), o.requestId, `Integration did not finish within timeoutInMillis=${o.timeoutMs}`);
    return { status: 504, bytes: 0, outcome: 'timeout', detail: `timed out after ${o.timeoutMs} ms` };
  }
  if (err instanceof TooLarge) {
    const detail = `Integration response exceeded the ${BUFFERED_MAX_BODY_BYTES}-byte BUFFERED limit; set responseTransferMode to STREAM for larger bodies`;
    sendGatewayResponse(res, gatewayResponseForStatus(502), o.requestId, detail);
    return { status: 502, bytes: 0, outcome: 'error', detail };
  }
  if (err instanceof IntegrationFailure) {
    sendGatewayResponse(res, gatewayResponseForStatus(err.status), o.requestId, err.reason);
    return { status: err.status, bytes: 0, outcome: 'error', detail: err.reason };
  }
  if (res.destroyed) return { status: 0, bytes: 0, outcome: 'aborted', detail: 'client closed the connection' };
  const detail = `Integration failed: ${(err as Error)?.message ?? String(err)}`;
  sendGatewayResponse(res, gatewayResponseForStatus(502), o.requestId, detail);
  return { status: 502, bytes: 0, outcome: 'error', detail };
}

function responseHeaders(up: UpstreamResponse, o: DeliveryOptions): Array<[string, string]> {
  const own = new Set(o.gatewayHeaders.map(([k]) => k.toLowerCase()));
  return [...up.headers.filter(([k]) => !own.has(k.toLowerCase()) && k.toLowerCase() !== 'content-length'), ...o.gatewayHeaders];
}

async function deliverBuffered(res: ServerResponse, upstream: Promise<UpstreamResponse>, timedOut: Promise<never>, o: DeliveryOptions): Promise<DeliveryResult> {
  let up: UpstreamResponse | undefined;
  try {
    up = await Promise.race([upstream, timedOut]);
    const body = await Promise.race([collect(up.body, BUFFERED_MAX_BODY_BYTES), timedOut]);
    if (res.destroyed) return { status: up.statusCode, bytes: 0, outcome: 'aborted', detail: 'client closed the connection' };
    res.writeHead(up.statusCode, [...responseHeaders(up, o), ['Content-Length', String(body.length)]].flat());
    res.end(body);
    return { status: up.statusCode, bytes: body.length, outcome: 'complete' };
  } catch (err) {
    up?.body.destroy();
    upstream.then((u) => u.body.destroy(), () => undefined);
    return failure(res, err, o);
  }
}

function collect(body: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) { body.destroy(); reject(new TooLarge()); return; }
      chunks.push(chunk);
    });
    body.once('end', () => resolve(Buffer.concat(chunks)));
    body.once('error', reject);
    body.once('close', () => { if (!body.readableEnded) reject(new Error('the integration closed its response early')); });
  });
}

async function deliverStream(res: ServerResponse, upstream: Promise<UpstreamResponse>, timedOut: Promise<never>, o: DeliveryOptions): Promise<DeliveryResult> {
  let up: UpstreamResponse;
  try {
    up = await Promise.race([upstream, timedOut]);
  } catch (err) {
    upstream.then((u) => u.body.destroy(), () => undefined);
    return failure(res, err, o);
  }
  if (res.destroyed) { up.body.destroy(); return { status: up.statusCode, bytes: 0, outcome: 'aborted', detail: 'client closed the connection' }; }
  res.socket?.setNoDelay(true);
  res.writeHead(up.statusCode, responseHeaders(up, o).flat());
  res.flushHeaders();
  return pump(up, res, timedOut, o);
}

function pump(up: UpstreamResponse, res: ServerResponse, timedOut: Promise<never>, o: DeliveryOptions): Promise<DeliveryResult> {
  const body = up.body;
  return new Promise((resolve) => {
    let bytes = 0;
    let done = false;
    let lastDataAt = performance.now();
    // One idle timer, re-armed for the remaining time when it fires — not cleared and re-created
    // for every chunk. Time the client spends not reading (backpressure) is not the integration idling.
    const checkIdle = (): void => {
      const quietFor = res.writableNeedDrain ? 0 : performance.now() - lastDataAt;
      if (quietFor >= o.idleTimeoutMs) finish('idle-timeout', `no data for ${o.idleTimeoutMs} ms`);
      else idleTimer = setTimeout(checkIdle, o.idleTimeoutMs - quietFor);
    };
    let idleTimer = setTimeout(checkIdle, o.idleTimeoutMs);

    const finish = (outcome: RunOutcome, detail?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(idleTimer);
      if (outcome !== 'complete') {
        // Cut the connection mid-stream: the client sees a truncated response, as with AWS.
        o.abort.abort();
        body.destroy();
        res.destroy();
      }
      resolve({ status: up.statusCode, bytes, outcome, detail });
    };
    // Counting only: the chunk itself goes through the pipeline untouched (no copy, no re-slicing).
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      lastDataAt = performance.now();
    });
    body.once('error', (err) => finish('error', `integration stream failed: ${err.message}`));
    body.once('close', () => { if (!body.readableEnded) finish('error', 'integration stream closed before its end'); });
    res.once('close', () => { if (!res.writableFinished) finish('aborted', 'client closed the connection'); });
    timedOut.catch(() => finish('timeout', `stream cut at timeoutInMillis=${o.timeoutMs}`));
    // pipeline carries the backpressure both ways: a slow client pauses the backend, a gone one stops it.
    const onPipelineEnd = (err: NodeJS.ErrnoException | null): void => {
      if (err) finish('error', `integration stream failed: ${err.message}`);
      else finish('complete');
    };
    if (o.emulateThrottle) pipeline(body, throttled(new StreamThrottle()), res, onPipelineEnd);
    else pipeline(body, res, onPipelineEnd);
  });
}

/** Passes chunks on at once and holds the next one for as long as AWS's throttle would. */
function throttled(throttle: StreamThrottle): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, callback) {
      const wait = throttle.delayFor(chunk.length);
      if (wait <= 0) {
        callback(null, chunk);
        return;
      }
      this.push(chunk);
      setTimeout(callback, wait);
    },
  });
}
