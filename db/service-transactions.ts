// Real PostgreSQL service transactions: pipelined on the sessions of db/sessions.ts with named prepared statements, or
// one BEGIN…COMMIT each through PgBouncer (db/pooled-transactions.ts); each statement a span (db/tracing.ts).
import { setTimeout as delay } from 'node:timers/promises';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js/session';
import type postgres from 'postgres';
import { DatabaseUnavailableError, isConnectionLoss, READ_ATTEMPTS, retryDelayMs } from './connection-loss.ts';
import type { Schema, ServiceDb, ServiceTx } from './database.ts';
import { TransactionPool } from './pooled-transactions.ts';
import { tenantSetting } from './role-and-tenant.ts';
import { registerDriverSavepoints } from './savepoints.ts';
import type { ServiceName } from './services.ts';
import type { Session, SessionPool } from './sessions.ts';
import { tracedStatement } from './tracing.ts';

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
  role: string,
): C {
  let texts = preparedTexts.get(pool);
  if (!texts) {
    texts = new Set();
    preparedTexts.set(pool, texts);
  }
  const known = texts;
  return guardingClient(conn, sent, session, role, (query) => {
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
  role: string,
  prepare: (query: string) => boolean,
): C {
  const client = Object.create(conn) as C;
  client.unsafe = ((
    query: string,
    params?: postgres.ParameterOrJSON<never>[],
    options?: postgres.UnsafeQueryOptions,
  ) => {
    if (sent.onlySelects && !/^\s*select\b/i.test(query)) sent.onlySelects = false;
    return guardedStatement(conn.unsafe(query, params, { ...options, prepare: prepare(query) }), session, role, query);
  }) as C['unsafe'];
  return client;
}

/**
 * A statement as Drizzle uses it (awaited, optionally after `.values()`) that settles as soon as its session's
 * connection is lost: postgres.js would leave a statement queued on a closed transaction connection pending forever.
 */
function guardedStatement<T>(
  statement: postgres.PendingQuery<postgres.Row[]>,
  session: Session,
  role: string,
  text: string,
): T {
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
      return tracedStatement(role, text, () => session.guard(statement)).then(onFulfilled, onRejected);
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
export function makePipelinedServiceDb(
  service: ServiceName | 'admin',
  runner: SessionPool | TransactionPool,
  db: PgDatabase<PgQueryResultHKT, Schema>,
  role: string | null,
): Pick<ServiceDb, 'run'> {
  const internals = db as unknown as {
    dialect: ConstructorParameters<typeof PostgresJsSession>[1];
    session: { schema: ConstructorParameters<typeof PostgresJsSession>[2]; options: object };
  };
  const { dialect } = internals;
  const { schema: relational, options } = internals.session;
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
        const client = (conn: postgres.TransactionSql) =>
          guardingClient(conn, progress, session, role ?? 'owner', () => false);
        const tx = drizzleTx(client(session.sql));
        registerDriverSavepoints(
          tx,
          <U>(unit: (tx: ServiceTx) => Promise<U>) =>
            session.sql.savepoint((inner) => unit(drizzleTx(client(inner)))) as Promise<U>,
        );
        const result = await afterSetup(setup, () => fn(tx));
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
      const tx = drizzleTx(preparingClient(sessions.pool, sql, progress, session, role ?? 'owner'));
      const result = await afterSetup(setup, () => fn(tx));
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
/**
 * Runs `work` after a transaction's setup statement (role and tenant) was sent, then waits for the setup too. When the
 * work fails, a failed setup is the real cause (e.g. a missing role), not "current transaction is aborted".
 */
async function afterSetup<T>(setup: Promise<unknown>, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await setup;
    throw error;
  }
  await setup;
  return result;
}

function setupLiteral(role: string | null, tenantText: string): string {
  if (!/^[0-9-]*$/.test(tenantText) || (role !== null && !/^[a-z_]+$/.test(role))) {
    throw new Error(`refusing to inline role ${role} / tenant ${tenantText}`);
  }
  const tenant = `set_config('app.conference_id', '${tenantText}', true)`;
  return role === null ? `select ${tenant}` : `select set_config('role', '${role}', true), ${tenant}`;
}
