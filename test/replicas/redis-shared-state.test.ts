// The Redis-backed state replicas share, against the real Redis (REDIS_URL) — failures covered: two replicas both
// admitting the last request of a window (a non-atomic counter), a window that never expires, persisted documents
// that grow without bound, a cache entry one replica invalidated but another still serves, and a Redis outage that
// turns into refusing (or admitting) every caller.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisDocumentCache } from '../../gateway/auth/redis-documents.ts';
import { RedisRateLimitStore } from '../../gateway/auth/redis-rate-limit.ts';
import { createCache } from '../../subgraphs/kit/cache/index.ts';
import { closeRedis, connectRedis, waitReady } from '../../subgraphs/kit/events/redis.ts';
import { createRedisClient, type RedisClient } from '../../subgraphs/kit/redis/connect.ts';
import { uniquePrefix } from '../support/stack.ts';

const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!REDIS_URL)('state shared by replicas in Redis', () => {
  const prefix = uniquePrefix('shared-state');
  const clients: RedisClient[] = [];
  const client = () => {
    const c = connectRedis(REDIS_URL as string);
    clients.push(c);
    return c;
  };
  /** A client for the test's own checks, connected before use. */
  const inspector = async () => {
    const c = client();
    await waitReady(c);
    return c;
  };

  afterAll(async () => {
    const admin = new Redis(REDIS_URL as string);
    for (const pattern of [`${prefix}:*`, `{${prefix}*`]) {
      const keys = await admin.keys(pattern);
      if (keys.length) await admin.del(...keys);
    }
    admin.disconnect();
    await Promise.all(clients.map((c) => closeRedis(c)));
  });

  it('the connection factory reaches the Redis of REDIS_URL (database number included)', async () => {
    const c = createRedisClient(REDIS_URL as string, { lazyConnect: true });
    clients.push(c);
    await (c as Redis).connect();
    expect(await c.ping()).toBe('PONG');
    const db = Number(new URL(REDIS_URL as string).pathname.slice(1) || 0);
    expect((c as Redis).options.db).toBe(db);
  });

  it('a window is counted atomically across replicas: exactly `limit` of many concurrent hits pass', async () => {
    const replicas = [new RedisRateLimitStore(client(), prefix), new RedisRateLimitStore(client(), prefix)];
    const decisions = await Promise.all(
      Array.from({ length: 60 }, (_, i) => replicas[i % 2].hit('api-key:concurrent', 25, 60_000)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    for (const d of decisions) expect(d.resetSeconds).toBeGreaterThanOrEqual(1);
    const ttl = await (await inspector()).pttl(`${prefix}:rate-limit:api-key:concurrent`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('a window ends: after windowMs the principal is admitted again', async () => {
    const store = new RedisRateLimitStore(client(), prefix);
    expect((await store.hit('api-key:short', 1, 300)).allowed).toBe(true);
    expect((await store.hit('api-key:short', 1, 300)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect((await store.hit('api-key:short', 1, 300)).allowed).toBe(true);
  });

  it('with Redis unreachable the limit still holds, per replica, and the fallback is reported', async () => {
    const down = connectRedis('redis://127.0.0.1:1/0', { retryStrategy: () => null });
    clients.push(down);
    const reported: unknown[] = [];
    const store = new RedisRateLimitStore(down, prefix, { onFallback: (e) => reported.push(e) });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await store.hit('api-key:outage', 2, 60_000));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false, false]);
    expect(reported.length).toBe(4);
  });

  it('persisted documents are shared, expire, and stay bounded (oldest registrations dropped first)', async () => {
    const a = new RedisDocumentCache(client(), { prefix, maxDocuments: 3, maxDocumentBytes: 100 });
    const b = new RedisDocumentCache(client(), { prefix, maxDocuments: 3, maxDocumentBytes: 100 });
    for (let i = 1; i <= 5; i++) {
      await a.set(`apq:doc${i}`, `{ d${i} }`);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await b.get('apq:doc1')).toBeUndefined();
    expect(await b.get('apq:doc2')).toBeUndefined();
    expect(await b.get('apq:doc5')).toBe('{ d5 }');
    expect(await (await inspector()).zcard(`{${prefix}:apq}:index`)).toBe(3);
    const ttl = await (await inspector()).ttl(`{${prefix}:apq}:apq:doc5`);
    expect(ttl).toBeGreaterThan(86_000);
    await a.set('apq:short', '{ short }', { ttl: 1 });
    expect(await (await inspector()).ttl(`{${prefix}:apq}:apq:short`)).toBeLessThanOrEqual(1);
    await a.set('apq:huge', `{ ${'x'.repeat(200)} }`);
    expect(await b.get('apq:huge')).toBeUndefined();
  });

  it('a cache namespace invalidated by one replica is not served stale by another', async () => {
    const replicaA = createCache({ url: REDIS_URL, prefix });
    const replicaB = createCache({ url: REDIS_URL, prefix });
    try {
      let version = 1;
      const load = async () => ({ version });
      expect(await replicaA.getOrLoad('teams', 'all', load)).toEqual({ version: 1 });
      version = 2;
      expect(await replicaB.getOrLoad('teams', 'all', load)).toEqual({ version: 1 }); // shared entry
      await replicaB.invalidate('teams');
      expect(await replicaA.getOrLoad('teams', 'all', load)).toEqual({ version: 2 });
      // a load in flight while another replica invalidates: its value is not served afterwards
      let finish: (v: { version: number }) => void = () => {};
      const slow = replicaA.getOrLoad('teams', 'racy', () => new Promise<{ version: number }>((r) => (finish = r)));
      await new Promise((r) => setTimeout(r, 50));
      await replicaB.invalidate('teams');
      finish({ version: 2 });
      expect(await slow).toEqual({ version: 2 });
      version = 3;
      expect(await replicaB.getOrLoad('teams', 'racy', load)).toEqual({ version: 3 });
    } finally {
      await replicaA.close();
      await replicaB.close();
    }
  });
});
