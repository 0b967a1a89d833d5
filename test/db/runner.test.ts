// The migration runner: checksum refusal naming the file, a failing migration rolled back and recorded,
// a runner SIGKILLed in the middle of a migration then rerun (every migration applied once, nothing lost or
// doubled), concurrent runners serialised by the advisory lock, and the `flextime migrate [status]` CLI.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, rows } from '../../db/index.ts';
import {
  loadMigrations,
  MIGRATIONS_DIR,
  MigrationChecksumError,
  MigrationFailedError,
  migrate,
  migrationStatus,
} from '../../db/migrate.ts';
import { runCli, spawnCli } from '../support/cli.ts';
import {
  createScratchDatabase,
  createTestDatabase,
  DB_KINDS,
  REAL_DATABASE_URL,
  scratchEnv,
  type TestDatabase,
} from '../support/db.ts';

function copyMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flextime-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function recorded(db: Database) {
  return db.admin((tx) =>
    rows<{ version: number; status: string; checksum: string | null }>(
      tx,
      sql`select version, status, checksum from public.schema_migrations order by version`,
    ),
  );
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

for (const kind of DB_KINDS) {
  describe(`migration runner (${kind})`, () => {
    let t: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      t = await createTestDatabase({ kind, migrate: false });
      dir = copyMigrations();
      tempDirs.push(dir);
    });
    afterAll(() => t?.dispose());

    it('applies every migration once and records version, name, checksum, time and status', async () => {
      expect((await migrationStatus(t.db, { dir })).every((r) => r.state === 'pending')).toBe(true);
      const result = await migrate(t.db, { dir });
      expect(result.applied).toEqual(loadMigrations(dir).map((m) => m.name));
      const rowsNow = await t.db.admin((tx) =>
        rows<{ version: number; name: string; checksum: string; execution_time_ms: number; status: string }>(
          tx,
          sql`select * from public.schema_migrations order by version`,
        ),
      );
      expect(rowsNow.map((r) => [r.version, r.name, r.status])).toEqual(
        loadMigrations(dir).map((m) => [m.version, m.name, 'applied']),
      );
      expect(rowsNow.map((r) => r.checksum)).toEqual(loadMigrations(dir).map((m) => m.checksum));
      expect(rowsNow.every((r) => Number(r.execution_time_ms) >= 0)).toBe(true);
    });

    it('refuses, naming the file, when an applied migration was edited', async () => {
      const file = join(dir, '003_migrate_venue_management_service.sql');
      const original = readFileSync(file, 'utf8');
      appendFileSync(file, '\n-- an innocent-looking edit\n');
      try {
        const error = await migrate(t.db, { dir }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationChecksumError);
        expect((error as Error).message).toContain('003_migrate_venue_management_service');
        const status = await migrationStatus(t.db, { dir });
        expect(status.find((s) => s.version === 3)?.state).toBe('changed');
      } finally {
        writeFileSync(file, original);
      }
      expect((await migrate(t.db, { dir })).applied).toEqual([]);
    });

    it('rolls a failing migration back, records it as failed, and applies it once fixed', async () => {
      const file = join(dir, '999_test_broken.sql');
      writeFileSync(file, 'BEGIN;\nCREATE TABLE schedule_generation.runner_probe (id int);\nSELECT 1 / 0;\nCOMMIT;\n');
      const error = await migrate(t.db, { dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationFailedError);
      expect((error as Error).message).toMatch(/999_test_broken.*division by zero/);
      const [probe] = await t.db.admin((tx) =>
        rows<{ r: string | null }>(tx, sql`select to_regclass('schedule_generation.runner_probe')::text as r`),
      );
      expect(probe.r).toBeNull();
      expect((await recorded(t.db)).find((r) => r.version === 999)?.status).toBe('failed');
      expect((await migrationStatus(t.db, { dir })).find((s) => s.version === 999)?.state).toBe('failed');

      writeFileSync(file, 'BEGIN;\nCREATE TABLE schedule_generation.runner_probe (id int);\nCOMMIT;\n');
      expect((await migrate(t.db, { dir })).applied).toEqual(['999_test_broken']);
      expect((await recorded(t.db)).find((r) => r.version === 999)?.status).toBe('applied');
      rmSync(file);
    });

    it('a script failing inside its own BEGIN leaves no aborted transaction behind', async () => {
      for (let i = 0; i < 3; i++) {
        await expect(t.db.execScript('BEGIN; SELECT 1 / 0; COMMIT;')).rejects.toThrow(/division by zero/);
      }
      for (let i = 0; i < 12; i++) await t.db.execScript('SELECT 1;');
      expect(await t.db.ping()).toBe(true);
    });

    it('applies a file without its own BEGIN/COMMIT in one transaction too', async () => {
      const file = join(dir, '998_test_bare.sql');
      writeFileSync(file, 'CREATE TABLE schedule_generation.runner_bare (id int);\n');
      expect((await migrate(t.db, { dir })).applied).toEqual(['998_test_bare']);
      rmSync(file);
      const status = await migrationStatus(t.db, { dir });
      expect(status.filter((s) => s.state === 'file-missing').map((s) => s.version)).toEqual([998, 999]);
    });
  });
}

/** Starts `flextime migrate` with 003 slowed down, kills it (SIGKILL) inside 003, and returns. */
async function killDuringMigration003(env: Record<string, string>): Promise<void> {
  const slowDir = copyMigrations();
  tempDirs.push(slowDir);
  const file = join(slowDir, '003_migrate_venue_management_service.sql');
  const text = readFileSync(file, 'utf8');
  const at = text.lastIndexOf('\nCOMMIT;');
  writeFileSync(file, `${text.slice(0, at)}\nSELECT pg_sleep(20);${text.slice(at)}`);

  const child = spawnCli(['migrate', '--dir', slowDir], env);
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runner never reached 003:\n${out}\n${err}`)), 120_000);
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes('applying migration 003_migrate_venue_management_service')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`runner exited early:\n${out}\n${err}`)));
  });
  // Give 003's statements time to start executing, then kill the runner outright.
  await new Promise((r) => setTimeout(r, 1500));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function expectCompleteAfterRerun(db: Database) {
  const result = await migrate(db);
  // Killed during 003: 003 and everything after it.
  expect(result.applied).toEqual(
    loadMigrations()
      .slice(2)
      .map((m) => m.name),
  );
  expect((await recorded(db)).map((r) => [r.version, r.status])).toEqual(
    loadMigrations().map((m) => [m.version, 'applied']),
  );
  const [counts] = await db.admin((tx) =>
    rows<{ categories: number; venues: number; health: number }>(
      tx,
      sql`select (select count(*) from constraint_validation.constraint_categories)::int as categories,
                 (select count(*) from venue_management.venue_profiles)::int as venues,
                 (select count(*) from public.microservice_health where status = 'healthy')::int as health`,
    ),
  );
  expect(counts).toEqual({ categories: 6, venues: 18, health: 4 });
}

describe('a runner killed in the middle of a migration (pglite)', () => {
  const root = mkdtempSync(join(tmpdir(), 'flextime-kill-'));
  tempDirs.push(root);
  const dataDir = join(root, 'pgdata');
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
  });

  it('is completed by a rerun: every migration applied once, nothing lost or doubled', async () => {
    // The monolith first, so the rerun has rows to copy (and to not double).
    const setup = await openDatabase({ dataDir });
    await setup.execScript(readFileSync(new URL('../../db/legacy/monolith.sql', import.meta.url), 'utf8'));
    await setup.close();

    await killDuringMigration003({ FLEXTIME_DATA_DIR: dataDir, DATABASE_URL: '' });
    // The dead runner's lock file is stale: the next open takes it over.
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
    db = await openDatabase({ dataDir });
    expect((await recorded(db)).map((r) => r.version)).toEqual([1, 2]);
    await expectCompleteAfterRerun(db);
  }, 240_000);
});

describe.runIf(REAL_DATABASE_URL)('a runner killed in the middle of a migration (postgres)', () => {
  it('is completed by a rerun: every migration applied once, nothing lost or doubled', async () => {
    const scratch = await createScratchDatabase('flextime_kill');
    const db = await openDatabase({ url: scratch.url });
    try {
      await db.execScript(readFileSync(new URL('../../db/legacy/monolith.sql', import.meta.url), 'utf8'));
      await killDuringMigration003(scratchEnv(scratch));
      // The server notices the dead client (client_connection_check_interval) and rolls 003 back; the rerun
      // waits for the dead session's advisory lock if it is still held.
      await expectCompleteAfterRerun(db);
    } finally {
      await db.close();
      await scratch.drop();
    }
  }, 240_000);

  it('serialises concurrent runners with the advisory lock', async () => {
    const scratch = await createScratchDatabase('flextime_lock');
    const a = await openDatabase({ url: scratch.url });
    const b = await openDatabase({ url: scratch.url });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      expect([...ra.applied, ...rb.applied].sort()).toEqual(loadMigrations().map((m) => m.name));
      expect((await recorded(a)).length).toBe(loadMigrations().length);
    } finally {
      await a.close();
      await b.close();
      await scratch.drop();
    }
  });
});

describe('flextime migrate (CLI, pglite)', () => {
  const root = mkdtempSync(join(tmpdir(), 'flextime-cli-'));
  tempDirs.push(root);
  const env = { FLEXTIME_DATA_DIR: join(root, 'pgdata'), DATABASE_URL: '' };

  it('migrates, then reports up to date, and prints a status table', { timeout: 180_000 }, async () => {
    const first = await runCli(['migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`applied ${loadMigrations().length} migration(s)`);
    const status = await runCli(['migrate', 'status'], env);
    expect(status.code).toBe(0);
    const lines = status.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^version\s+name\s+state\s+executed_at\s+ms\s+checksum$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/).slice(0, 3))).toEqual(
      loadMigrations().map((m) => [String(m.version).padStart(3, '0'), m.name, 'applied']),
    );
    const verify = await runCli(['migrate', 'verify'], env);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/team-availability\s+healthy\s+applied/);
    expect(verify.stdout).toMatch(/schedule_generation\s+team_double_booked\s+ok/);
    expect(verify.stdout.trim().split('\n').at(-1)).toBe('verification passed');
  });

  it('refuses to open a data directory another live process is using', async () => {
    const db = await openDatabase({ dataDir: env.FLEXTIME_DATA_DIR });
    try {
      const busy = await runCli(['migrate', 'status'], env);
      expect(busy.code).toBe(1);
      const lines = busy.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`already in use by process ${process.pid}`);
    } finally {
      await db.close();
    }
  });
});
