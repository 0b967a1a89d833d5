-- 006_migration_guide_schema_names.sql
-- The operators' migration guide names some columns differently from 002–005. Its names are added here,
-- derived from the columns the services already use (expand/contract, expand step only): existing code, the
-- GraphQL and REST fields and every query keep working on the old names, and operators' queries written from
-- the guide run as written. Nothing is renamed or removed.
--
--   venue_management.venue_profiles
--     standard_capacity   = capacity        (generated, stored)
--     climate_controlled  = is_indoor       (generated, stored: an indoor venue is a conditioned one)
--     currently_available = is_active       (generated, stored)
--     venue_name          = shared_data.venues.name of the profile's venue, kept equal by two triggers: one on
--                           venue_profiles (every insert/update takes the name from shared_data.venues, whatever
--                           the statement wrote) and one on shared_data.venues (a rename reaches the profile).
--   constraint_validation.constraint_violation_logs
--     violation_timestamp = logged_at       (generated, stored)
--   schedule_generation.algorithm_configurations
--     config_id           = algorithm_id    (generated, stored, unique)
--
-- Generated columns cannot be written: writers keep using capacity, is_indoor, is_active, logged_at and
-- algorithm_id. See db/README.md ("Names from the migration guide").
--
-- Run after 001–005:  psql -v ON_ERROR_STOP=1 -f db/migrations/006_migration_guide_schema_names.sql
-- One transaction; idempotent.

BEGIN;
SET LOCAL client_min_messages = warning;

ALTER TABLE venue_management.venue_profiles
  ADD COLUMN IF NOT EXISTS standard_capacity integer GENERATED ALWAYS AS (capacity) STORED,
  ADD COLUMN IF NOT EXISTS climate_controlled boolean GENERATED ALWAYS AS (is_indoor) STORED,
  ADD COLUMN IF NOT EXISTS currently_available boolean GENERATED ALWAYS AS (is_active) STORED,
  -- The default only lets a writer leave the column out: the trigger below replaces it before the row is stored.
  ADD COLUMN IF NOT EXISTS venue_name varchar(150) NOT NULL DEFAULT '';

-- Security invoker: the service role writing a profile reads shared_data.venues (granted to every service).
CREATE OR REPLACE FUNCTION venue_management.venue_profiles_take_venue_name() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  SELECT v.name INTO NEW.venue_name FROM shared_data.venues v WHERE v.venue_id = NEW.venue_id;
  RETURN NEW;
END
$fn$;
CREATE OR REPLACE TRIGGER venue_profiles_take_venue_name
  BEFORE INSERT OR UPDATE ON venue_management.venue_profiles
  FOR EACH ROW EXECUTE FUNCTION venue_management.venue_profiles_take_venue_name();

-- In public, not venue_management: DROP SCHEMA venue_management CASCADE (the guide's partial rollback) must not
-- take the trigger on shared_data.venues with it, and its restore does not recreate triggers outside the schema.
CREATE OR REPLACE FUNCTION public.flextime_venue_renamed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
BEGIN
  IF to_regclass('venue_management.venue_profiles') IS NOT NULL THEN
    EXECUTE 'UPDATE venue_management.venue_profiles SET venue_name = $1 WHERE venue_id = $2 AND venue_name <> $1'
      USING NEW.name, NEW.venue_id;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE OR REPLACE TRIGGER venues_rename_reaches_venue_profiles
  AFTER UPDATE OF name ON shared_data.venues
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION public.flextime_venue_renamed();

-- Rows written before this migration (a rerun finds nothing to change).
UPDATE venue_management.venue_profiles p SET venue_name = v.name
FROM shared_data.venues v
WHERE v.venue_id = p.venue_id AND p.venue_name <> v.name;

ALTER TABLE constraint_validation.constraint_violation_logs
  ADD COLUMN IF NOT EXISTS violation_timestamp timestamptz GENERATED ALWAYS AS (logged_at) STORED;

ALTER TABLE schedule_generation.algorithm_configurations
  ADD COLUMN IF NOT EXISTS config_id integer GENERATED ALWAYS AS (algorithm_id) STORED;
CREATE UNIQUE INDEX IF NOT EXISTS algorithm_configurations_config_id_key
  ON schedule_generation.algorithm_configurations (config_id);

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (6, '006_migration_guide_schema_names', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
