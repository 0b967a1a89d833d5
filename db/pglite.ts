// Embedded PGlite: one in-process session shared by every service, each transaction under SET LOCAL ROLE.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { acquireDataDirLock } from './data-dir-lock.ts';
import {
  type Database,
  DatabaseConnectionError,
  describeError,
  type OpenOptions,
  type ServiceDb,
  type ServiceTx,
} from './database.ts';
import { makeLogger, PLUMBING, sessionStatement } from './role-and-tenant.ts';
import * as schema from './schema/index.ts';
import { roleOf, SERVICES, type ServiceName } from './services.ts';
import { tracedStatement } from './tracing.ts';

type Queryable = Pick<PGlite, 'query'>;

/** The client as Drizzle uses it (query, transaction), each statement in its span when the caller's trace records. */
function tracedClient(client: PGlite, role: string): PGlite {
  const traced = <Q extends Queryable>(target: Q): Q =>
    Object.assign(Object.create(target) as Q, {
      // the role/tenant plumbing is not a statement of the service's (as in the statement log)
      query: ((text: string, params?: unknown[], opts?: object) =>
        text.startsWith(PLUMBING)
          ? target.query(text, params, opts)
          : tracedStatement(role, text, () => target.query(text, params, opts))) as Q['query'],
    });
  return Object.assign(traced(client), {
    transaction: ((fn: (tx: Parameters<Parameters<PGlite['transaction']>[0]>[0]) => Promise<unknown>) =>
      client.transaction((tx) => fn(traced(tx)))) as PGlite['transaction'],
  });
}

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

export async function openPglite(options: OpenOptions): Promise<Database> {
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
    const db = drizzlePglite({
      client: tracedClient(client, roleOf(name)),
      schema,
      logger: makeLogger(name, options.onQuery),
    });
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
