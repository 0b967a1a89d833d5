// Read-through cache for hot reference data (teams, venues, constraint templates): Redis when REDIS_URL is set,
// an in-process map otherwise. Entries live in namespaces that events invalidate as a whole. Redis trouble never
// fails a read: the loader answers instead (and the error is counted). Hits and misses are counted on prom-client's
// default registry (`flextime_cache_requests_total{cache, result}`), for /metrics.
import type pino from 'pino';
import { Counter, register } from 'prom-client';
import { closeRedis, connectRedis, redisPrefix, redisUrlFromEnv, settle } from '../events/redis.ts';
import type { RedisClient } from '../redis/connect.ts';

function counter(): Counter<'cache' | 'result'> {
  const name = 'flextime_cache_requests_total';
  const existing = register.getSingleMetric(name) as Counter<'cache' | 'result'> | undefined;
  return (
    existing ??
    new Counter({
      name,
      help: 'Read-through cache lookups by namespace and result (hit, miss, error = cache unavailable, loader used)',
      labelNames: ['cache', 'result'] as const,
    })
  );
}

function invalidations(): Counter<'cache'> {
  const name = 'flextime_cache_invalidations_total';
  const existing = register.getSingleMetric(name) as Counter<'cache'> | undefined;
  return (
    existing ?? new Counter({ name, help: 'Cache namespaces invalidated (by events)', labelNames: ['cache'] as const })
  );
}

export interface Cache {
  readonly kind: 'redis' | 'memory';
  /** The cached value of `namespace:key`, else `load()`'s (stored for `ttlSeconds`, default 300). */
  getOrLoad<T>(namespace: string, key: string, load: () => Promise<T>, ttlSeconds?: number): Promise<T>;
  /** Drops every entry of the namespaces. */
  invalidate(...namespaces: string[]): Promise<void>;
  /** Hit / miss / error counts per namespace since the process started (same figures as /metrics). */
  stats(): Promise<Record<string, { hit: number; miss: number; error: number }>>;
  close(): Promise<void>;
}

async function statsFromCounter(): Promise<Record<string, { hit: number; miss: number; error: number }>> {
  const out: Record<string, { hit: number; miss: number; error: number }> = {};
  for (const v of (await counter().get()).values) {
    const ns = String(v.labels.cache);
    out[ns] ??= { hit: 0, miss: 0, error: 0 };
    const r = String(v.labels.result) as 'hit' | 'miss' | 'error';
    out[ns][r] = v.value;
  }
  return out;
}

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

export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  private readonly client: RedisClient;
  private readonly prefix: string;
  private readonly requests = counter();
  private readonly dropped = invalidations();

  constructor(opts: { url: string; prefix?: string; logger?: pino.Logger }) {
    this.client = connectRedis(opts.url);
    this.prefix = `${opts.prefix ?? redisPrefix()}:cache`;
    this.logger = opts.logger;
  }
  private readonly logger?: pino.Logger;

  private key(namespace: string, key: string) {
    return `${this.prefix}:${namespace}:${key}`;
  }

  async getOrLoad<T>(namespace: string, key: string, load: () => Promise<T>, ttlSeconds = 300): Promise<T> {
    const k = this.key(namespace, key);
    let raw: string | null = null;
    try {
      await settle(this.client, 500);
      raw = await this.client.get(k);
    } catch (error) {
      this.requests.inc({ cache: namespace, result: 'error' });
      this.logger?.debug({ err: error, key: k }, 'cache unavailable; loading directly');
      return load();
    }
    if (raw !== null) {
      this.requests.inc({ cache: namespace, result: 'hit' });
      return JSON.parse(raw) as T;
    }
    this.requests.inc({ cache: namespace, result: 'miss' });
    const value = await load();
    try {
      await this.client.set(k, JSON.stringify(value), 'EX', ttlSeconds);
    } catch {
      // a value that cannot be stored is still returned
    }
    return value;
  }

  async invalidate(...namespaces: string[]): Promise<void> {
    await settle(this.client, 500);
    for (const ns of namespaces) {
      this.dropped.inc({ cache: ns });
      let cursor = '0';
      do {
        const [next, keys] = await this.client.scan(cursor, 'MATCH', `${this.prefix}:${ns}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await this.client.unlink(...keys);
      } while (cursor !== '0');
    }
  }

  stats() {
    return statsFromCounter();
  }

  async close(): Promise<void> {
    await closeRedis(this.client);
  }
}

let shared: Cache | null = null;

export function createCache(opts: { url?: string; prefix?: string; logger?: pino.Logger } = {}): Cache {
  return opts.url ? new RedisCache({ url: opts.url, prefix: opts.prefix, logger: opts.logger }) : new MemoryCache();
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
