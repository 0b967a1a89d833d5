// Test databases for the seeding and backup suites: a migrated PGlite (in memory, or in a data dir when the
// test needs to reopen it) or a fresh real-Postgres database (created and dropped on DATABASE_URL's server).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../db/index.ts';

const MIGRATIONS = new URL('../../db/migrations/', import.meta.url);

export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS)
    .filter((f) => /^\d{3}_.*\.sql$/.test(f))
    .sort();
}

/** Applies db/migrations/*.sql in order, as `psql -f` would. */
export async function applyMigrations(db: Database): Promise<void> {
  for (const file of migrationFiles()) {
    await db.execScript(readFileSync(new URL(file, MIGRATIONS), 'utf8'));
  }
}

export interface TestDb {
  db: Database;
  /** postgres: the database URL; pglite: the data dir ('memory://' or a temp dir). */
  location: string;
  kind: 'pglite' | 'postgres';
  dispose(): Promise<void>;
}

/** A migrated PGlite database; `onDisk` puts it in a temporary data dir so it can be closed and reopened. */
export async function pgliteTestDb(options: { onDisk?: boolean } = {}): Promise<TestDb> {
  const dir = options.onDisk ? mkdtempSync(join(tmpdir(), 'flextime-test-')) : null;
  const dataDir = dir ? join(dir, 'pgdata') : 'memory://';
  const db = await openDatabase({ dataDir });
  await applyMigrations(db);
  return {
    db,
    location: dataDir,
    kind: 'pglite',
    async dispose() {
      await db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * URL of another database on DATABASE_URL's server, reached directly (DIRECT_DATABASE_URL when DATABASE_URL goes
 * through PgBouncer): seeding, backups and restores are an operator's one-off work, never pooled.
 */
export function siblingUrl(name: string): string {
  const url = new URL(directBaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

function directBaseUrl(): string {
  return process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL!;
}

/** A fresh, migrated database on the real Postgres server of DATABASE_URL, dropped by dispose(). */
export async function postgresTestDb(prefix: string): Promise<TestDb> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(directBaseUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = siblingUrl(name);
  const db = await openDatabase({ url });
  await applyMigrations(db);
  return {
    db,
    location: url,
    kind: 'postgres',
    async dispose() {
      await db.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
