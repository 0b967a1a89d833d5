// One mapping, not two: the live migration's mapping (db/live/mapping.ts, installed as views) must give exactly the
// rows that the applied one-shot migrations 001–005 copy. Both run over the same monolith — the fixture, a small
// gen:monolith history and rows with every optional column NULL — and every copied row is compared, on every
// column the live mapping sets (including those `live verify` skips), in both directions.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { installCapture, readColumnTypes, uninstall } from '../../db/live/install.ts';
import { LIVE_MAPPINGS, mapView } from '../../db/live/mapping.ts';
import { mappedColumns } from '../../db/live/sql.ts';
import { migrate } from '../../db/migrate.ts';
import { generateMonolith } from '../../seeding/monolith.ts';
import { createTestDatabase, DB_KINDS, MIGRATIONS_DIR_URL, type TestDatabase } from '../support/db.ts';

// Only the copying migrations: later ones (008 rewrites legacy rule types in place) change rows after the copy, and
// the live path does not repeat them (db/README.md, live migration: what it does not carry).
function copyingMigrationsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flextime-001-005-'));
  const source = fileURLToPath(MIGRATIONS_DIR_URL);
  for (const file of readdirSync(source).filter((f) => /^00[1-5]_.*\.sql$/.test(f))) {
    copyFileSync(join(source, file), join(dir, file));
  }
  return dir;
}

// Rows that take the mapping's coalesce() and join branches (created_at set: now() is not comparable).
const SPARSE_ROWS = `
INSERT INTO public.institutions (id, name, abbreviation, conference_id) VALUES (990000, 'Sparse University', 'SU', 1);
INSERT INTO public.venues (id, name, created_at) VALUES (990000, 'Neutral Dome', '2025-01-01');
INSERT INTO public.venues (id, institution_id, name, primary_sport_id, created_at) VALUES (990100, 990000, 'Sparse Arena', 1, '2025-01-01');
INSERT INTO public.venue_hours (id, venue_id, day_of_week, open_time, close_time, created_at) VALUES (990000, 990100, 3, '08:00', '22:00', '2025-01-01');
UPDATE public.venue_hours SET allows_games = NULL WHERE id = 990000;
INSERT INTO public.venue_unavailability (id, venue_id, start_date, created_at) VALUES (990000, 990000, '2026-01-02', '2025-01-01');
INSERT INTO public.team_profiles (id, team_id, season_id, created_at) VALUES (990000, 20, 1, '2025-01-01');
INSERT INTO public.team_blackouts (id, team_id, start_date, created_at) VALUES (990000, 5, '2026-01-09', '2025-01-01');
INSERT INTO public.team_preferences (id, team_id, preference_type, created_at) VALUES (990000, 6, 'none', '2025-01-01');
INSERT INTO public.team_travel (id, team_id, created_at) VALUES (990000, 7, '2025-01-01');
INSERT INTO public.constraints (id, name, category, logic, parameters, created_at) VALUES
  (990000, 'Sparse unknown category', 'Mystery', '[1, 2]', NULL, '2025-01-01'),
  (990100, 'Sparse nested params', 'travel', '{"type": "travel_distance", "params": {"max": 3}}', NULL, '2025-01-01'),
  (990200, 'Sparse scoped', 'VENUE', '{"max": 1, "scope": "home", "source": "legacy"}', '{}', '2025-01-01');
INSERT INTO public.schedules (id, name, sport_id, season_id, created_at) VALUES (990000, 'Sparse schedule', 1, 1, '2025-01-01');
UPDATE public.schedules SET updated_at = NULL WHERE id = 990000;
INSERT INTO public.games (id, schedule_id, home_team_id, away_team_id, game_date, created_at)
VALUES (990000, 990000, 1, 2, '2026-01-10', '2025-01-01');
UPDATE public.games SET neutral_site = NULL WHERE id = 990000;
`;

for (const kind of DB_KINDS) {
  describe(`live migration mapping equals migrations 001-005 (${kind})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ kind, migrate: false, monolith: true });
      await generateMonolith(t.db, { scale: 0.0004 });
      await t.db.execScript(SPARSE_ROWS);
      const dir = copyingMigrationsDir();
      await migrate(t.db, { dir });
      rmSync(dir, { recursive: true, force: true });
    }, 180_000);
    afterAll(() => t?.dispose());

    test('every row 001-005 copied is the row the live mapping gives, and no other', async () => {
      await t.db.session(async (s) => {
        const types = await readColumnTypes(s);
        await installCapture(s, types);
        const differences: Record<string, number> = {};
        const counts: Record<string, number> = {};
        for (const m of LIVE_MAPPINGS) {
          const cols = mappedColumns(m, types)
            .map(([c]) => `"${c}"`)
            .join(', ');
          const [r] = await s.query<{ only_live: string; only_migrated: string; n: string }>(
            `SELECT (SELECT count(*) FROM (SELECT ${cols} FROM ${mapView(m)} EXCEPT ALL SELECT ${cols} FROM ${m.target}) a)::text AS only_live,
                    (SELECT count(*) FROM (SELECT ${cols} FROM ${m.target} EXCEPT ALL SELECT ${cols} FROM ${mapView(m)}) b)::text AS only_migrated,
                    (SELECT count(*) FROM ${m.target})::text AS n`,
          );
          differences[m.target] = Number(r.only_live) + Number(r.only_migrated);
          counts[m.target] = Number(r.n);
        }
        expect(Object.entries(differences).filter(([, n]) => n > 0)).toEqual([]);
        // a comparison of empty tables would prove nothing
        expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
        expect(counts['schedule_generation.games']).toBeGreaterThan(300);
        await uninstall(s);
      });
    }, 120_000);
  });
}
