// The database's contract: what a process holds (Database), what a service runs its statements on (ServiceDb,
// ServiceTx), the options of an opener, and helpers both openers share (errors, URL redaction, raw rows).
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';
import type { ServiceName } from './services.ts';

export type Schema = typeof schema;

export interface QueryEvent {
  service: ServiceName | 'admin';
  sql: string;
  params: unknown[];
}

export interface OpenOptions {
  /** DATABASE_URL (real Postgres). Absent → embedded PGlite. */
  url?: string;
  /** PGlite data dir, default '.flextime/pgdata'; 'memory://' for in-memory (tests). */
  dataDir?: string;
  /** Per-service login URLs (from env). */
  serviceUrls?: Partial<Record<ServiceName, string>>;
  /** Called for every SQL statement issued through a ServiceTx (the role/tenant plumbing is not reported). */
  onQuery?: (e: QueryEvent) => void;
  /** Max connections per postgres.js pool (default 10). */
  poolSize?: number;
  /** Real Postgres: how long an admin session or script may wait for a connection of its own (default 30 000 ms). */
  adminWaitMs?: number;
  /** PGlite only: start from this data-dir tarball (from Database.dumpDataDir()) instead of an empty cluster. */
  loadDataDir?: Blob;
  /**
   * Real Postgres: 'session' (default) keeps connections in chained transactions with named prepared statements
   * (db/sessions.ts); 'transaction' works through PgBouncer in transaction mode: one BEGIN…COMMIT per service
   * transaction, nothing set outside it, no named prepared statements (db/pooled-transactions.ts).
   */
  pooling?: DbPooling;
  /**
   * Real Postgres, pooling 'transaction': a direct connection URL (not through PgBouncer) of the same database, for the
   * work that needs a session of its own — the migration runner's advisory lock, scripts, live migration. Without
   * it, `session()` and `execScript()` refuse in transaction mode.
   */
  directUrl?: string;
}

export type DbPooling = 'session' | 'transaction';
export const DB_POOLING_MODES: readonly DbPooling[] = ['session', 'transaction'];

/** Transaction pooling without DIRECT_DATABASE_URL, for what needs a connection of its own. */
export function directUrlMissing(): DatabaseConnectionError {
  return new DatabaseConnectionError(
    'FLEXTIME_DB_POOLING=transaction: migrations, scripts, backups and live migration need a session of their own; ' +
      'set DIRECT_DATABASE_URL to a connection that does not go through PgBouncer',
  );
}

/** FLEXTIME_DB_POOLING → the pooling mode; anything but 'session', 'transaction' or unset is refused. */
export function poolingFromEnv(value: string | undefined): DbPooling {
  if (!value) return 'session';
  if ((DB_POOLING_MODES as readonly string[]).includes(value)) return value as DbPooling;
  throw new DatabaseConnectionError(`FLEXTIME_DB_POOLING must be 'session' or 'transaction' (got '${value}')`);
}

/**
 * A Drizzle handle usable with both drivers (pglite and postgres-js), with the full FlexTime schema so
 * `tx.query.<table>` works. Raw `tx.execute()` results differ per driver: use `rows()` below to read them.
 */
export type ServiceTx = PgDatabase<PgQueryResultHKT, Schema>;

export interface ServiceDb {
  readonly service: ServiceName;
  /** Runs fn in one transaction as the service's own role, with app.conference_id set when tenant is given. */
  run<T>(fn: (tx: ServiceTx) => Promise<T>, opts?: { tenant?: number | null }): Promise<T>;
}

/** One dedicated owner connection (session-level state such as advisory locks survives between calls). */
export interface AdminSession {
  /** One statement with $1… parameters; returns its rows. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** A multi-statement script (simple protocol; it may BEGIN/COMMIT itself). */
  exec(script: string): Promise<void>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  service(name: ServiceName): ServiceDb;
  /** Runs fn in one transaction as the migration owner (migrate/seed/backup). */
  admin<T>(fn: (tx: ServiceTx) => Promise<T>): Promise<T>;
  /** Runs a multi-statement SQL script as the owner (simple protocol; the script may BEGIN/COMMIT itself). */
  execScript(sql: string): Promise<void>;
  /** Runs fn on one dedicated owner connection (used by the migration runner for its advisory lock). */
  session<T>(fn: (s: AdminSession) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball (tests start new databases from such snapshots). */
  dumpDataDir?(): Promise<Blob>;
}

/** A connection failure, with a one-line message that never contains a password. */
export class DatabaseConnectionError extends Error {
  override name = 'DatabaseConnectionError';
}

/**
 * Rows of a raw `tx.execute(sql`...`)`, whichever driver produced them. Timestamps and dates come back as strings
 * on both drivers; bigint/numeric come back as strings on postgres-js but may be numbers on PGlite, so cast in SQL
 * (`count(*)::int`) or wrap in Number().
 */
export async function rows<T = Record<string, unknown>>(tx: ServiceTx, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown;
  if (Array.isArray(result)) return [...result] as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** postgres://user:secret@host/db → postgres://user@host/db (for messages). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString().replace(/^(\w+:\/\/[^@/]*?):?@/, '$1@');
  } catch {
    return '(unparseable database URL)';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const msg = error.message || code || error.name;
    return code && !msg.includes(code) && /^[A-Z]/.test(code) ? `${msg} (${code})` : msg;
  }
  return String(error);
}
