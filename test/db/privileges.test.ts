// Least privilege and tenancy: the 4×4 matrix of service roles × service schemas (own schema: read/write;
// every other service's schema: permission denied; shared_data: read-only), row-level security by
// conference, per-service login URLs on real Postgres, and onQuery statement reporting.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, rows, SERVICES, type ServiceName, schema } from '../../db/index.ts';
import { createTestDatabase, DB_KINDS, poolingOptions, REAL_DATABASE_URL, type TestDatabase } from '../support/db.ts';

const TABLE: Record<ServiceName, string> = {
  'team-availability': 'team_availability.team_blackout_dates',
  'venue-management': 'venue_management.venue_unavailability_periods',
  'constraint-validation': 'constraint_validation.constraint_profiles',
  'schedule-generation': 'schedule_generation.schedules',
};
const INSERT: Record<ServiceName, string> = {
  'team-availability': `insert into team_availability.team_blackout_dates (team_id, conference_id, start_date, end_date)
                        values (1, 1, '2026-01-01', '2026-01-01')`,
  'venue-management': `insert into venue_management.venue_unavailability_periods (venue_id, conference_id, start_date, end_date)
                       values (1, 1, '2026-01-01', '2026-01-01')`,
  'constraint-validation': `insert into constraint_validation.constraint_profiles (profile_name, conference_id)
                            values ('matrix', 1)`,
  'schedule-generation': `insert into schedule_generation.schedules (name, sport_id, season_id, conference_id)
                          values ('matrix', 1, 1, 1)`,
};

/** The Postgres error message of a failed statement (Drizzle wraps it as the cause). */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
  return 'no error';
}

async function seedReference(db: Database) {
  await db.admin(async (tx) => {
    await tx.execute(sql`insert into shared_data.conferences (conference_id, name, abbreviation)
                         values (1, 'Conference A', 'A'), (2, 'Conference B', 'B')`);
    await tx.execute(
      sql`insert into shared_data.sports (sport_id, sport_name, sport_code) values (1, 'Men''s Basketball', 'MBB')`,
    );
    await tx.execute(sql`insert into shared_data.seasons (season_id, season_name, start_year, end_year, start_date, end_date)
                         values (1, '2025-26', 2025, 2026, '2025-07-01', '2026-06-30')`);
    await tx.execute(sql`insert into shared_data.institutions (institution_id, name, abbreviation, conference_id)
                         values (1, 'Alpha U', 'AU', 1), (2, 'Beta U', 'BU', 2)`);
    await tx.execute(sql`insert into shared_data.teams (team_id, institution_id, sport_id, conference_id, name, abbreviation)
                         values (1, 1, 1, 1, 'Alpha', 'AU'), (2, 2, 1, 2, 'Beta', 'BU')`);
    await tx.execute(sql`insert into shared_data.venues (venue_id, institution_id, conference_id, name)
                         values (1, 1, 1, 'Alpha Arena'), (2, 2, 2, 'Beta Arena')`);
  });
}

for (const kind of DB_KINDS) {
  describe(`least privilege (${kind})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ kind });
      await seedReference(t.db);
    });
    afterAll(() => t?.dispose());

    it('runs each service as its own role', async () => {
      for (const s of SERVICES) {
        const [who] = await t.db.service(s).run((tx) => rows<{ current_user: string }>(tx, sql`select current_user`));
        expect(who.current_user).toBe(`${s.replaceAll('-', '_')}_service`);
      }
    });

    for (const s of SERVICES) {
      for (const other of SERVICES) {
        const [otherSchema] = TABLE[other].split('.');
        if (s === other) {
          it(`${s} reads and writes its own schema`, async () => {
            const svc = t.db.service(s);
            await svc.run((tx) => tx.execute(sql.raw(INSERT[s])));
            const got = await svc.run((tx) => rows(tx, sql.raw(`select * from ${TABLE[s]}`)));
            expect(got.length).toBeGreaterThanOrEqual(1);
          });
        } else {
          it(`${s} → ${other}: permission denied on read and write`, async () => {
            const svc = t.db.service(s);
            expect(await failure(svc.run((tx) => tx.execute(sql.raw(`select * from ${TABLE[other]}`))))).toContain(
              `permission denied for schema ${otherSchema}`,
            );
            expect(await failure(svc.run((tx) => tx.execute(sql.raw(INSERT[other]))))).toContain(
              `permission denied for schema ${otherSchema}`,
            );
          });
        }
      }
      it(`${s} reads shared_data but cannot write it`, async () => {
        const svc = t.db.service(s);
        const teams = await svc.run((tx) => tx.select().from(schema.teams));
        expect(teams.map((x) => x.name).sort()).toEqual(['Alpha', 'Beta']);
        expect(
          await failure(svc.run((tx) => tx.insert(schema.sports).values({ sportName: 'Hacked', sportCode: 'HX' }))),
        ).toContain('permission denied for table sports');
        expect(await failure(svc.run((tx) => tx.delete(schema.teams)))).toContain('permission denied for table teams');
      });
    }
  });

  describe(`row-level security by conference (${kind})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ kind });
      await seedReference(t.db);
      await t.db.admin(async (tx) => {
        await tx.insert(schema.schedules).values([
          { scheduleId: 1, name: 'A schedule', sportId: 1, seasonId: 1, conferenceId: 1 },
          { scheduleId: 2, name: 'B schedule', sportId: 1, seasonId: 1, conferenceId: 2 },
        ]);
        await tx
          .insert(schema.algorithmConfigurations)
          .values({ algorithmName: 'shared', algorithmType: 'round_robin' });
      });
    });
    afterAll(() => t?.dispose());

    const names = (db: Database, tenant?: number | null) =>
      db
        .service('schedule-generation')
        .run(async (tx) => (await tx.select().from(schema.schedules)).map((r) => r.name).sort(), { tenant });

    it('a row of conference A is invisible with app.conference_id = B', async () => {
      expect(await names(t.db, 2)).toEqual(['B schedule']);
      expect(await names(t.db, 1)).toEqual(['A schedule']);
    });

    it('without a tenant every row is visible (operators)', async () => {
      expect(await names(t.db)).toEqual(['A schedule', 'B schedule']);
      expect(await names(t.db, null)).toEqual(['A schedule', 'B schedule']);
    });

    it('rows with no conference are shared by every tenant', async () => {
      const algos = await t.db
        .service('schedule-generation')
        .run((tx) => tx.select().from(schema.algorithmConfigurations), { tenant: 2 });
      expect(algos.map((a) => a.algorithmName)).toEqual(['shared']);
    });

    it('a tenant cannot write or change another conference’s rows', async () => {
      const svc = t.db.service('schedule-generation');
      expect(
        await failure(
          svc.run(
            (tx) => tx.insert(schema.schedules).values({ name: 'sneaky', sportId: 1, seasonId: 1, conferenceId: 1 }),
            { tenant: 2 },
          ),
        ),
      ).toContain('row-level security');
      const updated = await svc.run(
        (tx) => tx.update(schema.schedules).set({ status: 'archived' }).returning({ id: schema.schedules.scheduleId }),
        { tenant: 2 },
      );
      expect(updated.map((u) => u.id)).toEqual([2]);
      expect(await names(t.db)).toEqual(['A schedule', 'B schedule']);
      const [a] = await t.db.admin((tx) =>
        rows<{ status: string }>(tx, sql`select status from schedule_generation.schedules where schedule_id = 1`),
      );
      expect(a.status).toBe('draft');
    });

    it('the tenant setting is transaction-local', async () => {
      await names(t.db, 1);
      const [s] = await t.db
        .service('schedule-generation')
        .run((tx) => rows<{ c: string | null }>(tx, sql`select current_setting('app.conference_id', true) as c`));
      expect(s.c ?? '').toBe('');
    });
  });
}

describe('onQuery reports the statements a service issues', () => {
  let t: TestDatabase;
  const seen: { service: string; sql: string }[] = [];
  beforeAll(async () => {
    t = await createTestDatabase({ onQuery: (e) => seen.push({ service: e.service, sql: e.sql }) });
  });
  afterAll(() => t?.dispose());

  it('one event per statement, tagged with the service, without the role/tenant plumbing', async () => {
    seen.length = 0;
    await t.db.service('venue-management').run(
      async (tx) => {
        await tx.select().from(schema.venueProfiles);
        await tx.select().from(schema.venues);
      },
      { tenant: 1 },
    );
    expect(seen.map((s) => s.service)).toEqual(['venue-management', 'venue-management']);
    expect(seen[0].sql).toContain('"venue_management"."venue_profiles"');
  });
});

describe.runIf(REAL_DATABASE_URL)('per-service login URLs (postgres)', () => {
  let t: TestDatabase;
  const login = `flextime_test_login_${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
  let db: Database | undefined;
  const admin = () => postgres(REAL_DATABASE_URL!, { max: 1, onnotice: () => {} });

  beforeAll(async () => {
    t = await createTestDatabase({ kind: 'postgres' });
    const a = admin();
    try {
      await a.unsafe(`CREATE ROLE ${login} LOGIN PASSWORD 'test-only-not-a-secret' IN ROLE team_availability_service`);
    } finally {
      await a.end();
    }
  });
  afterAll(async () => {
    await db?.close();
    await t?.dispose();
    const a = admin();
    try {
      await a.unsafe(`DROP ROLE IF EXISTS ${login}`);
    } finally {
      await a.end();
    }
  });

  it('logs in as the service’s login role and still runs as the service role', async () => {
    const url = new URL(t.url!);
    url.username = login;
    url.password = 'test-only-not-a-secret';
    db = await openDatabase({
      url: t.url,
      ...poolingOptions(t.directUrl),
      serviceUrls: { 'team-availability': url.toString() },
    });
    const [who] = await db
      .service('team-availability')
      .run((tx) => rows<{ s: string; c: string }>(tx, sql`select session_user as s, current_user as c`));
    expect(who).toEqual({ s: login, c: 'team_availability_service' });
    expect(await failure(db.service('team-availability').run((tx) => tx.select().from(schema.games)))).toContain(
      'permission denied for schema schedule_generation',
    );
    // With its own login, even raw SQL cannot leave the service's privileges (with the shared admin pool,
    // SET LOCAL ROLE guards against mistakes, not against code that issues SET ROLE itself).
    expect(
      await failure(db.service('team-availability').run((tx) => tx.execute(sql`set role venue_management_service`))),
    ).toContain('permission denied');
    expect(
      await failure(
        db.service('team-availability').run(async (tx) => {
          await tx.execute(sql`reset role`);
          return tx.execute(sql`select * from schedule_generation.games`);
        }),
      ),
    ).toContain('permission denied for schema schedule_generation');
    // A service without its own URL uses the admin pool, still under its own role.
    const [other] = await db
      .service('venue-management')
      .run((tx) => rows<{ c: string }>(tx, sql`select current_user as c`));
    expect(other.c).toBe('venue_management_service');
  });
});
