// "Request sent" has no callback in undici's current handler API, so it is observed on undici's
// public diagnostics channels: `client:sendHeaders` says which request goes out on which socket
// (our connector knows our socket), `request:bodySent` says when that request was fully written.
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

type Listener = () => void;

const listenersBySocket = new WeakMap<object, Listener>();
const listenersByRequest = new WeakMap<object, Listener>();
let subscribed = false;

function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  diagnosticsChannel.subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as { request: object; socket: object };
    const listener = listenersBySocket.get(socket);
    if (listener) {
      listenersByRequest.set(request, () => {
        const s = socket as Socket;
        if (s.connecting) s.once('connect', listener);
        else listener();
      });
    }
  });
  diagnosticsChannel.subscribe('undici:request:bodySent', (message) => {
    const { request } = message as { request: object };
    const listener = listenersByRequest.get(request);
    if (listener) {
      listenersByRequest.delete(request);
      listener();
    }
  });
}

/** Calls `listener` once, when the request written on `socket` has been handed to the socket in full. */
export function onRequestSent(socket: Socket, listener: Listener): void {
  subscribeOnce();
  listenersBySocket.set(socket, listener);
}
