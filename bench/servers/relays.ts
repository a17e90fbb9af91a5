// Reference relays for the gateway scenarios: what any process between client and backend costs
// on this machine, measured beside the local gateway in the same run.
// - `tcp`: bytes piped between two sockets, no HTTP at all — the ceiling for a relay process
//   (one more process on the CPUs, one more copy through the kernel each way).
// - `http`: the smallest node:http reverse proxy (http.request + pipe, keep-alive agent) — the
//   floor for a relay that parses HTTP with Node's own parser, as the local gateway does.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Relay { url: string; close(): Promise<void> }

export async function startRelay(via: 'tcp' | 'http', target: string): Promise<Relay> {
  const t = new URL(target);
  const port = Number(t.port);
  let server: net.Server;
  if (via === 'tcp') {
    server = net.createServer((client) => {
      const backend = net.connect(port, t.hostname);
      client.pipe(backend).pipe(client);
      const cut = (): void => { client.destroy(); backend.destroy(); };
      client.on('error', cut);
      backend.on('error', cut);
    });
  } else {
    const agent = new http.Agent({ keepAlive: true });
    server = http.createServer((req, res) => {
      const up = http.request({ host: t.hostname, port, path: req.url, method: req.method, headers: req.headers, agent }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
  }
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise((ok) => {
      if (server instanceof http.Server) server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}
