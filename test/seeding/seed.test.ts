import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { BIG12_MBB_TEAMS, createEvaluator } from '../../scheduling/index.ts';
import {
  isSeeded,
  readSeedFile,
  runSeedScript,
  SEED_FILES,
  seed,
  seedCounts,
  seedIfEmpty,
  validatePolicyParameters,
  validateTemplate,
} from '../../seeding/index.ts';
import { pgliteTestDb, postgresTestDb, type TestDb } from './support.ts';

const BIG12 = [
  ['Arizona', 'Tucson', 32.2319, -110.9501],
  ['Arizona State', 'Tempe', 33.4242, -111.9281],
  ['Baylor', 'Waco', 31.5489, -97.1131],
  ['BYU', 'Provo', 40.2518, -111.6493],
  ['UCF', 'Orlando', 28.6024, -81.2001],
  ['Cincinnati', 'Cincinnati', 39.1032, -84.512],
  ['Colorado', 'Boulder', 40.0076, -105.2659],
  ['Houston', 'Houston', 29.7604, -95.3698],
  ['Iowa State', 'Ames', 42.0308, -93.6319],
  ['Kansas', 'Lawrence', 38.9717, -95.2353],
  ['Kansas State', 'Manhattan', 39.1836, -96.5717],
  ['Oklahoma State', 'Stillwater', 36.1156, -97.0583],
  ['TCU', 'Fort Worth', 32.7297, -97.2909],
  ['Texas Tech', 'Lubbock', 33.5779, -101.8552],
  ['Utah', 'Salt Lake City', 40.7649, -111.8421],
  ['West Virginia', 'Morgantown', 39.6295, -79.9559],
] as const;

const TEAMS_PER_SPORT = { FB: 16, MBB: 16, WBB: 16, BSB: 14, SB: 11, WSOC: 16, WVB: 15, WRES: 4, WGYM: 6 };

function suite(name: string, open: () => Promise<TestDb>) {
  describe(name, () => {
    let t: TestDb;
    let first: Record<string, number>;
    beforeAll(async () => {
      t = await open();
      first = (await seed(t.db)).counts;
    });
    afterAll(async () => t?.dispose());

    const q = <T = Record<string, unknown>>(text: string) => t.db.admin((tx) => rows<T>(tx, sql.raw(text)));

    it('seeding twice leaves the same rows', async () => {
      const snapshot = async () =>
        q<{ t: string; h: string }>(`
          select 'teams' as t, md5(string_agg(x::text, '|' order by x.team_id)) as h from shared_data.teams x
          union all select 'venues', md5(string_agg(x::text, '|' order by x.venue_id)) from shared_data.venues x
          union all select 'blackouts', md5(string_agg(x::text, '|' order by x.blackout_id)) from team_availability.team_blackout_dates x
          union all select 'templates', md5(string_agg(x::text, '|' order by x.template_id)) from constraint_validation.constraint_templates x
          union all select 'policies', md5(string_agg(x::text, '|' order by x.policy_id)) from constraint_validation.constraint_enforcement_policies x`);
      const before = await snapshot();
      const again = await seed(t.db);
      expect(again.counts).toEqual(first);
      expect(await snapshot()).toEqual(before);
    });

    it('has the 16 Big 12 institutions with their real coordinates', async () => {
      const found = await q<{ short_name: string; city: string; latitude: number; longitude: number }>(
        `select i.short_name, i.city, i.latitude, i.longitude from shared_data.institutions i
         join shared_data.conferences c using (conference_id) where c.name = 'Big 12 Conference' order by i.short_name`,
      );
      expect(found).toHaveLength(16);
      for (const [school, city, lat, lon] of BIG12) {
        const row = found.find((r) => r.short_name === school);
        expect(row, school).toBeDefined();
        expect(row!.city).toBe(city);
        expect(Number(row!.latitude)).toBeCloseTo(lat, 4);
        expect(Number(row!.longitude)).toBeCloseTo(lon, 4);
      }
    });

    it('fields the right number of teams per sport', async () => {
      const found = await q<{ sport_code: string; n: string | number }>(
        `select s.sport_code, count(*) as n from shared_data.teams t join shared_data.sports s using (sport_id) group by 1`,
      );
      const bySport = Object.fromEntries(found.map((r) => [r.sport_code, Number(r.n)]));
      expect(bySport).toEqual(TEAMS_PER_SPORT);
      const noBaseball = await q<{ short_name: string }>(
        `select i.short_name from shared_data.institutions i where not exists (
           select 1 from shared_data.teams t join shared_data.sports s using (sport_id)
           where t.institution_id = i.institution_id and s.sport_code = 'BSB') order by 1`,
      );
      expect(noBaseball.map((r) => r.short_name)).toEqual(['Colorado', 'Iowa State']);
    });

    it('has the real football stadiums and basketball arenas', async () => {
      const found = await q<{ name: string; capacity: number; venue_type: string }>(
        `select v.name, p.capacity, p.venue_type from shared_data.venues v join venue_management.venue_profiles p using (venue_id)`,
      );
      const byName = new Map(found.map((r) => [r.name, r]));
      expect(byName.get('Allen Fieldhouse')?.capacity).toBe(15300); // since the 2024 renovation
      expect(byName.get('Addition Financial Arena')?.capacity).toBe(9432); // basketball (10,000 is boxing)
      expect(byName.has('Hope Coliseum')).toBe(true); // WVU Coliseum until September 2025
      expect(byName.has('WVU Coliseum')).toBe(false);
      expect(byName.get('David Booth Kansas Memorial Stadium')?.venue_type).toBe('stadium');
      expect(byName.get('LaVell Edwards Stadium')?.capacity).toBe(62073);
      expect(byName.get('Hilton Coliseum')?.venue_type).toBe('arena');
      // every team has a venue configured for its sport at its institution
      const homeless = await q(
        `select t.team_id from shared_data.teams t where not exists (
           select 1 from shared_data.venues v join venue_management.venue_sport_configurations c using (venue_id)
           where v.institution_id = t.institution_id and c.sport_id = t.sport_id)`,
      );
      expect(homeless).toEqual([]);
    });

    it('gives every team availability data, BYU no Sunday play and finals-week blackouts', async () => {
      const missing = await q(
        `select t.team_id from shared_data.teams t where not exists (
           select 1 from team_availability.team_scheduling_profiles p where p.team_id = t.team_id)
         or not exists (select 1 from team_availability.team_blackout_dates b where b.team_id = t.team_id)`,
      );
      expect(missing).toEqual([]);
      const byuSundays = await q<{ n: string | number; days: string | number }>(
        `select count(*) as n, count(distinct extract(dow from b.start_date)) as days
         from team_availability.team_blackout_dates b
         join shared_data.teams t using (team_id) join shared_data.institutions i using (institution_id)
         where i.abbreviation = 'BYU' and b.blackout_type = 'religious' and b.severity = 'hard'`,
      );
      expect(Number(byuSundays[0].n)).toBeGreaterThan(300);
      expect(Number(byuSundays[0].days)).toBe(1);
      const severities = await q<{ severity: string }>(
        `select distinct severity from team_availability.team_blackout_dates order by 1`,
      );
      expect(severities.map((r) => r.severity)).toEqual(['hard', 'preference', 'soft']);
    });

    it('every template validates against its own parameter_schema', async () => {
      const templates = await q<{ template_name: string; validation_logic: unknown; parameter_schema: unknown }>(
        `select template_name, validation_logic, parameter_schema from constraint_validation.constraint_templates`,
      );
      expect(templates.length).toBeGreaterThanOrEqual(20);
      for (const tpl of templates) {
        expect(
          validateTemplate({ validationLogic: tpl.validation_logic, parameterSchema: tpl.parameter_schema }),
          tpl.template_name,
        ).toEqual([]);
      }
      const categories = await q<{ category_name: string; priority: number }>(
        `select category_name, priority from constraint_validation.constraint_categories order by priority desc`,
      );
      expect(categories.map((c) => [c.category_name, c.priority])).toEqual([
        ['scheduling', 100],
        ['venue', 90],
        ['travel', 80],
        ['competitive', 70],
        ['broadcast', 60],
        ['academic', 50],
      ]);
    });

    it("every template's default parameters are accepted by the engine's evaluator of its type", async () => {
      const templates = await q<{
        template_name: string;
        validation_logic: { type: string; params: Record<string, unknown> };
      }>(`select template_name, validation_logic from constraint_validation.constraint_templates`);
      const evaluators = templates.filter((tpl) => tpl.validation_logic.type !== 'round_robin_format');
      expect(evaluators.length).toBeGreaterThanOrEqual(15);
      for (const tpl of evaluators) {
        expect(
          () =>
            createEvaluator(
              { type: tpl.validation_logic.type, params: tpl.validation_logic.params },
              { teams: BIG12_MBB_TEAMS },
            ),
          tpl.template_name,
        ).not.toThrow();
      }
      // the format templates describe formats the generator knows
      const formats = templates.filter((tpl) => tpl.validation_logic.type === 'round_robin_format');
      expect(formats.map((f) => f.validation_logic.params.kind).sort()).toEqual([
        'partial',
        'partial_round_robin',
        'partial_round_robin',
        'series',
        'series',
      ]);
    });

    it('has the schedule-generation catalogue: algorithms (one default) and objectives', async () => {
      const algorithms = await q<{ algorithm_name: string; is_default: boolean; parameters: Record<string, unknown> }>(
        `select algorithm_name, is_default, parameters from schedule_generation.algorithm_configurations`,
      );
      expect(algorithms.length).toBeGreaterThanOrEqual(4);
      expect(algorithms.filter((a) => a.is_default).map((a) => a.algorithm_name)).toEqual(['Simulated annealing']);
      const objectives = await q<{ metric: string }>(`select metric from schedule_generation.optimization_objectives`);
      expect(objectives.map((o) => o.metric)).toEqual(expect.arrayContaining(['hard_violations', 'travel_miles']));
    });

    it('consistency checks pass after seeding and fail on a planted orphan', async () => {
      for (const schema of ['team_availability', 'venue_management', 'constraint_validation']) {
        const checks = await q<{ status: string }>(`select * from ${schema}.check_data_consistency()`);
        expect(
          checks.filter((c) => c.status === 'error'),
          schema,
        ).toEqual([]);
      }
      // plant an orphan (a blackout whose team does not exist; FK checks off for this one transaction),
      // run the check, then remove it again
      const planted = await t.db.admin(async (tx) => {
        await tx.execute(sql.raw(`set local session_replication_role = replica`));
        await tx.execute(
          sql.raw(`insert into team_availability.team_blackout_dates (team_id, season_id, start_date, end_date, reason)
                   values (999999, null, date '2026-01-01', date '2026-01-01', 'planted orphan')`),
        );
        const checks = await rows<{ status: string }>(
          tx,
          sql.raw(`select * from team_availability.check_data_consistency()`),
        );
        await tx.execute(sql.raw(`delete from team_availability.team_blackout_dates where team_id = 999999`));
        return checks;
      });
      expect(planted.some((c) => c.status === 'error')).toBe(true);
      const after = await q<{ status: string }>(`select * from team_availability.check_data_consistency()`);
      expect(after.filter((c) => c.status === 'error')).toEqual([]);
    });

    it('rejects a template whose parameters fail its own schema (nothing written)', async () => {
      const text = await readSeedFile('seed_constraint_templates.sql');
      const bad = text
        .replace(
          `'{"type": "games_per_week", "params": {"max": 2}}'`,
          `'{"type": "games_per_week", "params": {"max": 9}}'`,
        )
        .replace(`'Men''s basketball: at most two games per week'`, `'Planted bad template'`);
      expect(bad).not.toBe(text);
      await expect(runSeedScript(t.db, bad)).rejects.toThrow(/fail their parameter_schema/);
      const found = await q(
        `select 1 from constraint_validation.constraint_templates where template_name = 'Planted bad template'`,
      );
      expect(found).toEqual([]);
      expect(await seedCounts(t.db)).toEqual(first);
    });
  });
}

suite('seed (PGlite)', () => pgliteTestDb());
describe.runIf(process.env.DATABASE_URL)('on real Postgres', () => {
  suite('seed (Postgres)', () => postgresTestDb('flextime_seed'));
});

describe('template validation (Ajv)', () => {
  const template = {
    validationLogic: { type: 'max_consecutive_away', params: { max: 2 } },
    parameterSchema: {
      type: 'object',
      properties: { max: { type: 'integer', minimum: 1, maximum: 10 } },
      required: ['max'],
      additionalProperties: false,
    },
  };
  it('accepts valid parameters and rejects invalid ones', () => {
    expect(validateTemplate(template)).toEqual([]);
    expect(
      validateTemplate({ ...template, validationLogic: { type: 'max_consecutive_away', params: { max: 0 } } }),
    ).not.toEqual([]);
    expect(validateTemplate({ ...template, validationLogic: { params: { max: 2 } } })).toContain(
      'validation_logic.type is missing',
    );
    expect(validatePolicyParameters(template, { max: 3 })).toEqual([]);
    expect(validatePolicyParameters(template, { max: 'x' })).not.toEqual([]);
    expect(validatePolicyParameters(template, { maxx: 3 })).not.toEqual([]);
    expect(validateTemplate({ ...template, parameterSchema: { type: 'nonsense' } })[0]).toMatch(
      /not a valid JSON Schema/,
    );
  });
  it('lists the seed files in load order', () => {
    expect(SEED_FILES[0]).toBe('seed_shared_data.sql');
  });
});

describe('seeding a database migrated from the legacy monolith (PGlite)', () => {
  let t: TestDb;
  beforeAll(async () => {
    const { openDatabase } = await import('../../db/index.ts');
    const { readFileSync } = await import('node:fs');
    const { applyMigrations } = await import('./support.ts');
    const db = await openDatabase({ dataDir: 'memory://' });
    await db.execScript(readFileSync(new URL('../../db/legacy/monolith.sql', import.meta.url), 'utf8'));
    await applyMigrations(db);
    t = { db, location: 'memory://', kind: 'pglite', dispose: () => db.close() };
  });
  afterAll(async () => t?.dispose());
  const q = <T = Record<string, unknown>>(text: string) => t.db.admin((tx) => rows<T>(tx, sql.raw(text)));

  it('keeps the migrated rows, corrects the Big 12 reference data, passes the consistency checks, twice', async () => {
    const gamesBefore = await q<{ n: string | number }>(`select count(*) as n from schedule_generation.games`);
    expect(await isSeeded(t.db)).toBe(false); // migrated Big 12 rows, but not the seed
    const first = await seedIfEmpty(t.db);
    expect(first).not.toBeNull();
    expect(await isSeeded(t.db)).toBe(true);
    expect(await seedIfEmpty(t.db)).toBeNull();
    const second = await seed(t.db);
    expect(second.counts).toEqual(first!.counts);
    const gamesAfter = await q<{ n: string | number }>(`select count(*) as n from schedule_generation.games`);
    expect(gamesAfter).toEqual(gamesBefore);
    const big12 = await q<{ short_name: string; latitude: number; longitude: number }>(
      `select i.short_name, i.latitude, i.longitude from shared_data.institutions i
       join shared_data.conferences c using (conference_id) where c.name = 'Big 12 Conference'`,
    );
    expect(big12).toHaveLength(16);
    for (const [school, , lat, lon] of BIG12) {
      const row = big12.find((r) => r.short_name === school)!;
      expect([Number(row.latitude), Number(row.longitude)], school).toEqual([lat, lon]);
    }
    const perSport = await q<{ sport_code: string; n: string | number }>(
      `select s.sport_code, count(*) as n from shared_data.teams t join shared_data.sports s using (sport_id)
       join shared_data.conferences c on c.conference_id = t.conference_id
       where c.name = 'Big 12 Conference' and s.sport_code in ('MBB', 'WBB', 'BSB', 'SB') group by 1`,
    );
    expect(Object.fromEntries(perSport.map((r) => [r.sport_code, Number(r.n)]))).toEqual({
      MBB: 16,
      WBB: 16,
      BSB: 14,
      SB: 11,
    });
    for (const schema of ['team_availability', 'venue_management', 'constraint_validation', 'schedule_generation']) {
      const checks = await q<{ status: string }>(`select * from ${schema}.check_data_consistency()`);
      expect(
        checks.filter((c) => c.status === 'error'),
        schema,
      ).toEqual([]);
    }
  });
});
