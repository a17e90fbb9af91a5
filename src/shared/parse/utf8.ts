// Incremental UTF-8 decoding: a multi-byte character split across two network chunks must come
// out whole, never as two replacement characters. TextDecoder in streaming mode keeps the
// incomplete tail bytes until the next call. Browser-safe (no Node imports): the webview uses it.

export interface Utf8StreamDecoder {
  /** Decodes the next chunk; an incomplete trailing character is held back for the next call. */
  decode(chunk: Uint8Array): string;
  /** Flushes held-back bytes at end of stream (an incomplete character becomes U+FFFD). */
  end(): string;
}

/**
 * @param keepBom false (default) drops a leading byte-order mark, which SSE and JSON require;
 *                true keeps it as U+FEFF for a faithful raw view.
 */
export function createUtf8Decoder(keepBom = false): Utf8StreamDecoder {
  let decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: keepBom });
  return {
    decode: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => {
      const rest = decoder.decode();
      // A finished TextDecoder resets itself; make that explicit so reuse starts clean.
      decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: keepBom });
      return rest;
    },
  };
}

/** Decodes a whole buffer at once (malformed sequences become U+FFFD). */
export function decodeUtf8(bytes: Uint8Array, keepBom = false): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: keepBom }).decode(bytes);
}
