// Errors answered the way AWS answers them: an HTTP status, an `x-amzn-ErrorType` header that
// the AWS SDK maps to its typed exception classes, and a JSON body `{"message": ...}`.

export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    /** Extra response headers, e.g. Retry-After for throttling. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = errorType;
  }
}

export const badRequest = (message: string) => new AwsError(400, 'BadRequestException', message);
export const notFound = (message: string) => new AwsError(404, 'NotFoundException', message);
export const conflict = (message: string) => new AwsError(409, 'ConflictException', message);
export const tooManyRequests = (message = 'Too Many Requests') =>
  new AwsError(429, 'TooManyRequestsException', message, { 'Retry-After': '1' });
export const accessDenied = (message = 'User is not authorized to perform this action') =>
  new AwsError(403, 'AccessDeniedException', message);
export const payloadTooLarge = (message: string) => new AwsError(413, 'BadRequestException', message);

/** Unexpected failures still answer in the AWS shape so SDK callers get a typed error. */
export function toAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AwsError(500, 'InternalFailure', `Internal error in the local gateway: ${message}`);
}
