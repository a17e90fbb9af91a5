// Shared by the built-in sample's functions. They are real Lambda handler files (bundled to
// dist/sample/functions/NAME.js) run out of process like any developer's function, and written
// for both transfer modes the way a real function must be: on AWS a function cannot tell from
// its event whether API Gateway called Invoke (BUFFERED) or InvokeWithResponseStream (STREAM),
// and each mode needs a different output (docs/aws-behaviour.md, "Lambda behind the other
// mode's URI"). So, like Lambda Web Adapter's AWS_LWA_INVOKE_MODE, the function reads its mode
// from its configuration — SAMPLE_INVOKE_MODE, which the local gateway sets to match the
// integration that invokes it (one set of warm processes per mode) — and exports either a
// streaming handler (awslambda.streamifyResponse + HttpResponseStream.from) or a plain one
// returning {statusCode, headers, body}.

interface ResponseStream {
  write(chunk: string | Buffer, cb?: (err?: Error | null) => void): boolean;
  end(): void;
  destroyed?: boolean;
}
interface AwsLambdaGlobal {
  streamifyResponse<T>(handler: T): T;
  HttpResponseStream: { from(stream: ResponseStream, prelude: { statusCode: number; headers: Record<string, string> }): ResponseStream };
}
declare const awslambda: AwsLambdaGlobal;

export interface ProxyEvent { queryStringParameters?: Record<string, string> | null }

/** Where a sample writes its body: straight to the client (STREAM) or into the proxy result (BUFFERED). */
export interface Sink {
  send(data: string | Buffer): Promise<void>;
  pause(ms: number): Promise<void>;
}

export interface SampleResponse {
  statusCode: number;
  headers: Record<string, string>;
  binary?: boolean;
  produce(event: ProxyEvent, sink: Sink): Promise<void>;
}

/** Lambda refuses buffered payloads over 6 MB; collecting more than that is pointless. */
const BUFFERED_COLLECT_LIMIT = 6 * 1024 * 1024 + 1;

/** Timings are multiplied by SAMPLE_SCALE (tests use small values to stay fast). */
export function scaled(ms: number): number {
  const scale = Number(process.env.SAMPLE_SCALE ?? '1');
  return Math.max(1, Math.round(ms * (scale > 0 ? scale : 1)));
}

export function intParam(event: ProxyEvent, name: string, fallback: number, min: number, max: number): number {
  const raw = event?.queryStringParameters?.[name];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function sampleHandler(response: (event: ProxyEvent) => SampleResponse): unknown {
  if (process.env.SAMPLE_INVOKE_MODE === 'STREAM') {
    return awslambda.streamifyResponse(async (event: ProxyEvent, responseStream: ResponseStream) => {
      const r = response(event);
      const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: r.statusCode, headers: r.headers });
      await r.produce(event, {
        // Resolves once the runtime took the chunk (backpressure from a slow client).
        send: (data) => new Promise((resolve, reject) => { stream.write(data, (err) => (err ? reject(err) : resolve())); }),
        pause: sleep,
      });
      stream.end();
    });
  }
  return async (event: ProxyEvent) => {
    const r = response(event);
    const parts: Buffer[] = [];
    let size = 0;
    await r.produce(event, {
      send: async (data) => {
        if (size >= BUFFERED_COLLECT_LIMIT) return;
        const b = Buffer.from(data);
        parts.push(b);
        size += b.length;
      },
      pause: sleep,
    });
    const body = Buffer.concat(parts);
    return r.binary
      ? { statusCode: r.statusCode, headers: r.headers, body: body.toString('base64'), isBase64Encoded: true }
      : { statusCode: r.statusCode, headers: r.headers, body: body.toString('utf8') };
  };
}
