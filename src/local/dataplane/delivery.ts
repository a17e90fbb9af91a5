// Sends an integration's response to the client in the integration's transfer mode.
// BUFFERED: hold the whole body (10 MB max) and answer when it is complete, or 504 when
// timeoutInMillis passes first. STREAM: send headers as soon as they are known, then each chunk
// in the event-loop turn it arrives in (chunks that arrived together share one socket write),
// bounded by timeoutInMillis overall and an idle timeout, with optional emulation of AWS's
// 2 MB/s throttle after the first 10 MB.
import type { ServerResponse } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { TransferMode } from '../../shared/model';
import type { RunOutcome } from '../../shared/timeline';
import { BUFFERED_MAX_BODY_BYTES } from '../../core/rules/integrationRules';
import { shapeBufferedBody, type BodyShaping } from './bufferedBody';
import { gatewayResponseForStatus, type GatewayResponse } from './gatewayResponses';
import { shapeResponseHeaders } from './responseHeaders';
import { TurnBatcher } from './socketBatch';
import { StreamThrottle, UNTHROTTLED_BYTES } from './throttle';
import { IntegrationFailure, type UpstreamResponse } from './upstream';

export interface DeliveryOptions {
  mode: TransferMode;
  timeoutMs: number;
  idleTimeoutMs: number;
  emulateThrottle: boolean;
  /** Aborting it stops the backend (HTTP request or Lambda handler stream). */
  abort: AbortController;
  /** Headers API Gateway adds to every response. */
  gatewayHeaders: Array<[string, string]>;
  /** Binary media types and compression (BUFFERED only). */
  shaping: BodyShaping;
  /** Sends one of API Gateway's own responses (customised by the API's gateway responses); returns its status. */
  replyError(g: GatewayResponse, detail?: string): number;
  /** performance.now() when the integration was started: timings are measured from it. */
  integrationStartedAt: number;
  /** Told about every STREAM chunk passed to the client (e.g. a per-request trace recorder); absent = no cost. */
  observer?: ChunkObserver;
}

/** Sees each STREAM chunk as it is handed to the client socket. Must not keep or modify the chunk. */
export interface ChunkObserver {
  onChunk(bytes: number, atMs: number): void;
}

export interface DeliveryResult {
  status: number;
  bytes: number;
  outcome: RunOutcome;
  detail?: string;
  /** The status the integration answered with (absent when it never answered). */
  integrationStatus?: number;
  /** ms from the integration start to its headers / first body byte / its end. */
  timeToAllHeadersMs?: number;
  timeToFirstContentMs?: number;
  integrationLatencyMs?: number;
  /** STREAM: the response went past the 10 MB after which AWS throttles to 2 MB/s. */
  crossedUnthrottledLimit?: boolean;
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
    const status = o.replyError(gatewayResponseForStatus(504), `Integration did not finish within timeoutInMillis=${o.timeoutMs}`);
    return { status, bytes: 0, outcome: 'timeout', detail: `timed out after ${o.timeoutMs} ms` };
  }
  if (err instanceof TooLarge) {
    const detail = `Integration response exceeded the ${BUFFERED_MAX_BODY_BYTES}-byte BUFFERED limit; set responseTransferMode to STREAM for larger bodies`;
    return { status: o.replyError(gatewayResponseForStatus(502), detail), bytes: 0, outcome: 'error', detail };
  }
  if (err instanceof IntegrationFailure) {
    return { status: o.replyError(gatewayResponseForStatus(err.status), err.reason), bytes: 0, outcome: 'error', detail: err.reason };
  }
  if (res.destroyed) return { status: 0, bytes: 0, outcome: 'aborted', detail: 'client closed the connection' };
  const detail = `Integration failed: ${(err as Error)?.message ?? String(err)}`;
  return { status: o.replyError(gatewayResponseForStatus(502), detail), bytes: 0, outcome: 'error', detail };
}

function responseHeaders(headers: Array<[string, string]>, o: DeliveryOptions): Array<[string, string]> {
  const own = new Set(o.gatewayHeaders.map(([k]) => k.toLowerCase()));
  return [...shapeResponseHeaders(headers, own), ...o.gatewayHeaders];
}

const since = (start: number) => Math.round(performance.now() - start);

async function deliverBuffered(res: ServerResponse, upstream: Promise<UpstreamResponse>, timedOut: Promise<never>, o: DeliveryOptions): Promise<DeliveryResult> {
  let up: UpstreamResponse | undefined;
  try {
    up = await Promise.race([upstream, timedOut]);
    const timeToAllHeadersMs = since(o.integrationStartedAt);
    let firstAt: number | undefined;
    up.body.once('data', () => { firstAt = since(o.integrationStartedAt); });
    const raw = await Promise.race([collect(up.body, BUFFERED_MAX_BODY_BYTES), timedOut]);
    const timings = { integrationStatus: up.statusCode, timeToAllHeadersMs, timeToFirstContentMs: firstAt ?? since(o.integrationStartedAt), integrationLatencyMs: since(o.integrationStartedAt) };
    if (res.destroyed) return { status: up.statusCode, bytes: 0, outcome: 'aborted', detail: 'client closed the connection', ...timings };
    const shaped = shapeBufferedBody(raw, up.base64Text === true, up.headers, o.shaping);
    res.writeHead(up.statusCode, [...responseHeaders(shaped.headers, o), ['Content-Length', String(shaped.body.length)]].flat());
    res.end(shaped.body);
    return { status: up.statusCode, bytes: shaped.body.length, outcome: 'complete', ...timings };
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
  const timeToAllHeadersMs = since(o.integrationStartedAt);
  if (res.destroyed) { up.body.destroy(); return { status: up.statusCode, bytes: 0, outcome: 'aborted', detail: 'client closed the connection' }; }
  if (up.base64Text) up = { ...up, body: up.body.pipe(new Base64Decoder()) };
  res.socket?.setNoDelay(true);
  res.writeHead(up.statusCode, responseHeaders(up.headers, o).flat());
  // The headers leave in this turn: with the first chunk when it came with them (one write), else alone.
  const batch = new TurnBatcher(res);
  batch.holdHeaders();
  const result = await pump(up, res, timedOut, o, batch);
  return { ...result, integrationStatus: up.statusCode, timeToAllHeadersMs, integrationLatencyMs: since(o.integrationStartedAt), crossedUnthrottledLimit: result.bytes > UNTHROTTLED_BYTES };
}

/** STREAM needs no binary media types: a base64 Lambda body is always decoded. */
class Base64Decoder extends Transform {
  private rest = '';
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = this.rest + chunk.toString('latin1').replace(/\s+/g, '');
    const usable = text.length - (text.length % 4);
    this.rest = text.slice(usable);
    done(null, Buffer.from(text.slice(0, usable), 'base64'));
  }
  override _flush(done: TransformCallback): void {
    done(null, this.rest ? Buffer.from(this.rest, 'base64') : undefined);
  }
}

function pump(up: UpstreamResponse, res: ServerResponse, timedOut: Promise<never>, o: DeliveryOptions, batch: TurnBatcher): Promise<DeliveryResult> {
  const body = up.body;
  return new Promise((resolve) => {
    let bytes = 0;
    let firstContentMs: number | undefined;
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
      resolve({ status: up.statusCode, bytes, outcome, detail, ...(firstContentMs !== undefined ? { timeToFirstContentMs: firstContentMs } : {}) });
    };
    // Counting only: the chunk itself goes to the client untouched (no copy, no re-slicing).
    // This listener is added before pipe()'s own, so the socket is corked before the write.
    const observer = o.observer;
    body.on('data', (chunk: Buffer) => {
      lastDataAt = performance.now();
      if (firstContentMs === undefined) firstContentMs = Math.round(lastDataAt - o.integrationStartedAt);
      bytes += chunk.length;
      batch.holdChunk();
      observer?.onChunk(chunk.length, lastDataAt);
    });
    body.once('error', (err) => finish('error', `integration stream failed: ${err.message}`));
    body.once('close', () => { if (!body.readableEnded) finish('error', 'integration stream closed before its end'); });
    res.once('close', () => { if (!res.writableFinished) finish('aborted', 'client closed the connection'); });
    timedOut.catch(() => finish('timeout', `stream cut at timeoutInMillis=${o.timeoutMs}`));
    // pipe() carries the backpressure (a slow client pauses the backend); finish() above stops
    // the backend when the client goes, and cuts the client when the backend fails. Not
    // stream.pipeline: it creates and aborts an AbortController (a DOMException with a stack
    // trace, ~50 µs) for every response, and adds nothing the listeners above do not do.
    res.once('finish', () => finish('complete'));
    res.on('error', (err: Error) => finish('error', `client connection failed: ${err.message}`));
    (o.emulateThrottle ? body.pipe(throttled(new StreamThrottle())) : body).pipe(res);
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
