// The local gateway's reason for each error response it sent (e.g. "Integration response
// exceeded the 10485760-byte BUFFERED limit"), kept for the most recent requests. AWS sends only
// its terse body; the reason goes to the access log and, through this, to a client on the same
// machine (the request console) by the x-amzn-RequestId it received — no non-AWS headers.
import { KEPT_REQUESTS, RecentByRequestId } from '../trace/ring';

export const KEPT_ERROR_DETAILS = KEPT_REQUESTS;

export class RecentErrorDetails {
  private readonly byRequestId: RecentByRequestId<string>;

  constructor(capacity = KEPT_ERROR_DETAILS) {
    this.byRequestId = new RecentByRequestId(capacity);
  }

  record(requestId: string, detail: string): void {
    this.byRequestId.set(requestId, detail);
  }

  get(requestId: string): string | undefined {
    return this.byRequestId.get(requestId);
  }
}
