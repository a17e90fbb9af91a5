// STREAM throttling as AWS applies it: the first 10 MB of each streamed response go out at full
// speed, the rest at about 2 MB/s (Lambda's own stream limit uses it with 6 MB). `delayFor` says how long to wait before sending more.
export const UNTHROTTLED_BYTES = 10 * 1024 * 1024;
export const THROTTLED_BYTES_PER_SECOND = 2 * 1024 * 1024;

export class StreamThrottle {
  private sent = 0;
  private throttleStartMs: number | undefined;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly unthrottledBytes = UNTHROTTLED_BYTES,
    private readonly bytesPerSecond = THROTTLED_BYTES_PER_SECOND,
  ) {}

  /** Records `bytes` as sent; returns the ms to wait before the next chunk (0 = go on). */
  delayFor(bytes: number): number {
    this.sent += bytes;
    if (this.sent <= this.unthrottledBytes) return 0;
    this.throttleStartMs ??= this.now();
    const throttledBytes = this.sent - this.unthrottledBytes;
    const dueAtMs = this.throttleStartMs + (throttledBytes / this.bytesPerSecond) * 1000;
    return Math.max(0, dueAtMs - this.now());
  }
}
