-- 001_create_microservice_schemas.sql
-- Carves the FlexTime monolith into per-service schemas: creates the five schemas, the shared reference
-- tables (copied from the legacy public.* tables when they exist), the four service roles, grants, the
-- row-level-security helpers, public.schema_migrations, public.schema_audit_log (+ DDL event trigger),
-- public.materialized_view_refreshes, get_migration_status(), the public.microservice_health view and one
-- check_data_consistency() per service.
--
-- Run as the migration owner:  psql -v ON_ERROR_STOP=1 -f db/migrations/001_create_microservice_schemas.sql
-- One transaction; idempotent (a rerun changes no data and raises nothing).
--
-- Roles are NOLOGIN. Logins come from the environment: create a LOGIN role with its password outside
-- the repository and GRANT <service>_service TO it, then give the service its URL
-- (TEAM_AVAILABILITY_DATABASE_URL, ...).
--
-- Row-level security (applied to every service table by public.flextime_apply_rls()):
--   the tenant is the transaction setting app.conference_id, read as
--   nullif(current_setting('app.conference_id', true), '')::int  (public.current_conference_id()).
--   * app.conference_id unset/empty -> every row is visible (operators, cross-conference jobs);
--   * app.conference_id = N          -> only rows with conference_id = N, plus rows with conference_id
--                                       IS NULL (catalogue rows shared by every conference);
--   * writes with app.conference_id = N must carry conference_id = N.
--   The migration owner owns the tables and is not subject to RLS.

BEGIN;
SET LOCAL client_min_messages = warning;

-- ---------------------------------------------------------------------------------------------
-- Schemas and roles

CREATE SCHEMA IF NOT EXISTS shared_data;
CREATE SCHEMA IF NOT EXISTS team_availability;
CREATE SCHEMA IF NOT EXISTS venue_management;
CREATE SCHEMA IF NOT EXISTS constraint_validation;
CREATE SCHEMA IF NOT EXISTS schedule_generation;

DO $roles$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['team_availability_service', 'venue_management_service',
                           'constraint_validation_service', 'schedule_generation_service'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      -- Roles are cluster-wide: another database's migration may create it at the same moment.
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END;
    END IF;
  END LOOP;
END
$roles$;

-- Each service role owns its schema; nobody else may use it.
DO $owners$
DECLARE
  s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['team_availability', 'venue_management', 'constraint_validation', 'schedule_generation'] LOOP
    IF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = s) <> s || '_service' THEN
      EXECUTE format('ALTER SCHEMA %I OWNER TO %I', s, s || '_service');
    END IF;
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', s);
  END LOOP;
END
$owners$;

REVOKE CREATE ON SCHEMA shared_data FROM PUBLIC;
GRANT USAGE ON SCHEMA shared_data
  TO team_availability_service, venue_management_service, constraint_validation_service, schedule_generation_service;

-- ---------------------------------------------------------------------------------------------
-- Migration bookkeeping and audit

CREATE TABLE IF NOT EXISTS public.schema_migrations (
  version integer PRIMARY KEY,
  name varchar(200) NOT NULL,
  checksum varchar(64),
  executed_at timestamptz NOT NULL DEFAULT now(),
  execution_time_ms integer,
  status varchar(20) NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'failed', 'rolled_back'))
);

CREATE TABLE IF NOT EXISTS public.schema_audit_log (
  audit_id bigserial PRIMARY KEY,
  event_time timestamptz NOT NULL DEFAULT now(),
  command_tag text NOT NULL,
  object_type text,
  schema_name text,
  object_identity text,
  executed_by text NOT NULL DEFAULT current_user,
  transaction_id bigint NOT NULL DEFAULT txid_current()
);
CREATE INDEX IF NOT EXISTS schema_audit_log_event_time_idx ON public.schema_audit_log (event_time);

-- One row per REFRESH MATERIALIZED VIEW run by `flextime refresh-views` (seeding/refresh-views.ts writes it;
-- public.microservice_health shows each service's latest refresh).
CREATE TABLE IF NOT EXISTS public.materialized_view_refreshes (
  schema_name text NOT NULL,
  view_name text NOT NULL,
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL,
  row_count bigint NOT NULL,
  concurrent boolean NOT NULL,
  PRIMARY KEY (schema_name, view_name, refreshed_at)
);
COMMENT ON TABLE public.materialized_view_refreshes IS
  'One row per REFRESH MATERIALIZED VIEW run by flextime refresh-views (the last refresh time of each service view)';

CREATE OR REPLACE FUNCTION public.flextime_audit_ddl() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
  cmd record;
BEGIN
  FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
    IF cmd.schema_name IS NULL OR cmd.schema_name NOT LIKE 'pg\_%' THEN
      INSERT INTO public.schema_audit_log (command_tag, object_type, schema_name, object_identity, executed_by)
      VALUES (cmd.command_tag, cmd.object_type, cmd.schema_name, cmd.object_identity, session_user);
    END IF;
  END LOOP;
END
$fn$;

-- Event triggers need a superuser; on a managed server without one the audit log simply stays empty.
DO $audit$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'flextime_schema_audit')
     AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    CREATE EVENT TRIGGER flextime_schema_audit ON ddl_command_end EXECUTE FUNCTION public.flextime_audit_ddl();
  END IF;
END
$audit$;

-- ---------------------------------------------------------------------------------------------
-- Helpers used by 002-005 (kept here so every service file applies them the same way)

-- The tenant of the current transaction (NULL = all conferences).
CREATE OR REPLACE FUNCTION public.current_conference_id() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
  SELECT nullif(current_setting('app.conference_id', true), '')::int
$fn$;

-- Own schema: full rights on every table/sequence/function, now and for objects created later by the owner.
CREATE OR REPLACE FUNCTION public.flextime_grant_service(target_schema text, service_role text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO %I', target_schema, service_role);
  EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO %I', target_schema, service_role);
  EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO %I', target_schema, service_role);
  EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO %I', target_schema, service_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT ALL ON TABLES TO %I', target_schema, service_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT ALL ON SEQUENCES TO %I', target_schema, service_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT EXECUTE ON FUNCTIONS TO %I', target_schema, service_role);
END
$fn$;

-- Enables RLS with the tenant policy on every table of the schema that has a conference_id column.
CREATE OR REPLACE FUNCTION public.flextime_apply_rls(target_schema text) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.relname, c.relrowsecurity
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'conference_id' AND NOT a.attisdropped
    WHERE n.nspname = target_schema AND c.relkind IN ('r', 'p')
  LOOP
    IF NOT t.relrowsecurity THEN
      EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', target_schema, t.relname);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_policies
                   WHERE schemaname = target_schema AND tablename = t.relname AND policyname = 'tenant_isolation') THEN
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I.%I '
        'USING (public.current_conference_id() IS NULL OR conference_id IS NULL '
        'OR conference_id = public.current_conference_id()) '
        'WITH CHECK (public.current_conference_id() IS NULL OR conference_id = public.current_conference_id())',
        target_schema, t.relname);
    END IF;
  END LOOP;
END
$fn$;

-- After copying rows with explicit ids: move every serial sequence of the schema past the largest id.
CREATE OR REPLACE FUNCTION public.flextime_sync_sequences(target_schema text) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  c record;
  seq text;
  max_id bigint;
  last_id bigint;
BEGIN
  FOR c IN
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = target_schema AND column_default LIKE 'nextval(%'
  LOOP
    seq := pg_get_serial_sequence(format('%I.%I', target_schema, c.table_name), c.column_name);
    IF seq IS NOT NULL THEN
      EXECUTE format('SELECT max(%I) FROM %I.%I', c.column_name, target_schema, c.table_name) INTO max_id;
      EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %s', seq) INTO last_id;
      IF max_id IS NOT NULL AND max_id > last_id THEN
        PERFORM setval(seq, max_id);
      END IF;
    END IF;
  END LOOP;
END
$fn$;

-- Exact row count of one table (used by the health view and the consistency checks).
CREATE OR REPLACE FUNCTION public.flextime_row_count(target_schema text, target_table text) RETURNS bigint
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM %I.%I', target_schema, target_table) INTO n;
  RETURN n;
END
$fn$;

-- ---------------------------------------------------------------------------------------------
-- shared_data: reference rows, owned by the migration owner, readable by every service

CREATE TABLE IF NOT EXISTS shared_data.sports (
  sport_id serial PRIMARY KEY,
  sport_name varchar(100) NOT NULL UNIQUE,
  sport_code varchar(20) NOT NULL UNIQUE,
  gender varchar(10),
  season_type varchar(20),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS shared_data.seasons (
  season_id serial PRIMARY KEY,
  season_name varchar(50) NOT NULL UNIQUE,
  start_year integer NOT NULL,
  end_year integer NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  is_current boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT seasons_dates_check CHECK (end_date >= start_date),
  CONSTRAINT seasons_years_check CHECK (end_year >= start_year)
);

CREATE TABLE IF NOT EXISTS shared_data.conferences (
  conference_id serial PRIMARY KEY,
  name varchar(100) NOT NULL UNIQUE,
  abbreviation varchar(20) NOT NULL UNIQUE,
  region varchar(50),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS shared_data.institutions (
  institution_id serial PRIMARY KEY,
  name varchar(150) NOT NULL UNIQUE,
  short_name varchar(60),
  abbreviation varchar(10) NOT NULL,
  mascot varchar(60),
  city varchar(100),
  state varchar(2),
  timezone varchar(50) NOT NULL DEFAULT 'America/Chicago',
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS institutions_conference_id_idx ON shared_data.institutions (conference_id);

CREATE TABLE IF NOT EXISTS shared_data.teams (
  team_id serial PRIMARY KEY,
  institution_id integer NOT NULL REFERENCES shared_data.institutions (institution_id),
  sport_id integer NOT NULL REFERENCES shared_data.sports (sport_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  name varchar(150) NOT NULL,
  abbreviation varchar(10) NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT teams_institution_id_sport_id_key UNIQUE (institution_id, sport_id)
);
CREATE INDEX IF NOT EXISTS teams_conference_id_sport_id_idx ON shared_data.teams (conference_id, sport_id);
CREATE INDEX IF NOT EXISTS teams_sport_id_idx ON shared_data.teams (sport_id);

CREATE TABLE IF NOT EXISTS shared_data.venues (
  venue_id serial PRIMARY KEY,
  institution_id integer REFERENCES shared_data.institutions (institution_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  name varchar(150) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS venues_institution_id_idx ON shared_data.venues (institution_id);

GRANT SELECT ON ALL TABLES IN SCHEMA shared_data
  TO team_availability_service, venue_management_service, constraint_validation_service, schedule_generation_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA shared_data GRANT SELECT ON TABLES
  TO team_availability_service, venue_management_service, constraint_validation_service, schedule_generation_service;

-- Copy the reference rows out of the monolith (ids preserved) when its tables exist.
DO $copy$
BEGIN
  IF to_regclass('public.sports') IS NOT NULL THEN
    INSERT INTO shared_data.sports (sport_id, sport_name, sport_code, gender, season_type, is_active, created_at)
    SELECT id, name, code, gender, season_type, coalesce(is_active, true), coalesce(created_at, now())
    FROM public.sports ORDER BY id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.seasons') IS NOT NULL THEN
    INSERT INTO shared_data.seasons (season_id, season_name, start_year, end_year, start_date, end_date, is_current, created_at)
    SELECT id, name, start_year, end_year, start_date, end_date, coalesce(is_current, false), coalesce(created_at, now())
    FROM public.seasons ORDER BY id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.conferences') IS NOT NULL THEN
    INSERT INTO shared_data.conferences (conference_id, name, abbreviation, region, created_at)
    SELECT id, name, abbreviation, region, coalesce(created_at, now())
    FROM public.conferences ORDER BY id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.institutions') IS NOT NULL THEN
    INSERT INTO shared_data.institutions (institution_id, name, short_name, abbreviation, mascot, city, state, timezone,
                                          latitude, longitude, conference_id, created_at)
    SELECT id, name, short_name, abbreviation, mascot, city, state, coalesce(timezone, 'America/Chicago'),
           latitude, longitude, conference_id, coalesce(created_at, now())
    FROM public.institutions ORDER BY id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.teams') IS NOT NULL THEN
    INSERT INTO shared_data.teams (team_id, institution_id, sport_id, conference_id, name, abbreviation, is_active, created_at)
    SELECT id, institution_id, sport_id, conference_id, name, abbreviation, coalesce(is_active, true),
           coalesce(created_at, now())
    FROM public.teams ORDER BY id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.venues') IS NOT NULL THEN
    INSERT INTO shared_data.venues (venue_id, institution_id, conference_id, name, created_at)
    SELECT v.id, v.institution_id, i.conference_id, v.name, coalesce(v.created_at, now())
    FROM public.venues v LEFT JOIN public.institutions i ON i.id = v.institution_id
    ORDER BY v.id
    ON CONFLICT DO NOTHING;
  END IF;
END
$copy$;
SELECT public.flextime_sync_sequences('shared_data');

-- ---------------------------------------------------------------------------------------------
-- Verification

-- One row per known migration: applied, failed or pending, with what it created.
CREATE OR REPLACE FUNCTION public.get_migration_status()
RETURNS TABLE (
  version integer,
  name text,
  status text,
  executed_at timestamptz,
  execution_time_ms integer,
  checksum text,
  target_schema text,
  schema_exists boolean,
  table_count integer
)
LANGUAGE sql STABLE AS $fn$
  WITH expected(version, name, target_schema) AS (
    VALUES (1, '001_create_microservice_schemas', 'shared_data'),
           (2, '002_migrate_team_availability_service', 'team_availability'),
           (3, '003_migrate_venue_management_service', 'venue_management'),
           (4, '004_migrate_constraint_validation_service', 'constraint_validation'),
           (5, '005_migrate_schedule_generation_service', 'schedule_generation')
  ), merged AS (
    SELECT coalesce(m.version, e.version) AS version,
           coalesce(m.name::text, e.name) AS name,
           coalesce(m.status::text, 'pending') AS status,
           m.executed_at, m.execution_time_ms, m.checksum::text AS checksum, e.target_schema
    FROM expected e FULL JOIN public.schema_migrations m ON m.version = e.version
  )
  SELECT g.version, g.name, g.status, g.executed_at, g.execution_time_ms, g.checksum, g.target_schema,
         g.target_schema IS NOT NULL AND EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = g.target_schema),
         (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = g.target_schema AND c.relkind IN ('r', 'p'))
  FROM merged g
  ORDER BY g.version
$fn$;

-- One row per service: is its schema/role there, its migration applied, how many tables/rows, RLS on, and
-- when were its materialized views last refreshed (NULL: never by flextime refresh-views)?
CREATE OR REPLACE VIEW public.microservice_health AS
WITH services(service_name, schema_name, role_name, version) AS (
  VALUES ('team-availability', 'team_availability', 'team_availability_service', 2),
         ('venue-management', 'venue_management', 'venue_management_service', 3),
         ('constraint-validation', 'constraint_validation', 'constraint_validation_service', 4),
         ('schedule-generation', 'schedule_generation', 'schedule_generation_service', 5)
), tables AS (
  SELECT n.nspname AS schema_name, c.relname, c.relrowsecurity
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
), facts AS (
  SELECT s.version, s.service_name, s.schema_name, s.role_name,
         EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = s.schema_name) AS schema_exists,
         EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = s.role_name) AS role_exists,
         (SELECT count(*)::int FROM tables t WHERE t.schema_name = s.schema_name) AS table_count,
         (SELECT count(*)::int FROM tables t WHERE t.schema_name = s.schema_name AND t.relrowsecurity) AS rls_tables,
         (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = s.schema_name AND c.relkind = 'm') AS materialized_views,
         (SELECT coalesce(sum(public.flextime_row_count(t.schema_name, t.relname)), 0)::bigint
          FROM tables t WHERE t.schema_name = s.schema_name) AS total_rows,
         m.status AS migration_status,
         m.executed_at AS migrated_at
  FROM services s LEFT JOIN public.schema_migrations m ON m.version = s.version
)
SELECT service_name, schema_name, role_name, schema_exists, role_exists, table_count, rls_tables,
       materialized_views, total_rows, coalesce(migration_status, 'pending') AS migration_status, migrated_at,
       CASE
         WHEN NOT schema_exists OR NOT role_exists THEN 'missing'
         WHEN migration_status IS DISTINCT FROM 'applied' OR table_count = 0 OR rls_tables < table_count THEN 'degraded'
         ELSE 'healthy'
       END AS status,
       -- last column: CREATE OR REPLACE VIEW can only append columns to an existing view
       (SELECT max(r.refreshed_at) FROM public.materialized_view_refreshes r
        WHERE r.schema_name = facts.schema_name) AS views_refreshed_at
FROM facts
ORDER BY version;

-- check_data_consistency(): one row per check, status 'ok' | 'warning' | 'error'. Security invoker: run by a
-- service role it sees what RLS lets it see; run by the owner it sees everything.

CREATE OR REPLACE FUNCTION team_availability.check_data_consistency()
RETURNS TABLE (check_name text, status text, affected_rows bigint, details text)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
DECLARE
  n bigint;
  m bigint;
BEGIN
  IF to_regclass('team_availability.team_blackout_dates') IS NULL THEN
    RETURN QUERY SELECT 'schema_migrated'::text, 'error'::text, 0::bigint, 'migration 002 has not run'::text;
    RETURN;
  END IF;

  SELECT count(*) INTO n FROM (
    SELECT team_id FROM team_availability.team_scheduling_profiles
    UNION ALL SELECT team_id FROM team_availability.team_rest_requirements
    UNION ALL SELECT team_id FROM team_availability.team_travel_constraints
    UNION ALL SELECT team_id FROM team_availability.team_availability_windows
    UNION ALL SELECT team_id FROM team_availability.team_blackout_dates
    UNION ALL SELECT team_id FROM team_availability.team_availability_preferences
  ) x WHERE NOT EXISTS (SELECT 1 FROM shared_data.teams t WHERE t.team_id = x.team_id);
  RETURN QUERY SELECT 'orphan_team_references'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s row(s) reference a team missing from shared_data.teams', n);

  SELECT count(*) INTO n FROM (
    SELECT team_id, conference_id FROM team_availability.team_scheduling_profiles
    UNION ALL SELECT team_id, conference_id FROM team_availability.team_rest_requirements
    UNION ALL SELECT team_id, conference_id FROM team_availability.team_travel_constraints
    UNION ALL SELECT team_id, conference_id FROM team_availability.team_availability_windows
    UNION ALL SELECT team_id, conference_id FROM team_availability.team_blackout_dates
    UNION ALL SELECT team_id, conference_id FROM team_availability.team_availability_preferences
  ) x JOIN shared_data.teams t ON t.team_id = x.team_id
  WHERE x.conference_id IS DISTINCT FROM t.conference_id;
  RETURN QUERY SELECT 'conference_matches_team'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s row(s) carry a conference_id different from their team''s', n);

  SELECT count(*) INTO n FROM (
    SELECT team_id, start_date, end_date FROM team_availability.team_blackout_dates WHERE is_active
    GROUP BY team_id, start_date, end_date HAVING count(*) > 1
  ) d;
  RETURN QUERY SELECT 'duplicate_blackouts'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'warning' END, n,
    format('%s team/date range(s) blacked out more than once', n);

  SELECT count(*) INTO n FROM team_availability.team_scheduling_profiles p
  JOIN shared_data.teams t ON t.team_id = p.team_id WHERE p.sport_id <> t.sport_id;
  RETURN QUERY SELECT 'profile_sport_matches_team'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s profile(s) whose sport differs from their team''s', n);

  SELECT count(*) INTO n FROM team_availability.institutions_teams_view;
  SELECT count(*) INTO m FROM shared_data.teams;
  RETURN QUERY SELECT 'institutions_teams_view_fresh'::text, CASE WHEN n = m THEN 'ok' ELSE 'warning' END, abs(n - m),
    format('view has %s row(s), shared_data.teams has %s (REFRESH MATERIALIZED VIEW CONCURRENTLY when they differ)', n, m);
END
$fn$;

CREATE OR REPLACE FUNCTION venue_management.check_data_consistency()
RETURNS TABLE (check_name text, status text, affected_rows bigint, details text)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
DECLARE
  n bigint;
  m bigint;
BEGIN
  IF to_regclass('venue_management.venue_profiles') IS NULL THEN
    RETURN QUERY SELECT 'schema_migrated'::text, 'error'::text, 0::bigint, 'migration 003 has not run'::text;
    RETURN;
  END IF;

  SELECT count(*) INTO n FROM (
    SELECT venue_id FROM venue_management.venue_profiles
    UNION ALL SELECT venue_id FROM venue_management.venue_operational_hours
    UNION ALL SELECT venue_id FROM venue_management.venue_sport_configurations
    UNION ALL SELECT venue_id FROM venue_management.venue_unavailability_periods
    UNION ALL SELECT venue_id FROM venue_management.venue_availability_rules
    UNION ALL SELECT venue_id FROM venue_management.venue_booking_conflicts
  ) x WHERE NOT EXISTS (SELECT 1 FROM shared_data.venues v WHERE v.venue_id = x.venue_id);
  RETURN QUERY SELECT 'orphan_venue_references'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s row(s) reference a venue missing from shared_data.venues', n);

  SELECT count(*) INTO n FROM (
    SELECT venue_id, conference_id FROM venue_management.venue_profiles
    UNION ALL SELECT venue_id, conference_id FROM venue_management.venue_operational_hours
    UNION ALL SELECT venue_id, conference_id FROM venue_management.venue_sport_configurations
    UNION ALL SELECT venue_id, conference_id FROM venue_management.venue_unavailability_periods
    UNION ALL SELECT venue_id, conference_id FROM venue_management.venue_availability_rules
    UNION ALL SELECT venue_id, conference_id FROM venue_management.venue_booking_conflicts
  ) x JOIN shared_data.venues v ON v.venue_id = x.venue_id
  WHERE x.conference_id IS DISTINCT FROM v.conference_id;
  RETURN QUERY SELECT 'conference_matches_venue'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s row(s) carry a conference_id different from their venue''s', n);

  SELECT count(*) INTO n FROM venue_management.venue_operational_hours WHERE allows_games AND close_time <= open_time;
  RETURN QUERY SELECT 'operational_hours_ordered'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'warning' END, n,
    format('%s opening-hours row(s) close at or before they open', n);

  SELECT count(*) INTO n FROM shared_data.venues v
  WHERE NOT EXISTS (SELECT 1 FROM venue_management.venue_profiles p WHERE p.venue_id = v.venue_id);
  RETURN QUERY SELECT 'venues_have_profiles'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'warning' END, n,
    format('%s venue(s) without a venue profile (capacity, type)', n);

  SELECT count(*) INTO n FROM venue_management.venues_institutions_view;
  SELECT count(*) INTO m FROM shared_data.venues;
  RETURN QUERY SELECT 'venues_institutions_view_fresh'::text, CASE WHEN n = m THEN 'ok' ELSE 'warning' END, abs(n - m),
    format('view has %s row(s), shared_data.venues has %s (REFRESH MATERIALIZED VIEW CONCURRENTLY when they differ)', n, m);
END
$fn$;

CREATE OR REPLACE FUNCTION constraint_validation.check_data_consistency()
RETURNS TABLE (check_name text, status text, affected_rows bigint, details text)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
DECLARE
  n bigint;
BEGIN
  IF to_regclass('constraint_validation.constraint_templates') IS NULL THEN
    RETURN QUERY SELECT 'schema_migrated'::text, 'error'::text, 0::bigint, 'migration 004 has not run'::text;
    RETURN;
  END IF;

  SELECT 6 - count(*) INTO n FROM constraint_validation.constraint_categories
  WHERE category_name IN ('scheduling', 'venue', 'travel', 'competitive', 'broadcast', 'academic');
  RETURN QUERY SELECT 'standard_categories_present'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s of the 6 standard categories missing', n);

  SELECT count(*) INTO n FROM constraint_validation.constraint_templates
  WHERE NOT (validation_logic ? 'type') OR jsonb_typeof(parameter_schema) <> 'object';
  RETURN QUERY SELECT 'templates_well_formed'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s template(s) without validation_logic.type or with a non-object parameter_schema', n);

  SELECT count(*) INTO n FROM constraint_validation.schedule_constraint_evaluations e
  WHERE EXISTS (SELECT 1 FROM constraint_validation.constraint_violation_logs l WHERE l.evaluation_id = e.evaluation_id)
    AND e.violation_count <> (SELECT count(*) FROM constraint_validation.constraint_violation_logs l
                              WHERE l.evaluation_id = e.evaluation_id);
  RETURN QUERY SELECT 'violation_counts_match_logs'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'warning' END, n,
    format('%s evaluation(s) whose violation_count differs from their logged violations', n);

  SELECT count(*) INTO n FROM constraint_validation.schedule_constraint_evaluations
  WHERE validation_status = 'passed' AND violation_count > 0;
  RETURN QUERY SELECT 'passed_without_violations'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s evaluation(s) marked passed that report violations', n);
END
$fn$;

CREATE OR REPLACE FUNCTION schedule_generation.check_data_consistency()
RETURNS TABLE (check_name text, status text, affected_rows bigint, details text)
LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
DECLARE
  n bigint;
BEGIN
  IF to_regclass('schedule_generation.games') IS NULL THEN
    RETURN QUERY SELECT 'schema_migrated'::text, 'error'::text, 0::bigint, 'migration 005 has not run'::text;
    RETURN;
  END IF;

  SELECT count(*) INTO n FROM schedule_generation.games g
  WHERE NOT EXISTS (SELECT 1 FROM shared_data.teams t WHERE t.team_id = g.home_team_id)
     OR NOT EXISTS (SELECT 1 FROM shared_data.teams t WHERE t.team_id = g.away_team_id)
     OR (g.venue_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM shared_data.venues v WHERE v.venue_id = g.venue_id));
  RETURN QUERY SELECT 'orphan_game_references'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s game(s) reference a team or venue missing from shared_data', n);

  SELECT count(*) INTO n FROM schedule_generation.games g
  JOIN schedule_generation.schedule_versions v ON v.version_id = g.version_id
  WHERE v.schedule_id <> g.schedule_id;
  RETURN QUERY SELECT 'game_version_belongs_to_schedule'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s game(s) whose version belongs to another schedule', n);

  SELECT count(*) INTO n FROM schedule_generation.games g
  JOIN schedule_generation.schedules s ON s.schedule_id = g.schedule_id
  WHERE g.conference_id IS DISTINCT FROM s.conference_id;
  RETURN QUERY SELECT 'conference_matches_schedule'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s game(s) carry a conference_id different from their schedule''s', n);

  SELECT count(*) INTO n FROM schedule_generation.games g
  JOIN schedule_generation.schedules s ON s.schedule_id = g.schedule_id
  WHERE (s.start_date IS NOT NULL AND g.game_date < s.start_date) OR (s.end_date IS NOT NULL AND g.game_date > s.end_date);
  RETURN QUERY SELECT 'games_within_schedule_dates'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'warning' END, n,
    format('%s game(s) dated outside their schedule''s start/end dates', n);

  SELECT count(*) INTO n FROM (
    SELECT x.schedule_id, x.version_id, x.team_id, x.game_date FROM (
      SELECT schedule_id, version_id, home_team_id AS team_id, game_date FROM schedule_generation.games
      WHERE status NOT IN ('cancelled', 'postponed')
      UNION ALL
      SELECT schedule_id, version_id, away_team_id, game_date FROM schedule_generation.games
      WHERE status NOT IN ('cancelled', 'postponed')
    ) x GROUP BY x.schedule_id, x.version_id, x.team_id, x.game_date HAVING count(*) > 1
  ) d;
  RETURN QUERY SELECT 'team_double_booked'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s team-day(s) with more than one game in the same schedule version', n);

  SELECT count(*) INTO n FROM schedule_generation.schedules s
  WHERE s.current_version_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM schedule_generation.schedule_versions v
    WHERE v.version_id = s.current_version_id AND v.schedule_id = s.schedule_id);
  RETURN QUERY SELECT 'current_version_valid'::text, CASE WHEN n = 0 THEN 'ok' ELSE 'error' END, n,
    format('%s schedule(s) whose current_version_id is not one of their versions', n);
END
$fn$;

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (1, '001_create_microservice_schemas', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
