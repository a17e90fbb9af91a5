// Which addresses the gateway may listen on. The control plane can rewrite integrations and the
// data plane relays to any HTTP backend, so listening beyond loopback hands both to everyone on
// the network: it must be asked for explicitly (--allow-remote / allowRemote).
import { isIP } from 'node:net';

export class RemoteBindError extends Error {
  constructor(readonly host: string) {
    super(`Refusing to listen on ${host}: it is not a loopback address, so anyone on the network could change the gateway's configuration and use it as a relay. `
      + 'Pass --allow-remote (allowRemote: true) if that is what you want.');
    this.name = 'RemoteBindError';
  }
}

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped !== null && mapped[1]!.startsWith('127.');
}

/** The warning printed when the gateway listens beyond loopback. */
export function remoteWarning(host: string): string {
  return `WARNING: the local gateway listens on ${host}, beyond this machine's loopback: anyone who can reach it on the network can read and change its APIs and integrations, and call any backend through it.`;
}

export function checkBindAddress(host: string, allowRemote: boolean): void {
  if (!isLoopbackHost(host) && !allowRemote) throw new RemoteBindError(host);
}
