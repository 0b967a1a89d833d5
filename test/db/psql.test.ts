// The operator path: the five migration files applied with `psql -v ON_ERROR_STOP=1 -f`, in order, to an
// empty database and to one holding the legacy monolith, then a second time (idempotent); the runner then
// adopts them (records their checksums) instead of applying them again. Real Postgres only (needs psql).
import { execFileSync, spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openDatabase, rows, SERVICES, type ServiceName, schemaOf } from '../../db/index.ts';
import { loadMigrations, migrate, migrationStatus } from '../../db/migrate.ts';
import { REPO_ROOT } from '../support/cli.ts';
import { createScratchDatabase, REAL_DATABASE_URL } from '../support/db.ts';

const hasPsql = spawnSync('psql', ['--version']).status === 0;

function psqlFile(url: string, file: string, vars: Record<string, string> = {}): string {
  const v = Object.entries(vars).flatMap(([k, val]) => ['-v', `${k}=${val}`]);
  return execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...v, '-d', url, '-f', file], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const FILES = loadMigrations().map((m) => m.path);

describe.runIf(REAL_DATABASE_URL && hasPsql)('psql -v ON_ERROR_STOP=1 -f db/migrations/00N_*.sql', () => {
  it('applies to an empty database, twice, and the runner adopts the result', { timeout: 120_000 }, async () => {
    const scratch = await createScratchDatabase('flextime_psql_empty');
    try {
      for (const f of FILES) psqlFile(scratch.url, f);
      for (const f of FILES) psqlFile(scratch.url, f);
      const db = await openDatabase({ url: scratch.url });
      try {
        const status = await db.admin((tx) =>
          rows<{ version: number; status: string }>(tx, sql`select version, status from get_migration_status()`),
        );
        expect(status.map((s) => s.status)).toEqual(loadMigrations().map(() => 'applied'));
        expect((await migrate(db)).applied).toEqual([]);
        const after = await migrationStatus(db);
        expect(after.map((s) => [s.state, s.checksum])).toEqual(loadMigrations().map((m) => ['applied', m.checksum]));
      } finally {
        await db.close();
      }
    } finally {
      await scratch.drop();
    }
  });

  it('applies to a database holding the monolith: rows copied once', { timeout: 120_000 }, async () => {
    const scratch = await createScratchDatabase('flextime_psql_monolith');
    try {
      psqlFile(scratch.url, 'db/legacy/monolith.sql');
      for (const f of FILES) psqlFile(scratch.url, f);
      for (const f of FILES) psqlFile(scratch.url, f);
      const db = await openDatabase({ url: scratch.url });
      try {
        const [c] = await db.admin((tx) =>
          rows<Record<string, number>>(
            tx,
            sql`select (select count(*) from public.games)::int as legacy_games,
                       (select count(*) from schedule_generation.games)::int as games,
                       (select count(*) from public.team_blackouts)::int as legacy_blackouts,
                       (select count(*) from team_availability.team_blackout_dates)::int as blackouts,
                       (select count(*) from public.venue_hours)::int as legacy_hours,
                       (select count(*) from venue_management.venue_operational_hours)::int as hours,
                       (select count(*) from public.constraints)::int as legacy_constraints,
                       (select count(*) from constraint_validation.constraint_templates)::int as templates`,
          ),
        );
        expect(c.games).toBe(c.legacy_games);
        expect(c.blackouts).toBe(c.legacy_blackouts);
        expect(c.hours).toBe(c.legacy_hours);
        expect(c.templates).toBe(c.legacy_constraints);
        expect(c.games).toBeGreaterThan(0);
        const health = await db.admin((tx) =>
          rows<{ status: string }>(tx, sql`select status from public.microservice_health`),
        );
        expect(health.map((h) => h.status)).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
      } finally {
        await db.close();
      }
    } finally {
      await scratch.drop();
    }
  });

  it('a failing file stops psql and leaves nothing behind', { timeout: 60_000 }, async () => {
    const scratch = await createScratchDatabase('flextime_psql_order');
    try {
      // 002 before 001: its schema and helpers do not exist yet, so psql stops and the transaction rolls back.
      expect(() => psqlFile(scratch.url, FILES[1])).toThrow();
      const db = await openDatabase({ url: scratch.url });
      try {
        const [r] = await db.admin((tx) =>
          rows<{ t: string | null }>(tx, sql`select to_regclass('team_availability.team_blackout_dates')::text as t`),
        );
        expect(r.t).toBeNull();
      } finally {
        await db.close();
      }
    } finally {
      await scratch.drop();
    }
  });

  it('db/ops/service_logins.sql gives every service its own login, confined to its role', {
    timeout: 120_000,
  }, async () => {
    const scratch = await createScratchDatabase('flextime_psql_logins');
    const passwords = Object.fromEntries(SERVICES.map((s) => [`${schemaOf(s)}_password`, `pw-${s}-test-only`]));
    try {
      for (const f of FILES) psqlFile(scratch.url, f);
      psqlFile(scratch.url, 'db/ops/service_logins.sql', passwords);
      psqlFile(scratch.url, 'db/ops/service_logins.sql', passwords); // idempotent
      const serviceUrls: Partial<Record<ServiceName, string>> = {};
      for (const s of SERVICES) {
        const u = new URL(scratch.url);
        u.username = `${schemaOf(s)}_login`;
        u.password = `pw-${s}-test-only`;
        serviceUrls[s] = u.toString();
      }
      const db = await openDatabase({ url: scratch.url, serviceUrls });
      try {
        for (const s of SERVICES) {
          const [who] = await db
            .service(s)
            .run((tx) => rows<{ s: string; c: string }>(tx, sql`select session_user as s, current_user as c`));
          expect(who).toEqual({ s: `${schemaOf(s)}_login`, c: `${schemaOf(s)}_service` });
        }
        const denied = await db
          .service('venue-management')
          .run((tx) => tx.execute(sql`select * from team_availability.team_blackout_dates`))
          .catch((e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
        expect(denied).toContain('permission denied for schema team_availability');
      } finally {
        await db.close();
      }
    } finally {
      await scratch.drop();
      const admin = postgres(REAL_DATABASE_URL!, { max: 1, onnotice: () => {} });
      try {
        for (const s of SERVICES) await admin.unsafe(`DROP ROLE IF EXISTS ${schemaOf(s)}_login`);
      } finally {
        await admin.end();
      }
    }
  });
});
