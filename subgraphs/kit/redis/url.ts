// What a REDIS_URL names: one server, a Sentinel-watched primary, or a Cluster. ioredis takes only the first form as a
// URL, so the three shapes FlexTime accepts are parsed here, and anything else is refused with the reason:
//   redis://[user:password@]host[:port][/db]                          one server (rediss:// = TLS)
//   redis+sentinel://[user:password@]host:port,host:port/primary[/db]  Sentinels, then the primary's name
//   redis+cluster://[user:password@]host:port,host:port                Cluster seed nodes (database 0 only)
// (rediss+sentinel:// and rediss+cluster:// for TLS). One query parameter is modelled: `sentinel_password`, the
// Sentinels' own password when it differs from the primary's.

export interface RedisNode {
  host: string;
  port: number;
}

interface Credentials {
  username?: string;
  password?: string;
  tls: boolean;
}

export type RedisTarget =
  | ({ kind: 'server'; node: RedisNode; db: number } & Credentials)
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; primary: string; db: number; sentinelPassword?: string } & Credentials)
  | ({ kind: 'cluster'; nodes: RedisNode[] } & Credentials);

const SCHEMES: Record<string, { kind: RedisTarget['kind']; tls: boolean }> = {
  redis: { kind: 'server', tls: false },
  rediss: { kind: 'server', tls: true },
  'redis+sentinel': { kind: 'sentinel', tls: false },
  'rediss+sentinel': { kind: 'sentinel', tls: true },
  'redis+cluster': { kind: 'cluster', tls: false },
  'rediss+cluster': { kind: 'cluster', tls: true },
};

const DEFAULT_PORT = { server: 6379, sentinel: 26379, cluster: 6379 } as const;

export class RedisUrlError extends Error {
  override name = 'RedisUrlError';
}

/** Parses a Redis URL (see the file's header); throws RedisUrlError naming what is wrong. Never echoes a password. */
export function parseRedisUrl(url: string): RedisTarget {
  const m = /^([a-z+]+):\/\/(.*)$/i.exec(url.trim());
  if (!m)
    throw new RedisUrlError('REDIS_URL must look like redis://host:port/db (see the README for Sentinel and Cluster)');
  const scheme = SCHEMES[m[1].toLowerCase()];
  if (!scheme) {
    throw new RedisUrlError(
      `REDIS_URL scheme '${m[1]}' is not one of ${Object.keys(SCHEMES)
        .map((s) => `${s}://`)
        .join(', ')}`,
    );
  }
  let rest = m[2];
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (rest.includes('#')) throw new RedisUrlError('REDIS_URL must not have a #fragment');
  const at = rest.lastIndexOf('@');
  const userinfo = at >= 0 ? rest.slice(0, at) : '';
  rest = at >= 0 ? rest.slice(at + 1) : rest;
  const slash = rest.indexOf('/');
  const hostList = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash + 1) : '';

  const credentials: Credentials = { tls: scheme.tls, ...parseUserinfo(userinfo) };
  const nodes = hostList.split(',').map((h) => parseNode(h, DEFAULT_PORT[scheme.kind]));
  const params = new URLSearchParams(query);
  for (const key of params.keys()) {
    if (!(scheme.kind === 'sentinel' && key === 'sentinel_password'))
      throw new RedisUrlError(`REDIS_URL query parameter '${key}' is not understood`);
  }
  const segments = path === '' ? [] : path.split('/');

  if (scheme.kind === 'server') {
    if (nodes.length !== 1)
      throw new RedisUrlError(`${m[1]}:// names one server; use redis+sentinel:// or redis+cluster://`);
    if (segments.length > 1) throw new RedisUrlError('REDIS_URL path must be at most one database number');
    return { kind: 'server', node: nodes[0], db: parseDb(segments[0]), ...credentials };
  }
  if (scheme.kind === 'sentinel') {
    const [primary, db, ...extra] = segments;
    if (!primary) throw new RedisUrlError(`${m[1]}:// needs the primary's name: ${m[1]}://host:port,host:port/<name>`);
    if (extra.length) throw new RedisUrlError('REDIS_URL sentinel path is /<primary name>[/<db>]');
    const sentinelPassword = params.get('sentinel_password') ?? undefined;
    return {
      kind: 'sentinel',
      sentinels: nodes,
      primary: decodeURIComponent(primary),
      db: parseDb(db),
      ...(sentinelPassword ? { sentinelPassword } : {}),
      ...credentials,
    };
  }
  if (segments.length > 1 || parseDb(segments[0]) !== 0)
    throw new RedisUrlError('Redis Cluster has database 0 only: drop the /<db> from the redis+cluster:// URL');
  return { kind: 'cluster', nodes, ...credentials };
}

function parseUserinfo(userinfo: string): { username?: string; password?: string } {
  if (!userinfo) return {};
  const colon = userinfo.indexOf(':');
  const user = decodeURIComponent(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
  const password = colon >= 0 ? decodeURIComponent(userinfo.slice(colon + 1)) : undefined;
  // redis://:password@host is the classic form (no ACL user): a lone name without a colon is a password too, as
  // ioredis reads it.
  if (colon < 0) return { password: user };
  return { ...(user ? { username: user } : {}), ...(password ? { password } : {}) };
}

function parseNode(text: string, defaultPort: number): RedisNode {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d*))?$/i.exec(text);
  if (!m) throw new RedisUrlError(`REDIS_URL host '${text}' is not host[:port]`);
  const host = m[1].startsWith('[') ? m[1].slice(1, -1) : m[1];
  if (!/^[\w.:-]+$/.test(host)) throw new RedisUrlError(`REDIS_URL host '${text}' is not a host name or address`);
  const port = m[2] ? Number(m[2]) : defaultPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new RedisUrlError(`REDIS_URL port in '${text}' must be 1–65535`);
  return { host, port };
}

function parseDb(segment: string | undefined): number {
  if (segment === undefined || segment === '') return 0;
  if (!/^\d{1,5}$/.test(segment)) throw new RedisUrlError(`REDIS_URL database '${segment}' must be a number`);
  return Number(segment);
}

/**
 * BullMQ's key prefix. In a Cluster every key of one queue must hash to one slot, so the prefix becomes a hash tag
 * (`{flextime}:bull`); elsewhere it stays `flextime:bull`, where queues already in the field keep their jobs.
 */
export function queuePrefix(prefix: string, target: RedisTarget): string {
  if (target.kind !== 'cluster' || /\{[^}]+\}/.test(prefix)) return `${prefix}:bull`;
  return `{${prefix}}:bull`;
}
