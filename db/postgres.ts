// Real PostgreSQL through postgres.js: a pool per login (the admin DATABASE_URL, and each service's own login URL
// when set); service transactions run on sessions, or pooled per transaction for PgBouncer
// (db/service-transactions.ts).
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { isConnectionLoss, reserveWithin } from './connection-loss.ts';
import {
  type Database,
  DatabaseConnectionError,
  describeError,
  directUrlMissing,
  type OpenOptions,
  redactUrl,
  type ServiceDb,
} from './database.ts';
import { TransactionPool } from './pooled-transactions.ts';
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

const poolRunners = new WeakMap<postgres.Sql, SessionPool | TransactionPool>();
/** What runs the service transactions of a pool made by makePool: its sessions, or its pooled transactions. */
function runnerOf(pool: postgres.Sql): SessionPool | TransactionPool {
  const runner = poolRunners.get(pool);
  if (!runner) throw new Error('a pool not made by makePool runs no service transactions');
  return runner;
}

function makePool(url: string, options: OpenOptions) {
  const size = options.poolSize ?? 10;
  const connect = (onclose?: (connectionId: number) => void) =>
    jsonTextAsIs(postgres(url, connectOptions(options, onclose)));
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

/**
 * Drizzle hands json/jsonb parameters over as JSON text already; postgres.js would JSON.stringify that text again and
 * store a JSON *string* (`"{\"a\":1}"`), which SQL's `->>` cannot see into (PGlite stores the object). Drizzle's own
 * postgres-js driver passes the text as is; so does this, while values that are not text (`sql.json(obj)`, objects in
 * raw queries) are still stringified.
 */
function jsonTextAsIs(sql: postgres.Sql): postgres.Sql {
  const serializers = sql.options.serializers as Record<number, (value: unknown) => unknown>;
  for (const oid of [114, 3802])
    serializers[oid] = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
  return sql;
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
      services.set(name, { service: name, ...makePipelinedServiceDb(name, runnerOf(pool), db, roleOf(name)) });
    }
  } catch (error) {
    await Promise.all(pools.map((p) => p.end({ timeout: 1 }).catch(() => {})));
    throw error;
  }
  const adminDb = drizzlePostgres({ client: adminPool, schema, logger: makeLogger('admin', options.onQuery) });
  // the owner's transactions run on sessions like the services' (postgres.js begin() would write its ROLLBACK to a
  // connection that just closed and throw an uncaught TypeError from a timer)
  const owner = makePipelinedServiceDb('admin', runnerOf(adminPool), adminDb, null);
  const ownConnections = ownConnectionPool(url, adminPool, options);
  /** `work` on one connection of the owner's own (scripts, admin sessions), released unless left mid-transaction. */
  const onOwnConnection = async <T>(work: (reserved: postgres.ReservedSql) => Promise<T>): Promise<T> => {
    const reserved = await reserveWithin(await ownConnections.pool(), adminWaitMs);
    let release = true;
    try {
      return await work(reserved);
    } catch (error) {
      // Never hand a connection stuck in an aborted transaction back to the pool.
      release = await rollbackOrAbandon(reserved, error);
      throw error;
    } finally {
      if (release) reserved.release();
    }
  };
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
      await onOwnConnection(async (reserved) => {
        await reserved.unsafe(script).simple();
      });
    },
    session(fn) {
      return onOwnConnection((reserved) =>
        fn({
          async query<R>(text: string, params?: unknown[]) {
            return [...(await reserved.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[]))] as R[];
          },
          async exec(script: string) {
            await reserved.unsafe(script).simple();
          },
        }),
      );
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
    const pool = jsonTextAsIs(postgres(directUrl, connectOptions({ ...options, pooling: 'session' })));
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
        return Promise.reject(directUrlMissing());
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
