import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, rows } from '../../db/index.ts';
import { loadMigrations } from '../../db/migrate.ts';
import { GAMES_PER_SCHEDULE, generateMonolith } from '../../seeding/monolith.ts';
import { applyMigrations, postgresTestDb, type TestDb } from './support.ts';

// The legacy table → its service table, for "counts after the migration equal the source's".
const COPIES: [string, string][] = [
  ['public.sports', 'shared_data.sports'],
  ['public.seasons', 'shared_data.seasons'],
  ['public.conferences', 'shared_data.conferences'],
  ['public.institutions', 'shared_data.institutions'],
  ['public.teams', 'shared_data.teams'],
  ['public.venues', 'shared_data.venues'],
  ['public.team_profiles', 'team_availability.team_scheduling_profiles'],
  ['public.team_blackouts', 'team_availability.team_blackout_dates'],
  ['public.team_preferences', 'team_availability.team_availability_preferences'],
  ['public.team_travel', 'team_availability.team_travel_constraints'],
  ['public.venue_hours', 'venue_management.venue_operational_hours'],
  ['public.venue_unavailability', 'venue_management.venue_unavailability_periods'],
  ['public.constraints', 'constraint_validation.constraint_templates'],
  ['public.schedules', 'schedule_generation.schedules'],
  ['public.games', 'schedule_generation.games'],
];

function suite(name: string, open: () => Promise<{ db: Database; dispose(): Promise<void> }>) {
  describe(name, () => {
    let t: { db: Database; dispose(): Promise<void> };
    const q = <T = Record<string, unknown>>(text: string) => t.db.admin((tx) => rows<T>(tx, sql.raw(text)));
    beforeAll(async () => {
      t = await open();
    });
    afterAll(async () => t?.dispose());

    it('generates a synthetic history at a tiny scale, then the migrations carve it up with equal counts', async () => {
      const progress: number[] = [];
      const result = await generateMonolith(t.db, {
        scale: 0.002,
        chunkSchedules: 5,
        onProgress: (_phase, done) => progress.push(done),
      });
      expect(result.schedules).toBe(15);
      const [generated] = await q<{ n: string | number }>(
        `select count(*) as n from public.games g join public.schedules s on s.id = g.schedule_id where s.created_by = 'gen-monolith'`,
      );
      expect(Number(generated.n)).toBe(15 * GAMES_PER_SCHEDULE);
      expect(result.counts.games).toBeGreaterThan(15 * GAMES_PER_SCHEDULE); // plus the fixture's own games
      expect(progress).toEqual([5, 10, 15].map((n) => n * GAMES_PER_SCHEDULE));
      // every team plays exactly once per round of its schedule, and each pair meets home and away
      const shape = await q<{ bad: string | number }>(`
        select count(*) as bad from (
          select g.schedule_id, t.team, g.round, count(*) as n
          from public.games g cross join lateral (values (g.home_team_id), (g.away_team_id)) as t(team)
          join public.schedules s on s.id = g.schedule_id where s.created_by = 'gen-monolith'
          group by 1, 2, 3 having count(*) <> 1
        ) x`);
      expect(Number(shape[0].bad)).toBe(0);
      await expect(generateMonolith(t.db, { scale: 0.002 })).rejects.toThrow(/already holds a synthetic history/);

      await applyMigrations(t.db);
      const status = await q<{ version: number; status: string }>(`select version, status from get_migration_status()`);
      expect(status.map((s) => s.status)).toEqual(loadMigrations().map(() => 'applied'));
      for (const [source, target] of COPIES) {
        const [c] = await q<{ a: string | number; b: string | number }>(
          `select (select count(*) from ${source}) as a, (select count(*) from ${target}) as b`,
        );
        expect(Number(c.b), `${source} → ${target}`).toBe(Number(c.a));
      }
      for (const schema of ['team_availability', 'venue_management', 'constraint_validation', 'schedule_generation']) {
        const checks = await q<{ status: string }>(`select * from ${schema}.check_data_consistency()`);
        expect(
          checks.filter((c) => c.status === 'error'),
          schema,
        ).toEqual([]);
      }
    }, 180_000);
  });
}

suite('gen-monolith (PGlite)', async () => {
  const db = await openDatabase({ dataDir: 'memory://' });
  return { db, dispose: () => db.close() };
});
describe.runIf(process.env.DATABASE_URL)('on real Postgres', () => {
  suite('gen-monolith (Postgres)', async (): Promise<TestDb> => {
    const t = await postgresTestDb('flextime_monolith');
    return t;
  });
});
