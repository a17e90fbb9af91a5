// Where response bytes go besides the observer: (optionally) the whole body is streamed to a
// file with backpressure, so memory stays bounded whatever the body size. Nothing of the body is
// kept in memory here (an in-memory preview used to be; no product path read it).
import { createWriteStream, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export interface BodySinkOptions {
  /** true: a new temp file; string: that path; false/undefined: no file. */
  spillToFile?: boolean | string;
  /** Called once if the spill file cannot be opened or written. */
  onFileError?(message: string): void;
}

export interface BodySink {
  /** Returns false when the file writer is saturated: pause the source until `whenDrained`. */
  write(chunk: Uint8Array): boolean;
  whenDrained(resume: () => void): void;
  /** Flushes and closes the file (if any). Resolves with its path, or undefined if there is none. */
  close(): Promise<string | undefined>;
}

export function tempBodyPath(): string {
  return join(tmpdir(), `streamgate-body-${randomUUID()}.bin`);
}

export function createBodySink(options: BodySinkOptions = {}): BodySink {
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

  return {
    write(chunk) {
      if (!file || fileFailed) return true;
      return file.write(chunk);
    },
    whenDrained(resume) {
      if (!file || fileFailed) resume();
      else file.once('drain', resume);
    },
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
