// REDIS_URL naming a Sentinel-watched primary or a Cluster, against real servers started for the test (redis-server
// on free loopback ports) — failures covered: a Sentinel or Cluster URL that cannot connect, BullMQ refusing a Cluster
// (keys of one queue in different slots: "CROSSSLOT"), and the shared stores (rate limits, persisted documents, cache
// invalidation) breaking on a Cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDocumentCache } from '../../gateway/auth/redis-documents.ts';
import { RedisRateLimitStore } from '../../gateway/auth/redis-rate-limit.ts';
import { RedisCache } from '../../subgraphs/kit/cache/redis.ts';
import { closeRedis, connectRedis, waitReady } from '../../subgraphs/kit/events/redis.ts';
import type { RedisClient } from '../../subgraphs/kit/redis/connect.ts';
import { parseRedisUrl, queuePrefix } from '../../subgraphs/kit/redis/url.ts';
import { BullJobQueue } from '../../subgraphs/schedule-generation/generation/queue.ts';
import { REDIS_SERVER_AVAILABLE, type RedisServers, startCluster, startSentinel } from '../support/redis-servers.ts';

describe.skipIf(!REDIS_SERVER_AVAILABLE)('REDIS_URL as a Sentinel or a Cluster URL, against real servers', () => {
  const clients: RedisClient[] = [];
  const open = async (url: string) => {
    const c = connectRedis(url);
    clients.push(c);
    await waitReady(c, 10_000);
    return c;
  };
  afterAll(async () => {
    await Promise.all(clients.map((c) => closeRedis(c)));
  });

  describe('Sentinel', () => {
    let servers: RedisServers;
    beforeAll(async () => {
      servers = await startSentinel('flextime-primary');
    }, 60_000);
    afterAll(() => servers?.stop());

    it('redis+sentinel:// asks the Sentinel for the primary and talks to it', async () => {
      const [primary, sentinel] = servers.ports;
      const c = await open(`redis+sentinel://127.0.0.1:${sentinel}/flextime-primary/3`);
      await c.set('flextime:probe', 'through-sentinel');
      const info = await c.info('server');
      expect(info).toContain(`tcp_port:${primary}`);
      const direct = await open(`redis://127.0.0.1:${primary}/3`);
      expect(await direct.get('flextime:probe')).toBe('through-sentinel');
    });
  });

  describe('Cluster', () => {
    let servers: RedisServers;
    let url: string;
    beforeAll(async () => {
      servers = await startCluster();
      url = `redis+cluster://${servers.ports.map((p) => `127.0.0.1:${p}`).join(',')}`;
    }, 90_000);
    afterAll(() => servers?.stop());

    it('a generation job runs through BullMQ on the Cluster under the hash-tagged prefix', async () => {
      const prefix = queuePrefix('flextime', parseRedisUrl(url));
      expect(prefix).toBe('{flextime}:bull');
      const queue = new BullJobQueue({ url, prefix, stalledIntervalMs: 1_000 });
      try {
        await queue.ready();
        const ran: number[] = [];
        let done: () => void = () => {};
        const finished = new Promise<void>((r) => (done = r));
        queue.startWorker(async (job) => {
          ran.push(job.data.jobId);
          done();
        });
        await queue.add({ jobId: 41, requestId: 7, tenant: 1 });
        await finished;
        expect(ran).toEqual([41]);
      } finally {
        await queue.close();
      }
    }, 60_000);

    it('rate limits, persisted documents and cache invalidation work on the Cluster', async () => {
      const [a, b] = [await open(url), await open(url)];
      const limits = [new RedisRateLimitStore(a, 'flextime'), new RedisRateLimitStore(b, 'flextime')];
      const decisions = await Promise.all(
        Array.from({ length: 10 }, (_, i) => limits[i % 2].hit('api-key:cluster', 4, 60_000)),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(4);

      const documents = new RedisDocumentCache(a, { prefix: 'flextime', maxDocuments: 2 });
      for (const n of [1, 2, 3]) await documents.set(`apq:${n}`, `{ n${n} }`);
      const other = new RedisDocumentCache(b, { prefix: 'flextime' });
      expect(await other.get('apq:1')).toBeUndefined();
      expect(await other.get('apq:3')).toBe('{ n3 }');

      const [cacheA, cacheB] = [new RedisCache(a, { prefix: 'flextime' }), new RedisCache(b, { prefix: 'flextime' })];
      let version = 1;
      const load = async () => version;
      expect(await cacheA.getOrLoad('venues', 'all', load)).toBe(1);
      version = 2;
      expect(await cacheB.getOrLoad('venues', 'all', load)).toBe(1);
      await cacheB.invalidate('venues');
      expect(await cacheA.getOrLoad('venues', 'all', load)).toBe(2);
      const stats = await cacheA.stats();
      expect(stats.venues.error ?? 0).toBe(0);
    });
  });
});
