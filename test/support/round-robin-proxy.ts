// A small HTTP load balancer for the replica tests: each request goes to the next backend in turn. A backend that
// refuses the connection is skipped and the request goes to the next one (it never reached the dead backend, so
// sending it again cannot double anything: what real load balancers do, e.g. nginx's proxy_next_upstream error). A
// backend that dies after taking the request is not retried here — whether it ran is unknown — and the caller gets
// 502. No keep-alive towards the backends, so "refused" always means "not sent".
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  /** http://127.0.0.1:<port> */
  origin: string;
  setBackends(origins: string[]): void;
  readonly stats: { forwarded: number; skippedRefused: number; failedAfterSend: number; noBackend: number };
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'host']);

export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let backends: URL[] = [];
  let next = 0;
  const stats = { forwarded: 0, skippedRefused: 0, failedAfterSend: 0, noBackend: 0 };

  // Each request starts at the next backend in turn and, when refused, tries every other one once (its own order, so
  // concurrent requests moving the shared counter cannot send it back to the dead one).
  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, start: number, attempt: number) => {
    if (backends.length === 0 || attempt >= backends.length) {
      stats.noBackend++;
      res.writeHead(502, { 'content-type': 'text/plain' }).end('no backend accepted the connection');
      return;
    }
    const target = backends[(start + attempt) % backends.length];
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    headers['content-length'] = String(body.length);
    let connected = false;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false },
      (answer) => {
        stats.forwarded++;
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        answer.on('error', () => {
          if (!res.destroyed) stats.failedAfterSend++;
          res.destroy();
        });
      },
    );
    upstream.on('socket', (socket) => socket.once('connect', () => (connected = true)));
    upstream.on('error', () => {
      if (res.headersSent) {
        stats.failedAfterSend++;
        return res.destroy();
      }
      if (!connected) {
        stats.skippedRefused++;
        return forward(req, body, res, start, attempt + 1);
      }
      stats.failedAfterSend++;
      res.writeHead(502, { 'content-type': 'text/plain' }).end('the backend failed after taking the request');
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, Buffer.concat(chunks), res, next++, 0));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setBackends(origins) {
      backends = origins.map((o) => new URL(o));
    },
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
