// Reverse capture carries what the services' jobs write: after cutover an optimisation of a legacy schedule (a job
// storing a new current version with its games) reaches the monolith as that schedule's games — the monolith holds
// each schedule's current games, as the services read them — and a rollback leaves them there; a legacy write after
// the rollback joins the version the services made current, and the next cutover finds both sides equal.
// The versions themselves, their scores and diffs, and games.locked are the services' own (the monolith cannot hold them).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdminSession } from '../../db/index.ts';
import { catchUp } from '../../db/live/apply.ts';
import { readColumnTypes } from '../../db/live/install.ts';
import { startLive } from '../../db/live/start.ts';
import { cutover, rollback } from '../../db/live/switch.ts';
import { verifyLive } from '../../db/live/verify.ts';
import { DB_KINDS } from '../support/db.ts';
import { type Json, REST_SUITE, startTestStack, type TestStack, waitFor } from '../support/stack.ts';

type GameRow = { id: number; game_date: string; home: number; away: number };

for (const kind of DB_KINDS) {
  describe(`live migration: games the services' jobs store reach the monolith (${kind})`, () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startTestStack({
        kind,
        ...REST_SUITE,
        redisPrefix: 'live-generated',
        jobs: { worker: true },
        limits: { subgraphTimeoutMs: 30_000 },
      });
    }, 120_000);
    afterAll(async () => {
      await stack?.stop();
    });

    const migrator = <T>(fn: (s: AdminSession) => Promise<T>) => stack.db.session(fn);
    const query = <T>(text: string, params: unknown[] = []) => migrator((s) => s.query<T>(text, params));

    async function expectEqualSides() {
      const v = await migrator(async (s) => {
        await catchUp(s);
        return verifyLive(s, await readColumnTypes(s));
      });
      expect(v.tables.filter((t) => !t.equal)).toEqual([]);
    }

    const monolithGames = (schedule: number) =>
      query<GameRow>(
        `SELECT id, game_date::text, home_team_id AS home, away_team_id AS away FROM public.games
         WHERE schedule_id = $1 ORDER BY id`,
        [schedule],
      );
    const currentServiceGames = (schedule: number) =>
      query<GameRow>(
        `SELECT g.game_id AS id, g.game_date::text, g.home_team_id AS home, g.away_team_id AS away
         FROM schedule_generation.games g JOIN schedule_generation.schedules s ON s.schedule_id = g.schedule_id
         WHERE g.schedule_id = $1 AND g.version_id = s.current_version_id ORDER BY g.game_id`,
        [schedule],
      );

    /** Optimises the schedule through REST v1 (an empty one is generated into); returns its new current version. */
    async function optimise(schedule: number): Promise<number> {
      const res = await stack.request('POST', `/api/v1/schedules/${schedule}/optimize`, {
        body: { time_limit_seconds: 1 },
      });
      expect(res.status).toBe(202);
      const done: Json = await waitFor(
        async () => {
          const r = await stack.request('GET', `/api/v2/schedule-generation/requests/${res.body.job_id}`);
          return ['completed', 'failed', 'cancelled'].includes(r.body.status) ? r.body : undefined;
        },
        90_000,
        `the optimisation of schedule ${schedule}`,
      );
      expect(done.status, done.error_message).toBe('completed');
      const [row] = await query<{ v: number }>(
        'SELECT current_version_id AS v FROM schedule_generation.schedules WHERE schedule_id = $1',
        [schedule],
      );
      return Number(row.v);
    }

    test('generated and optimised versions after cutover are in the monolith, and stay there after a rollback', async () => {
      // an empty schedule the legacy application made, for the services to generate into after the cutover
      const [{ id: schedule }] = await query<{ id: number }>(
        `INSERT INTO public.schedules (name, sport_id, season_id, conference_id, status, start_date, end_date)
         VALUES ('legacy, to generate', 1, 2, 1, 'draft', '2026-01-01', '2026-03-01') RETURNING id`,
      );
      await migrator((s) => startLive(s, { batchRows: 100 }));
      expect(await monolithGames(schedule)).toEqual([]);
      expect((await migrator(async (s) => cutover(s, await readColumnTypes(s)))).failed).toBeUndefined();

      const generatedVersion = await optimise(schedule);
      const generated = await currentServiceGames(schedule);
      expect(generated.length).toBeGreaterThan(0);
      await expectEqualSides();
      expect(await monolithGames(schedule)).toEqual(generated);

      // an optimisation of the now complete schedule: a new version, new game rows; the monolith follows it
      const optimisedVersion = await optimise(schedule);
      expect(optimisedVersion).not.toBe(generatedVersion);
      const optimised = await currentServiceGames(schedule);
      expect(optimised.length).toBe(generated.length);
      expect(optimised.some((g) => generated.some((x) => x.id === g.id))).toBe(false);
      await expectEqualSides();
      expect(await monolithGames(schedule)).toEqual(optimised);
      // the services keep every version's games (the monolith cannot hold versions)
      const [{ n }] = await query<{ n: number }>(
        'SELECT count(*)::int AS n FROM schedule_generation.games WHERE version_id = $1',
        [generatedVersion],
      );
      expect(n).toBe(generated.length);

      expect((await migrator(async (s) => rollback(s, await readColumnTypes(s)))).failed).toBeUndefined();
      await expectEqualSides();
      expect(await monolithGames(schedule)).toEqual(optimised);

      // legacy writes on the monolith again: they join the version the services made current
      const [added] = await query<{ id: number }>(
        `INSERT INTO public.games (schedule_id, home_team_id, away_team_id, venue_id, game_date, notes)
         VALUES ($1, 2, 5, 2, '2026-02-27', 'legacy after rollback') RETURNING id`,
        [schedule],
      );
      await query('UPDATE public.games SET notes = $2 WHERE id = $1', [optimised[0].id, 'legacy edit']);
      await query('UPDATE public.schedules SET description = $2 WHERE id = $1', [schedule, 'legacy edit']);
      await expectEqualSides();
      const rows = await query<{ version_id: number }>(
        'SELECT version_id FROM schedule_generation.games WHERE game_id = ANY($1::int[]) ORDER BY game_id',
        [[optimised[0].id, added.id]],
      );
      expect(rows.map((r) => Number(r.version_id))).toEqual([optimisedVersion, optimisedVersion]);
      const [kept] = await query<{ v: number }>(
        'SELECT current_version_id AS v FROM schedule_generation.schedules WHERE schedule_id = $1',
        [schedule],
      );
      expect(Number(kept.v)).toBe(optimisedVersion); // a legacy edit of the schedule keeps the services' version

      expect((await migrator(async (s) => cutover(s, await readColumnTypes(s)))).failed).toBeUndefined();
      await expectEqualSides();
      expect((await currentServiceGames(schedule)).map((g) => g.id)).toEqual(
        (await monolithGames(schedule)).map((g) => g.id),
      );
    }, 240_000);
  });
}
