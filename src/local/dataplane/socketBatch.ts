// Large socket writes for STREAM passthrough. Every chunk the integration delivers in one turn of
// the event loop (libuv reads a ready socket several times per poll) goes out in ONE writev: the
// response socket is corked at the turn's first chunk and uncorked in the same turn's check
// phase (setImmediate). Nothing waits for more data, so a chunk is never held back beyond the
// turn it arrived in; chunks that arrive apart still leave apart. Headers go the same way: with
// the first chunk when it is already there, else alone at the end of the turn.
import type { ServerResponse } from 'node:http';

export class TurnBatcher {
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    const socket = this.res.socket;
    if (socket && !socket.destroyed) socket.uncork();
    if (!this.res.headersSent && !this.res.destroyed) this.res.flushHeaders();
  };

  constructor(private readonly res: ServerResponse) {}

  /** Call before writing in this turn (and once right after writeHead, for the headers). */
  hold(): void {
    if (this.corked) return;
    this.corked = true;
    this.res.socket?.cork();
    setImmediate(this.uncork);
  }
}
