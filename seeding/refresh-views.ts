// Refreshing the services' materialized views. Each view is refreshed CONCURRENTLY (readers keep reading
// the old contents meanwhile; every FlexTime matview has the unique index this needs), in its own short
// transaction, and the refresh is recorded in public.materialized_view_refreshes (created by migration 001) so
// operators can see when each view was last refreshed (`lastRefreshes()`, `npm run refresh-views -- --status`,
// and the views_refreshed_at column of public.microservice_health).
// A view that was never populated cannot be refreshed concurrently: it gets one plain REFRESH first.
import { sql } from 'drizzle-orm';
import type { Database, ServiceTx } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { type Log, silentLog } from './log.ts';

export interface MaterializedView {
  schema: string;
  name: string;
  populated: boolean;
}

export interface RefreshResult {
  schema: string;
  view: string;
  concurrent: boolean;
  rows: number;
  ms: number;
  refreshedAt: string;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The application's materialized views (every schema except the catalogs), optionally of one schema. */
export async function listMaterializedViews(tx: ServiceTx, schema?: string): Promise<MaterializedView[]> {
  const found = await rows<{ schemaname: string; matviewname: string; ispopulated: boolean }>(
    tx,
    sql`select schemaname, matviewname, ispopulated from pg_matviews
        where schemaname not in ('pg_catalog', 'information_schema')
          and (${schema ?? null}::text is null or schemaname = ${schema ?? null}::text)
        order by schemaname, matviewname`,
  );
  return found.map((r) => ({ schema: r.schemaname, name: r.matviewname, populated: r.ispopulated }));
}

/**
 * Checks that the refresh log table exists. Migration 001 creates it (db/migrations/001_create_microservice_schemas.sql,
 * next to the public.microservice_health view that reads it); a database not yet migrated gets a clear error.
 */
export async function ensureRefreshLog(db: Database): Promise<void> {
  const [found] = await db.admin((tx) =>
    rows<{ t: string | null }>(tx, sql`select to_regclass('public.materialized_view_refreshes')::text as t`),
  );
  if (!found?.t) {
    throw new Error('public.materialized_view_refreshes is missing: run `flextime migrate` first (migration 001)');
  }
}

/**
 * Refreshes every materialized view (or those of `schema`) CONCURRENTLY, one transaction per view, and
 * records each refresh. Throws when `schema` names a schema without materialized views.
 */
export async function refreshMaterializedViews(
  db: Database,
  options: { schema?: string; log?: Log } = {},
): Promise<RefreshResult[]> {
  const log = options.log ?? silentLog;
  await ensureRefreshLog(db);
  const views = await db.admin((tx) => listMaterializedViews(tx, options.schema));
  if (options.schema && views.length === 0) {
    throw new Error(`schema '${options.schema}' has no materialized views`);
  }
  const results: RefreshResult[] = [];
  for (const view of views) {
    const qualified = `${quoteIdent(view.schema)}.${quoteIdent(view.name)}`;
    const concurrent = view.populated;
    const started = performance.now();
    const result = await db.admin(async (tx) => {
      await tx.execute(sql.raw(`REFRESH MATERIALIZED VIEW ${concurrent ? 'CONCURRENTLY ' : ''}${qualified}`));
      const ms = Math.round(performance.now() - started);
      const [count] = await rows<{ n: string | number }>(tx, sql.raw(`select count(*) as n from ${qualified}`));
      const [logged] = await rows<{ refreshed_at: string | Date }>(
        tx,
        sql`insert into public.materialized_view_refreshes (schema_name, view_name, duration_ms, row_count, concurrent)
            values (${view.schema}, ${view.name}, ${ms}, ${Number(count.n)}, ${concurrent})
            returning refreshed_at`,
      );
      return { ms, rows: Number(count.n), refreshedAt: new Date(logged.refreshed_at).toISOString() };
    });
    results.push({ schema: view.schema, view: view.name, concurrent, ...result });
    log.info({ view: `${view.schema}.${view.name}`, concurrent, rows: result.rows, ms: result.ms }, 'refreshed');
  }
  return results;
}

export interface LastRefresh {
  schema: string;
  view: string;
  lastRefreshedAt: string | null;
  rows: number | null;
}

/** When each materialized view was last refreshed by flextime (null: never). */
export async function lastRefreshes(db: Database): Promise<LastRefresh[]> {
  await ensureRefreshLog(db);
  return db.admin(async (tx) => {
    const found = await rows<{
      schemaname: string;
      matviewname: string;
      refreshed_at: string | Date | null;
      row_count: string | number | null;
    }>(
      tx,
      sql`select m.schemaname, m.matviewname, r.refreshed_at, r.row_count
          from pg_matviews m
          left join lateral (
            select refreshed_at, row_count from public.materialized_view_refreshes x
            where x.schema_name = m.schemaname and x.view_name = m.matviewname
            order by refreshed_at desc limit 1
          ) r on true
          where m.schemaname not in ('pg_catalog', 'information_schema')
          order by m.schemaname, m.matviewname`,
    );
    return found.map((r) => ({
      schema: r.schemaname,
      view: r.matviewname,
      lastRefreshedAt: r.refreshed_at === null ? null : new Date(r.refreshed_at).toISOString(),
      rows: r.row_count === null ? null : Number(r.row_count),
    }));
  });
}
