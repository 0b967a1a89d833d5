// Backup, restore and partial rollback, per schema, as the migration guide describes.
//
// A backup is a directory `<backups>/<UTC timestamp>-<label>/` holding one plain-SQL dump per schema
// (`<schema>.sql`) and `manifest.json` (when, which database kind, and per schema: the file, its sha256 and
// a checksum of every table's content). A whole-database backup dumps every FlexTime schema that way (so
// any one service can later be rolled back from it) plus `database.sql`, the complete dump.
//   - real PostgreSQL: `pg_dump -n <schema>` (the PostgreSQL client tools must be installed), restored with
//     `psql --single-transaction`;
//   - embedded PGlite: the same pg_dump compiled to WASM (@electric-sql/pglite-tools), restored in one
//     transaction on the PGlite instance.
// Rolling a service back drops its schema and restores it from its latest backup in ONE transaction: if
// anything fails, nothing was dropped. Afterwards the restored content is checked against the manifest's
// checksums. Ownership and grants are part of the dump, so the service's role can use its schema again.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import postgres from 'postgres';
import {
  acquireDataDirLock,
  directUrlFromEnv,
  embeddedDatabaseExists,
  redactUrl,
  SERVICES,
  type ServiceName,
  schemaOf,
} from '../index.ts';

const run = promisify(execFile);

/** Every schema FlexTime owns, in restore order. */
export const APP_SCHEMAS = [
  'public',
  'shared_data',
  'team_availability',
  'venue_management',
  'constraint_validation',
  'schedule_generation',
] as const;

/** Relations that change because a rollback happened (the DDL audit log records the drop and the restore). */
export const AUDIT_TABLES = ['public.schema_audit_log', 'public.schema_audit_log_audit_id_seq'];

export interface Log {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}
const quiet: Log = { info() {}, warn() {} };

/** Where a backup is taken from / restored to. */
export type BackupTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; client: PGlite };

export interface TableChecksum {
  rows: number;
  md5: string;
}
/** 'schema.table' → content checksum (tables, materialized views, sequences). */
export type SchemaChecksum = Record<string, TableChecksum>;

export interface BackupManifest {
  version: 1;
  createdAt: string;
  kind: 'postgres' | 'pglite';
  /** 'database' (whole database) or 'schema' (one schema). */
  scope: 'database' | 'schema';
  directory: string;
  schemas: Record<string, { file: string; sha256: string; bytes: number; checksum: SchemaChecksum }>;
  /** The complete dump, for a whole-database backup. */
  databaseFile?: string;
}

/** The backup directory: FLEXTIME_BACKUP_DIR, else `.flextime/backups` (outside git). */
export function defaultBackupDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.FLEXTIME_BACKUP_DIR || '.flextime/backups');
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

// ---------------------------------------------------------------------------------------------
// Querying either target

type Row = Record<string, unknown>;
type Run = (text: string) => Promise<Row[]>;

/** Runs fn with one session on the target (one connection on Postgres, the instance on PGlite). */
async function withSession<T>(target: BackupTarget, fn: (run: Run) => Promise<T>): Promise<T> {
  if (target.kind === 'pglite') {
    const client = target.client;
    return fn(async (text) => (await client.query<Row>(text)).rows);
  }
  const sql = postgres(target.url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn(async (text) => (await sql.unsafe(text)) as unknown as Row[]);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function query(target: BackupTarget, text: string): Promise<Row[]> {
  return withSession(target, (run) => run(text));
}

/** The schemas that exist in the database. */
export async function existingSchemas(target: BackupTarget): Promise<string[]> {
  const found = await query(
    target,
    `select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' order by 1`,
  );
  return found.map((r) => String(r.nspname));
}

/** Fails with one clear line unless `schema` is one of FlexTime's schemas and exists. */
export async function assertKnownSchema(target: BackupTarget, schema: string): Promise<void> {
  if (!(APP_SCHEMAS as readonly string[]).includes(schema)) {
    throw new Error(`unknown schema '${schema}' (known: ${APP_SCHEMAS.join(', ')})`);
  }
  const present = await existingSchemas(target);
  if (!present.includes(schema))
    throw new Error(`schema '${schema}' does not exist in the database (run migrate first)`);
}

/** The service for a name, or a clear error listing the services. */
export function parseService(name: string): ServiceName {
  if ((SERVICES as readonly string[]).includes(name)) return name as ServiceName;
  const bySchema = SERVICES.find((s) => schemaOf(s) === name);
  if (bySchema) return bySchema;
  throw new Error(`unknown service '${name}' (known: ${SERVICES.join(', ')})`);
}

/**
 * Content checksum of every table, materialized view and sequence of a schema: row count and the md5 of
 * the sorted md5s of the rows' text (order-independent, so a restore that reloads rows in another order
 * still compares equal).
 */
export function schemaChecksum(target: BackupTarget, schema: string): Promise<SchemaChecksum> {
  return withSession(target, (run) => checksumWith(run, schema));
}

async function checksumWith(run: Run, schema: string): Promise<SchemaChecksum> {
  const relations = await run(
    `select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ${quoteLiteral(schema)} and c.relkind in ('r', 'p', 'm', 'S') order by c.relname`,
  );
  const result: SchemaChecksum = {};
  for (const rel of relations) {
    const name = `${quoteIdent(schema)}.${quoteIdent(String(rel.relname))}`;
    const body =
      rel.relkind === 'S'
        ? `select 1 as n, md5(last_value::text || ':' || is_called::text) as h from ${name}`
        : `select count(*) as n, coalesce(md5(string_agg(r.h, '' order by r.h)), '') as h
           from (select md5(t::text) as h from ${name} t) r`;
    const [row] = await run(body);
    result[`${schema}.${String(rel.relname)}`] = { rows: Number(row.n), md5: String(row.h) };
  }
  return result;
}

/**
 * The checksum and the dump of one schema, from the same snapshot: on Postgres the checksum is computed in a
 * REPEATABLE READ transaction whose snapshot pg_dump reuses (--snapshot), so concurrent writes cannot make
 * the two disagree. PGlite is one session: nothing else writes in between.
 */
async function checksumAndDump(target: BackupTarget, schema: string, file: string): Promise<SchemaChecksum> {
  if (target.kind === 'pglite') {
    const checksum = await schemaChecksum(target, schema);
    await dump(target, schema, file);
    return checksum;
  }
  return withSession(target, async (run) => {
    await run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const [{ snapshot }] = await run('select pg_export_snapshot() as snapshot');
      const checksum = await checksumWith(run, schema);
      await dumpPostgres(target.url, ['--schema', schema, '--snapshot', String(snapshot)], file);
      return checksum;
    } finally {
      await run('COMMIT').catch(() => {});
    }
  });
}

/** Objects outside `schema` that depend on it (a DROP SCHEMA … CASCADE would take them along). */
export async function externalDependents(target: BackupTarget, schema: string): Promise<string[]> {
  const found = await query(
    target,
    `select distinct pg_describe_object(d.classid, d.objid, d.objsubid) as what
     from pg_depend d
     join pg_class ref on d.refclassid = 'pg_class'::regclass and ref.oid = d.refobjid
     join pg_namespace refns on refns.oid = ref.relnamespace and refns.nspname = ${quoteLiteral(schema)}
     left join pg_rewrite rw on d.classid = 'pg_rewrite'::regclass and rw.oid = d.objid
     left join pg_class dep on dep.oid = coalesce(rw.ev_class, case when d.classid = 'pg_class'::regclass then d.objid end)
     left join pg_constraint con on d.classid = 'pg_constraint'::regclass and con.oid = d.objid
     left join pg_class conrel on conrel.oid = con.conrelid
     left join pg_namespace depns on depns.oid = coalesce(dep.relnamespace, conrel.relnamespace)
     where d.deptype = 'n' and depns.nspname is not null and depns.nspname <> ${quoteLiteral(schema)}
     order by 1`,
  );
  return found.map((r) => String(r.what));
}

// ---------------------------------------------------------------------------------------------
// Dump

async function dumpPostgres(url: string, args: string[], file: string): Promise<void> {
  try {
    await run('pg_dump', ['--dbname', url, '--no-password', '--format', 'plain', '--file', file, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(
        'pg_dump not found: install the PostgreSQL client tools (e.g. apt-get install postgresql-client)',
      );
    }
    const detail = (e.stderr ?? e.message).trim().split('\n').pop();
    throw new Error(`pg_dump failed for ${redactUrl(url)}: ${detail}`);
  }
}

async function dumpPglite(client: PGlite, args: string[], file: string): Promise<void> {
  try {
    const dump = await pgDump({ pg: client, args });
    writeFileSync(file, await dump.text());
  } finally {
    // pg_dump (WASM) runs in PGlite's only session: it leaves its read-only snapshot transaction open and
    // its session settings (search_path, row_security, …) changed. Put the session back.
    await client.exec('ROLLBACK; RESET ALL;').catch(() => {});
  }
}

async function dump(target: BackupTarget, schema: string | null, file: string): Promise<void> {
  const args = schema === null ? [] : ['--schema', schema];
  if (target.kind === 'postgres') await dumpPostgres(target.url, args, file);
  else await dumpPglite(target.client, args, file);
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replaceAll(':', '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * Takes a backup: one schema (`schema`) or the whole database (every FlexTime schema, one file each, plus
 * the complete dump). Returns its manifest (also written to `<directory>/manifest.json`).
 */
export async function createBackup(
  target: BackupTarget,
  options: { schema?: string; dir?: string; log?: Log } = {},
): Promise<BackupManifest> {
  const log = options.log ?? quiet;
  const root = options.dir ?? defaultBackupDir();
  let schemas: string[];
  if (options.schema !== undefined) {
    await assertKnownSchema(target, options.schema);
    schemas = [options.schema];
  } else {
    const present = await existingSchemas(target);
    schemas = APP_SCHEMAS.filter((s) => present.includes(s));
  }
  const createdAt = new Date();
  let directory = join(root, `${stamp(createdAt)}-${options.schema ?? 'database'}`);
  for (let i = 2; existsSync(directory); i++)
    directory = join(root, `${stamp(createdAt)}-${options.schema ?? 'database'}-${i}`);
  mkdirSync(directory, { recursive: true });
  const manifest: BackupManifest = {
    version: 1,
    createdAt: createdAt.toISOString(),
    kind: target.kind,
    scope: options.schema === undefined ? 'database' : 'schema',
    directory,
    schemas: {},
  };
  for (const schema of schemas) {
    const started = performance.now();
    const file = join(directory, `${schema}.sql`);
    const checksum = await checksumAndDump(target, schema, file);
    const bytes = readFileSync(file).byteLength;
    manifest.schemas[schema] = { file: `${schema}.sql`, sha256: sha256(file), bytes, checksum };
    log.info(
      { schema, file, bytes, tables: Object.keys(checksum).length, ms: Math.round(performance.now() - started) },
      'schema backed up',
    );
  }
  if (manifest.scope === 'database') {
    const file = join(directory, 'database.sql');
    await dump(target, null, file);
    manifest.databaseFile = 'database.sql';
    log.info({ file, bytes: readFileSync(file).byteLength }, 'database backed up');
  }
  writeFileSync(join(directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Every backup in `dir`, newest first (directories without a readable manifest are skipped). */
export function listBackups(dir = defaultBackupDir()): BackupManifest[] {
  if (!existsSync(dir)) return [];
  const found: BackupManifest[] = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, 'manifest.json');
    if (!existsSync(file)) continue;
    try {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
      found.push({ ...manifest, directory: join(dir, name) });
    } catch {
      // not a backup of ours
    }
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.directory.localeCompare(a.directory));
}

/** The newest backup holding `schema`, or a clear error. */
export function latestBackupOf(schema: string, dir = defaultBackupDir()): { manifest: BackupManifest; file: string } {
  for (const manifest of listBackups(dir)) {
    const entry = manifest.schemas[schema];
    if (entry) return { manifest, file: join(manifest.directory, entry.file) };
  }
  throw new Error(`no backup of schema '${schema}' in ${dir} (take one with: npm run backup -- --schema ${schema})`);
}

// ---------------------------------------------------------------------------------------------
// Restore

async function restorePostgres(url: string, schema: string, file: string): Promise<void> {
  try {
    await run(
      'psql',
      [
        '--dbname',
        url,
        '--no-password',
        '--quiet',
        '--no-psqlrc',
        '--set',
        'ON_ERROR_STOP=1',
        '--single-transaction',
        '--command',
        `SET LOCAL lock_timeout = '30s'; SET LOCAL client_min_messages = warning; DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE;`,
        '--file',
        file,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error('psql not found: install the PostgreSQL client tools (e.g. apt-get install postgresql-client)');
    }
    const detail =
      (e.stderr ?? e.message)
        .trim()
        .split('\n')
        .find((l) => /ERROR|FATAL/.test(l)) ?? e.message;
    throw new Error(`restore of schema '${schema}' failed, nothing was changed: ${detail.trim()}`);
  }
}

async function restorePglite(client: PGlite, schema: string, file: string): Promise<void> {
  const text = readFileSync(file, 'utf8').replace(/^\\(?:un)?restrict\b.*$/gm, '');
  try {
    await client.exec(
      `BEGIN; SET LOCAL client_min_messages = warning; DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE;\n${text}\n;COMMIT;`,
    );
  } catch (error) {
    await client.exec('ROLLBACK').catch(() => {});
    throw new Error(`restore of schema '${schema}' failed, nothing was changed: ${(error as Error).message}`);
  } finally {
    await client.exec('RESET ALL').catch(() => {}); // the dump sets search_path and friends for its session
  }
}

export interface RestoreResult {
  schema: string;
  file: string;
  backup: string;
  tables: number;
  rows: number;
  verified: boolean;
  ms: number;
}

/**
 * Drops `schema` and restores it from a backup (the newest one holding it, or `file`), in one transaction,
 * then verifies the content against the manifest's checksums. Nothing is dropped when the backup is
 * missing, unreadable or damaged, or when objects outside the schema depend on it.
 */
export async function restoreSchema(
  target: BackupTarget,
  schema: string,
  options: { dir?: string; file?: string; log?: Log } = {},
): Promise<RestoreResult> {
  const log = options.log ?? quiet;
  if (!(APP_SCHEMAS as readonly string[]).includes(schema)) {
    throw new Error(`unknown schema '${schema}' (known: ${APP_SCHEMAS.join(', ')})`);
  }
  let file: string;
  let manifest: BackupManifest | null = null;
  if (options.file) {
    file = resolve(options.file);
    if (!existsSync(file)) throw new Error(`backup file not found: ${options.file}`);
    const manifestFile = join(resolve(file, '..'), 'manifest.json');
    if (existsSync(manifestFile)) {
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
      manifest.directory = resolve(file, '..');
    }
  } else {
    const latest = latestBackupOf(schema, options.dir ?? defaultBackupDir());
    file = latest.file;
    manifest = latest.manifest;
    if (!existsSync(file)) throw new Error(`backup file not found: ${file}`);
  }
  const entry = manifest?.schemas[schema];
  if (manifest && !entry) throw new Error(`backup ${manifest.directory} holds no dump of schema '${schema}'`);
  if (entry && sha256(file) !== entry.sha256) {
    throw new Error(`backup file ${file} does not match its manifest (sha256 differs): refusing to restore from it`);
  }
  if (entry && manifest && manifest.kind !== target.kind) {
    log.warn(
      { backupKind: manifest.kind, targetKind: target.kind },
      'restoring a backup taken from another database kind',
    );
  }
  const head = readFileSync(file, 'utf8').slice(0, 4096);
  if (!/PostgreSQL database dump/.test(head)) throw new Error(`${file} is not a pg_dump file`);
  const dependents = await externalDependents(target, schema);
  if (dependents.length > 0) {
    throw new Error(`refusing to drop schema '${schema}': objects outside it depend on it (${dependents.join(', ')})`);
  }
  const started = performance.now();
  log.info({ schema, file }, 'dropping and restoring schema (one transaction)');
  if (target.kind === 'postgres') await restorePostgres(target.url, schema, file);
  else await restorePglite(target.client, schema, file);
  const after = await schemaChecksum(target, schema);
  let verified = false;
  if (entry) {
    const expected = JSON.stringify(entry.checksum);
    if (JSON.stringify(after) !== expected) {
      throw new Error(`schema '${schema}' was restored but its content differs from the backup's checksums`);
    }
    verified = true;
  }
  const result: RestoreResult = {
    schema,
    file,
    backup: manifest?.directory ?? file,
    tables: Object.keys(after).length,
    rows: Object.values(after).reduce((n, t) => n + t.rows, 0),
    verified,
    ms: Math.round(performance.now() - started),
  };
  log.info({ ...result }, 'schema restored');
  return result;
}

/** Partial rollback of one service: drop its schema, restore it from its latest backup (or `file`). */
export async function rollbackService(
  target: BackupTarget,
  service: string,
  options: { dir?: string; file?: string; log?: Log } = {},
): Promise<RestoreResult> {
  const name = parseService(service);
  return restoreSchema(target, schemaOf(name), options);
}

// ---------------------------------------------------------------------------------------------
// Opening the target from the environment (the CLI)

/**
 * The database named by the environment, for backup/rollback: DATABASE_URL (DIRECT_DATABASE_URL under
 * FLEXTIME_DB_POOLING=transaction: pg_dump and psql never go through PgBouncer), else the embedded data dir
 * (FLEXTIME_DATA_DIR or .flextime/pgdata), opened exclusively (the app must not be running on it).
 */
export async function openBackupTarget(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ target: BackupTarget; close(): Promise<void> }> {
  const url = directUrlFromEnv(env);
  if (url) {
    const name = url === env.DATABASE_URL ? 'DATABASE_URL' : 'DIRECT_DATABASE_URL';
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new Error(`${name} must start with postgres:// (got ${redactUrl(url)})`);
    const target: BackupTarget = { kind: 'postgres', url };
    try {
      await query(target, 'select 1');
    } catch (error) {
      throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
    }
    return { target, close: async () => {} };
  }
  const dataDir = env.FLEXTIME_DATA_DIR || '.flextime/pgdata';
  if (!embeddedDatabaseExists(dataDir)) {
    throw new Error(`no embedded database at ${dataDir} (run npm run migrate first, or set DATABASE_URL)`);
  }
  const release = acquireDataDirLock(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir });
  } catch (error) {
    release();
    throw new Error(`cannot open embedded database ${dataDir}: ${(error as Error).message}`);
  }
  return {
    target: { kind: 'pglite', client },
    async close() {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}
