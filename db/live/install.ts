// The objects a live migration needs, which exist only while one runs (`live start` creates them, `live finish`
// removes them): schema flextime_live (change logs, fences, mapping views, appliers), public.live_migration_state,
// the capture and fence triggers, and get_migration_status() extended with the live phase. No superuser, no
// extension: plpgsql triggers (PostgreSQL 15/16/18 and PGlite). Every statement is idempotent.
import type { AdminSession } from '../index.ts';
import { CAPTURED_SOURCES, LIVE_MAPPINGS, REVERSED_MAPPINGS } from './mapping.ts';
import { APPLIER_SETTING, type ColumnTypes, forwardApplier, reverseApplier, viewStatements } from './sql.ts';
import { STATE_DDL } from './state.ts';

const LOG_DDL = (name: string) => `CREATE TABLE IF NOT EXISTS flextime_live.${name} (
  seq bigserial PRIMARY KEY,
  source text NOT NULL,
  legacy_id integer NOT NULL,
  op char(1) NOT NULL CHECK (op IN ('I', 'U', 'D')),
  row_data jsonb NOT NULL,
  txid bigint NOT NULL DEFAULT txid_current(),
  captured_at timestamptz NOT NULL DEFAULT clock_timestamp()
)`;

// A row-level AFTER trigger: records the row (the id from the key column named by the trigger's argument). The
// migrator's own writes (APPLIER_SETTING on) are not captured, so nothing echoes between the two sides.
const captureFunction = (name: string, log: string) => `
CREATE OR REPLACE FUNCTION flextime_live.${name}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
  source text := CASE WHEN TG_TABLE_SCHEMA = 'public' THEN TG_TABLE_NAME ELSE TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME END;
  new_id integer;
  old_id integer;
BEGIN
  IF current_setting('${APPLIER_SETTING}', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    old_id := (to_jsonb(OLD) ->> TG_ARGV[0])::integer;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_id := (to_jsonb(NEW) ->> TG_ARGV[0])::integer;
    INSERT INTO flextime_live.${log} (source, legacy_id, op, row_data) VALUES (source, new_id, left(TG_OP, 1), to_jsonb(NEW));
  END IF;
  IF TG_OP = 'DELETE' OR old_id IS DISTINCT FROM new_id AND TG_OP = 'UPDATE' THEN
    INSERT INTO flextime_live.${log} (source, legacy_id, op, row_data) VALUES (source, old_id, 'D', to_jsonb(OLD));
  END IF;
  RETURN NULL;
END
$fn$`;

// A statement-level BEFORE trigger: refuses writes to the fenced side (argument: 'monolith' or 'services'), with
// SQLSTATE FT001, which the subgraphs answer as DATABASE_UNAVAILABLE (REST: 503, Retry-After): nothing was written.
const FENCE_FUNCTION = `
CREATE OR REPLACE FUNCTION flextime_live.refuse_fenced_writes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
BEGIN
  IF current_setting('${APPLIER_SETTING}', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM flextime_live.fences WHERE side = TG_ARGV[0] AND fenced) THEN
    RAISE EXCEPTION 'live migration: %.% is read-only now (the % side is fenced; see npm run migrate -- live status)',
      TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0]
      USING ERRCODE = 'FT001', HINT = 'writes go to the side that is live; retry after the switch';
  END IF;
  RETURN NULL;
END
$fn$`;

// get_migration_status() with one more row: the live migration's phase and lag. The function it extends is kept
// (renamed) and put back by uninstall.
const STATUS_COLUMNS = `version integer, name text, status text, executed_at timestamptz, execution_time_ms integer,
  checksum text, target_schema text, schema_exists boolean, table_count integer`;
const STATUS_WRAPPER = `
DO $do$
BEGIN
  IF to_regprocedure('public.get_migration_status_before_live()') IS NULL THEN
    ALTER FUNCTION public.get_migration_status() RENAME TO get_migration_status_before_live;
  END IF;
END
$do$;
CREATE OR REPLACE FUNCTION public.get_migration_status() RETURNS TABLE (${STATUS_COLUMNS})
LANGUAGE sql STABLE AS $fn$
  SELECT * FROM public.get_migration_status_before_live()
  UNION ALL
  SELECT NULL::integer,
         format('live migration: %s (change log lag %s row(s), %s s)', st.phase, l.lag_rows, round(l.lag_seconds::numeric, 1)),
         'live:' || st.phase, st.updated_at, NULL::integer, NULL::text, NULL::text, NULL::boolean, NULL::integer
  FROM public.live_migration_state st CROSS JOIN flextime_live.lag l
$fn$`;

const LAG_VIEW = `CREATE OR REPLACE VIEW flextime_live.lag AS
SELECT (SELECT count(*) FROM flextime_live.changes) + (SELECT count(*) FROM flextime_live.reverse_changes) AS lag_rows,
       coalesce(extract(epoch FROM clock_timestamp() - least(
         (SELECT min(captured_at) FROM flextime_live.changes),
         (SELECT min(captured_at) FROM flextime_live.reverse_changes))), 0)::double precision AS lag_seconds`;

// public.microservice_health with the live migration appended while one is installed: its phase and each log's lag
// (rows, seconds since the oldest entry; forward = monolith → services, reverse = services → monolith). 001's
// definition is kept in flextime_live.saved_views and put back by uninstall. Not a migration: a later file that
// widened the view would break every rerun of 001 (`psql -f`, idempotent by contract), which cannot narrow it.
const HEALTH_LAG = `
CREATE TABLE IF NOT EXISTS flextime_live.saved_views (name text PRIMARY KEY, definition text NOT NULL);
CREATE OR REPLACE VIEW flextime_live.health_lag AS
SELECT st.phase AS live_migration_phase,
       (SELECT count(*) FROM flextime_live.changes) AS forward_lag_rows,
       coalesce(extract(epoch FROM clock_timestamp() - (SELECT min(captured_at) FROM flextime_live.changes)), 0)::double precision
         AS forward_lag_seconds,
       (SELECT count(*) FROM flextime_live.reverse_changes) AS reverse_lag_rows,
       coalesce(extract(epoch FROM clock_timestamp() - (SELECT min(captured_at) FROM flextime_live.reverse_changes)), 0)::double precision
         AS reverse_lag_seconds
FROM (SELECT 1) one LEFT JOIN public.live_migration_state st ON st.id = 1;
DO $do$
DECLARE
  def text;
BEGIN
  IF to_regclass('public.microservice_health') IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO flextime_live.saved_views
  VALUES ('public.microservice_health', pg_get_viewdef('public.microservice_health'::regclass))
  ON CONFLICT DO NOTHING;
  SELECT regexp_replace(definition, ';[[:space:]]*$', '') INTO def FROM flextime_live.saved_views WHERE name = 'public.microservice_health';
  EXECUTE format('CREATE OR REPLACE VIEW public.microservice_health AS SELECT h.*, l.live_migration_phase, '
    'l.forward_lag_rows, l.forward_lag_seconds, l.reverse_lag_rows, l.reverse_lag_seconds FROM (%s) h '
    'CROSS JOIN flextime_live.health_lag l ORDER BY array_position(ARRAY[%L, %L, %L, %L], h.schema_name::text)',
    def, 'team_availability', 'venue_management', 'constraint_validation', 'schedule_generation');
END
$do$`;

const HEALTH_RESTORE = `
DO $do$
DECLARE
  def text;
BEGIN
  IF to_regclass('flextime_live.saved_views') IS NULL THEN
    RETURN;
  END IF;
  SELECT definition INTO def FROM flextime_live.saved_views WHERE name = 'public.microservice_health';
  IF def IS NOT NULL THEN
    DROP VIEW IF EXISTS public.microservice_health;
    EXECUTE 'CREATE VIEW public.microservice_health AS ' || regexp_replace(def, ';[[:space:]]*$', '');
  END IF;
END
$do$`;

/** Column types (without typmod) of every service table and legacy table the mapping names. */
export async function readColumnTypes(s: AdminSession): Promise<ColumnTypes> {
  const names = [...new Set([...LIVE_MAPPINGS.map((m) => m.target), ...CAPTURED_SOURCES.map((t) => `public.${t}`)])];
  const rows = await s.query<{ rel: string; col: string; type: string }>(
    `SELECT n.nspname || '.' || c.relname AS rel, a.attname AS col, format_type(a.atttypid, NULL) AS type
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname || '.' || c.relname = ANY(string_to_array($1::text, ',')) AND a.attnum > 0 AND NOT a.attisdropped`,
    [names.join(',')],
  );
  const types: ColumnTypes = new Map();
  for (const r of rows) {
    if (!types.has(r.rel)) types.set(r.rel, new Map());
    types.get(r.rel)!.set(r.col, r.type);
  }
  for (const t of CAPTURED_SOURCES) {
    if (!types.has(`public.${t}`)) throw new Error(`the legacy table public.${t} does not exist: nothing to migrate`);
  }
  return types;
}

/** Runs DDL that needs a table lock with a short lock_timeout, retrying, so a busy table never waits long. */
async function withShortLocks(s: AdminSession, script: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await s.exec(`BEGIN; SET LOCAL lock_timeout = '2s'; ${script}; COMMIT;`);
      return;
    } catch (error) {
      await s.exec('ROLLBACK').catch(() => {});
      const code = (error as { code?: string }).code;
      if (attempt >= 10 || (code !== '55P03' && code !== '40P01')) throw error;
    }
  }
}

const trigger = (table: string, name: string, definition: string) =>
  `CREATE OR REPLACE TRIGGER ${name} ${definition.replace('{table}', table)}`;

/** Schema, logs, fences, state, views, appliers, monolith capture triggers; idempotent. */
export async function installCapture(s: AdminSession, types: ColumnTypes): Promise<void> {
  await s.exec(`BEGIN;
SET LOCAL client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS flextime_live;
${LOG_DDL('changes')};
${LOG_DDL('reverse_changes')};
CREATE TABLE IF NOT EXISTS flextime_live.fences (side text PRIMARY KEY, fenced boolean NOT NULL);
CREATE TABLE IF NOT EXISTS flextime_live.applied (direction text NOT NULL, source text NOT NULL, legacy_id integer NOT NULL);
INSERT INTO flextime_live.fences VALUES ('monolith', false), ('services', true) ON CONFLICT DO NOTHING;
${STATE_DDL};
${captureFunction('capture_monolith_change', 'changes')};
${captureFunction('capture_service_change', 'reverse_changes')};
${FENCE_FUNCTION};
${LAG_VIEW};
${viewStatements(types).join(';\n')};
${forwardApplier(types)};
${reverseApplier()};
${STATUS_WRAPPER};
${HEALTH_LAG};
COMMIT;`);
  for (const table of CAPTURED_SOURCES) {
    await withShortLocks(
      s,
      [
        trigger(
          `public.${table}`,
          'flextime_live_capture',
          "AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION flextime_live.capture_monolith_change('id')",
        ),
        trigger(
          `public.${table}`,
          'flextime_live_fence',
          "BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION flextime_live.refuse_fenced_writes('monolith')",
        ),
      ].join(';\n'),
    );
  }
}

/** Reverse capture and the services' fence on every service table the monolith is rebuilt from; idempotent. */
export async function installReverseCapture(s: AdminSession): Promise<void> {
  for (const m of REVERSED_MAPPINGS) {
    await withShortLocks(
      s,
      [
        trigger(
          m.target,
          'flextime_live_capture',
          `AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION flextime_live.capture_service_change('${m.key}')`,
        ),
        trigger(
          m.target,
          'flextime_live_fence',
          "BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION flextime_live.refuse_fenced_writes('services')",
        ),
      ].join(';\n'),
    );
  }
}

/** Removes every live-migration object (triggers, schema flextime_live) and restores get_migration_status(). */
export async function uninstall(s: AdminSession): Promise<void> {
  const tables = [...CAPTURED_SOURCES.map((t) => `public.${t}`), ...REVERSED_MAPPINGS.map((m) => m.target)];
  for (const table of tables) {
    await withShortLocks(
      s,
      `DO $do$ BEGIN IF to_regclass('${table}') IS NOT NULL THEN
         DROP TRIGGER IF EXISTS flextime_live_capture ON ${table};
         DROP TRIGGER IF EXISTS flextime_live_fence ON ${table};
       END IF; END $do$`,
    );
  }
  await s.exec(`BEGIN;
SET LOCAL client_min_messages = warning;
DO $do$
BEGIN
  IF to_regprocedure('public.get_migration_status_before_live()') IS NOT NULL THEN
    IF (SELECT prosrc FROM pg_proc WHERE oid = 'public.get_migration_status()'::regprocedure) LIKE '%get_migration_status_before_live%' THEN
      DROP FUNCTION public.get_migration_status();
      ALTER FUNCTION public.get_migration_status_before_live() RENAME TO get_migration_status;
    ELSE
      DROP FUNCTION public.get_migration_status_before_live();
    END IF;
  END IF;
END
$do$;
${HEALTH_RESTORE};
DROP SCHEMA IF EXISTS flextime_live CASCADE;
COMMIT;`);
}
