// One batch of chunks on its way from the host to the webview, packed into ONE ArrayBuffer
// (VS Code hands ArrayBuffers to the webview without base64 or JSON): the chunks' arrival times
// (Float64), their sizes and the number of their bytes shown (Uint32), then the shown bytes
// themselves, back to back. Browser-safe: both sides import it.

export interface ChunkBatch {
  /** Index of the first chunk of the batch within its run. */
  firstSeq: number;
  count: number;
  /** Arrival times, ms since request start. */
  times: Float64Array;
  /** Bytes of each chunk as received. */
  sizes: Uint32Array;
  /** Bytes of each chunk carried in `data` (0 once the run passed the display window). */
  shown: Uint32Array;
  /** The shown bytes of every chunk, concatenated. */
  data: Uint8Array;
}

export interface PendingChunk { atMs: number; bytes: number; shown?: Uint8Array }

/** Bytes used before the data section: 8 per time, 4 per size, 4 per shown length. */
export function headerBytes(count: number): number {
  return count * 16;
}

export function packChunkBatch(chunks: readonly PendingChunk[]): ArrayBuffer {
  const n = chunks.length;
  let dataBytes = 0;
  for (const c of chunks) dataBytes += c.shown?.length ?? 0;
  const buffer = new ArrayBuffer(headerBytes(n) + dataBytes);
  const times = new Float64Array(buffer, 0, n);
  const sizes = new Uint32Array(buffer, n * 8, n);
  const shown = new Uint32Array(buffer, n * 12, n);
  const data = new Uint8Array(buffer, headerBytes(n));
  let at = 0;
  for (let i = 0; i < n; i++) {
    const c = chunks[i]!;
    times[i] = c.atMs;
    sizes[i] = c.bytes;
    const len = c.shown?.length ?? 0;
    shown[i] = len;
    if (c.shown && len) { data.set(c.shown, at); at += len; }
  }
  return buffer;
}

/**
 * Views over a received buffer, or a reason it is malformed (the webview drops it). Never
 * throws: lengths are checked before any view is made.
 */
export function unpackChunkBatch(firstSeq: number, count: number, buffer: ArrayBuffer): ChunkBatch | string {
  if (!Number.isSafeInteger(count) || count < 0) return 'bad chunk count';
  if (buffer.byteLength < headerBytes(count)) return 'buffer shorter than its header';
  const times = new Float64Array(buffer, 0, count);
  const sizes = new Uint32Array(buffer, count * 8, count);
  const shown = new Uint32Array(buffer, count * 12, count);
  const data = new Uint8Array(buffer, headerBytes(count));
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (!(Number.isFinite(times[i]) && times[i]! >= 0)) return `chunk ${i}: bad time`;
    if (shown[i]! > sizes[i]!) return `chunk ${i}: more bytes shown than received`;
    total += shown[i]!;
  }
  if (total !== data.length) return 'shown bytes do not match the data section';
  return { firstSeq, count, times, sizes, shown, data };
}
