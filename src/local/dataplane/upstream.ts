// What every integration (HTTP_PROXY, AWS_PROXY, MOCK) hands the delivery code: a status,
// headers and a body stream. Delivery then buffers it (BUFFERED) or passes it through (STREAM).
import type { Readable } from 'node:stream';

export interface UpstreamResponse {
  statusCode: number;
  headers: Array<[string, string]>;
  body: Readable;
  /**
   * The body holds the base64 text of a Lambda proxy result with `isBase64Encoded: true`. The
   * gateway decodes it only when binaryMediaTypes say the response is binary (BUFFERED; STREAM
   * always decodes), as AWS does, so runners must not decode it themselves.
   */
  base64Text?: boolean;
}

/**
 * A failure API Gateway answers with its own response (500/502/504). `reason` is the detail
 * AWS would write to execution logs: the local gateway logs it and sends it in a debugging
 * header, while the body keeps AWS's terse wording.
 */
export class IntegrationFailure extends Error {
  constructor(readonly status: 429 | 500 | 502 | 504, readonly reason: string) {
    super(reason);
  }
}

export const configurationError = (reason: string) => new IntegrationFailure(500, `Execution failed due to configuration error: ${reason}`);
export const badGateway = (reason: string) => new IntegrationFailure(502, reason);
