// Service transactions (`db.service(name).run`): on real Postgres they are pipelined (BEGIN and the role/tenant
// settings go out with the first statement, statements are prepared). Whatever the transport, a run is one
// transaction under the service role: a throw rolls back, nothing leaks into the next run on the same connection,
// the real error surfaces, and concurrent runs keep their own tenant.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type DbPooling, openDatabase, rows } from '../../db/index.ts';
import {
  createTestDatabase,
  DB_KINDS,
  type DbKind,
  POOLING_VARIANTS,
  poolingOptions,
  type TestDatabase,
} from '../support/db.ts';

const INSERT = sql`insert into schedule_generation.schedules (name, sport_id, season_id, conference_id)
  values ('service-transaction test', 1, 1, 1)`;

// Postgres: in each pooling mode (session: chained, prepared; transaction: BEGIN…COMMIT each, as through PgBouncer)
const VARIANTS: { kind: DbKind; pooling?: DbPooling; label: string }[] = DB_KINDS.flatMap<{
  kind: DbKind;
  pooling?: DbPooling;
  label: string;
}>((kind) =>
  kind === 'postgres'
    ? POOLING_VARIANTS.map((pooling) => ({ kind, pooling, label: `${kind}, ${pooling} pooling` }))
    : [{ kind, pooling: undefined, label: kind }],
);

for (const { kind, pooling, label } of VARIANTS) {
  describe(`service transactions (${label})`, () => {
    let t: TestDatabase;
    let db: Database; // postgres: a pool of ONE connection, so consecutive runs share it
    let own: Database | undefined;

    beforeAll(async () => {
      t = await createTestDatabase({ kind });
      await t.db.admin(async (tx) => {
        await tx.execute(sql`insert into shared_data.conferences (conference_id, name, abbreviation)
          values (1, 'One', 'ONE'), (2, 'Two', 'TWO') on conflict do nothing`);
        await tx.execute(sql`insert into shared_data.sports (sport_id, sport_name, sport_code)
          values (1, 'Sport', 'SPT') on conflict do nothing`);
        await tx.execute(sql`insert into shared_data.seasons (season_id, season_name, start_year, end_year, start_date, end_date)
          values (1, '2025-26', 2025, 2026, '2025-07-01', '2026-06-30') on conflict do nothing`);
      });
      own =
        kind === 'postgres'
          ? await openDatabase({ url: t.url, poolSize: 1, ...poolingOptions(t.directUrl, pooling) })
          : undefined;
      db = own ?? t.db;
    }, 120_000);
    afterAll(async () => {
      await own?.close();
      await t?.dispose();
    });

    const count = async () => {
      const [r] = await db
        .service('schedule-generation')
        .run((tx) =>
          rows<{ n: number }>(
            tx,
            sql`select count(*)::int as n from schedule_generation.schedules where name like 'service-%'`,
          ),
        );
      return Number(r.n);
    };

    it('a throw rolls back every write of the run', async () => {
      const before = await count();
      await expect(
        db.service('schedule-generation').run(async (tx) => {
          await tx.execute(INSERT);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await count()).toBe(before);
      await db.service('schedule-generation').run((tx) => tx.execute(INSERT));
      expect(await count()).toBe(before + 1);
    });

    it('a failed statement surfaces its own error and leaves the connection usable', async () => {
      const error = await db
        .service('team-availability')
        .run((tx) => tx.execute(sql`select * from schedule_generation.games`))
        .then(
          () => null,
          (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
        );
      expect(error).toContain('permission denied for schema schedule_generation');
      const [who] = await db
        .service('venue-management')
        .run((tx) => rows<{ c: string }>(tx, sql`select current_user as c`));
      expect(who.c).toBe('venue_management_service');
    });

    it('role and tenant never leak into the next run', async () => {
      const read = (service: 'team-availability' | 'venue-management', tenant?: number) =>
        db
          .service(service)
          .run(
            (tx) =>
              rows<{ u: string; c: string | null }>(
                tx,
                sql`select current_user as u, current_setting('app.conference_id', true) as c`,
              ),
            { tenant },
          )
          .then((r) => r[0]);
      expect(await read('team-availability', 2)).toEqual({ u: 'team_availability_service', c: '2' });
      const next = await read('venue-management');
      expect(next.u).toBe('venue_management_service');
      expect(next.c ?? '').toBe('');
      const [after] = await db.admin((tx) =>
        rows<{ u: string; c: string | null }>(
          tx,
          sql`select current_user as u, current_setting('app.conference_id', true) as c`,
        ),
      );
      expect(after.u).not.toMatch(/_service$/);
      expect(after.c ?? '').toBe('');
    });

    it('a run of SELECTs ends its transaction before the next run; a write is committed when its run returns', async () => {
      // On Postgres a run of SELECTs answers without waiting for its COMMIT; the one pooled connection must still end
      // that transaction before the next run begins, and a writing run must still wait for its COMMIT.
      const service = db.service('schedule-generation');
      const marked = service.run((tx) => rows(tx, sql`select set_config('app.probe', 'left over', true)`));
      const next = service.run((tx) =>
        rows<{ p: string | null }>(tx, sql`select current_setting('app.probe', true) as p`),
      );
      await marked;
      expect((await next)[0].p ?? '').toBe('');
      const committed = async () => {
        const [r] = await t.db.admin((tx) =>
          rows<{ n: number }>(
            tx,
            sql`select count(*)::int as n from schedule_generation.schedules where name like 'service-%'`,
          ),
        );
        return Number(r.n);
      };
      const before = await committed();
      await service.run((tx) => tx.execute(INSERT));
      expect(await committed()).toBe(before + 1);
    });

    it('concurrent runs each see their own tenant', async () => {
      const tenants = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? undefined : 1 + (i % 2)));
      const seen = await Promise.all(
        tenants.map((tenant) =>
          db
            .service('schedule-generation')
            .run((tx) => rows<{ c: string | null }>(tx, sql`select current_setting('app.conference_id', true) as c`), {
              tenant,
            })
            .then((r) => r[0].c ?? ''),
        ),
      );
      expect(seen).toEqual(tenants.map((t) => (t === undefined ? '' : String(t))));
    });

    it('many distinct statement texts (beyond the prepared-statement cap) all run', async () => {
      const results = await db.service('venue-management').run(async (tx) => {
        const out: number[] = [];
        for (let n = 1; n <= 300; n++) {
          const ids = Array.from({ length: n }, (_, i) => i + 1);
          const [r] = await rows<{ n: number }>(
            tx,
            sql`select count(*)::int as n from (values ${sql.join(
              ids.map((i) => sql`(${i}::int)`),
              sql`, `,
            )}) v(i)`,
          );
          out.push(Number(r.n));
        }
        return out;
      });
      expect(results).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    });
  });
}
