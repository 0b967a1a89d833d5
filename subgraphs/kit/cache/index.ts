// Read-through cache for hot reference data (teams, venues, constraint templates): Redis when REDIS_URL is set
// (redis.ts), an in-process map otherwise. Entries live in namespaces that events invalidate as a whole. Redis trouble never
// fails a read: the loader answers instead (and the error is counted). Hits and misses are counted on prom-client's
// default registry (`flextime_cache_requests_total{cache, result}`), for /metrics.
import type pino from 'pino';
import { connectRedis, redisPrefix, redisUrlFromEnv } from '../events/redis.ts';
import { counter, invalidations, statsFromCounter } from './metrics.ts';
import { RedisCache } from './redis.ts';
import type { Cache } from './types.ts';

export { RedisCache } from './redis.ts';
export type { Cache } from './types.ts';

export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  private entries = new Map<string, { value: unknown; expires: number }>();
  private readonly requests = counter();
  private readonly dropped = invalidations();

  async getOrLoad<T>(namespace: string, key: string, load: () => Promise<T>, ttlSeconds = 300): Promise<T> {
    const k = `${namespace}\u0000${key}`;
    const e = this.entries.get(k);
    if (e && e.expires > Date.now()) {
      this.requests.inc({ cache: namespace, result: 'hit' });
      return structuredClone(e.value) as T;
    }
    this.requests.inc({ cache: namespace, result: 'miss' });
    const value = await load();
    this.entries.set(k, { value: structuredClone(value), expires: Date.now() + ttlSeconds * 1000 });
    return value;
  }

  async invalidate(...namespaces: string[]): Promise<void> {
    for (const ns of namespaces) {
      this.dropped.inc({ cache: ns });
      for (const k of this.entries.keys()) if (k.startsWith(`${ns}\u0000`)) this.entries.delete(k);
    }
  }

  stats() {
    return statsFromCounter();
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

let shared: Cache | null = null;

export function createCache(opts: { url?: string; prefix?: string; logger?: pino.Logger } = {}): Cache {
  if (!opts.url) return new MemoryCache();
  return new RedisCache(connectRedis(opts.url), {
    prefix: opts.prefix ?? redisPrefix(),
    logger: opts.logger,
    ownsClient: true,
  });
}

/** The process's cache (from REDIS_URL / FLEXTIME_REDIS_PREFIX on first use unless set with setCache). */
export function cache(): Cache {
  shared ??= createCache({ url: redisUrlFromEnv(), prefix: redisPrefix() });
  return shared;
}

/** Replaces the process's cache (composition root, tests); returns the previous one (not closed). */
export function setCache(c: Cache | null): Cache | null {
  const previous = shared;
  shared = c;
  return previous;
}

/** Cache namespaces of the reference data, and the events that make each stale. */
export const CACHE_NAMESPACES = {
  teams: 'teams',
  venues: 'venues',
  templates: 'templates',
  availability: 'availability',
} as const;

/** Which namespaces an event makes stale. */
export const INVALIDATED_BY: Record<string, readonly string[]> = {
  'team.blackouts.changed': [CACHE_NAMESPACES.availability],
  'venue.unavailability.changed': [CACHE_NAMESPACES.availability, CACHE_NAMESPACES.venues],
  'team.changed': [CACHE_NAMESPACES.teams],
  'venue.changed': [CACHE_NAMESPACES.venues, CACHE_NAMESPACES.teams],
  'constraint.templates.changed': [CACHE_NAMESPACES.templates],
};
