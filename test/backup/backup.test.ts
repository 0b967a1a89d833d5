import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEMAS,
  AUDIT_TABLES,
  type BackupTarget,
  createBackup,
  listBackups,
  openBackupTarget,
  rollbackService,
  type SchemaChecksum,
  schemaChecksum,
} from '../../db/backup/index.ts';
import { type Database, openDatabase, rows } from '../../db/index.ts';
import { seed } from '../../seeding/index.ts';
import { applyMigrations, postgresTestDb, type TestDb } from '../seeding/support.ts';

async function allChecksums(target: BackupTarget): Promise<SchemaChecksum> {
  const all: SchemaChecksum = {};
  for (const schema of APP_SCHEMAS) Object.assign(all, await schemaChecksum(target, schema));
  for (const t of AUDIT_TABLES) delete all[t];
  return all;
}

async function exec(target: BackupTarget, text: string): Promise<void> {
  if (target.kind === 'pglite') {
    await target.client.exec(text);
    return;
  }
  const { default: postgres } = await import('postgres');
  const client = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(text);
  } finally {
    await client.end();
  }
}

interface Ctx {
  target(): Promise<BackupTarget>;
  backups: string;
  /** A Database to check the service roles with (opened after the restore for PGlite). */
  serviceDb(): Promise<Database>;
}

function roundTrip(getCtx: () => Ctx) {
  it('backup → drop → restore gives the same content; other schemas untouched; the service works again', async () => {
    const { backups } = getCtx();
    const target = await getCtx().target();
    const before = await allChecksums(target);
    expect(before['venue_management.venue_profiles'].rows).toBe(78);

    const whole = await createBackup(target, { dir: backups });
    expect(whole.scope).toBe('database');
    expect(Object.keys(whole.schemas)).toEqual(expect.arrayContaining(['shared_data', 'venue_management', 'public']));
    const one = await createBackup(target, { schema: 'venue_management', dir: backups });
    expect(Object.keys(one.schemas)).toEqual(['venue_management']);
    expect(listBackups(backups)[0].directory).toBe(one.directory);

    // a bad deploy: rows lost and changed, a table dropped
    await exec(
      target,
      `delete from venue_management.venue_operational_hours where day_of_week = 0;
       update venue_management.venue_profiles set capacity = 1;
       drop table venue_management.venue_booking_conflicts;`,
    );
    expect((await schemaChecksum(target, 'venue_management'))['venue_management.venue_profiles']).not.toEqual(
      before['venue_management.venue_profiles'],
    );

    const result = await rollbackService(target, 'venue-management', { dir: backups });
    expect(result.verified).toBe(true);
    expect(result.schema).toBe('venue_management');
    expect(await allChecksums(target)).toEqual(before);

    const db = await getCtx().serviceDb();
    const found = await db
      .service('venue-management')
      .run((tx) => rows<{ n: string | number }>(tx, sql`select count(*) as n from venue_management.venue_profiles`));
    expect(Number(found[0].n)).toBe(78);
    // least privilege survives the restore: another service still cannot read it
    const denied = await db
      .service('team-availability')
      .run((tx) => rows(tx, sql`select 1 from venue_management.venue_profiles limit 1`))
      .then(
        () => 'allowed',
        (error: Error) => `${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`,
      );
    expect(denied).toMatch(/permission denied/);
  }, 240_000);

  it('refuses bad requests without dropping anything', async () => {
    const { backups } = getCtx();
    const target = await getCtx().target();
    const before = await allChecksums(target);
    await expect(createBackup(target, { schema: 'nope', dir: backups })).rejects.toThrow(/unknown schema 'nope'/);
    await expect(rollbackService(target, 'nope', { dir: backups })).rejects.toThrow(/unknown service 'nope'/);
    const empty = mkdtempSync(join(tmpdir(), 'flextime-nobackups-'));
    await expect(rollbackService(target, 'team-availability', { dir: empty })).rejects.toThrow(
      /no backup of schema 'team_availability'/,
    );
    await expect(rollbackService(target, 'team-availability', { file: join(empty, 'missing.sql') })).rejects.toThrow(
      /backup file not found/,
    );
    // a damaged backup file is detected by its manifest checksum
    const damaged = await createBackup(target, { schema: 'team_availability', dir: empty });
    writeFileSync(join(damaged.directory, 'team_availability.sql'), '-- PostgreSQL database dump\nDROP TABLE oops;\n');
    await expect(rollbackService(target, 'team-availability', { dir: empty })).rejects.toThrow(
      /does not match its manifest/,
    );
    // a dump that fails half-way rolls the whole thing back
    const broken = join(empty, 'broken.sql');
    writeFileSync(
      broken,
      '-- PostgreSQL database dump\nCREATE SCHEMA team_availability;\nSELECT no_such_function();\n',
    );
    await expect(rollbackService(target, 'team-availability', { file: broken })).rejects.toThrow(/nothing was changed/);
    rmSync(empty, { recursive: true, force: true });
    expect(await allChecksums(target)).toEqual(before);
  }, 240_000);
}

describe('backup and rollback (PGlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flextime-backup-'));
  const dataDir = join(dir, 'pgdata');
  const backups = join(dir, 'backups');
  let opened: Awaited<ReturnType<typeof openBackupTarget>> | null = null;
  let db: Database | null = null;

  beforeAll(async () => {
    const setup = await openDatabase({ dataDir });
    await applyMigrations(setup);
    await seed(setup);
    await setup.close();
  });
  afterAll(async () => {
    await opened?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  roundTrip(() => ({
    async target() {
      // the data dir is either open for backup/rollback or for the application, never both
      await db?.close();
      db = null;
      opened ??= await openBackupTarget({ FLEXTIME_DATA_DIR: dataDir });
      return opened.target;
    },
    backups,
    async serviceDb() {
      // PGlite is single-process: hand the data dir back to the application, as an operator would
      await opened!.close();
      opened = null;
      db = await openDatabase({ dataDir });
      return db;
    },
  }));

  it('the CLI answers bad arguments with one clear line and a non-zero exit, dropping nothing', async () => {
    await opened?.close();
    opened = null;
    await db?.close();
    db = null;
    const env: NodeJS.ProcessEnv = { ...process.env, FLEXTIME_DATA_DIR: dataDir, FLEXTIME_BACKUP_DIR: backups };
    env.LOG_LEVEL = 'silent';
    delete env.DATABASE_URL;
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'bin/flextime.ts', ...args], { env, encoding: 'utf8' });
    const cases: [string[], RegExp][] = [
      [['backup', '--schema', 'nope'], /unknown schema 'nope'/],
      [['rollback', '--service', 'nope'], /unknown service 'nope'/],
      [['rollback', '--service', 'team-availability', '--file', join(dir, 'missing.sql')], /backup file not found/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const ok = cli('backup', '--schema', 'constraint_validation');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(readdirSync(backups).length).toBeGreaterThanOrEqual(3);
    db = await openDatabase({ dataDir });
    const found = await db
      .service('team-availability')
      .run((tx) =>
        rows<{ n: string | number }>(tx, sql`select count(*) as n from team_availability.team_blackout_dates`),
      );
    expect(Number(found[0].n)).toBeGreaterThan(1000);
  }, 240_000);
});

describe.runIf(process.env.DATABASE_URL)('backup and rollback (Postgres, pg_dump)', () => {
  let t: TestDb;
  const backups = mkdtempSync(join(tmpdir(), 'flextime-pgbackup-'));
  beforeAll(async () => {
    t = await postgresTestDb('flextime_backup');
    await seed(t.db);
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(backups, { recursive: true, force: true });
  });
  roundTrip(() => ({
    target: async () => ({ kind: 'postgres', url: t.location }),
    backups,
    serviceDb: async () => t.db,
  }));
});
