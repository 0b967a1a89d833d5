// A lost database connection (a restart, a failover, pg_terminate_backend, a network cut) is not a query error:
// the server has already rolled back whatever the session had not committed, and the connection must never see
// another statement — postgres.js queues statements sent to a closed reserved connection forever. This module tells
// the two apart and names the failure the services report (DATABASE_UNAVAILABLE, retryable).
import type postgres from 'postgres';

/** Codes postgres.js gives a connection that closed, was destroyed, ended or never opened. */
const CLIENT_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT']);
/** Socket errors of a connection that is gone. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
/** SQLSTATEs after which the server closes the session: admin_shutdown, crash_shutdown, cannot_connect_now. */
const FATAL_STATES = new Set(['57P01', '57P02', '57P03']);

/** An error carrying one of postgres.js's connection codes, so isConnectionLoss treats it like postgres.js's own. */
export function connectionError(
  code: 'CONNECTION_CLOSED' | 'CONNECTION_ENDED' | 'CONNECT_TIMEOUT',
  message: string,
  cause?: unknown,
): Error & { code: string } {
  return Object.assign(new Error(message, { cause }), { code });
}

/** True when `error` (or its cause) means the connection is gone, not that a statement failed on a live one. */
export function isConnectionLoss(error: unknown): boolean {
  for (let e = error as { code?: unknown; severity?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; i++) {
    if (e instanceof DatabaseUnavailableError) return true;
    if (e instanceof AggregateError) return e.errors.some(isConnectionLoss);
    const code = typeof e.code === 'string' ? e.code : '';
    if (CLIENT_CODES.has(code) || SOCKET_CODES.has(code) || FATAL_STATES.has(code)) return true;
    // SQLSTATE class 08: connection exception
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
    if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * The database could not be reached or the connection was lost. `outcome` says what became of the transaction:
 * 'rolled-back' (the server discarded it: nothing was written, retrying is safe) or 'unknown' (the COMMIT was sent
 * but its answer never came: check before retrying a write).
 */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  readonly code = 'DATABASE_UNAVAILABLE';

  constructor(
    readonly service: string,
    readonly outcome: 'rolled-back' | 'unknown',
    options?: { cause?: unknown },
  ) {
    super(
      outcome === 'rolled-back'
        ? `The ${service} database is unavailable (connection lost); nothing was written — retry the request`
        : `The ${service} database connection was lost while committing; the change may or may not have been saved`,
      options,
    );
  }
}

/** Attempts of a read-only service transaction that lost its connection (the first try included). */
export const READ_ATTEMPTS = 3;

/** Pause before retry `attempt` (1-based) of a read-only transaction: 25 ms, then 100 ms. */
export function retryDelayMs(attempt: number): number {
  return attempt <= 1 ? 25 : 100;
}

/**
 * For a process's entry point: postgres.js can leave a promise of its own unhandled when a connection dies while it is
 * being set up (its array-type query, which our pools skip with fetch_types: false), which during a database restart
 * must not end the process — the pool reconnects by itself. `onLost` is told instead; anything else unhandled still
 * ends the process, as Node would.
 */
export function surviveConnectionLossRejections(onLost: (reason: unknown) => void): void {
  process.on('unhandledRejection', (reason) => {
    if (isConnectionLoss(reason)) {
      onLost(reason);
      return;
    }
    console.error(reason);
    process.exit(1);
  });
}

/**
 * `pool.reserve()`, bounded: postgres.js 3.4.9 drops a reserve() that was queued for a connection the server then
 * closed (porsager/postgres#1195), which would hang its caller forever. A connection handed over after the bound went
 * back to the pool at once.
 */
export async function reserveWithin(pool: postgres.Sql, ms: number): Promise<postgres.ReservedSql> {
  let gaveUp = false;
  let timer: NodeJS.Timeout | undefined;
  const reserved = pool.reserve();
  reserved.then(
    (conn) => {
      if (gaveUp) conn.release();
    },
    () => {},
  );
  try {
    return await Promise.race([
      reserved,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          gaveUp = true;
          reject(
            connectionError(
              'CONNECT_TIMEOUT',
              `no connection from the database pool within ${ms} ms (is the database restarting?)`,
            ),
          );
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
