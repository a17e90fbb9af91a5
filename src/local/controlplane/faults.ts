// Test hook: make the next N control-plane calls fail the way AWS fails them (throttling,
// missing permissions...), so clients can show error states and prove they recover.
// Armed through POST /__streamgate/faults; never affects the data plane.
import { AwsError, badRequest } from '../http/awsError';
import type { JsonObject } from './input';

export interface FaultSpec {
  /** How many upcoming control-plane calls fail (1..1000). */
  count: number;
  /** x-amzn-ErrorType, e.g. TooManyRequestsException (429) or AccessDeniedException (403). */
  errorType: string;
  status?: number;
  message?: string;
  /** Only calls whose "METHOD /path" contains this text fail (e.g. "GET /restapis"). */
  match?: string;
}

const DEFAULT_STATUS: Record<string, number> = {
  TooManyRequestsException: 429,
  AccessDeniedException: 403,
  UnauthorizedException: 401,
  NotFoundException: 404,
  BadRequestException: 400,
  ConflictException: 409,
  LimitExceededException: 429,
  ServiceUnavailableException: 503,
};

const DEFAULT_MESSAGE: Record<string, string> = {
  TooManyRequestsException: 'Too Many Requests',
  AccessDeniedException: 'User: arn:aws:iam::000000000000:user/local is not authorized to perform: apigateway:GET',
  ServiceUnavailableException: 'Service Unavailable',
};

export class ControlPlaneFaults {
  private armed: FaultSpec[] = [];

  arm(spec: FaultSpec): void {
    this.armed.push({ ...spec });
  }

  clear(): void {
    this.armed = [];
  }

  pending(): FaultSpec[] {
    return this.armed.map((f) => ({ ...f }));
  }

  /** The error the call "METHOD /path" must fail with, consuming one armed fault. */
  take(call: string): AwsError | undefined {
    const fault = this.armed.find((f) => !f.match || call.includes(f.match));
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.armed = this.armed.filter((f) => f !== fault);
    const status = fault.status ?? DEFAULT_STATUS[fault.errorType] ?? 400;
    const headers: Record<string, string> = status === 429 ? { 'Retry-After': '1' } : {};
    return new AwsError(status, fault.errorType, fault.message ?? DEFAULT_MESSAGE[fault.errorType] ?? `Injected ${fault.errorType}`, headers);
  }
}

export function parseFaultSpec(body: JsonObject): FaultSpec {
  const { count, errorType, status, message, match } = body;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    throw badRequest('"count" must be a whole number between 1 and 1000');
  }
  if (typeof errorType !== 'string' || !/^[A-Za-z]+$/.test(errorType)) {
    throw badRequest('"errorType" must be an AWS error name such as TooManyRequestsException or AccessDeniedException');
  }
  if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)) {
    throw badRequest('"status" must be an HTTP error status between 400 and 599');
  }
  if (message !== undefined && typeof message !== 'string') throw badRequest('"message" must be a string');
  if (match !== undefined && typeof match !== 'string') throw badRequest('"match" must be a string');
  return { count, errorType, status, message, match };
}
