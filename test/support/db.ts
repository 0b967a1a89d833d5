// Shared test helpers for databases: a migrated embedded PGlite (in memory, or in a temp data dir) or a fresh
// database on the real PostgreSQL server named by DATABASE_URL (created here and dropped by dispose()).
//
//   for (const kind of DB_KINDS) describe(`… (${kind})`, () => { let t: TestDatabase;
//     beforeAll(async () => { t = await createTestDatabase({ kind }); }); afterAll(() => t.dispose()); … });
//
// DB_KINDS is ['pglite'] always, plus 'postgres' when DATABASE_URL is set; FLEXTIME_TEST_DB_KINDS=postgres keeps only
// the second (CI's pass through PgBouncer). With FLEXTIME_DB_POOLING=transaction, DATABASE_URL names PgBouncer and
// DIRECT_DATABASE_URL the server itself: test databases are created there, migrated there, and served through
// PgBouncer (`url`); scratch databases (createScratchDatabase: the migration runner's and psql's tests) stay direct.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { type Database, type DbPooling, type OpenOptions, openDatabase, poolingFromEnv } from '../../db/index.ts';
import { loadMigrations, migrate } from '../../db/migrate.ts';

export type DbKind = 'pglite' | 'postgres';
export const REAL_DATABASE_URL = process.env.DATABASE_URL || undefined;
/** The pooling mode of the Postgres test databases (FLEXTIME_DB_POOLING). */
export const DB_POOLING = poolingFromEnv(process.env.FLEXTIME_DB_POOLING);
/**
 * Pooling modes a suite that opens its own Postgres Database runs under: both on a direct server (the transaction mode
 * works without PgBouncer too), only 'transaction' when DATABASE_URL is PgBouncer in transaction mode.
 */
export const POOLING_VARIANTS: readonly DbPooling[] =
  DB_POOLING === 'transaction' ? ['transaction'] : ['session', 'transaction'];
/** The server itself: DIRECT_DATABASE_URL when DATABASE_URL goes through PgBouncer. */
export const DIRECT_BASE_URL = process.env.DIRECT_DATABASE_URL || REAL_DATABASE_URL;
const ONLY_KINDS = process.env.FLEXTIME_TEST_DB_KINDS?.split(',').map((k) => k.trim());
export const DB_KINDS: readonly DbKind[] = (
  REAL_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const)
).filter((kind) => !ONLY_KINDS || ONLY_KINDS.includes(kind));

export const MONOLITH_SQL = new URL('../../db/legacy/monolith.sql', import.meta.url);
export const MIGRATIONS_DIR_URL = new URL('../../db/migrations/', import.meta.url);

export interface TestDatabase {
  db: Database;
  kind: DbKind;
  /** postgres: the database's URL (superuser, as DATABASE_URL: through PgBouncer in transaction pooling). */
  url?: string;
  /** postgres: the same database without PgBouncer (equal to `url` in session pooling). */
  directUrl?: string;
  /** postgres: the database's name. */
  name?: string;
  /** pglite: the data dir ('memory://' or a temp dir). */
  dataDir?: string;
  dispose(): Promise<void>;
}

export interface TestDatabaseOptions {
  kind?: DbKind;
  /** Apply db/migrations with the runner (default true). */
  migrate?: boolean;
  /** Load db/legacy/monolith.sql before migrating. */
  monolith?: boolean;
  /** pglite: use a temp data dir instead of memory (so a test can close and reopen it). */
  onDisk?: boolean;
  /** postgres: database name prefix. */
  prefix?: string;
  onQuery?: OpenOptions['onQuery'];
  serviceUrls?: OpenOptions['serviceUrls'];
}

/** The URL of another database on DATABASE_URL's server. */
export function siblingUrl(name: string, base: string = REAL_DATABASE_URL ?? ''): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

let counter = 0;
/**
 * A fresh empty database on DATABASE_URL's server (nothing applied), dropped by drop(). `url` reaches it directly,
 * `pooledUrl` as DATABASE_URL does (through PgBouncer in transaction pooling).
 */
export async function createScratchDatabase(prefix = 'flextime_test'): Promise<{
  name: string;
  url: string;
  pooledUrl: string;
  drop(): Promise<void>;
}> {
  if (!REAL_DATABASE_URL || !DIRECT_BASE_URL) throw new Error('createScratchDatabase needs DATABASE_URL');
  const direct = DIRECT_BASE_URL;
  const name = `${prefix}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 7)}`.toLowerCase();
  const admin = postgres(direct, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: siblingUrl(name, direct),
    pooledUrl: siblingUrl(name),
    async drop() {
      const a = postgres(direct, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** openDatabase() options of the test databases' pooling mode; `directUrl` is the database without PgBouncer. */
export function poolingOptions(
  directUrl: string | undefined,
  pooling: DbPooling = DB_POOLING,
): Pick<OpenOptions, 'pooling' | 'directUrl'> {
  return { pooling, directUrl };
}

/** The environment a CLI child process needs to open test database `t` as the tests do. */
export function databaseEnv(t: Pick<TestDatabase, 'url' | 'directUrl'>): Record<string, string> {
  return { DATABASE_URL: t.url ?? '', DIRECT_DATABASE_URL: t.directUrl ?? '', FLEXTIME_DB_POOLING: DB_POOLING };
}

/** The environment of a CLI child process on a scratch database (createScratchDatabase's `url`: the server itself). */
export function scratchEnv(scratch: { url: string }): Record<string, string> {
  return { DATABASE_URL: scratch.url, DIRECT_DATABASE_URL: '', FLEXTIME_DB_POOLING: 'session' };
}

export function monolithSql(): string {
  return readFileSync(MONOLITH_SQL, 'utf8');
}

/**
 * A migrated PGlite data directory as a tarball, built once per set of migration files and PGlite version and
 * kept in the OS temp dir, so each test database starts from it instead of initdb + five migrations.
 */
let templatePromise: Promise<Blob> | null = null;
export function migratedTemplate(): Promise<Blob> {
  templatePromise ??= (async () => {
    const pgliteVersion = JSON.parse(
      readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
    ).version as string;
    const key = createHash('sha256')
      .update(pgliteVersion)
      .update(
        loadMigrations()
          .map((m) => m.checksum)
          .join(','),
      )
      .digest('hex')
      .slice(0, 16);
    const file = join(tmpdir(), `flextime-pglite-template-${key}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrate(db);
      const blob = await db.dumpDataDir!();
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
      renameSync(tmp, file); // atomic: concurrent test workers never read half a file
      return blob;
    } finally {
      await db.close();
    }
  })();
  return templatePromise;
}

/** A database for a test: migrated by default, optionally holding the legacy monolith first. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const kind = options.kind ?? 'pglite';
  let db: Database;
  let result: Omit<TestDatabase, 'db' | 'dispose'>;
  let cleanup: () => Promise<void>;
  if (kind === 'postgres') {
    const scratch = await createScratchDatabase(options.prefix);
    try {
      db = await openDatabase({
        url: scratch.pooledUrl,
        ...poolingOptions(scratch.url),
        onQuery: options.onQuery,
        serviceUrls: options.serviceUrls,
      });
    } catch (error) {
      await scratch.drop();
      throw error;
    }
    result = { kind, url: scratch.pooledUrl, directUrl: scratch.url, name: scratch.name };
    cleanup = () => scratch.drop();
  } else {
    const dir = options.onDisk ? mkdtempSync(join(tmpdir(), 'flextime-test-')) : null;
    const dataDir = dir ? join(dir, 'pgdata') : 'memory://';
    const fromTemplate = !dir && !options.monolith && options.migrate !== false;
    db = await openDatabase({
      dataDir,
      onQuery: options.onQuery,
      loadDataDir: fromTemplate ? await migratedTemplate() : undefined,
    });
    result = { kind, dataDir };
    cleanup = async () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    if (options.monolith) await db.execScript(monolithSql());
    if (options.migrate !== false) await migrate(db);
  } catch (error) {
    await db.close();
    await cleanup();
    throw error;
  }
  let disposed = false;
  return {
    ...result,
    db,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await db.close();
      await cleanup();
    },
  };
}
