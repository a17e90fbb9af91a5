// The local gateway's reason for each error response it sent (e.g. "Integration response
// exceeded the 10485760-byte BUFFERED limit"), kept for the most recent requests. AWS sends only
// its terse body; the reason goes to the access log and, through this, to a client on the same
// machine (the request console) by the x-amzn-RequestId it received — no non-AWS headers.
export const KEPT_ERROR_DETAILS = 1000;

export class RecentErrorDetails {
  private readonly byRequestId = new Map<string, string>();

  constructor(private readonly capacity = KEPT_ERROR_DETAILS) {}

  record(requestId: string, detail: string): void {
    this.byRequestId.delete(requestId);
    this.byRequestId.set(requestId, detail);
    // A Map iterates in insertion order: the first key is the oldest.
    if (this.byRequestId.size > this.capacity) this.byRequestId.delete(this.byRequestId.keys().next().value!);
  }

  get(requestId: string): string | undefined {
    return this.byRequestId.get(requestId);
  }
}
