// Migrations 001-005 (and later ones): idempotent (every file twice: no error, no duplicate rows), verification functions
// meaningful, a planted inconsistency reported, and the legacy monolith copied with matching row counts.
// Runs on embedded PGlite always and on real Postgres when DATABASE_URL is set.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, rows } from '../../db/index.ts';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { verifyDatabase } from '../../db/verify.ts';
import { validateTemplate } from '../../seeding/templates.ts';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/db.ts';

const SCHEMAS = [
  'shared_data',
  'team_availability',
  'venue_management',
  'constraint_validation',
  'schedule_generation',
];

async function tableCounts(db: Database): Promise<Record<string, number>> {
  const list = await db.admin((tx) =>
    rows<{ t: string; n: string | number }>(
      tx,
      sql`select n.nspname || '.' || c.relname as t, public.flextime_row_count(n.nspname, c.relname) as n
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'm') and n.nspname in (${sql.join(
            SCHEMAS.map((s) => sql`${s}`),
            sql`, `,
          )})
          order by 1`,
    ),
  );
  return Object.fromEntries(list.map((r) => [r.t, Number(r.n)]));
}

async function legacyCount(db: Database, table: string): Promise<number> {
  const [r] = await db.admin((tx) =>
    rows<{ n: string | number }>(
      tx,
      sql`select count(*) as n from ${sql.identifier('public')}.${sql.identifier(table)}`,
    ),
  );
  return Number(r.n);
}

async function consistency(db: Database, schema: string) {
  return db.admin((tx) =>
    rows<{ check_name: string; status: string; affected_rows: string | number; details: string }>(
      tx,
      sql`select * from ${sql.identifier(schema)}.check_data_consistency()`,
    ),
  );
}

for (const kind of DB_KINDS) {
  describe(`migrations on an empty database (${kind})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ kind });
    });
    afterAll(() => t?.dispose());

    it('creates the five schemas and every table', async () => {
      const counts = await tableCounts(t.db);
      expect(Object.keys(counts)).toContain('team_availability.team_blackout_dates');
      expect(Object.keys(counts)).toContain('schedule_generation.games');
      // + 1: schedule_generation.calendar_subscriptions (012); + 4: <service>.idempotency_keys (010)
      expect(Object.keys(counts).length).toBe(6 + 6 + 1 + 6 + 1 + 6 + 9 + 1 + 4);
      // A fresh database gets empty service tables (the six standard constraint categories aside).
      expect(counts['schedule_generation.games']).toBe(0);
      expect(counts['constraint_validation.constraint_categories']).toBe(6);
    });

    it('runs every migration file a second time without error or duplicate rows', async () => {
      const before = await tableCounts(t.db);
      for (const m of loadMigrations()) await t.db.execScript(m.sql);
      expect(await tableCounts(t.db)).toEqual(before);
      // And the runner finds nothing to do.
      const again = await migrate(t.db);
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toBe(loadMigrations().length);
    });

    it('get_migration_status() reports every migration applied with checksums', async () => {
      const status = await t.db.admin((tx) =>
        rows<{
          version: number;
          name: string;
          status: string;
          checksum: string | null;
          target_schema: string | null;
          schema_exists: boolean;
        }>(tx, sql`select * from get_migration_status()`),
      );
      const files = loadMigrations();
      expect(status.map((s) => [s.version, s.status])).toEqual(files.map((f) => [f.version, 'applied']));
      expect(status.map((s) => s.checksum)).toEqual(files.map((f) => f.checksum));
      // 001-005 each create a schema; later migrations change several and name none.
      expect(status.slice(0, 5).map((s) => s.target_schema)).toEqual([
        'shared_data',
        'team_availability',
        'venue_management',
        'constraint_validation',
        'schedule_generation',
      ]);
      expect(status.slice(0, 5).every((s) => s.schema_exists)).toBe(true);
    });

    it('public.microservice_health reports each service healthy, with RLS on every table', async () => {
      const health = await t.db.admin((tx) =>
        rows<{
          service_name: string;
          status: string;
          table_count: number;
          rls_tables: number;
          role_exists: boolean;
          views_refreshed_at: string | Date | null;
        }>(tx, sql`select * from public.microservice_health`),
      );
      expect(health.map((h) => h.service_name)).toEqual([
        'team-availability',
        'venue-management',
        'constraint-validation',
        'schedule-generation',
      ]);
      for (const h of health) {
        expect(h.status).toBe('healthy');
        expect(h.role_exists).toBe(true);
        expect(Number(h.rls_tables)).toBe(Number(h.table_count));
        // appended last (CREATE OR REPLACE VIEW keeps existing columns); nothing refreshed yet on a fresh database
        expect(Object.keys(h).at(-1)).toBe('views_refreshed_at');
        expect(h.views_refreshed_at).toBeNull();
      }
    });

    it('public.schema_audit_log records the DDL the migrations ran (event trigger)', async () => {
      const audit = await t.db.admin((tx) =>
        rows<{ command_tag: string; object_identity: string }>(
          tx,
          sql`select command_tag, object_identity from public.schema_audit_log
              where object_identity = 'team_availability.team_blackout_dates'`,
        ),
      );
      expect(audit.map((a) => a.command_tag)).toContain('CREATE TABLE');
    });

    it('check_data_consistency() is clean on every service schema', async () => {
      for (const schema of SCHEMAS.slice(1)) {
        const checks = await consistency(t.db, schema);
        expect(checks.length).toBeGreaterThanOrEqual(4);
        expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
      }
    });

    it('check_data_consistency() reports a planted inconsistency', async () => {
      await t.db.admin(async (tx) => {
        await tx.execute(sql`insert into shared_data.conferences (conference_id, name, abbreviation)
                             values (901, 'Planted A', 'PA'), (902, 'Planted B', 'PB')`);
        await tx.execute(
          sql`insert into shared_data.sports (sport_id, sport_name, sport_code) values (901, 'Planted', 'PL')`,
        );
        await tx.execute(sql`insert into shared_data.institutions (institution_id, name, abbreviation, conference_id)
                             values (901, 'Planted U', 'PU', 901)`);
        await tx.execute(sql`insert into shared_data.teams (team_id, institution_id, sport_id, conference_id, name, abbreviation)
                             values (901, 901, 901, 901, 'Planted Team', 'PT')`);
        // The team belongs to conference 901, the blackout claims 902.
        await tx.execute(sql`insert into team_availability.team_blackout_dates (team_id, conference_id, start_date, end_date)
                             values (901, 902, '2026-01-01', '2026-01-02')`);
      });
      const checks = await consistency(t.db, 'team_availability');
      const bad = checks.find((c) => c.check_name === 'conference_matches_team');
      expect(bad?.status).toBe('error');
      expect(Number(bad?.affected_rows)).toBe(1);
      // The materialized view is now stale: reported as a warning until refreshed by its owner.
      expect(checks.find((c) => c.check_name === 'institutions_teams_view_fresh')?.status).toBe('warning');
      await t.db
        .service('team-availability')
        .run((tx) => tx.execute(sql`refresh materialized view concurrently team_availability.institutions_teams_view`));
      const after = await consistency(t.db, 'team_availability');
      expect(after.find((c) => c.check_name === 'institutions_teams_view_fresh')?.status).toBe('ok');
      const v = await verifyDatabase(t.db);
      expect(v.ok).toBe(false);
      expect(v.checks.filter((c) => c.status === 'error').map((c) => `${c.schema}.${c.check}`)).toEqual([
        'team_availability.conference_matches_team',
      ]);
    });
  });

  describe(`migrations on the legacy monolith (${kind})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ kind, monolith: true });
    });
    afterAll(() => t?.dispose());

    it('copies every monolith row into shared_data and the service schemas', async () => {
      const legacy = await t.db.admin((tx) =>
        rows<Record<string, string | number>>(
          tx,
          sql`select
            (select count(*) from public.sports) as sports, (select count(*) from public.seasons) as seasons,
            (select count(*) from public.conferences) as conferences, (select count(*) from public.institutions) as institutions,
            (select count(*) from public.teams) as teams, (select count(*) from public.venues) as venues,
            (select count(*) from public.team_profiles) as team_profiles, (select count(*) from public.team_blackouts) as team_blackouts,
            (select count(*) from public.team_preferences) as team_preferences, (select count(*) from public.team_travel) as team_travel,
            (select count(*) from public.venue_hours) as venue_hours,
            (select count(*) from public.venue_unavailability) as venue_unavailability,
            (select count(*) from public.constraints) as constraints, (select count(*) from public.schedules) as schedules,
            (select count(*) from public.games) as games`,
        ),
      );
      const l = Object.fromEntries(Object.entries(legacy[0]).map(([k, v]) => [k, Number(v)]));
      expect(l.games).toBeGreaterThan(10);
      const c = await tableCounts(t.db);
      expect(c['shared_data.sports']).toBe(l.sports);
      expect(c['shared_data.seasons']).toBe(l.seasons);
      expect(c['shared_data.conferences']).toBe(l.conferences);
      expect(c['shared_data.institutions']).toBe(l.institutions);
      expect(c['shared_data.teams']).toBe(l.teams);
      expect(c['shared_data.venues']).toBe(l.venues);
      expect(c['team_availability.team_scheduling_profiles']).toBe(l.team_profiles);
      expect(c['team_availability.team_blackout_dates']).toBe(l.team_blackouts);
      expect(c['team_availability.team_availability_preferences']).toBe(l.team_preferences);
      expect(c['team_availability.team_travel_constraints']).toBe(l.team_travel);
      expect(c['team_availability.institutions_teams_view']).toBe(l.teams);
      expect(c['venue_management.venue_profiles']).toBe(l.venues);
      expect(c['venue_management.venue_operational_hours']).toBe(l.venue_hours);
      expect(c['venue_management.venue_unavailability_periods']).toBe(l.venue_unavailability);
      expect(c['venue_management.venues_institutions_view']).toBe(l.venues);
      expect(c['constraint_validation.constraint_templates']).toBe(l.constraints);
      expect(c['schedule_generation.schedules']).toBe(l.schedules);
      expect(c['schedule_generation.schedule_versions']).toBe(l.schedules);
      expect(c['schedule_generation.games']).toBe(l.games);
    });

    it('preserves ids and moves sequences past them', async () => {
      const [game] = await t.db.admin((tx) =>
        rows<{ ok: boolean }>(
          tx,
          sql`select bool_and(g.home_team_id = lg.home_team_id and g.away_team_id = lg.away_team_id
                              and g.game_date = lg.game_date and g.slot = lg.round) as ok
              from public.games lg join schedule_generation.games g on g.game_id = lg.id`,
        ),
      );
      expect(game.ok).toBe(true);
      const inserted = await t.db.service('team-availability').run((tx) =>
        rows<{ blackout_id: number }>(
          tx,
          sql`insert into team_availability.team_blackout_dates (team_id, conference_id, start_date, end_date)
              values (1, 1, '2026-02-02', '2026-02-02') returning blackout_id`,
        ),
      );
      const [{ max }] = await t.db.admin((tx) =>
        rows<{ max: number }>(tx, sql`select max(id) as max from public.team_blackouts`),
      );
      expect(inserted[0].blackout_id).toBeGreaterThan(Number(max));
    });

    it("nests each legacy constraint's parameters under validation_logic.params, type from rule_type", async () => {
      const copied = await t.db.admin((tx) =>
        rows<{
          id: number;
          rule_type: string;
          logic: Record<string, unknown>;
          parameters: unknown;
          validation_logic: Record<string, unknown>;
          parameter_schema: unknown;
        }>(
          tx,
          sql`select lc.id, lc.rule_type, lc.logic, lc.parameters, ct.validation_logic, ct.parameter_schema
              from public.constraints lc
              join constraint_validation.constraint_templates ct on ct.template_id = lc.id
              order by lc.id`,
        ),
      );
      expect(copied.length).toBe(await legacyCount(t.db, 'constraints'));
      expect(copied.length).toBeGreaterThan(0);
      // 008 rewrites the three legacy types no evaluator has (test/db/rules-migration.test.ts checks them)
      const REWRITTEN_BY_008 = ['days_of_week', 'min_rematch_separation', 'broadcast_window'];
      expect(copied.filter((c) => REWRITTEN_BY_008.includes(c.rule_type)).length).toBe(3);
      for (const c of copied.filter((x) => !REWRITTEN_BY_008.includes(x.rule_type))) {
        // exactly { type, params }: nothing left flat beside them
        expect(c.validation_logic, `template ${c.id}`).toEqual({ type: c.rule_type, params: c.logic });
        expect(c.parameter_schema, `template ${c.id}`).toEqual(c.parameters);
        // the shape the seeds and the engine use, and the params satisfy the template's own parameter_schema
        expect(
          validateTemplate({ validationLogic: c.validation_logic, parameterSchema: c.parameter_schema }),
          `template ${c.id}`,
        ).toEqual([]);
      }
      const first = copied.find((c) => c.rule_type === 'max_consecutive_away');
      expect(first?.validation_logic).toEqual({ type: 'max_consecutive_away', params: { max: 2 } });
    });

    it('a second run of every file copies nothing twice', async () => {
      const before = await tableCounts(t.db);
      for (const m of loadMigrations()) await t.db.execScript(m.sql);
      expect(await tableCounts(t.db)).toEqual(before);
    });

    it('the migrated monolith is consistent', async () => {
      for (const schema of SCHEMAS.slice(1)) {
        const checks = await consistency(t.db, schema);
        expect(
          checks.filter((x) => x.status !== 'ok'),
          schema,
        ).toEqual([]);
      }
    });
  });
}
