// database-restart: the connections under a service die (a restart, a failover, a terminated backend) while it
// works. Reads are answered from a new connection, a write fails as DATABASE_UNAVAILABLE and leaves nothing behind,
// a database that stays down fails every call quickly (never a hang), and it all recovers when the server is back.
// Real PostgreSQL only (PGlite runs in process: it has no connection to lose). The restarts go through a TCP proxy
// (test/support/pg-proxy.ts), so the server the other test files share never stops.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  DatabaseUnavailableError,
  isConnectionLoss,
  openDatabase,
  reserveWithin,
  rows,
  type ServiceTx,
} from '../../db/index.ts';
import { seed } from '../../seeding/index.ts';
import {
  createTestDatabase,
  POOLING_VARIANTS,
  poolingOptions,
  REAL_DATABASE_URL,
  type TestDatabase,
} from '../support/db.ts';
import { type PgProxy, startPgProxy } from '../support/pg-proxy.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles `promise` or says it hung: a lost connection must never leave a caller waiting. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'hung'> {
  return Promise.race([promise, sleep(ms).then(() => 'hung' as const)]);
}

for (const pooling of POOLING_VARIANTS)
  describe.runIf(REAL_DATABASE_URL)(`database-restart under a service (postgres, ${pooling} pooling)`, () => {
    let t: TestDatabase;
    let proxy: PgProxy;
    let db: Database;
    let admin: postgres.Sql;
    let team: { teamId: number; conferenceId: number };

    const blackoutsMarked = async (marker: string) =>
      Number(
        (await admin`select count(*)::int as n from team_availability.team_blackout_dates where reason = ${marker}`)[0]
          .n,
      );

    /** Inserts a blackout with `marker` as its reason, then (optionally) holds the transaction open. */
    const writeBlackout =
      (marker: string, holdSeconds = 0) =>
      (tx: ServiceTx) =>
        rows(
          tx,
          sql`with added as (
            insert into team_availability.team_blackout_dates (team_id, conference_id, start_date, end_date, reason)
            values (${team.teamId}, ${team.conferenceId}, '2026-01-10', '2026-01-11', ${marker}) returning blackout_id)
          select blackout_id, pg_sleep(${holdSeconds}) from added`,
        );

    beforeAll(async () => {
      t = await createTestDatabase({ kind: 'postgres', prefix: 'flextime_restart' });
      await seed(t.db);
      // the test's own connection reaches the server directly: through PgBouncer its prepared statements would sit on the
      // server connections the checks below look at
      admin = postgres(t.directUrl ?? t.url ?? '', { max: 1, onnotice: () => {} });
      const [row] =
        await admin`select team_id, conference_id from shared_data.teams where conference_id is not null limit 1`;
      team = { teamId: Number(row.team_id), conferenceId: Number(row.conference_id) };
      const target = new URL(t.url ?? '');
      proxy = await startPgProxy({ host: target.hostname, port: Number(target.port || 5432) });
      db = await openDatabase({ url: proxy.urlFor(t.url ?? ''), poolSize: 4, ...poolingOptions(t.directUrl, pooling) });
    }, 60_000);

    afterAll(async () => {
      await db?.close();
      await proxy?.close();
      await admin?.end();
      await t?.dispose();
    });

    const idleInTransaction = async () =>
      Number(
        (
          await admin`select count(*)::int as n from pg_stat_activity
                    where datname = ${t.name ?? ''} and application_name = 'flextime' and state = 'idle in transaction'`
        )[0].n,
      );

    it.runIf(pooling === 'transaction')(
      'transaction pooling: finished transactions leave no connection idle in transaction and no named prepared statement',
      async () => {
        const before = await idleInTransaction();
        const service = db.service('constraint-validation');
        await Promise.all(Array.from({ length: 3 }, () => service.run((tx) => rows(tx, sql`select pg_sleep(0.05)`))));
        await db.service('team-availability').run(writeBlackout('pooled-write'), { tenant: team.conferenceId });
        // what PgBouncer needs to hand the server connection to another client between two transactions
        expect(await idleInTransaction()).toBeLessThanOrEqual(before);
        const prepared = await db.admin((tx) =>
          rows<{ n: number }>(tx, sql`select count(*)::int as n from pg_prepared_statements`),
        );
        expect(prepared[0].n).toBe(0);
        // nothing set in one transaction is seen by the next one on the same connection
        const [outside] = await db.admin((tx) =>
          rows<{ role: string; tenant: string | null }>(
            tx,
            sql`select current_user as role, current_setting('app.conference_id', true) as tenant`,
          ),
        );
        expect(outside.role).not.toMatch(/_service$/);
        expect(outside.tenant ?? '').toBe('');
      },
    );

    it.runIf(pooling === 'session')(
      'idle sessions wait inside a chained transaction holding no snapshot, no transaction id and no lock',
      async () => {
        const service = db.service('constraint-validation');
        await Promise.all(Array.from({ length: 3 }, () => service.run((tx) => rows(tx, sql`select pg_sleep(0.05)`))));
        await db.service('team-availability').run(writeBlackout('session-write'), { tenant: team.conferenceId });
        const sessions = await admin`select pid, state, backend_xmin, backend_xid from pg_stat_activity
                                 where datname = ${t.name ?? ''} and application_name = 'flextime'
                                   and state = 'idle in transaction'`;
        expect(sessions.length).toBeGreaterThanOrEqual(3);
        for (const s of sessions)
          expect({ xmin: s.backend_xmin, xid: s.backend_xid }).toEqual({ xmin: null, xid: null });
        const locks = await admin`select distinct locktype from pg_locks
                              where pid = any(${sessions.map((s) => s.pid)}::int[]) and granted`;
        expect(locks.map((l) => l.locktype)).toEqual(['virtualxid']);
      },
    );

    it('commit-refused: a COMMIT refused on a live connection retires its session — more refusals than the pool has sessions, and it still serves', async () => {
      // a deferred unique check fails at COMMIT, not at the statement: the session's state after it is unknown
      const refusedCommit = () =>
        db.admin(async (tx) => {
          await rows(
            tx,
            sql`create temp table deferred_check (id int unique deferrable initially deferred) on commit drop`,
          );
          await rows(tx, sql`insert into deferred_check values (1), (1)`);
        });
      for (let k = 0; k < 6; k++) {
        const outcome = await within(
          refusedCommit().then(
            () => 'committed',
            (error: Error) => error.message,
          ),
          5000,
        );
        expect(outcome).toMatch(/duplicate key value violates unique constraint/);
      }
      const answer = await within(
        db.admin((tx) => rows<{ one: number }>(tx, sql`select 1 as one`)),
        5000,
      );
      expect(answer).toEqual([{ one: 1 }]);
    });

    it('a read whose connection is cut mid-statement is answered from a new connection', async () => {
      const service = db.service('team-availability');
      const read = service.run((tx) =>
        rows<{ n: number }>(tx, sql`select count(*)::int as n, pg_sleep(0.4) from shared_data.teams`),
      );
      await sleep(150);
      expect(proxy.open).toBeGreaterThan(0);
      proxy.cut();
      const answer = await within(read, 5000);
      expect(answer).not.toBe('hung');
      expect((answer as Array<{ n: number }>)[0].n).toBeGreaterThan(0);
    });

    it('a write whose connection is cut before COMMIT fails as DATABASE_UNAVAILABLE (rolled back), leaves no row, and the retry succeeds', async () => {
      const service = db.service('team-availability');
      const write = service.run(writeBlackout('restart-write', 0.4), { tenant: team.conferenceId });
      await sleep(150);
      proxy.cut();
      const outcome = await within(
        write.then(
          () => 'written',
          (error: unknown) => error,
        ),
        5000,
      );
      expect(outcome).toBeInstanceOf(DatabaseUnavailableError);
      const error = outcome as DatabaseUnavailableError;
      expect(error.code).toBe('DATABASE_UNAVAILABLE');
      expect(error.outcome).toBe('rolled-back');
      expect(error.message).toMatch(/team-availability database is unavailable.*nothing was written/);
      expect(isConnectionLoss(error.cause)).toBe(true);
      expect(await blackoutsMarked('restart-write')).toBe(0);
      // the caller's retry, on a healthy connection
      await service.run(writeBlackout('restart-write'), { tenant: team.conferenceId });
      expect(await blackoutsMarked('restart-write')).toBe(1);
    });

    it('database-down: every call fails quickly as DATABASE_UNAVAILABLE, none hangs; back up, the same calls answer', async () => {
      const service = db.service('venue-management');
      proxy.down();
      try {
        const started = performance.now();
        const calls = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            within(
              service
                .run((tx) => rows(tx, sql`select ${i}::int as i`))
                .then(
                  () => 'answered',
                  (error: unknown) => error,
                ),
              5000,
            ),
          ),
        );
        for (const outcome of calls) expect(outcome).toBeInstanceOf(DatabaseUnavailableError);
        expect(performance.now() - started).toBeLessThan(3000);
      } finally {
        proxy.up();
      }
      const after = await within(
        service.run((tx) => rows<{ i: number }>(tx, sql`select 7::int as i`)),
        5000,
      );
      expect(after).toEqual([{ i: 7 }]);
    });

    it('reserveWithin gives up on a connection that does not come within its bound, and returns one that comes later', async () => {
      // what the admin paths (migration session, scripts) wait through: postgres.js 3.4.9 can drop a queued reserve()
      // for good across reconnects (porsager/postgres#1195); here the wait is made long by holding the only connection
      const pool = postgres(t.url ?? '', { max: 1, onnotice: () => {} });
      try {
        const holder = await pool.reserve();
        const started = performance.now();
        const outcome = await within(
          reserveWithin(pool, 300).catch((error: unknown) => error),
          3000,
        );
        expect(outcome).toBeInstanceOf(Error);
        expect(isConnectionLoss(outcome)).toBe(true);
        expect((outcome as Error).message).toMatch(/no connection from the database pool within 300 ms/);
        expect(performance.now() - started).toBeLessThan(1500);
        // the connection the abandoned wait receives once it is free goes straight back to the pool
        holder.release();
        const next = await within(reserveWithin(pool, 1000), 3000);
        expect(next).not.toBe('hung');
        expect([...(await (next as postgres.ReservedSql)`select 1 as one`)]).toEqual([{ one: 1 }]);
        (next as postgres.ReservedSql).release();
      } finally {
        await pool.end({ timeout: 1 });
      }
    });

    it('chaos: backends killed every 40 ms under 12 callers for 3 s — every call settles; writes reported saved are there, writes reported rolled back are not', async () => {
      const service = db.service('team-availability');
      const deadline = performance.now() + 3000;
      const saved: string[] = [];
      const rolledBack: string[] = [];
      let unknown = 0;
      let reads = 0;
      const killer = async () => {
        while (performance.now() < deadline) {
          await admin`select pg_terminate_backend(pid) from pg_stat_activity
                    where datname = ${t.name ?? ''} and application_name = 'flextime' and pid <> pg_backend_pid()`;
          await sleep(40);
        }
      };
      const caller = async (k: number) => {
        for (let i = 0; performance.now() < deadline; i++) {
          const marker = `chaos-${k}-${i}`;
          const write = await within(
            service.run(writeBlackout(marker), { tenant: team.conferenceId }).then(
              () => 'saved' as const,
              (error: unknown) => error,
            ),
            10_000,
          );
          expect(write).not.toBe('hung');
          if (write === 'saved') saved.push(marker);
          else {
            expect(write).toBeInstanceOf(DatabaseUnavailableError);
            if ((write as DatabaseUnavailableError).outcome === 'rolled-back') rolledBack.push(marker);
            else unknown++;
          }
          const read = await within(
            service
              .run((tx) => rows(tx, sql`select count(*)::int as n from shared_data.teams`))
              .then(
                () => 'answered' as const,
                (error: unknown) => error,
              ),
            10_000,
          );
          expect(read).not.toBe('hung');
          if (read === 'answered') reads++;
          else {
            expect(read).toBeInstanceOf(DatabaseUnavailableError);
          }
        }
      };
      await Promise.all([killer(), ...Array.from({ length: 12 }, (_, k) => caller(k))]);
      const found = new Set(
        (await admin`select reason from team_availability.team_blackout_dates where reason like 'chaos-%'`).map(
          (r) => r.reason as string,
        ),
      );
      for (const marker of saved) expect(found.has(marker)).toBe(true);
      for (const marker of rolledBack) expect(found.has(marker)).toBe(false);
      // the chaos reached the writes, and calls still got through between the kills
      expect(rolledBack.length + unknown).toBeGreaterThan(0);
      expect(saved.length).toBeGreaterThan(0);
      expect(reads).toBeGreaterThan(0);
    }, 60_000);

    it('connections the server terminated while idle in the pool are never handed out dead', async () => {
      const service = db.service('schedule-generation');
      // open several pooled connections, then let the server kill every one of them (57P01, FATAL)
      await Promise.all(Array.from({ length: 4 }, () => service.run((tx) => rows(tx, sql`select pg_sleep(0.05)`))));
      const killed = await admin`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
                               where datname = ${t.name ?? ''} and pid <> pg_backend_pid()`;
      expect(Number(killed[0].n)).toBeGreaterThan(0);
      const answers = await within(
        Promise.all(
          Array.from({ length: 8 }, (_, i) => service.run((tx) => rows<{ i: number }>(tx, sql`select ${i}::int as i`))),
        ),
        5000,
      );
      expect(answers).toEqual(Array.from({ length: 8 }, (_, i) => [{ i }]));
    });
  });
