// The gateway's per-request memory: values keyed by the x-amzn-RequestId a client received, kept
// for the most recent requests only (the oldest dropped first). Error details, function traces,
// function log lines and request traces all use it, so "the last 1,000 requests" means the same
// everywhere.
export const KEPT_REQUESTS = 1000;

export class RecentByRequestId<T> {
  private readonly byId = new Map<string, T>();

  constructor(private readonly capacity = KEPT_REQUESTS) {}

  set(requestId: string, value: T): void {
    this.byId.delete(requestId);
    this.byId.set(requestId, value);
    // A Map iterates in insertion order: the first key is the oldest.
    if (this.byId.size > this.capacity) this.byId.delete(this.byId.keys().next().value!);
  }

  get(requestId: string): T | undefined {
    return this.byId.get(requestId);
  }

  /** The value for the request, made (and kept) by `make` on first use. */
  getOrAdd(requestId: string, make: () => T): T {
    let v = this.byId.get(requestId);
    if (v === undefined) { v = make(); this.set(requestId, v); }
    return v;
  }

  get size(): number {
    return this.byId.size;
  }
}
