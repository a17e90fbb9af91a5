// Built-in sample Lambda handlers, written exactly as one writes streaming handlers for the
// Node.js Lambda runtime. They are bundled TypeScript (no files to load), and stop as soon as
// the gateway closes their stream (client gone, timeout, gateway shutdown).
import { HttpResponseStream, streamifyResponse, type LambdaResponseStream } from '../lambda/responseStream';
import type { LambdaHandler } from '../lambda/registry';

export const SAMPLE_FUNCTIONS = {
  chat: 'streamgate-sample-chat',
  ndjson: 'streamgate-sample-ndjson',
  download: 'streamgate-sample-download',
  long: 'streamgate-sample-long',
} as const;

interface ProxyEvent { queryStringParameters?: Record<string, string> | null }

/** Waits `ms`, returning false early if the stream was closed meanwhile. */
function pause(stream: LambdaResponseStream, ms: number): Promise<boolean> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = () => { clearTimeout(timer); resolve(false); };
    const timer = setTimeout(() => { stream.off('close', onClose); resolve(!stream.destroyed); }, ms);
    stream.once('close', onClose);
  });
}

/** Writes and waits until the gateway took the chunk (backpressure); false if the stream is gone. */
function send(stream: LambdaResponseStream, data: string | Buffer): Promise<boolean> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => stream.write(data, (err) => resolve(!err)));
}

function intParam(event: ProxyEvent, name: string, fallback: number, min: number, max: number): number {
  const raw = Number(event.queryStringParameters?.[name]);
  return Number.isInteger(raw) ? Math.min(max, Math.max(min, raw)) : fallback;
}

const ANSWER = ('Response streaming lets API Gateway send each token as soon as the model produces it, ' +
  'so the first words appear in well under a second instead of after the whole answer is ready. ' +
  'Switch this integration between BUFFERED and STREAM, redeploy, and compare the timelines.').split(/(?<= )/);

export function createSampleHandlers(scale = 1): Map<string, LambdaHandler> {
  const ms = (base: number) => Math.max(1, Math.round(base * scale));

  // ~40 OpenAI-style chat.completion.chunk events over ~2 s, then [DONE].
  const chat = streamifyResponse(async (_event: unknown, responseStream: LambdaResponseStream) => {
    const stream = HttpResponseStream.from(responseStream, {
      statusCode: 200,
      headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' },
    });
    const id = `chatcmpl-local-${Date.now().toString(36)}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: Record<string, string>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: 'streamgate-local', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    if (!(await send(stream, chunk({ role: 'assistant', content: '' }, null)))) return;
    for (const token of ANSWER) {
      if (!(await pause(stream, ms(50)))) return;
      if (!(await send(stream, chunk({ content: token }, null)))) return;
    }
    if (!(await send(stream, chunk({}, 'stop')))) return;
    await send(stream, 'data: [DONE]\n\n');
    stream.end();
  });

  // NDJSON records spread over time (default 20 records, one every 150 ms).
  const ndjson = streamifyResponse(async (event: unknown, responseStream: LambdaResponseStream) => {
    const count = intParam(event as ProxyEvent, 'count', 20, 1, 10_000);
    const interval = ms(intParam(event as ProxyEvent, 'intervalMs', 150, 0, 60_000));
    const stream = HttpResponseStream.from(responseStream, { statusCode: 200, headers: { 'Content-Type': 'application/x-ndjson' } });
    for (let seq = 1; seq <= count; seq++) {
      if (seq > 1 && !(await pause(stream, interval))) return;
      const record = { seq, of: count, at: new Date().toISOString(), reading: Math.round(500 + 400 * Math.sin(seq / 3)) / 10 };
      if (!(await send(stream, JSON.stringify(record) + '\n'))) return;
    }
    stream.end();
  });

  // A large generated body (default 64 MB, ?mb=1..1024), produced as the client reads it.
  const download = streamifyResponse(async (event: unknown, responseStream: LambdaResponseStream) => {
    const megabytes = intParam(event as ProxyEvent, 'mb', 64, 1, 1024);
    const total = megabytes * 1024 * 1024;
    const stream = HttpResponseStream.from(responseStream, {
      statusCode: 200,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="sample-${megabytes}MB.bin"` },
    });
    const block = Buffer.alloc(64 * 1024);
    for (let i = 0; i < block.length; i++) block[i] = (i * 31 + 7) & 0xff;
    for (let sent = 0; sent < total; sent += block.length) {
      if (!(await send(stream, block.subarray(0, Math.min(block.length, total - sent))))) return;
    }
    stream.end();
  });

  // Work that takes longer than API Gateway's 29 s BUFFERED limit (35 s by default), reporting
  // progress every second as server-sent events.
  const long = streamifyResponse(async (event: unknown, responseStream: LambdaResponseStream) => {
    const seconds = intParam(event as ProxyEvent, 'seconds', 35, 1, 900);
    const stream = HttpResponseStream.from(responseStream, { statusCode: 200, headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } });
    for (let s = 0; s <= seconds; s++) {
      if (s > 0 && !(await pause(stream, ms(1000)))) return;
      const progress = { step: s, of: seconds, percent: Math.round((s / seconds) * 100) };
      if (!(await send(stream, `event: progress\ndata: ${JSON.stringify(progress)}\n\n`))) return;
    }
    await send(stream, `event: done\ndata: ${JSON.stringify({ result: 'finished', seconds })}\n\n`);
    stream.end();
  });

  return new Map<string, LambdaHandler>([
    [SAMPLE_FUNCTIONS.chat, chat as LambdaHandler],
    [SAMPLE_FUNCTIONS.ndjson, ndjson as LambdaHandler],
    [SAMPLE_FUNCTIONS.download, download as LambdaHandler],
    [SAMPLE_FUNCTIONS.long, long as LambdaHandler],
  ]);
}
