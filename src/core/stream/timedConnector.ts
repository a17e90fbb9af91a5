// An undici connector that opens the socket itself so each phase gets its own timestamp:
// DNS lookup done, TCP connected, TLS handshake done. A fresh connection per request (no pool
// reuse) keeps those phases honest on every run.
//
// Plain http sockets are handed to undici while still connecting: undici writes the request at
// in the same tick, Node holds it in the socket and flushes it inside the same 'connect' callback — the
// request leaves as early as curl sends it, instead of after undici's connect bookkeeping and
// dispatch loop. A failed connect then reaches undici as a socket error with the same code.
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import type buildConnector from 'undici/types/connector';

export interface ConnectEvents {
  onDnsDone(): void;
  onTcpConnected(): void;
  onTlsDone(): void;
  /** The socket undici will speak HTTP on (the TLS socket for https). */
  onSocket(socket: net.Socket): void;
}

export interface TimedConnectorOptions {
  /** Hosts whose certificate is accepted even when untrusted (self-signed dev servers). Opt-in only. */
  insecureTlsHosts?: readonly string[];
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

export function createTimedConnector(events: ConnectEvents, options: TimedConnectorOptions = {}): buildConnector.connector {
  const insecureHosts = new Set((options.insecureTlsHosts ?? []).map((h) => stripBrackets(h.toLowerCase())));
  return (opts, callback) => {
    let settled = false;
    const settle = (err: Error | null, socket: net.Socket | null): void => {
      if (settled) return;
      settled = true;
      if (err) callback(err, null);
      else callback(null, socket!);
    };
    const hostname = stripBrackets(opts.hostname);
    const secure = opts.protocol === 'https:';
    const port = Number(opts.port) || (secure ? 443 : 80);
    let dnsReported = false;
    // Wrapping the lookup (instead of resolving up front) keeps Node's happy-eyeballs
    // connection racing across every address while still timing the lookup itself.
    const lookup = (host: string, lookupOptions: dns.LookupOptions, cb: LookupCallback): void => {
      dns.lookup(host, { ...lookupOptions, all: true }, (err, addresses) => {
        if (!err && !dnsReported) {
          dnsReported = true;
          events.onDnsDone();
        }
        if (err) cb(err, lookupOptions.all ? [] : '');
        else if (lookupOptions.all) cb(null, addresses);
        else cb(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
    const tcp = net.connect({
      host: hostname,
      port,
      noDelay: true,
      ...(net.isIP(hostname) === 0 ? { lookup: lookup as net.LookupFunction } : {}),
    });
    tcp.once('error', (err) => settle(err, null));
    // Registered before undici's pending write, so "connected" is stamped before the flush.
    tcp.once('connect', () => events.onTcpConnected());
    if (!secure) {
      events.onSocket(tcp);
      // Not synchronously: undici ignores a resume from inside its own connect call.
      queueMicrotask(() => settle(null, tcp));
      return;
    }
    tcp.once('connect', () => {
      const tlsSocket = tls.connect({
        socket: tcp,
        servername: net.isIP(hostname) === 0 ? (opts.servername || hostname) : undefined,
        ALPNProtocols: ['http/1.1'],
        rejectUnauthorized: !insecureHosts.has(hostname.toLowerCase()),
      });
      tlsSocket.once('error', (err) => settle(err, null));
      tlsSocket.once('secureConnect', () => {
        events.onTlsDone();
        events.onSocket(tlsSocket);
        settle(null, tlsSocket);
      });
    });
  };
}
