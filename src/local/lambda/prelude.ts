// Reads what a streaming Lambda handler produced the way API Gateway does: a JSON prelude,
// 8 NUL bytes, then the body. The prelude must arrive within the first 16 KB.
import { Readable } from 'node:stream';
import { PRELUDE_DELIMITER, type HttpPrelude } from './responseStream';

export const PRELUDE_LIMIT_BYTES = 16 * 1024;

export class PreludeError extends Error {}

export interface PreludeAndBody {
  prelude: HttpPrelude;
  /** The body bytes after the delimiter, chunk for chunk as the handler wrote them. */
  body: Readable;
}

export async function readPrelude(source: Readable): Promise<PreludeAndBody> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      throw new PreludeError(head.length === 0
        ? 'The handler ended its response stream without writing anything, so no prelude was sent (the prelude goes out with the first write)'
        : 'The response stream ended before the prelude delimiter (8 NUL bytes) arrived');
    }
    head = Buffer.concat([head, Buffer.from(next.value)]);
    const at = head.indexOf(PRELUDE_DELIMITER);
    if (at >= 0 && at <= PRELUDE_LIMIT_BYTES) {
      const prelude = parsePreludeJson(head.subarray(0, at));
      const rest = head.subarray(at + PRELUDE_DELIMITER.length);
      return { prelude, body: Readable.from(remainder(rest, iterator), { objectMode: false }) };
    }
    if (head.length > PRELUDE_LIMIT_BYTES + PRELUDE_DELIMITER.length) {
      source.destroy();
      throw new PreludeError(`No prelude delimiter within the first ${PRELUDE_LIMIT_BYTES} bytes of the response stream`);
    }
  }
}

async function* remainder(first: Buffer, iterator: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (first.length) yield first;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.from(next.value);
    }
  } finally {
    await iterator.return?.();
  }
}

function parsePreludeJson(bytes: Buffer): HttpPrelude {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8') || '{}');
  } catch (err) {
    throw new PreludeError(`The prelude is not valid JSON: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new PreludeError('The prelude must be a JSON object');
  const p = value as HttpPrelude;
  if (p.statusCode !== undefined && (!Number.isInteger(p.statusCode) || p.statusCode < 200 || p.statusCode > 599)) {
    throw new PreludeError(`The prelude statusCode ${String(p.statusCode)} is not a valid final HTTP status (200-599)`);
  }
  return p;
}
