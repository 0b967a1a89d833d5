// The migration runner: applies db/migrations/NNN_name.sql in order under a session advisory lock, one
// transaction per file, recording each in public.schema_migrations (version, name, checksum, executed_at,
// execution_time_ms, status) inside that same transaction. It refuses to run when an applied file's
// checksum changed. The files are plain SQL with their own BEGIN/COMMIT (so `psql -f` works too): the
// runner inserts its bookkeeping just before the file's final COMMIT. A runner killed half-way leaves the
// open transaction to be rolled back by the server, so a rerun applies exactly what is missing.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdminSession, Database } from './index.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** pg_advisory_lock key shared by every FlexTime migrator ('FlexMigr'). */
export const MIGRATION_LOCK_KEY = 4_641_372_983_526_015_090n;

export interface MigrationFile {
  version: number;
  /** File name without .sql, e.g. '002_migrate_team_availability_service'. */
  name: string;
  path: string;
  sql: string;
  /** sha256 of the file (line endings normalised). */
  checksum: string;
}

export interface MigrateLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface MigrateOptions {
  /** Directory of NNN_name.sql files (default: db/migrations). */
  dir?: string;
  log?: MigrateLogger;
  /**
   * Apply 002–005 without their copy of the monolith's rows: the legacy tables they read are renamed for the file's
   * transaction (so its `to_regclass('public.…')` guards find none) and renamed back before its COMMIT. The rows then
   * come through the live migration's loader (`live start`: set-based batches, indexes built and keys validated once).
   * The files are not changed, so their checksums and the schema they make are the same.
   */
  withoutCopy?: boolean;
}

/** The legacy tables 002–005 copy from (hidden from them by withoutCopy). */
const COPIED_LEGACY_TABLES = [
  'team_profiles',
  'team_blackouts',
  'team_preferences',
  'team_travel',
  'venues',
  'venue_hours',
  'venue_unavailability',
  'constraints',
  'schedules',
  'games',
];
const COPYING_VERSIONS = new Set([2, 3, 4, 5]);
const HIDDEN_SUFFIX = '__hidden_by_migrate';
const renameLegacy = (from: string, to: string) => `DO $hide$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[${COPIED_LEGACY_TABLES.map((t) => quote(t)).join(', ')}] LOOP
    IF to_regclass(format('public.%I', t${from ? ` || ${quote(from)}` : ''})) IS NOT NULL THEN
      EXECUTE format('ALTER TABLE public.%I RENAME TO %I', t${from ? ` || ${quote(from)}` : ''}, t${to ? ` || ${quote(to)}` : ''});
    END IF;
  END LOOP;
END
$hide$;
`;

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export type MigrationState = 'applied' | 'pending' | 'failed' | 'changed' | 'file-missing';

export interface MigrationStatusRow {
  version: number;
  name: string;
  state: MigrationState;
  checksum: string | null;
  executedAt: string | null;
  executionTimeMs: number | null;
}

export class MigrationChecksumError extends Error {
  override name = 'MigrationChecksumError';
}
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
}

const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS public.schema_migrations (
  version integer PRIMARY KEY,
  name varchar(200) NOT NULL,
  checksum varchar(64),
  executed_at timestamptz NOT NULL DEFAULT now(),
  execution_time_ms integer,
  status varchar(20) NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'failed', 'rolled_back'))
)`;

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** The migration files of a directory, in version order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d+_[A-Za-z0-9_]+\.sql$/.test(f))
    .sort();
  const seen = new Map<number, string>();
  return files.map((file) => {
    const version = Number.parseInt(file, 10);
    const other = seen.get(version);
    if (other) throw new Error(`two migrations share version ${version}: ${other} and ${file}`);
    seen.set(version, file);
    const path = join(dir, file);
    const sql = readFileSync(path, 'utf8');
    return { version, name: file.replace(/\.sql$/, ''), path, sql, checksum: checksumOf(sql) };
  });
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string | null;
  executed_at: string | Date | null;
  execution_time_ms: number | null;
  status: string;
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The file's SQL with the runner's bookkeeping placed inside its own transaction (and the legacy tables hidden). */
export function withBookkeeping(m: MigrationFile, options: { withoutCopy?: boolean } = {}): string {
  const hide = options.withoutCopy && COPYING_VERSIONS.has(m.version);
  const sql = hide
    ? m.sql.replace(/^[ \t]*BEGIN[ \t]*;/im, (begin) => `${begin}\n${renameLegacy('', HIDDEN_SUFFIX)}`)
    : m.sql;
  const unhide = hide ? renameLegacy(HIDDEN_SUFFIX, '') : '';
  const record =
    unhide +
    'INSERT INTO public.schema_migrations (version, name, checksum, executed_at, execution_time_ms, status)\n' +
    `VALUES (${m.version}, ${quote(m.name)}, ${quote(m.checksum)}, now(), ` +
    `(extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')\n` +
    'ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, ' +
    'executed_at = EXCLUDED.executed_at, execution_time_ms = EXCLUDED.execution_time_ms, status = EXCLUDED.status;\n';
  // The last COMMIT that is a statement of its own (not inside a comment).
  const commits = [...sql.matchAll(/^[ \t]*COMMIT[ \t]*;/gim)];
  const last = commits.at(-1);
  if (last?.index !== undefined && /^[ \t]*BEGIN[ \t]*;/im.test(sql)) {
    return `${sql.slice(0, last.index)}${record}${sql.slice(last.index)}`;
  }
  return `BEGIN;\n${hide ? renameLegacy('', HIDDEN_SUFFIX) : ''}${sql}\n;\n${record}COMMIT;\n`;
}

async function readApplied(s: AdminSession): Promise<Map<number, AppliedRow>> {
  const rows = await s.query<AppliedRow>(
    'SELECT version, name, checksum, executed_at, execution_time_ms, status FROM public.schema_migrations ORDER BY version',
  );
  return new Map(rows.map((r) => [Number(r.version), r]));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const e = error as Error & { position?: string; where?: string };
    return e.message + (e.where ? ` (${e.where.split('\n')[0]})` : '');
  }
  return String(error);
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Refuses (throws) when an applied migration's file changed; adopts checksums of files applied by psql. */
async function verifyApplied(
  s: AdminSession,
  files: MigrationFile[],
  applied: Map<number, AppliedRow>,
  log?: MigrateLogger,
): Promise<void> {
  for (const m of files) {
    const row = applied.get(m.version);
    if (row?.status !== 'applied') continue;
    if (row.checksum === null) {
      // Applied by an operator with psql -f: record what the file looks like now.
      await s.query('UPDATE public.schema_migrations SET checksum = $1 WHERE version = $2 AND checksum IS NULL', [
        m.checksum,
        m.version,
      ]);
      log?.info(
        { version: m.version, migration: m.name },
        'recorded checksum of a migration applied outside the runner',
      );
      continue;
    }
    if (row.checksum !== m.checksum) {
      throw new MigrationChecksumError(
        `migration ${m.name} (${displayPath(m.path)}) was changed after it was applied ` +
          `(checksum ${m.checksum.slice(0, 12)}…, recorded ${row.checksum.slice(0, 12)}…); ` +
          'refusing to run: restore the file and add a new migration instead',
      );
    }
  }
  const known = new Set(files.map((f) => f.version));
  for (const [version, row] of applied) {
    if (!known.has(version)) log?.warn({ version, migration: row.name }, 'applied migration has no file');
  }
}

/** Applies every pending migration. Safe to run concurrently (advisory lock) and after a crash. */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const files = loadMigrations(options.dir);
  const log = options.log;
  return db.session(async (s) => {
    const [{ locked }] = await s.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      MIGRATION_LOCK_KEY.toString(),
    ]);
    if (!locked) {
      log?.info({}, 'another migrator holds the lock; waiting');
      await s.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
    }
    try {
      // Real Postgres: notice a killed runner within a second and roll its migration back, instead of running
      // the rest of the already-sent script to completion (PGlite has no client socket: ignore the error).
      await s.exec("SET client_connection_check_interval = '1s'").catch(() => {});
      await s.exec(`SET client_min_messages = warning; ${SCHEMA_MIGRATIONS_DDL};`);
      const applied = await readApplied(s);
      await verifyApplied(s, files, applied, log);
      const done: string[] = [];
      let alreadyApplied = 0;
      for (const m of files) {
        if (applied.get(m.version)?.status === 'applied') {
          alreadyApplied++;
          continue;
        }
        log?.info({ version: m.version, migration: m.name }, `applying migration ${m.name}`);
        const started = performance.now();
        try {
          await s.exec(withBookkeeping(m, { withoutCopy: options.withoutCopy }));
        } catch (error) {
          await s.exec('ROLLBACK').catch(() => {});
          await s
            .query(
              `INSERT INTO public.schema_migrations (version, name, checksum, execution_time_ms, status)
               VALUES ($1, $2, $3, $4, 'failed')
               ON CONFLICT (version) DO UPDATE SET checksum = EXCLUDED.checksum, executed_at = now(),
                 execution_time_ms = EXCLUDED.execution_time_ms, status = 'failed'
               WHERE public.schema_migrations.status <> 'applied'`,
              [m.version, m.name, m.checksum, Math.round(performance.now() - started)],
            )
            .catch(() => {});
          throw new MigrationFailedError(`migration ${m.name} failed and was rolled back: ${describe(error)}`);
        }
        const ms = Math.round(performance.now() - started);
        log?.info({ version: m.version, migration: m.name, ms }, `applied migration ${m.name} in ${ms} ms`);
        done.push(m.name);
      }
      await s.exec('RESET client_min_messages').catch(() => {});
      await s.exec('RESET client_connection_check_interval').catch(() => {});
      return { applied: done, alreadyApplied };
    } finally {
      await s.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]).catch(() => {});
    }
  });
}

/** Every migration file and every recorded migration, with its state. */
export async function migrationStatus(db: Database, options: { dir?: string } = {}): Promise<MigrationStatusRow[]> {
  const files = loadMigrations(options.dir);
  return db.session(async (s) => {
    const [{ exists }] = await s.query<{ exists: boolean }>(
      "SELECT to_regclass('public.schema_migrations') IS NOT NULL AS exists",
    );
    const applied = exists ? await readApplied(s) : new Map<number, AppliedRow>();
    const out: MigrationStatusRow[] = [];
    for (const m of files) {
      const row = applied.get(m.version);
      let state: MigrationState = 'pending';
      if (row?.status === 'applied') state = row.checksum && row.checksum !== m.checksum ? 'changed' : 'applied';
      else if (row?.status === 'failed') state = 'failed';
      out.push({
        version: m.version,
        name: m.name,
        state,
        checksum: row?.checksum ?? null,
        executedAt: row?.executed_at ? new Date(row.executed_at).toISOString() : null,
        executionTimeMs: row?.execution_time_ms ?? null,
      });
    }
    for (const [version, row] of applied) {
      if (files.some((f) => f.version === version)) continue;
      out.push({
        version,
        name: row.name,
        state: 'file-missing',
        checksum: row.checksum,
        executedAt: row.executed_at ? new Date(row.executed_at).toISOString() : null,
        executionTimeMs: row.execution_time_ms,
      });
    }
    return out.sort((a, b) => a.version - b.version);
  });
}

/** Renders migrationStatus() as a fixed-width table. */
export function formatStatusTable(rows: MigrationStatusRow[]): string {
  const header = ['version', 'name', 'state', 'executed_at', 'ms', 'checksum'];
  const body = rows.map((r) => [
    String(r.version).padStart(3, '0'),
    r.name,
    r.state,
    r.executedAt ?? '-',
    r.executionTimeMs === null ? '-' : String(r.executionTimeMs),
    r.checksum ? r.checksum.slice(0, 12) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
