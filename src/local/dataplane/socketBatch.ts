// Large socket writes for STREAM passthrough, with nothing held back past the turn it arrived in.
// The headers wait for the end of the event-loop turn they are known in (the response socket is
// corked until that turn's check phase, setImmediate), so chunks that came with them leave in the
// same writev; a body that is still silent gets its headers alone at the end of the turn.
// After that first turn nothing is corked here: node:http corks every chunked write until the
// next tick already, so chunks delivered in one burst still share a writev. Corking every turn
// was measured and dropped (1 GiB through the gateway: 265 → 415 MB/s without it): a corked
// socket makes each 64 KiB write report backpressure, and pipe() resumed the backend only after
// the check phase, so each turn moved one chunk.
import type { ServerResponse } from 'node:http';

export class HeaderBatcher {
  private holding = false;
  /** A chunk was written while the headers were held: its write carries them. */
  private carried = false;
  private readonly release = (): void => {
    this.holding = false;
    if (this.res.destroyed) return;
    if (!this.carried) this.res.flushHeaders();
    this.res.socket?.uncork();
  };

  constructor(private readonly res: ServerResponse) {}

  /** Right after writeHead: the headers leave at the end of this turn, with any chunk written in it. */
  holdHeaders(): void {
    this.holding = true;
    this.res.socket?.cork();
    setImmediate(this.release);
  }

  /** Before writing a chunk. */
  beforeChunk(): void {
    if (this.holding) this.carried = true;
  }
}
