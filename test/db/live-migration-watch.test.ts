// `live cutover --watch N`: after the services open, a failing /ready (a subgraph down) or an error rate above the
// limit rolls the cutover back by itself, saying why; healthy services stay live.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readColumnTypes } from '../../db/live/install.ts';
import { startLive } from '../../db/live/start.ts';
import { readState } from '../../db/live/state.ts';
import { cutover, rollback } from '../../db/live/switch.ts';
import { cutoverWatched, gatewayProbe, type Health, watchServices } from '../../db/live/watch.ts';
import { REST_SUITE, startTestStack, type TestStack } from '../support/stack.ts';

describe('live cutover --watch', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind: 'pglite', ...REST_SUITE, redisPrefix: 'live-watch' });
    await stack.db.session((s) => startLive(s));
  }, 120_000);
  afterAll(() => stack?.stop());

  test('a subgraph down after the cutover rolls it back by itself: the monolith takes writes again', async () => {
    await stack.stopSubgraph('venue-management');
    try {
      const w = await stack.db.session(async (s) =>
        cutoverWatched(s, await readColumnTypes(s), {
          seconds: 5,
          probe: gatewayProbe(stack.baseUrl),
          intervalMs: 200,
        }),
      );
      expect(w.cutover.failed).toBeUndefined();
      expect(w.failure).toMatch(/\/ready failed/);
      expect(w.rollback?.failed).toBeUndefined();
      expect((await stack.db.session(readState))?.phase).toBe('monolith');
      const written = await stack.db.session((s) =>
        s.query("UPDATE public.team_blackouts SET reason = 'after the watch' WHERE id = 1 RETURNING id"),
      );
      expect(written).toHaveLength(1);
    } finally {
      await stack.restartSubgraph('venue-management');
    }
  }, 60_000);

  test('healthy services stay live for the whole watch', async () => {
    const w = await stack.db.session(async (s) =>
      cutoverWatched(s, await readColumnTypes(s), { seconds: 2, probe: gatewayProbe(stack.baseUrl), intervalMs: 200 }),
    );
    expect(w.failure).toBeNull();
    expect(w.rollback).toBeNull();
    expect((await stack.db.session(readState))?.phase).toBe('services');
    await stack.db.session(async (s) => rollback(s, await readColumnTypes(s)));
  }, 60_000);

  test('a service row changed behind the migration refuses the cutover, naming its id; the monolith stays live', async () => {
    await stack.db.session((s) =>
      s.exec(`BEGIN; SELECT set_config('flextime.live_applier', 'on', true);
        UPDATE team_availability.team_blackout_dates SET reason = 'changed behind its back' WHERE blackout_id = 3; COMMIT;`),
    );
    const r = await stack.db.session(async (s) => cutover(s, await readColumnTypes(s)));
    expect(r.failed).toMatch(/verify found differences/);
    const blackouts = r.verification?.tables.find((t) => t.table === 'team_availability.team_blackout_dates');
    expect(blackouts?.differingIds).toEqual([3]);
    expect((await stack.db.session(readState))?.phase).toBe('monolith');
    // the next legacy write of that row carries it again: the cutover goes through
    await stack.db.session((s) => s.query('UPDATE public.team_blackouts SET reason = reason WHERE id = 3'));
    const again = await stack.db.session(async (s) => cutover(s, await readColumnTypes(s)));
    expect(again.failed).toBeUndefined();
    await stack.db.session(async (s) => rollback(s, await readColumnTypes(s)));
  }, 60_000);

  test('an error rate above the limit fails the watch, naming the rate', async () => {
    // failures grow by 3 of every 10 requests between probes: 30 % > 5 %
    let probes = 0;
    const probe = async (): Promise<Health> => {
      probes++;
      return { ready: true, requests: 100 + 10 * probes, failures: 3 * probes };
    };
    const why = await watchServices({ seconds: 5, probe, intervalMs: 10 });
    expect(why).toMatch(/error rate 30\.0 % over \d+ requests/);
  });
});
