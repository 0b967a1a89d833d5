// A TCP proxy in front of the real PostgreSQL server, so a test can make "the database" restart under one
// Database without touching the server the other test files share: cut() drops every open connection (what a
// restart or failover does to its clients), down() also refuses new ones until up().
import { connect, createServer, type Socket } from 'node:net';

export interface PgProxy {
  port: number;
  /** The URL `base` with its host and port replaced by this proxy's. */
  urlFor(base: string): string;
  /** Connections currently open through the proxy. */
  readonly open: number;
  /** Drops every open connection (both sides reset). */
  cut(): void;
  /** Drops every open connection and refuses new ones. */
  down(): void;
  /** Accepts connections again. */
  up(): void;
  close(): Promise<void>;
}

export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let refusing = false;
  const server = createServer((client) => {
    client.on('error', () => {});
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('pg proxy: no port');
  const cut = () => {
    for (const [client, upstream] of pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    port: address.port,
    urlFor(base) {
      const url = new URL(base);
      url.hostname = '127.0.0.1';
      url.port = String(address.port);
      return url.toString();
    },
    get open() {
      return pairs.size;
    },
    cut,
    down() {
      refusing = true;
      cut();
    },
    up() {
      refusing = false;
    },
    close() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
