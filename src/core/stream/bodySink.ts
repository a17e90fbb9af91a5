// Where response bytes go: the first `windowBytes` are copied into memory for previews, and
// (optionally) the whole body is streamed to a file with backpressure, so memory stays bounded
// whatever the body size. Copying the preview (rather than keeping chunk references) matters:
// a tiny chunk can pin a whole 64 KiB socket buffer.
import { createWriteStream, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export const DEFAULT_WINDOW_BYTES = 1024 * 1024;

export interface BodySinkOptions {
  windowBytes?: number;
  /** true: a new temp file; string: that path; false/undefined: no file. */
  spillToFile?: boolean | string;
  /** Called once if the spill file cannot be opened or written. */
  onFileError?(message: string): void;
}

export interface BodySink {
  /** Returns false when the file writer is saturated: pause the source until `whenDrained`. */
  write(chunk: Uint8Array): boolean;
  whenDrained(resume: () => void): void;
  preview(): { bytes: Uint8Array; truncated: boolean };
  /** Flushes and closes the file (if any). Resolves with its path, or undefined if there is none. */
  close(): Promise<string | undefined>;
}

export function tempBodyPath(): string {
  return join(tmpdir(), `streamgate-body-${randomUUID()}.bin`);
}

export function createBodySink(options: BodySinkOptions = {}): BodySink {
  const windowBytes = Math.max(0, options.windowBytes ?? DEFAULT_WINDOW_BYTES);
  let window = new Uint8Array(Math.min(windowBytes, 64 * 1024));
  let windowUsed = 0;
  let truncated = false;

  const filePath = options.spillToFile === true ? tempBodyPath()
    : typeof options.spillToFile === 'string' && options.spillToFile !== '' ? options.spillToFile : undefined;
  let file: WriteStream | undefined;
  let fileFailed = false;
  if (filePath) {
    // 1 MiB writes: fewer syscalls on fast streams, still a small bound on buffered memory.
    file = createWriteStream(filePath, { highWaterMark: 1024 * 1024 });
    file.on('error', (err) => {
      if (fileFailed) return;
      fileFailed = true;
      options.onFileError?.(`cannot write the response body to ${filePath}: ${err.message}`);
    });
  }

  const keepInWindow = (chunk: Uint8Array): void => {
    const room = windowBytes - windowUsed;
    if (room <= 0) {
      if (chunk.length > 0) truncated = true;
      return;
    }
    const take = Math.min(room, chunk.length);
    if (windowUsed + take > window.length) {
      const grown = new Uint8Array(Math.min(windowBytes, Math.max(window.length * 2, windowUsed + take)));
      grown.set(window.subarray(0, windowUsed));
      window = grown;
    }
    window.set(take === chunk.length ? chunk : chunk.subarray(0, take), windowUsed);
    windowUsed += take;
    if (take < chunk.length) truncated = true;
  };

  return {
    write(chunk) {
      keepInWindow(chunk);
      if (!file || fileFailed) return true;
      return file.write(chunk);
    },
    whenDrained(resume) {
      if (!file || fileFailed) resume();
      else file.once('drain', resume);
    },
    preview: () => ({ bytes: window.slice(0, windowUsed), truncated }),
    close() {
      const f = file;
      if (!f) return Promise.resolve(undefined);
      file = undefined;
      return new Promise((resolve) => {
        if (fileFailed || f.destroyed) {
          f.destroy();
          resolve(fileFailed ? undefined : filePath);
          return;
        }
        f.end(() => resolve(fileFailed ? undefined : filePath));
        // end() never calls back if the stream errors while flushing.
        f.once('error', () => resolve(undefined));
      });
    },
  };
}
