// The migration guide's users, in the guide's order, on a FRESH cluster (roles are cluster-wide: the shared test
// server's service roles are in use by other tests and are never created, dropped or altered here). A temporary
// cluster (initdb in a temp dir, its own port, password authentication over TCP for everyone but postgres) gets the
// guide's Prerequisites verbatim (`CREATE USER <service> WITH PASSWORD …`), then its Phase 1–3 commands and the later
// migrations; 001 must keep those logins, its grants must reach them, and each service must log in as its own user
// through openDatabase's per-service URLs and be confined to its schema. Then the roles already exist: the guide's
// CREATE USER fails, and db/ops/service_users.sql (the idempotent way, db/README.md) sets new passwords, twice.
// Needs initdb (the PostgreSQL server package) and psql; skipped with a message when initdb is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows, SERVICES, type ServiceName, schemaOf } from '../../db/index.ts';
import { loadMigrations } from '../../db/migrate.ts';
import { REPO_ROOT } from '../support/cli.ts';
import { guideStatements, readGuide } from '../support/migration-guide.ts';

const guide = readGuide();
const pgConfigBin = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' }).stdout?.trim();
const BIN = [process.env.PG_BINDIR, pgConfigBin, '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find(
  (d) => d && existsSync(join(d, 'initdb')),
);
const hasPsql = spawnSync('psql', ['--version']).status === 0;
if (!BIN) console.warn('initdb not found (PG_BINDIR, pg_config --bindir): the fresh-cluster role test is skipped');

/** Runs a server binary as the cluster's owner: initdb and postgres refuse to run as root. */
function asOwner(bin: string, args: string[]): string {
  const root = process.getuid?.() === 0;
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(BIN!, bin), ...args]] : [join(BIN!, bin), args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe.runIf(Boolean(guide) && BIN && hasPsql)("the guide's service users on a fresh cluster", () => {
  const statements = guideStatements(guide ?? '');
  const users = statements.filter((s) => s.kind === 'role').map((s) => s.text);
  const dir = mkdtempSync(join(tmpdir(), 'flextime-cluster-'));
  let port = 0;
  const dbName = 'flextime_db';
  const ownerUrl = () => `postgres://postgres@127.0.0.1:${port}/${dbName}`;
  const env = () => ({ ...process.env, PGHOST: '127.0.0.1', PGPORT: String(port), PSQLRC: '/dev/null' });
  const psql = (args: string[], cwd = REPO_ROOT) =>
    execFileSync('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), ...args], {
      cwd,
      env: env(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  /** The guide's passwords, by role, from its CREATE USER statements. */
  const passwords = new Map(
    users.map((u) => {
      const m = u.match(/create\s+user\s+(\w+)\s+with\s+password\s+'([^']*)'/i) as RegExpMatchArray;
      return [m[1], m[2]];
    }),
  );
  const serviceUrl = (s: ServiceName, password: string) =>
    `postgres://${schemaOf(s)}_service:${encodeURIComponent(password)}@127.0.0.1:${port}/${dbName}`;

  beforeAll(async () => {
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
      chownSync(dir, uid, gid);
    }
    port = await freePort();
    asOwner('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    // postgres itself over trust (the operator here); every other user must give its password.
    const hba = 'local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n';
    writeFileSync(join(dir, 'data', 'pg_hba.conf'), hba);
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
    asOwner('pg_ctl', ['-D', join(dir, 'data'), '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
    psql(['-U', 'postgres', '-d', 'postgres', '-c', `CREATE DATABASE ${dbName}`]);
  }, 120_000);
  afterAll(() => {
    if (existsSync(join(dir, 'data', 'postmaster.pid'))) {
      asOwner('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('Prerequisites first, then 001-005 (and later), as the guide orders them: logins kept, grants reach them', async () => {
    expect([...passwords.keys()].sort()).toEqual(SERVICES.map((s) => `${schemaOf(s)}_service`).sort());
    for (const u of users) psql(['-U', 'postgres', '-d', dbName, '-c', u]);
    const phases = statements.filter((s) => s.kind === 'command' && /\s-f\s+(migrations|seeding)\//.test(s.text));
    const files = phases.map((s) => (s.text.match(/-f\s+(\S+)/) as RegExpMatchArray)[1]);
    const later = loadMigrations()
      .slice(5)
      .map((m) => `migrations/${m.name}.sql`);
    const lastMigration = files.findLastIndex((f) => f.startsWith('migrations/'));
    for (const f of [...files.slice(0, lastMigration + 1), ...later, ...files.slice(lastMigration + 1)]) {
      psql(['-U', 'postgres', '-d', dbName, '-f', f]);
    }

    const admin = postgres(ownerUrl(), { max: 1, onnotice: () => {} });
    try {
      for (const s of SERVICES) {
        const role = `${schemaOf(s)}_service`;
        const [r] = await admin`select rolcanlogin from pg_roles where rolname = ${role}`;
        expect(r.rolcanlogin, `${role} can still log in`).toBe(true);
        for (const other of SERVICES.map(schemaOf)) {
          const [p] = await admin`select has_schema_privilege(${role}, ${other}, 'USAGE') as usage`;
          expect(p.usage, `${role} on schema ${other}`).toBe(other === schemaOf(s));
        }
        const [t] = await admin`
          select bool_and(has_table_privilege(${role}, format('%I.%I', schemaname, tablename), 'SELECT, INSERT, UPDATE, DELETE')) as own
          from pg_tables where schemaname = ${schemaOf(s)}`;
        expect(t.own, `${role} on its own tables`).toBe(true);
        const [sd] = await admin`
          select bool_and(has_table_privilege(${role}, format('shared_data.%I', tablename), 'SELECT')) as reads,
                 bool_or(has_table_privilege(${role}, format('shared_data.%I', tablename), 'INSERT')) as writes
          from pg_tables where schemaname = 'shared_data'`;
        expect(sd, `${role} on shared_data`).toEqual({ reads: true, writes: false });
      }
    } finally {
      await admin.end();
    }
  }, 180_000);

  it('each service logs in with its own user and password and is confined to its schema', async () => {
    const serviceUrls = Object.fromEntries(
      SERVICES.map((s) => [s, serviceUrl(s, passwords.get(`${schemaOf(s)}_service`) as string)]),
    );
    const db = await openDatabase({ url: ownerUrl(), serviceUrls });
    try {
      for (const s of SERVICES) {
        const [who] = await db.service(s).run((tx) =>
          rows<{ login: string; role: string; tables: number }>(
            tx,
            sql.raw(`select session_user as login, current_user as role,
                    (select count(*)::int from pg_tables where schemaname = '${schemaOf(s)}') as tables`),
          ),
        );
        expect(who).toEqual({ login: `${schemaOf(s)}_service`, role: `${schemaOf(s)}_service`, tables: who.tables });
        const other = schemaOf(SERVICES[(SERVICES.indexOf(s) + 1) % SERVICES.length]);
        const denied = await db
          .service(s)
          .run((tx) => tx.execute(sql.raw(`select 1 from ${other}.check_data_consistency()`)))
          .then(
            () => 'allowed',
            (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
          );
        expect(denied).toContain(`permission denied for schema ${other}`);
      }
      const [venues] = await db
        .service('venue-management')
        .run((tx) =>
          rows<{ n: number }>(
            tx,
            sql`select count(*)::int as n from venue_management.venue_profiles where venue_name <> ''`,
          ),
        );
      expect(venues.n).toBeGreaterThan(50);
    } finally {
      await db.close();
    }
    const wrong = postgres(serviceUrl('team-availability', 'not-the-password'), { max: 1, onnotice: () => {} });
    await expect(wrong`select 1`).rejects.toThrow(/password authentication failed/);
    await wrong.end();
  }, 120_000);

  it('with the roles already there, CREATE USER fails and db/ops/service_users.sql sets the passwords, idempotently', async () => {
    expect(() => psql(['-U', 'postgres', '-d', dbName, '-c', users[0]])).toThrow(/already exists/);
    const fresh = Object.fromEntries(SERVICES.map((s) => [`${schemaOf(s)}_password`, `rotated-${s}`]));
    const vars = Object.entries(fresh).flatMap(([k, v]) => ['-v', `${k}=${v}`]);
    for (let i = 0; i < 2; i++) psql(['-U', 'postgres', '-d', dbName, ...vars, '-f', 'db/ops/service_users.sql']);
    for (const s of SERVICES) {
      const conn = postgres(serviceUrl(s, `rotated-${s}`), { max: 1, onnotice: () => {} });
      try {
        const [r] = await conn`select current_user as u`;
        expect(r.u).toBe(`${schemaOf(s)}_service`);
      } finally {
        await conn.end();
      }
    }
  });
});
