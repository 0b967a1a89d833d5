// The event bus (in-process always; Redis Streams with consumer groups when REDIS_URL is set): at-least-once
// delivery with idempotent handling — a consumer killed mid-stream (in-process, and as a real process on Redis)
// loses nothing; a failing handler is retried then dead-lettered. The read-through cache (memory / Redis, and Redis
// down → the loader answers) with hit/miss counters on prom-client's default registry; the materialized-view
// refresh consumer.
import { fork } from 'node:child_process';
import { Redis } from 'ioredis';
import { register } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { seed } from '../../seeding/index.ts';
import { createCache } from '../../subgraphs/kit/cache/index.ts';
import { startViewRefreshConsumers } from '../../subgraphs/kit/events/consumers.ts';
import { type EventBus, MemoryEventBus, RedisEventBus } from '../../subgraphs/kit/events/index.ts';
import { createTestDatabase } from '../support/db.ts';
import { uniquePrefix, waitFor } from '../support/stack.ts';

const REDIS_URL = process.env.REDIS_URL;
const buses: Array<[string, () => EventBus]> = [['in-process', () => new MemoryEventBus()]];
if (REDIS_URL)
  buses.push(['Redis Streams', () => new RedisEventBus({ url: REDIS_URL, prefix: uniquePrefix('events') })]);

for (const [label, make] of buses) {
  describe(`event bus: ${label}`, () => {
    const opened: EventBus[] = [];
    const bus = () => {
      const b = make();
      opened.push(b);
      return b;
    };
    afterAll(async () => {
      for (const b of opened) await b.close();
    });

    it('a consumer killed mid-stream loses nothing: another consumer of the group takes over, each event counted once', async () => {
      const b = bus();
      const N = 30;
      const handled = new Map<string, number>(); // deliveries per event
      const effect = new Set<string>(); // the idempotent effect
      let slow = true;
      const handler = async (e: { id: string; payload: Record<string, unknown> }) => {
        handled.set(e.id, (handled.get(e.id) ?? 0) + 1);
        if (slow) await new Promise((r) => setTimeout(r, 20));
        effect.add(String(e.payload.n));
      };
      const first = await b.subscribe({ group: 'g1', consumer: 'c1', handler, claimIdleMs: 300 });
      const ids: string[] = [];
      for (let n = 0; n < N; n++) ids.push(await b.publish('test.happened', { n }));
      await waitFor(async () => effect.size >= 8, 20_000, 'some events handled');
      first.kill(); // dies while holding an unacknowledged event
      slow = false;
      await b.subscribe({ group: 'g1', consumer: 'c2', handler, claimIdleMs: 300 });
      await waitFor(async () => (await b.backlog('g1')) === 0 && effect.size === N, 30_000, 'every event handled');
      expect([...effect].map(Number).sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => i));
      for (const id of ids) expect(handled.get(id)).toBeGreaterThanOrEqual(1);
    });

    it('every group sees every event; a failing handler is retried, then dead-lettered', async () => {
      const b = bus();
      const seenA: number[] = [];
      const seenB: number[] = [];
      let failures = 0;
      await b.subscribe({ group: 'a', handler: (e) => void seenA.push(Number(e.payload.n)), claimIdleMs: 100 });
      await b.subscribe({
        group: 'b',
        maxDeliveries: 3,
        claimIdleMs: 100,
        handler: (e) => {
          if (e.payload.n === 2) {
            failures++;
            throw new Error('cannot handle 2');
          }
          seenB.push(Number(e.payload.n));
        },
      });
      for (let n = 0; n < 5; n++) await b.publish('test.happened', { n });
      await waitFor(async () => seenA.length === 5 && seenB.length === 4, 20_000, 'both groups');
      await waitFor(async () => (await b.deadLetters('b')).length === 1, 30_000, 'dead letter');
      expect(failures).toBeGreaterThanOrEqual(3);
      expect((await b.deadLetters('b'))[0].payload).toEqual({ n: 2 });
      expect(seenA.sort()).toEqual([0, 1, 2, 3, 4]);
      await waitFor(async () => (await b.backlog('b')) === 0, 10_000, 'group b drained');
    });
  });
}

describe.runIf(REDIS_URL)('event bus: a consumer PROCESS killed mid-stream (Redis Streams)', () => {
  const prefix = uniquePrefix('events-proc');
  const recordKey = `${prefix}:record`;
  const redis = new Redis(REDIS_URL as string);
  const bus = new RedisEventBus({ url: REDIS_URL as string, prefix });
  afterAll(async () => {
    await bus.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('the events it held are claimed by a surviving consumer; none is lost', async () => {
    const N = 40;
    for (let n = 0; n < N; n++) await bus.publish('test.happened', { n });
    const child = fork(
      new URL('./consumer-child.ts', import.meta.url).pathname,
      [REDIS_URL as string, prefix, 'workers', 'doomed', recordKey],
      { execArgv: ['--import', 'tsx'], stdio: 'ignore' },
    );
    await waitFor(async () => Number(await redis.get(`${recordKey}:handled`)) >= 5, 60_000, 'child consuming');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const byChild = Number(await redis.get(`${recordKey}:handled`));
    expect(byChild).toBeLessThan(N); // killed mid-stream

    await bus.subscribe({
      group: 'workers',
      consumer: 'survivor',
      claimIdleMs: 500,
      handler: async (e) => {
        await redis.sadd(recordKey, e.id);
      },
    });
    await waitFor(
      async () => (await redis.scard(recordKey)) === N && (await bus.backlog('workers')) === 0,
      30_000,
      'all events',
    );
    expect(await redis.scard(recordKey)).toBe(N);
  });
});

describe('read-through cache', () => {
  const metric = async (cache: string, result: string) => {
    const m = (await register.getSingleMetric('flextime_cache_requests_total')?.get())?.values ?? [];
    return m.find((v) => v.labels.cache === cache && v.labels.result === result)?.value ?? 0;
  };
  const kinds: Array<[string, string | undefined]> = [['memory', undefined]];
  if (REDIS_URL) kinds.push(['Redis', REDIS_URL]);

  for (const [label, url] of kinds) {
    it(`${label}: miss, then hit; invalidation drops the namespace; counters in /metrics`, async () => {
      const c = createCache({ url, prefix: uniquePrefix('cache') });
      const ns = `teams-${label}`;
      let loads = 0;
      const load = async () => {
        loads++;
        return { teams: [1, 2, 3] };
      };
      try {
        expect(await c.getOrLoad(ns, 'k', load)).toEqual({ teams: [1, 2, 3] });
        expect(await c.getOrLoad(ns, 'k', load)).toEqual({ teams: [1, 2, 3] });
        expect(loads).toBe(1);
        expect(await metric(ns, 'miss')).toBe(1);
        expect(await metric(ns, 'hit')).toBe(1);
        await c.invalidate(ns);
        await c.getOrLoad(ns, 'k', load);
        expect(loads).toBe(2);
        expect(await metric(ns, 'miss')).toBe(2);
        const text = await register.metrics();
        expect(text).toContain(`flextime_cache_requests_total{cache="${ns}",result="hit"} 1`);
      } finally {
        await c.close();
      }
    });
  }

  it('Redis down: reads are served by the loader, counted as errors', async () => {
    const c = createCache({ url: 'redis://127.0.0.1:1', prefix: uniquePrefix('down') });
    try {
      let loads = 0;
      const v = await c.getOrLoad('venues-down', 'k', async () => {
        loads++;
        return 42;
      });
      expect(v).toBe(42);
      expect(loads).toBe(1);
      expect(await metric('venues-down', 'error')).toBe(1);
    } finally {
      await c.close();
    }
  });
});

describe('materialized views refreshed by events', () => {
  it('team.blackouts.changed refreshes team_availability.institutions_teams_view CONCURRENTLY as its owner', async () => {
    const t = await createTestDatabase({ kind: 'pglite' });
    const bus = new MemoryEventBus();
    try {
      await seed(t.db, {});
      await startViewRefreshConsumers(t.db, { bus });
      const count = async () =>
        (await register.getSingleMetric('flextime_matview_refreshes_total')?.get())?.values.find(
          (v) => v.labels.view === 'team_availability.institutions_teams_view',
        )?.value ?? 0;
      const before = await count();
      await bus.publish('team.blackouts.changed', { teamId: 1, from: '2026-01-01', to: '2026-01-02' });
      await waitFor(async () => (await count()) === before + 1, 20_000, 'refresh');
      await bus.publish('venue.unavailability.changed', { venueId: 1, from: '2026-01-01', to: '2026-01-02' });
      await waitFor(async () => (await bus.backlog('venue-management:views')) === 0, 20_000, 'venue view refresh');
      expect(await bus.deadLetters('team-availability:views')).toEqual([]);
      expect(await bus.deadLetters('venue-management:views')).toEqual([]);
    } finally {
      await bus.close();
      await t.dispose();
    }
  });
});
