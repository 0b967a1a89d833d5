// The fast one-shot path that leaves the applied files 002–005 untouched: `migrate --without-copy` applies them with
// the monolith's tables hidden for each file's transaction (nothing copied, the legacy tables back under their names,
// the same checksums recorded), then the live loader (`live start`: set-based batches, indexes built and keys validated
// once) brings the rows. The result is the schema a plain migrate makes — every constraint and index, each valid — and
// every row the mapping (equal to 001–005's copies, live-migration-mapping.test.ts) gives.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdminSession } from '../../db/index.ts';
import { readColumnTypes } from '../../db/live/install.ts';
import { startLive } from '../../db/live/start.ts';
import { verifyLive } from '../../db/live/verify.ts';
import { loadMigrations, migrate, migrationStatus } from '../../db/migrate.ts';
import { generateMonolith } from '../../seeding/monolith.ts';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/db.ts';

const SERVICE_SCHEMAS = "('team_availability', 'venue_management', 'constraint_validation', 'schedule_generation')";
const CATALOGUE = `
SELECT 'constraint' AS kind, n.nspname || '.' || r.relname || '.' || c.conname AS name,
       pg_get_constraintdef(c.oid) AS definition, c.convalidated AS valid
FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
WHERE n.nspname IN ${SERVICE_SCHEMAS}
UNION ALL
SELECT 'index', n.nspname || '.' || c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ${SERVICE_SCHEMAS}
ORDER BY 1, 2`;

async function monolithDatabase(kind: TestDatabase['kind']): Promise<TestDatabase> {
  const t = await createTestDatabase({ kind, migrate: false, monolith: true });
  await generateMonolith(t.db, { scale: 0.0004 });
  return t;
}

for (const kind of DB_KINDS) {
  describe(`migrate --without-copy, then the live loader (${kind})`, () => {
    let fast: TestDatabase;
    let plain: TestDatabase;
    beforeAll(async () => {
      [fast, plain] = await Promise.all([monolithDatabase(kind), monolithDatabase(kind)]);
    }, 120_000);
    afterAll(async () => {
      await fast?.dispose();
      await plain?.dispose();
    });
    const q = <T>(t: TestDatabase, text: string) => t.db.session((s: AdminSession) => s.query<T>(text));

    test('copies nothing, hides nothing afterwards, records the same checksums', async () => {
      const legacyBefore = await q<{ n: number }>(fast, 'SELECT count(*)::int AS n FROM public.games');
      await migrate(fast.db, { withoutCopy: true });
      const [counts] = await q<{ games: number; blackouts: number; legacy: number }>(
        fast,
        `SELECT (SELECT count(*) FROM schedule_generation.games)::int AS games,
                (SELECT count(*) FROM team_availability.team_blackout_dates)::int AS blackouts,
                (SELECT count(*) FROM public.games)::int AS legacy`,
      );
      expect(counts).toEqual({ games: 0, blackouts: 0, legacy: legacyBefore[0].n });
      const hidden = await q(fast, "SELECT relname FROM pg_class WHERE relname LIKE '%hidden_by_migrate%'");
      expect(hidden).toEqual([]);
      const status = await migrationStatus(fast.db);
      expect(status.map((s) => [s.state, s.checksum])).toEqual(loadMigrations().map((m) => ['applied', m.checksum]));
    }, 120_000);

    test('the live loader brings every row; the schema equals a plain migrate, every constraint valid', async () => {
      const loaded = await fast.db.session((s) => startLive(s));
      expect(loaded.copied).toBeGreaterThan(400);
      const v = await fast.db.session(async (s) => verifyLive(s, await readColumnTypes(s)));
      expect(v.tables.filter((t) => !t.equal)).toEqual([]);
      await migrate(plain.db);
      const [a, b] = await Promise.all([q<{ valid: boolean }>(fast, CATALOGUE), q(plain, CATALOGUE)]);
      expect(a).toEqual(b);
      expect(a.length).toBeGreaterThan(100);
      expect(a.filter((c) => !c.valid)).toEqual([]);
      const [games] = await Promise.all([
        q<{ n: number }>(fast, 'SELECT count(*)::int AS n FROM schedule_generation.games'),
      ]);
      const [legacy] = await q<{ n: number }>(fast, 'SELECT count(*)::int AS n FROM public.games');
      expect(games[0].n).toBe(legacy.n);
    }, 180_000);
  });
}
