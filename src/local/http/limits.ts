// Bounded work for the gateway's HTTP server. Without limits, clients that trickle a request
// (one byte every few seconds) hold a socket and a file descriptor forever; a thousand of them
// took the control plane down. Here: a deadline for the request headers and one for the whole
// request (responses are not limited: STREAM responses may run 15 minutes), a cap on open
// connections answered with 503, and separate in-flight budgets for the data plane and the
// control plane, so a saturated data plane never starves the control plane.
import type * as http from 'node:http';
import type { Socket } from 'node:net';

export interface GatewayLimits {
  /** Time for a client to send the request line and headers (default 10 s). */
  headersTimeoutMs: number;
  /** Time for a client to send the whole request, headers and body (default 30 s). */
  requestTimeoutMs: number;
  /** Open connections beyond this are answered 503 and closed (default 1,000). */
  maxConnections: number;
  /** Data-plane requests in flight beyond this are answered 503 (default 512). */
  maxDataPlaneRequests: number;
  /** Control-plane and internal requests in flight beyond this are answered 503 (default 64). */
  maxControlPlaneRequests: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 1000,
  maxDataPlaneRequests: 512,
  maxControlPlaneRequests: 64,
};

export function resolveLimits(partial: Partial<GatewayLimits> | undefined): GatewayLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`limits.${k} must be a whole number >= 1, got ${v}`);
  }
  if (limits.requestTimeoutMs < limits.headersTimeoutMs) throw new Error('limits.requestTimeoutMs must be >= limits.headersTimeoutMs');
  return limits;
}

/** http.createServer options that apply the timeouts (checked often enough to be prompt). */
export function serverOptions(limits: GatewayLimits): http.ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

const OVERLOADED_BODY = '{"message":"The local gateway has too many open connections; retry."}';
const OVERLOADED = 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nx-amzn-ErrorType: ServiceUnavailableException\r\n'
  + `Retry-After: 1\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(OVERLOADED_BODY)}\r\n\r\n${OVERLOADED_BODY}`;

/** Answers connections over the cap with 503 and closes them, instead of dropping them silently. */
export function capConnections(server: http.Server, max: number): void {
  let open = 0;
  server.on('connection', (socket: Socket) => {
    open++;
    socket.once('close', () => { open--; });
    if (open > max) {
      socket.on('error', () => undefined);
      socket.end(OVERLOADED);
      socket.destroySoon?.();
    }
  });
}

/** Counts requests in flight; `tryEnter` refuses beyond the budget. */
export class InFlight {
  private count = 0;
  constructor(private readonly max: number) {}

  get current(): number { return this.count; }

  /** Takes a slot until the response finishes or the connection closes; false when full. */
  tryEnter(res: http.ServerResponse): boolean {
    if (this.count >= this.max) return false;
    this.count++;
    let left = false;
    const leave = () => { if (!left) { left = true; this.count--; } };
    res.once('finish', leave);
    res.once('close', leave);
    return true;
  }
}
