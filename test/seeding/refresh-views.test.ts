import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { lastRefreshes, refreshMaterializedViews, seed } from '../../seeding/index.ts';
import { pgliteTestDb, postgresTestDb, type TestDb } from './support.ts';

const VIEWS = ['team_availability.institutions_teams_view', 'venue_management.venues_institutions_view'];

function suite(name: string, open: () => Promise<TestDb>) {
  describe(name, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await open();
      await seed(t.db);
    });
    afterAll(async () => t?.dispose());

    it('refreshes every service view concurrently and records when', async () => {
      const before = await lastRefreshes(t.db);
      expect(before.map((r) => `${r.schema}.${r.view}`)).toEqual(VIEWS);
      expect(before.every((r) => r.lastRefreshedAt !== null)).toBe(true); // seeding refreshed them
      const results = await refreshMaterializedViews(t.db);
      expect(results.map((r) => `${r.schema}.${r.view}`)).toEqual(VIEWS);
      expect(results.every((r) => r.concurrent)).toBe(true);
      expect(results.find((r) => r.view === 'institutions_teams_view')?.rows).toBe(114);
      expect(results.find((r) => r.view === 'venues_institutions_view')?.rows).toBe(78);
      const after = await lastRefreshes(t.db);
      for (const r of after) {
        const earlier = before.find((b) => b.view === r.view)!;
        expect(Date.parse(r.lastRefreshedAt!)).toBeGreaterThanOrEqual(Date.parse(earlier.lastRefreshedAt!));
      }
      await expect(refreshMaterializedViews(t.db, { schema: 'shared_data' })).rejects.toThrow(/no materialized views/);
    });

    it("public.microservice_health shows when each service's views were last refreshed", async () => {
      const health = () =>
        t.db.admin((tx) =>
          rows<{ schema_name: string; materialized_views: number; views_refreshed_at: string | Date | null }>(
            tx,
            sql`select schema_name, materialized_views, views_refreshed_at from public.microservice_health`,
          ),
        );
      const before = await health();
      const results = await refreshMaterializedViews(t.db, { schema: 'venue_management' });
      const after = await health();
      const at = (list: typeof after, schema: string) => {
        const v = list.find((h) => h.schema_name === schema)?.views_refreshed_at;
        return v === null || v === undefined ? null : new Date(v).toISOString();
      };
      // exactly the time the refresh recorded, for the schema that was refreshed …
      expect(at(after, 'venue_management')).toBe(results[0].refreshedAt);
      expect(Date.parse(at(after, 'venue_management')!)).toBeGreaterThanOrEqual(
        Date.parse(at(before, 'venue_management')!),
      );
      // … the other schema's views keep their earlier (seeding) refresh time …
      expect(at(after, 'team_availability')).toBe(at(before, 'team_availability'));
      const last = (await lastRefreshes(t.db)).find((r) => r.schema === 'team_availability');
      expect(at(after, 'team_availability')).toBe(last?.lastRefreshedAt);
      // … and services without materialized views show none.
      for (const schema of ['constraint_validation', 'schedule_generation']) {
        expect(after.find((h) => h.schema_name === schema)?.materialized_views).toBe(0);
        expect(at(after, schema)).toBeNull();
      }
    });
  });
}

suite('refresh-views (PGlite)', () => pgliteTestDb());

describe.runIf(process.env.DATABASE_URL)('refresh-views (Postgres)', () => {
  suite('refresh-views (Postgres)', () => postgresTestDb('flextime_refresh'));

  describe('readers during a refresh', () => {
    let t: TestDb;
    let refresher: postgres.Sql;
    let reader: postgres.Sql;
    beforeAll(async () => {
      t = await postgresTestDb('flextime_refresh_lock');
      await seed(t.db);
      refresher = postgres(t.location, { max: 1, onnotice: () => {} });
      reader = postgres(t.location, { max: 1, onnotice: () => {} });
      // a blocked reader fails fast instead of hanging the suite
      await reader`set lock_timeout = '3s'`;
    });
    afterAll(async () => {
      await refresher?.end();
      await reader?.end();
      await t?.dispose();
    });

    const read = () =>
      reader`select count(*)::int as n from team_availability.institutions_teams_view`.then(
        (r) => r[0].n as number,
        (error: { code?: string }) => `blocked (${error.code})`,
      );

    it('a reader is not blocked while REFRESH … CONCURRENTLY is in progress', async () => {
      const during = await refresher.begin(async (tx) => {
        await tx`refresh materialized view concurrently team_availability.institutions_teams_view`;
        // the refresh's transaction is still open here: read from the other connection
        return read();
      });
      expect(during).toBe(114);
    });

    it('(control) a plain REFRESH does block the same reader', async () => {
      const during = await refresher.begin(async (tx) => {
        await tx`refresh materialized view team_availability.institutions_teams_view`;
        return read();
      });
      expect(during).toBe('blocked (55P03)');
    });
  });
});
