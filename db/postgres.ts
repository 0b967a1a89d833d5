// Real PostgreSQL through postgres.js: a pool per login (the admin DATABASE_URL, and each service's own login URL
// when set); service transactions run pipelined on sessions (db/service-transactions.ts).
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { isConnectionLoss, reserveWithin } from './connection-loss.ts';
import {
  type Database,
  DatabaseConnectionError,
  describeError,
  type OpenOptions,
  redactUrl,
  type ServiceDb,
} from './database.ts';
import { makeLogger } from './role-and-tenant.ts';
import * as schema from './schema/index.ts';
import { makePipelinedServiceDb } from './service-transactions.ts';
import { roleOf, SERVICES, type ServiceName, serviceUrlEnvVar } from './services.ts';
import { SessionPool } from './sessions.ts';

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

/** 50 ms doubling per consecutive failure, at most 0.5 s, with jitter (so a restart is not met by a stampede). */
function reconnectBackoffSeconds(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, 0.5);
}

const poolSessions = new WeakMap<postgres.Sql, SessionPool>();
/** The service-transaction sessions of a pool made by makePool. */
function sessionsOf(pool: postgres.Sql): SessionPool {
  const sessions = poolSessions.get(pool);
  if (!sessions) throw new Error('a pool not made by makePool has no sessions');
  return sessions;
}

function makePool(url: string, options: OpenOptions) {
  const connect = (onclose?: (connectionId: number) => void) =>
    postgres(url, {
      onclose,
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
    });
  const pool = connect();
  // the service transactions' sessions hold their connections: they get a pool of their own, so the owner's own
  // statements (admin, scripts, ping) always find a connection
  poolSessions.set(pool, new SessionPool(connect, options.poolSize ?? 10));
  return pool;
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

export async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
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
      services.set(name, { service: name, ...makePipelinedServiceDb(name, sessionsOf(pool), db, roleOf(name)) });
    }
  } catch (error) {
    await Promise.all(pools.map((p) => p.end({ timeout: 1 }).catch(() => {})));
    throw error;
  }
  const adminDb = drizzlePostgres({ client: adminPool, schema, logger: makeLogger('admin', options.onQuery) });
  // the owner's transactions run on sessions like the services' (postgres.js begin() would write its ROLLBACK to a
  // connection that just closed and throw an uncaught TypeError from a timer)
  const owner = makePipelinedServiceDb('admin', sessionsOf(adminPool), adminDb, null);
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
      const reserved = await reserveWithin(adminPool, adminWaitMs);
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
      const reserved = await reserveWithin(adminPool, adminWaitMs);
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
      await Promise.all(pools.map((p) => sessionsOf(p).close()));
      await Promise.all(pools.map((p) => p.end({ timeout: 5 })));
    },
  };
}
