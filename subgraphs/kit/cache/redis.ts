// The read-through cache in Redis, shared by every replica of every service. Invalidation is keyspace versioning:
// each namespace has a version counter, entries are stored under the version current when their load began, and
// invalidate() increments the counter — one atomic command, seen by every replica at once, whatever the number of
// entries; the old ones simply expire. A load that was in flight during an invalidation writes under the old version,
// where nobody reads it (so a stale value never outlives the invalidation, unlike deleting keys by SCAN). A namespace's
// keys share one hash tag, so each lookup is one script on one Cluster slot.
import type pino from 'pino';
import { closeRedis, settle } from '../events/redis.ts';
import type { RedisClient } from '../redis/connect.ts';
import { counter, invalidations, statsFromCounter } from './metrics.ts';
import type { Cache } from './types.ts';

// KEYS[1] the namespace's version; ARGV[1] the entry key's prefix, ARGV[2] the key. Returns { version, value|false }.
const LOOKUP = `
local version = redis.call('GET', KEYS[1]) or '0'
return { version, redis.call('GET', ARGV[1] .. version .. ':' .. ARGV[2]) }`;

export interface RedisCacheOptions {
  /** The deployment's key prefix (FLEXTIME_REDIS_PREFIX); entries live under `{<prefix>:cache:<namespace>}:`. */
  prefix: string;
  logger?: pino.Logger;
  /** close() closes the client too (it was opened for this cache alone). */
  ownsClient?: boolean;
}

export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  private readonly requests = counter();
  private readonly dropped = invalidations();

  constructor(
    private readonly client: RedisClient,
    private readonly opts: RedisCacheOptions,
  ) {
    this.client.defineCommand('flextimeCacheLookup', { numberOfKeys: 1, lua: LOOKUP });
  }

  private base(namespace: string): string {
    return `{${this.opts.prefix}:cache:${namespace}}`;
  }

  async getOrLoad<T>(namespace: string, key: string, load: () => Promise<T>, ttlSeconds = 300): Promise<T> {
    const base = this.base(namespace);
    let version: string;
    let raw: string | null;
    try {
      await settle(this.client, 500);
      const lookup = (this.client as unknown as Record<string, (...a: string[]) => Promise<[string, string | null]>>)
        .flextimeCacheLookup;
      [version, raw] = await lookup.call(this.client, `${base}:version`, `${base}:v`, key);
    } catch (error) {
      this.requests.inc({ cache: namespace, result: 'error' });
      this.opts.logger?.debug({ err: error, namespace, key }, 'cache unavailable; loading directly');
      return load();
    }
    if (raw !== null && raw !== undefined) {
      this.requests.inc({ cache: namespace, result: 'hit' });
      return JSON.parse(raw) as T;
    }
    this.requests.inc({ cache: namespace, result: 'miss' });
    const value = await load();
    try {
      await this.client.set(`${base}:v${version}:${key}`, JSON.stringify(value), 'EX', ttlSeconds);
    } catch {
      // a value that cannot be stored is still returned
    }
    return value;
  }

  async invalidate(...namespaces: string[]): Promise<void> {
    await settle(this.client, 500);
    for (const ns of namespaces) {
      this.dropped.inc({ cache: ns });
      await this.client.incr(`${this.base(ns)}:version`);
    }
  }

  stats() {
    return statsFromCounter();
  }

  async close(): Promise<void> {
    if (this.opts.ownsClient) await closeRedis(this.client);
  }
}
