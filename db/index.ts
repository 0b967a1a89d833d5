// The database layer: one `Database` per process, either embedded PGlite (no DATABASE_URL) or real
// PostgreSQL through postgres.js pools. Every service's statements run as that service's own role
// (`<service>_service`), so least privilege holds in both modes:
//   - real Postgres with <SERVICE>_DATABASE_URL set: a pool per service, logging in as a LOGIN role that is
//     a member of the service role; each transaction still switches to the service role with SET LOCAL ROLE;
//   - real Postgres without them: the admin DATABASE_URL pool, each transaction under SET LOCAL ROLE <service>;
//   - PGlite: one shared instance (one session, queries serialise), each transaction under SET LOCAL ROLE.
// The tenant (conference) travels as the transaction-local setting app.conference_id, which the RLS policies read.
//
// Files: services.ts (naming), database.ts (the contract), pglite.ts and postgres.ts (the two openers),
// service-transactions.ts, sessions.ts and pooled-transactions.ts (real-Postgres transactions), role-and-tenant.ts,
// data-dir-lock.ts, tracing.ts (a span per statement).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type Database,
  DatabaseConnectionError,
  directUrlMissing,
  type OpenOptions,
  poolingFromEnv,
  redactUrl,
} from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import * as schema from './schema/index.ts';
import { SERVICES, type ServiceName, serviceUrlEnvVar } from './services.ts';

export {
  DatabaseUnavailableError,
  isConnectionLoss,
  reserveWithin,
  surviveConnectionLossRejections,
} from './connection-loss.ts';
export { acquireDataDirLock } from './data-dir-lock.ts';
export {
  type AdminSession,
  type Database,
  DatabaseConnectionError,
  DB_POOLING_MODES,
  type DbPooling,
  type OpenOptions,
  poolingFromEnv,
  type QueryEvent,
  redactUrl,
  rows,
  type Schema,
  type ServiceDb,
  type ServiceTx,
} from './database.ts';
export { withSavepoint } from './savepoints.ts';
export { roleOf, SERVICES, type ServiceName, schemaOf, serviceUrlEnvVar } from './services.ts';
export { schema };

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

/**
 * The URL for a connection of a process's own (pg_dump, psql, a session-level lock): DATABASE_URL, or under
 * FLEXTIME_DB_POOLING=transaction DIRECT_DATABASE_URL (refused without it: DATABASE_URL is then PgBouncer).
 * Undefined without DATABASE_URL (embedded PGlite).
 */
export function directUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env.DATABASE_URL || undefined;
  if (!url || poolingFromEnv(env.FLEXTIME_DB_POOLING) !== 'transaction') return url;
  if (!env.DIRECT_DATABASE_URL) throw directUrlMissing();
  return env.DIRECT_DATABASE_URL;
}

/** True when the embedded data directory already holds a database. */
export function embeddedDatabaseExists(dataDir = '.flextime/pgdata'): boolean {
  return existsSync(resolve(dataDir, 'PG_VERSION'));
}
