// The database layer: one `Database` per process, either embedded PGlite (no DATABASE_URL) or real
// PostgreSQL through postgres.js pools. Every service's statements run as that service's own role
// (`<service>_service`), so least privilege holds in both modes:
//   - real Postgres with <SERVICE>_DATABASE_URL set: a pool per service, logging in as a LOGIN role that is
//     a member of the service role; each transaction still switches to the service role with SET LOCAL ROLE;
//   - real Postgres without them: the admin DATABASE_URL pool, each transaction under SET LOCAL ROLE <service>;
//   - PGlite: one shared instance (one session, queries serialise), each transaction under SET LOCAL ROLE.
// The tenant (conference) travels as the transaction-local setting app.conference_id, which the RLS policies read.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js/session';
import postgres from 'postgres';
import {
  DatabaseUnavailableError,
  isConnectionLoss,
  READ_ATTEMPTS,
  reserveWithin,
  retryDelayMs,
} from './connection-loss.ts';
import { TransactionPool } from './pooled-transactions.ts';
import * as schema from './schema/index.ts';
import { type Session, SessionPool } from './sessions.ts';

export {
  DatabaseUnavailableError,
  isConnectionLoss,
  reserveWithin,
  surviveConnectionLossRejections,
} from './connection-loss.ts';
export { schema };
export type Schema = typeof schema;

export type ServiceName = 'team-availability' | 'venue-management' | 'constraint-validation' | 'schedule-generation';
export const SERVICES: readonly ServiceName[] = Object.freeze([
  'team-availability',
  'venue-management',
  'constraint-validation',
  'schedule-generation',
] as const);

/** The SQL schema a service owns, e.g. 'team-availability' → 'team_availability'. */
export function schemaOf(service: ServiceName): string {
  return service.replaceAll('-', '_');
}
/** The NOLOGIN role a service's statements run as, e.g. 'team-availability' → 'team_availability_service'. */
export function roleOf(service: ServiceName): string {
  return `${schemaOf(service)}_service`;
}
/** The environment variable holding a service's own login URL, e.g. TEAM_AVAILABILITY_DATABASE_URL. */
export function serviceUrlEnvVar(service: ServiceName): string {
  return `${schemaOf(service).toUpperCase()}_DATABASE_URL`;
}

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

// Statements carrying this marker are connection plumbing and are not reported to onQuery.
const PLUMBING = '/* flextime:session */';

function tenantSetting(tenant: number | null | undefined): string {
  if (tenant !== null && tenant !== undefined && !Number.isFinite(Number(tenant))) {
    throw new Error(`invalid tenant (conference id): ${String(tenant)}`);
  }
  return tenant === null || tenant === undefined ? '' : String(Math.trunc(Number(tenant)));
}

function sessionStatement(role: string | null, tenant: number | null | undefined): SQL {
  const tenantText = tenantSetting(tenant);
  if (role === null) {
    return sql`${sql.raw(PLUMBING)} select set_config('app.conference_id', ${tenantText}, true)`;
  }
  return sql`${sql.raw(PLUMBING)} select set_config('role', ${role}, true), set_config('app.conference_id', ${tenantText}, true)`;
}

function makeLogger(service: ServiceName | 'admin', onQuery: OpenOptions['onQuery']) {
  if (!onQuery) return undefined;
  return {
    logQuery(query: string, params: unknown[]) {
      if (query.startsWith(PLUMBING)) return;
      onQuery({ service, sql: query, params });
    },
  };
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

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const msg = error.message || code || error.name;
    return code && !msg.includes(code) && /^[A-Z]/.test(code) ? `${msg} (${code})` : msg;
  }
  return String(error);
}

// ---------------------------------------------------------------------------------------------
// PGlite data-directory lock: two processes opening one data dir corrupt it.

const heldLocks = new Set<string>();
function releaseAllLocks() {
  for (const file of heldLocks) {
    try {
      rmSync(file, { force: true });
    } catch {
      // best effort at exit
    }
  }
  heldLocks.clear();
}
let exitHookInstalled = false;

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // On Linux, a recycled pid that now belongs to something other than Node is not our lock's owner.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline === '' || /node|tsx|vitest/i.test(cmdline);
  } catch {
    return true;
  }
}

/** Takes `<dataDir>.lock` (holding our pid); a lock left by a dead process is taken over. */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockFile = `${resolve(dataDir)}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      heldLocks.add(lockFile);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once('exit', releaseAllLocks);
      }
      return () => {
        if (heldLocks.delete(lockFile)) rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let pid = Number.NaN;
      try {
        pid = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
      } catch {
        // vanished or unreadable: retry
      }
      if (pidAlive(pid)) {
        throw new DatabaseConnectionError(
          `embedded database ${dataDir} is already in use by process ${pid} (lock file ${lockFile}); ` +
            'stop that process, or point DATABASE_URL at a PostgreSQL server to share one database',
        );
      }
      rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new DatabaseConnectionError(`could not take the lock ${lockFile} for embedded database ${dataDir}`);
}

// ---------------------------------------------------------------------------------------------

type AnyDrizzle = {
  transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T>;
};

function makeServiceDb(
  service: ServiceName,
  db: AnyDrizzle,
  role: string,
  serialise: <T>(fn: () => Promise<T>) => Promise<T>,
): ServiceDb {
  return {
    service,
    run(fn, opts) {
      return serialise(() =>
        db.transaction(async (raw) => {
          const tx = raw as ServiceTx;
          await tx.execute(sessionStatement(role, opts?.tenant));
          return fn(tx);
        }),
      );
    },
  };
}

/** Distinct statement texts a pool prepares (named, kept per connection); beyond this, statements run unnamed. */
const PREPARED_TEXTS_PER_POOL = 256;
const preparedTexts = new WeakMap<postgres.Sql, Set<string>>();

/**
 * The client a service transaction hands to Drizzle: its statements become named prepared statements (Drizzle asks
 * for unnamed ones, which postgres.js sends as Parse+Describe, waits, then Bind+Execute, and Postgres parses and plans
 * each time). A prepared statement is one write and no round trip of its own, and Postgres reuses its plan. The
 * number of distinct texts is bounded per pool (`in (…)` lists vary in length), so no connection's statement cache
 * grows without limit.
 */
function preparingClient<C extends postgres.Sql | postgres.TransactionSql>(
  pool: postgres.Sql,
  conn: C,
  sent: { onlySelects: boolean },
  session: Session,
): C {
  let texts = preparedTexts.get(pool);
  if (!texts) {
    texts = new Set();
    preparedTexts.set(pool, texts);
  }
  const known = texts;
  return guardingClient(conn, sent, session, (query) => {
    let prepare = known.has(query);
    if (!prepare && known.size < PREPARED_TEXTS_PER_POOL) {
      known.add(query);
      prepare = true;
    }
    return prepare;
  });
}

/**
 * The client a service transaction hands to Drizzle: each statement is guarded (see guardedStatement) and noted
 * (`sent.onlySelects`); `prepare(query)` says whether it becomes a named prepared statement (never in transaction
 * pooling mode, whose pool has prepare: false).
 */
function guardingClient<C extends postgres.Sql | postgres.TransactionSql>(
  conn: C,
  sent: { onlySelects: boolean },
  session: Session,
  prepare: (query: string) => boolean,
): C {
  const client = Object.create(conn) as C;
  client.unsafe = ((
    query: string,
    params?: postgres.ParameterOrJSON<never>[],
    options?: postgres.UnsafeQueryOptions,
  ) => {
    if (sent.onlySelects && !/^\s*select\b/i.test(query)) sent.onlySelects = false;
    return guardedStatement(conn.unsafe(query, params, { ...options, prepare: prepare(query) }), session);
  }) as C['unsafe'];
  return client;
}

/**
 * A statement as Drizzle uses it (awaited, optionally after `.values()`) that settles as soon as its session's
 * connection is lost: postgres.js would leave a statement queued on a closed transaction connection pending forever.
 */
function guardedStatement<T>(statement: postgres.PendingQuery<postgres.Row[]>, session: Session): T {
  const guarded = {
    values() {
      statement.values();
      return guarded;
    },
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose: Drizzle awaits the statement it is given
    then<A, B>(
      onFulfilled?: (value: unknown) => A | PromiseLike<A>,
      onRejected?: (reason: unknown) => B | PromiseLike<B>,
    ) {
      return session.guard(statement).then(onFulfilled, onRejected);
    },
  };
  return guarded as T;
}

/**
 * Real PostgreSQL: a service transaction on a session of the pool (db/sessions.ts: a connection kept inside a chained
 * transaction block), pipelined: the role/tenant settings go out with the first statement of fn, without waiting for
 * their answer; should they fail, the transaction is aborted and every later statement fails with it (nothing runs
 * under the login role). It ends with COMMIT AND CHAIN (ROLLBACK AND CHAIN after an error); a read-only transaction
 * answers before its COMMIT comes back. On a lost connection (restart, failover, terminated backend) a read-only
 * transaction runs again on a new session (READ_ATTEMPTS); anything else fails as DatabaseUnavailableError, saying
 * whether the change was rolled back or its COMMIT's outcome is unknown.
 */
function makePipelinedServiceDb(
  service: ServiceName | 'admin',
  pool: postgres.Sql,
  db: PgDatabase<PgQueryResultHKT, Schema>,
  role: string | null,
): Pick<ServiceDb, 'run'> {
  const internals = db as unknown as {
    dialect: ConstructorParameters<typeof PostgresJsSession>[1];
    session: { schema: ConstructorParameters<typeof PostgresJsSession>[2]; options: object };
  };
  const { dialect } = internals;
  const { schema: relational, options } = internals.session;
  const runner = runnerOf(pool);
  /** Drizzle on a transaction's client (no nested transactions: no savepoint()). */
  const drizzleTx = (client: postgres.Sql | postgres.TransactionSql): ServiceTx => {
    const txSession = new PostgresJsSession(
      client as unknown as postgres.Sql,
      dialect,
      relational,
      options,
    ) as unknown as ConstructorParameters<typeof PostgresJsTransaction>[1];
    return new PostgresJsTransaction(dialect, txSession, relational) as unknown as ServiceTx;
  };
  const runOnce = <T>(
    fn: (tx: ServiceTx) => Promise<T>,
    tenantText: string,
    progress: { onlySelects: boolean; committing: boolean },
  ): Promise<T> =>
    runner instanceof TransactionPool
      ? runPooled(runner, fn, tenantText, progress)
      : runOnSession(runner, fn, tenantText, progress);
  return {
    async run<T>(fn: (tx: ServiceTx) => Promise<T>, opts?: { tenant?: number | null }): Promise<T> {
      const tenantText = tenantSetting(opts?.tenant);
      for (let attempt = 1; ; attempt++) {
        const progress = { onlySelects: true, committing: false };
        try {
          return await runOnce(fn, tenantText, progress);
        } catch (error) {
          if (!isConnectionLoss(error)) throw error;
          // The server rolled the transaction back with the session. A read is simply run again on a new connection;
          // a write is not (fn may have done more than SQL): the caller learns whether anything was saved.
          if (progress.onlySelects && attempt < READ_ATTEMPTS) {
            await delay(retryDelayMs(attempt));
            continue;
          }
          throw new DatabaseUnavailableError(service, progress.committing ? 'unknown' : 'rolled-back', {
            cause: error,
          });
        }
      }
    },
  };

  /** Transaction pooling: one begin() per transaction, role and tenant as literals of its first statement. */
  function runPooled<T>(
    transactions: TransactionPool,
    fn: (tx: ServiceTx) => Promise<T>,
    tenantText: string,
    progress: { onlySelects: boolean; committing: boolean },
  ): Promise<T> {
    return transactions.run({
      setup: setupLiteral(role, tenantText),
      async body(session, setup) {
        const tx = drizzleTx(guardingClient(session.sql, progress, session, () => false));
        let result: T;
        try {
          result = await fn(tx);
        } catch (error) {
          await setup.catch((setupError: unknown) => {
            throw setupError; // the real cause (e.g. a missing role), not "current transaction is aborted"
          });
          throw error;
        }
        await setup;
        if (!progress.onlySelects) progress.committing = true;
        return result;
      },
      answerBeforeCommit: () => progress.onlySelects,
    });
  }

  async function runOnSession<T>(
    sessions: SessionPool,
    fn: (tx: ServiceTx) => Promise<T>,
    tenantText: string,
    progress: { onlySelects: boolean; committing: boolean },
  ): Promise<T> {
    const session = await sessions.acquire();
    const { sql } = session;
    let reusable = false;
    try {
      // the owner (role null) keeps its own role and sees every tenant
      const setup = session.guard(
        sql.unsafe(
          role === null
            ? "select set_config('app.conference_id', $1, true)"
            : "select set_config('role', $1, true), set_config('app.conference_id', $2, true)",
          role === null ? [tenantText] : [role, tenantText],
          {
            prepare: true,
          },
        ),
      );
      setup.catch(() => {}); // awaited below; a failure also fails fn's statements
      const tx = drizzleTx(preparingClient(sessions.pool, sql, progress, session));
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        await setup.catch((setupError: unknown) => {
          throw setupError; // the real cause (e.g. a missing role), not "current transaction is aborted"
        });
        throw error;
      }
      await setup;
      const commit = session.guard(sql.unsafe('commit and chain'));
      // Only SELECTs (no service function writes from one): nothing to make durable, nothing a COMMIT could refuse,
      // so answer now and save a round trip; the session runs the COMMIT before its next transaction's statements.
      if (progress.onlySelects) commit.catch(() => {});
      else {
        progress.committing = true;
        await commit;
      }
      reusable = true;
      return result;
    } catch (error) {
      if (!session.lost && !isConnectionLoss(error) && !progress.committing) {
        // pipelined like the COMMIT: the session's next transaction starts after it
        session.guard(sql.unsafe('rollback and chain')).catch(() => {});
        reusable = true;
      }
      // A COMMIT refused on a live connection (a deferred check, a serialization failure) leaves the session's state
      // unknown: it is retired (ended, its slot freed), never used again.
      if (!reusable && !isConnectionLoss(error)) sessions.retire(session);
      throw error;
    } finally {
      if (reusable) sessions.release(session);
    }
  }
}

/**
 * The role/tenant statement of a pooled transaction, values as literals: a statement without parameters is sent with
 * the next ones instead of waiting for a Describe (postgres.js does that for an unnamed statement with parameters).
 * Safe to inline: roles come from roleOf(), the tenant from tenantSetting() (digits or empty).
 */
function setupLiteral(role: string | null, tenantText: string): string {
  if (!/^[0-9-]*$/.test(tenantText) || (role !== null && !/^[a-z_]+$/.test(role))) {
    throw new Error(`refusing to inline role ${role} / tenant ${tenantText}`);
  }
  const tenant = `set_config('app.conference_id', '${tenantText}', true)`;
  return role === null ? `select ${tenant}` : `select set_config('role', '${role}', true), ${tenant}`;
}

/** How long a ROLLBACK may take before its connection is given up as dead. */
const ROLLBACK_TIMEOUT_MS = 5000;

/**
 * After a failed transaction on a reserved connection: ROLLBACK and true (release it to the pool), or false when the
 * connection is lost — postgres.js has already taken it back as closed and would queue a statement sent to it forever,
 * and releasing it would hand a dead connection to the next caller.
 */
async function rollbackOrAbandon(conn: postgres.ReservedSql, error: unknown): Promise<boolean> {
  if (isConnectionLoss(error)) return false;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ROLLBACK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([conn.unsafe('rollback').then(() => true as const), gaveUp]);
  } catch {
    return false; // ROLLBACK cannot fail on a live connection
  } finally {
    clearTimeout(timer);
  }
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const dataDir = options.dataDir ?? '.flextime/pgdata';
  const inMemory = dataDir.startsWith('memory://');
  let release: (() => void) | null = null;
  if (!inMemory) {
    release = acquireDataDirLock(dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  let client: PGlite;
  try {
    client = await PGlite.create(
      inMemory ? { loadDataDir: options.loadDataDir } : { dataDir, loadDataDir: options.loadDataDir },
    );
  } catch (error) {
    release?.();
    throw new DatabaseConnectionError(`cannot open embedded database ${dataDir}: ${describeError(error)}`);
  }
  const adminDb = drizzlePglite({ client, schema, logger: makeLogger('admin', options.onQuery) });
  const services = new Map<ServiceName, ServiceDb>();
  // PGlite is one session: its transactions run one at a time anyway. It runs in this thread and answers through
  // microtasks, so transactions queued back to back would never let the event loop serve anyone else (/health, other
  // requests): they take turns here, and each turn first yields to pending I/O (bench:limits).
  let turn: Promise<unknown> = Promise.resolve();
  const direct = <T>(fn: () => Promise<T>): Promise<T> => {
    const mine = turn.then(() => new Promise((resolve) => setImmediate(resolve))).then(fn);
    turn = mine.catch(() => {});
    return mine;
  };
  for (const name of SERVICES) {
    const db = drizzlePglite({ client, schema, logger: makeLogger(name, options.onQuery) });
    services.set(name, makeServiceDb(name, db as unknown as AnyDrizzle, roleOf(name), direct));
  }
  let closed = false;
  return {
    kind: 'pglite',
    service(name) {
      const s = services.get(name);
      if (!s) throw new Error(`unknown service '${name}'`);
      return s;
    },
    admin(fn) {
      return adminDb.transaction(async (raw) => fn(raw as unknown as ServiceTx));
    },
    async execScript(script) {
      try {
        await client.exec(script);
      } catch (error) {
        // A script that failed after its own BEGIN would leave the one PGlite session in an aborted transaction.
        await client.exec('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    session(fn) {
      // PGlite is a single session already.
      return fn({
        async query<R>(text: string, params?: unknown[]) {
          return (await client.query<R>(text, params)).rows;
        },
        async exec(script: string) {
          await client.exec(script);
        },
      });
    },
    async ping() {
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async dumpDataDir() {
      return client.dumpDataDir('none');
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        release?.();
      }
    },
  };
}

/** 50 ms doubling per consecutive failure, at most 0.5 s, with jitter (so a restart is not met by a stampede). */
function reconnectBackoffSeconds(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, 0.5);
}

const poolRunners = new WeakMap<postgres.Sql, SessionPool | TransactionPool>();
/** What runs the service transactions of a pool made by makePool: its sessions, or its pooled transactions. */
function runnerOf(pool: postgres.Sql): SessionPool | TransactionPool {
  const runner = poolRunners.get(pool);
  if (!runner) throw new Error('a pool not made by makePool runs no service transactions');
  return runner;
}

function makePool(url: string, options: OpenOptions) {
  const size = options.poolSize ?? 10;
  const connect = (onclose?: (connectionId: number) => void) => postgres(url, connectOptions(options, onclose));
  if (options.pooling === 'transaction') {
    // one pool: no connection is held between transactions, so the owner's statements find one too
    const transactions = new TransactionPool(connect, size);
    poolRunners.set(transactions.pool, transactions);
    return transactions.pool;
  }
  const pool = connect();
  // the service transactions' sessions hold their connections: they get a pool of their own, so the owner's own
  // statements (admin, scripts, ping) always find a connection
  poolRunners.set(pool, new SessionPool(connect, size));
  return pool;
}

function connectOptions(options: OpenOptions, onclose?: (connectionId: number) => void): postgres.Options<never> {
  return {
    onclose,
    // transaction pooling: no named prepared statements (PgBouncer hands each transaction any server connection)
    prepare: options.pooling !== 'transaction',
    // no array-type lookup on each new connection: nothing here reads PostgreSQL arrays (results aggregate as JSON), and
    // postgres.js leaves that lookup's promise unhandled when the connection dies during it
    fetch_types: false,
    max: options.poolSize ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
    // postgres.js waits this long (seconds) before reconnecting a connection that failed; its default grows to 20 s
    // after a few failures, which would hold every call queued behind it well past the gateway's timeout.
    backoff: reconnectBackoffSeconds,
    idle_timeout: 30,
    connection: { application_name: 'flextime' },
  };
}

async function checkPool(pool: postgres.Sql, url: string, label: string): Promise<void> {
  try {
    await pool`select 1`;
  } catch (error) {
    await pool.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseConnectionError(
      `cannot connect to PostgreSQL (${label}) at ${redactUrl(url)}: ${describeError(error)}`,
    );
  }
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const adminWaitMs = options.adminWaitMs ?? 30_000;
  const adminPool = makePool(url, options);
  await checkPool(adminPool, url, 'DATABASE_URL');
  const pools: postgres.Sql[] = [adminPool];
  const services = new Map<ServiceName, ServiceDb>();
  try {
    for (const name of SERVICES) {
      const ownUrl = options.serviceUrls?.[name];
      let pool = adminPool;
      if (ownUrl) {
        pool = makePool(ownUrl, options);
        await checkPool(pool, ownUrl, serviceUrlEnvVar(name));
        pools.push(pool);
      }
      const db = drizzlePostgres({ client: pool, schema, logger: makeLogger(name, options.onQuery) });
      services.set(name, { service: name, ...makePipelinedServiceDb(name, pool, db, roleOf(name)) });
    }
  } catch (error) {
    await Promise.all(pools.map((p) => p.end({ timeout: 1 }).catch(() => {})));
    throw error;
  }
  const adminDb = drizzlePostgres({ client: adminPool, schema, logger: makeLogger('admin', options.onQuery) });
  // the owner's transactions run on sessions like the services' (postgres.js begin() would write its ROLLBACK to a
  // connection that just closed and throw an uncaught TypeError from a timer)
  const owner = makePipelinedServiceDb('admin', adminPool, adminDb, null);
  const ownConnections = ownConnectionPool(url, adminPool, options);
  let closed = false;
  return {
    kind: 'postgres',
    service(name) {
      const s = services.get(name);
      if (!s) throw new Error(`unknown service '${name}'`);
      return s;
    },
    admin(fn) {
      return owner.run(fn);
    },
    async execScript(script) {
      const reserved = await reserveWithin(await ownConnections.pool(), adminWaitMs);
      let release = true;
      try {
        await reserved.unsafe(script).simple();
      } catch (error) {
        // Never hand a connection stuck in an aborted transaction back to the pool.
        release = await rollbackOrAbandon(reserved, error);
        throw error;
      } finally {
        if (release) reserved.release();
      }
    },
    async session(fn) {
      const reserved = await reserveWithin(await ownConnections.pool(), adminWaitMs);
      let release = true;
      try {
        return await fn({
          async query<R>(text: string, params?: unknown[]) {
            return [...(await reserved.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[]))] as R[];
          },
          async exec(script: string) {
            await reserved.unsafe(script).simple();
          },
        });
      } catch (error) {
        release = await rollbackOrAbandon(reserved, error);
        throw error;
      } finally {
        if (release) reserved.release();
      }
    },
    async ping() {
      try {
        await adminPool`select 1`;
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // sessions first: each ends its chained transaction and gives its connection back before the pool ends
      await Promise.all(pools.map((p) => runnerOf(p).close()));
      await Promise.all([...pools.map((p) => p.end({ timeout: 5 })), ownConnections.close()]);
    },
  };
}

/**
 * Where the owner's own connections (session(), execScript()) come from. Session pooling: the admin pool. Transaction
 * pooling: a session-level advisory lock, a SET or a script's own COMMIT would land on whichever server connection
 * PgBouncer picks, so they need `directUrl` — opened on first use and checked to reach the same database.
 */
function ownConnectionPool(url: string, adminPool: postgres.Sql, options: OpenOptions) {
  let direct: Promise<postgres.Sql> | undefined;
  const open = async (directUrl: string) => {
    const pool = postgres(directUrl, connectOptions({ ...options, pooling: 'session' }));
    try {
      const database = async (p: postgres.Sql, label: string, from: string) => {
        try {
          return (await p`select current_database() as name`)[0].name as string;
        } catch (error) {
          throw new DatabaseConnectionError(
            `cannot connect to PostgreSQL (${label}) at ${redactUrl(from)}: ${describeError(error)}`,
          );
        }
      };
      const [viaPool, viaDirect] = await Promise.all([
        database(adminPool, 'DATABASE_URL', url),
        database(pool, 'DIRECT_DATABASE_URL', directUrl),
      ]);
      if (viaPool !== viaDirect) {
        throw new DatabaseConnectionError(
          `DIRECT_DATABASE_URL reaches database '${viaDirect}', DATABASE_URL reaches '${viaPool}': they must be the same database`,
        );
      }
      return pool;
    } catch (error) {
      await pool.end({ timeout: 1 }).catch(() => {});
      throw error;
    }
  };
  return {
    pool(): Promise<postgres.Sql> {
      if (options.pooling !== 'transaction') return Promise.resolve(adminPool);
      if (!options.directUrl) {
        return Promise.reject(
          new DatabaseConnectionError(
            'FLEXTIME_DB_POOLING=transaction: migrations, scripts and live migration need a session of their own; ' +
              'set DIRECT_DATABASE_URL to a connection that does not go through PgBouncer',
          ),
        );
      }
      direct ??= open(options.directUrl);
      direct.catch(() => {
        direct = undefined; // the next call tries again
      });
      return direct;
    },
    async close(): Promise<void> {
      const pool = await direct?.catch(() => undefined);
      await pool?.end({ timeout: 5 });
    },
  };
}

/** Opens the database: real PostgreSQL when options.url is set, embedded PGlite otherwise. */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.url) {
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
      throw new DatabaseConnectionError(`DATABASE_URL must start with postgres:// (got ${redactUrl(options.url)})`);
    }
    return openPostgres(options.url, options);
  }
  return openPglite(options);
}

/**
 * Opens the database described by the environment: DATABASE_URL (else PGlite in FLEXTIME_DATA_DIR or
 * .flextime/pgdata) and the per-service login URLs TEAM_AVAILABILITY_DATABASE_URL, VENUE_MANAGEMENT_DATABASE_URL,
 * CONSTRAINT_VALIDATION_DATABASE_URL, SCHEDULE_GENERATION_DATABASE_URL; FLEXTIME_DB_POOLING (session | transaction)
 * and DIRECT_DATABASE_URL (transaction pooling: the database without PgBouncer, for migrations and scripts).
 */
export function openDatabaseFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  extra: Partial<OpenOptions> = {},
): Promise<Database> {
  const serviceUrls: Partial<Record<ServiceName, string>> = {};
  for (const name of SERVICES) {
    const value = env[serviceUrlEnvVar(name)];
    if (value) serviceUrls[name] = value;
  }
  const url = env.DATABASE_URL || undefined;
  return openDatabase({
    url,
    dataDir: env.FLEXTIME_DATA_DIR || undefined,
    serviceUrls,
    pooling: poolingFromEnv(env.FLEXTIME_DB_POOLING),
    directUrl: env.DIRECT_DATABASE_URL || undefined,
    ...extra,
  });
}

/** True when the embedded data directory already holds a database. */
export function embeddedDatabaseExists(dataDir = '.flextime/pgdata'): boolean {
  return existsSync(resolve(dataDir, 'PG_VERSION'));
}
