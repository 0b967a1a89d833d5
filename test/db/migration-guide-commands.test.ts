// The migration guide's operator commands, verbatim (database name, host and user substituted), on a scratch database
// of the real server: the full backup, Phase 1–3 from the repository root (`-f migrations/…`, `-f seeding/…`; the
// migrations after the guide's 001–005 applied the same way afterwards), every per-schema `pg_dump -n`, and the
// partial rollback (`DROP SCHEMA … CASCADE` + `psql < backup`) as written and for every other service schema, after
// which each schema holds the same rows and role isolation, RLS and 006's triggers still hold. psql run without
// ON_ERROR_STOP (as the guide runs it) exits 0 on a failed statement, so stderr must show no ERROR either.
// Real Postgres only (needs DATABASE_URL, psql and pg_dump); the statements of the guide are read at run time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, rows, SERVICES, schemaOf } from '../../db/index.ts';
import { loadMigrations } from '../../db/migrate.ts';
import { REPO_ROOT } from '../support/cli.ts';
import { createScratchDatabase, DIRECT_BASE_URL, REAL_DATABASE_URL } from '../support/db.ts';
import { guideStatements, readGuide } from '../support/migration-guide.ts';

const guide = readGuide();
const hasTools = ['psql', 'pg_dump'].every((t) => spawnSync(t, ['--version']).status === 0);
const FROM_CHECKOUT = /\s-f\s+(migrations|seeding)\//;

describe.runIf(Boolean(guide) && REAL_DATABASE_URL && hasTools)("the guide's operator commands (postgres)", () => {
  const statements = guideStatements(guide ?? '');
  const commands = statements.filter((s) => s.kind === 'command').map((s) => s.text);
  const work = mkdtempSync(join(tmpdir(), 'flextime-guide-'));
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let db: Database;
  // the operator's psql and pg_dump reach the server itself (DIRECT_DATABASE_URL), never PgBouncer: migration files
  // and dumps are sessions of their own
  const url = new URL(DIRECT_BASE_URL ?? 'postgres://localhost');
  const env = {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGPASSWORD: decodeURIComponent(url.password),
    PSQLRC: '/dev/null',
  };

  const ran = new Set<string>();
  /** The guide's line with our database, host and user; run by bash (the guide's `$(date …)` included). */
  function run(line: string, cwd = work): string {
    ran.add(line);
    const local = line
      .replaceAll('flextime_db', scratch.name)
      .replace(/-U postgres\b/g, `-U ${decodeURIComponent(url.username) || 'postgres'}`)
      .replace(/-h localhost\b/g, `-h ${url.hostname}`);
    const r = spawnSync('bash', ['-c', local], { cwd, env, encoding: 'utf8' });
    expect(r.status, `${local}\n${r.stderr}`).toBe(0);
    expect(r.stderr, local).not.toMatch(/ERROR|FATAL/);
    return r.stdout;
  }
  const q = <T = Record<string, unknown>>(text: string) => db.admin((tx) => rows<T>(tx, sql.raw(text)));

  async function schemaRows(schema: string): Promise<Record<string, number>> {
    const tables = await q<{ t: string }>(
      `select tablename as t from pg_tables where schemaname = '${schema}' order by 1`,
    );
    const out: Record<string, number> = {};
    for (const { t } of tables)
      out[t] = Number((await q<{ n: number }>(`select count(*) as n from ${schema}.${t}`))[0].n);
    return out;
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase('flextime_guide');
    db = await openDatabase({ url: scratch.url });
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('the Backup Strategy full dump runs (before anything else, as the guide says)', () => {
    const full = commands.filter((c) => /^pg_dump\b/.test(c) && !/\s-n\s/.test(c));
    expect(full.length).toBe(1);
    run(full[0]);
    const dumps = readdirSync(work).filter((f) => /^flextime_backup_\d{8}_\d{6}\.sql$/.test(f));
    expect(dumps.length).toBe(1);
    expect(readFileSync(join(work, dumps[0]), 'utf8')).toContain('PostgreSQL database dump');
  });

  it('Phase 1–3 run verbatim from the repository root and leave a migrated, seeded database', async () => {
    const phases = commands.filter((c) => FROM_CHECKOUT.test(c));
    const migrationsRun = phases.filter((c) => /-f migrations\//.test(c));
    expect(migrationsRun.length).toBe(5);
    expect(phases.filter((c) => /-f seeding\//.test(c)).length).toBe(3);
    for (const c of phases) run(c, REPO_ROOT);
    // The migrations after the guide's five, applied the same way by an operator who followed it.
    const last = migrationsRun.at(-1) as string;
    const guideFile = last.match(/migrations\/\S+/)?.[0] as string;
    for (const m of loadMigrations().slice(5)) run(last.replace(guideFile, `migrations/${m.name}.sql`), REPO_ROOT);

    const status = await q<{ version: number; status: string }>('select version, status from get_migration_status()');
    expect(status).toEqual(loadMigrations().map((m) => ({ version: m.version, status: 'applied' })));
    const [seeded] = await q<Record<string, number>>(
      `select (select count(*) from shared_data.teams)::int as teams,
              (select count(*) from team_availability.team_scheduling_profiles)::int as profiles,
              (select count(*) from team_availability.team_blackout_dates)::int as blackouts,
              (select count(*) from venue_management.venue_profiles)::int as venues,
              (select count(*) from venue_management.venue_profiles p join shared_data.venues v using (venue_id)
                where p.venue_name = v.name)::int as venues_named,
              (select count(*) from constraint_validation.constraint_templates)::int as templates,
              (select count(*) from constraint_validation.constraint_profiles)::int as constraint_profiles`,
    );
    expect(seeded.teams).toBeGreaterThan(100);
    expect(seeded.profiles).toBeGreaterThan(100);
    expect(seeded.blackouts).toBeGreaterThan(0);
    expect(seeded.venues).toBeGreaterThan(50);
    expect(seeded.venues_named).toBe(seeded.venues); // 006 after the seeds: the existing profiles were named
    expect(seeded.templates).toBeGreaterThan(5);
    expect(seeded.constraint_profiles).toBeGreaterThan(0);
  });

  it('every per-schema pg_dump -n of the guide writes that schema', () => {
    const perSchema = commands.filter((c) => /^pg_dump\b.*\s-n\s/.test(c));
    expect(perSchema.length).toBe(5);
    for (const c of perSchema) {
      run(c);
      const [, schema, file] = c.match(/-n\s+(\w+)\s.*>\s*(\S+)$/) as RegExpMatchArray;
      expect(statSync(join(work, file)).size).toBeGreaterThan(1000);
      expect(readFileSync(join(work, file), 'utf8')).toContain(`CREATE TABLE ${schema}.`);
    }
  });

  it('the partial rollback, as written and for every other service schema, restores rows, isolation and triggers', async () => {
    const drop = statements.find((s) => s.kind === 'rollback');
    const restore = statements.find((s) => s.kind === 'command' && s.block === drop?.block);
    if (!drop || !restore) throw new Error('the guide has no partial rollback (DROP SCHEMA + restore command)');
    const guideSchema = (drop.text.match(/DROP SCHEMA (?:IF EXISTS )?(\w+)/i) as RegExpMatchArray)[1];
    const order = [guideSchema, ...SERVICES.map(schemaOf).filter((s) => s !== guideSchema)];
    for (const schema of order) {
      const before = await schemaRows(schema);
      expect(Object.keys(before).length).toBeGreaterThan(3);
      const asGuide = (text: string) => text.replaceAll(guideSchema, schema);
      // The services stop first (an idle session of ours may still hold a lock on the schema's tables).
      await db.close();
      run(`psql -U postgres -d flextime_db -c ${JSON.stringify(asGuide(drop.text))}`);
      run(asGuide(restore.text));
      db = await openDatabase({ url: scratch.url });
      expect(await schemaRows(schema), schema).toEqual(before);
    }
    // Role isolation and RLS: every service healthy (RLS on every table), each role in its schema only.
    const health = await q<{ status: string }>('select status from public.microservice_health');
    expect(health.map((h) => h.status)).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
    for (const s of SERVICES) {
      for (const other of SERVICES.map(schemaOf)) {
        const table = (
          await q<{ t: string }>(`select tablename as t from pg_tables where schemaname = '${other}' limit 1`)
        )[0].t;
        const outcome = await db
          .service(s)
          .run((tx) => tx.execute(sql.raw(`select count(*) from ${other}.${table}`)))
          .then(
            () => 'read',
            (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
          );
        if (other === schemaOf(s)) expect(outcome, `${s} on ${other}`).toBe('read');
        else expect(outcome, `${s} on ${other}`).toContain(`permission denied for schema ${other}`);
      }
    }
    // 006's triggers came back with venue_management (and the one on shared_data.venues was never lost).
    const [v] = await q<{ venue_id: number; name: string }>('select venue_id, name from shared_data.venues limit 1');
    await q(`update shared_data.venues set name = name || ' (renamed)' where venue_id = ${v.venue_id}`);
    await db
      .service('venue-management')
      .run((tx) =>
        tx.execute(
          sql.raw(`update venue_management.venue_profiles set venue_name = 'x' where venue_id = ${v.venue_id}`),
        ),
      );
    const [p] = await q<{ venue_name: string }>(
      `select venue_name from venue_management.venue_profiles where venue_id = ${v.venue_id}`,
    );
    expect(p.venue_name).toBe(`${v.name} (renamed)`);
  });

  it('left no command of the guide unrun (a new kind of command fails here until this suite runs it)', () => {
    expect(commands.filter((c) => !ran.has(c))).toEqual([]);
  });
});
