// The one Redis connection factory: every client FlexTime opens (jobs, events, cache, rate limits, persisted
// documents) comes from a URL parsed by url.ts, so a server, a Sentinel-watched primary and a Cluster are all one
// environment variable away.
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisTarget } from './url.ts';

/** A client of any of the three shapes; both classes share the command API FlexTime uses. */
export type RedisClient = Redis | Cluster;

/** Opens a client for `url` with `options` applied to every connection (to each Cluster node too). */
export function createRedisClient(url: string, options: RedisOptions = {}): RedisClient {
  return clientFor(parseRedisUrl(url), options);
}

export function clientFor(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  const auth = {
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
  };
  if (target.kind === 'server') {
    return new Redis({ ...options, host: target.node.host, port: target.node.port, db: target.db, ...auth });
  }
  if (target.kind === 'sentinel') {
    return new Redis({
      ...options,
      sentinels: target.sentinels,
      name: target.primary,
      db: target.db,
      ...auth,
      ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
      ...(target.username ? { sentinelUsername: target.username } : {}),
      ...(target.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
    });
  }
  // Cluster: the offline queue, retry strategy and lazy connect are cluster-level options; the rest apply per node.
  const { enableOfflineQueue, retryStrategy, lazyConnect, maxRetriesPerRequest, ...perNode } = options;
  return new Cluster(target.nodes, {
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) ?? null } : {}),
    redisOptions: { ...perNode, ...(maxRetriesPerRequest === undefined ? {} : { maxRetriesPerRequest }), ...auth },
  });
}
