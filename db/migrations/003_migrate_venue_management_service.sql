-- 003_migrate_venue_management_service.sql
-- The Venue Management service's schema (owned by venue_management_service): venue profiles (type,
-- capacity, location), operational hours, per-sport configurations, unavailability periods, availability
-- rules, booking conflicts, and the venues_institutions_view materialized view. Rows are copied from the
-- monolith's public.venues, public.venue_hours and public.venue_unavailability when they exist (ids preserved).
--
-- Run after 001:  psql -v ON_ERROR_STOP=1 -f db/migrations/003_migrate_venue_management_service.sql
-- One transaction; idempotent. RLS: see 001 (public.flextime_apply_rls).

BEGIN;
SET LOCAL client_min_messages = warning;

CREATE TABLE IF NOT EXISTS venue_management.venue_profiles (
  profile_id serial PRIMARY KEY,
  venue_id integer NOT NULL UNIQUE REFERENCES shared_data.venues (venue_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  venue_type varchar(30) NOT NULL DEFAULT 'arena'
    CHECK (venue_type IN ('stadium', 'arena', 'fieldhouse', 'ballpark', 'natatorium', 'complex', 'field', 'other')),
  capacity integer CHECK (capacity > 0),
  surface varchar(40),
  is_indoor boolean NOT NULL DEFAULT true,
  address varchar(200),
  city varchar(100),
  state varchar(2),
  timezone varchar(50),
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  amenities jsonb NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS venue_profiles_conference_type_idx ON venue_management.venue_profiles (conference_id, venue_type);
CREATE INDEX IF NOT EXISTS venue_profiles_amenities_gin ON venue_management.venue_profiles USING gin (amenities);
CREATE INDEX IF NOT EXISTS venue_profiles_active_capacity_idx
  ON venue_management.venue_profiles (capacity) WHERE is_active;

CREATE TABLE IF NOT EXISTS venue_management.venue_operational_hours (
  hours_id serial PRIMARY KEY,
  venue_id integer NOT NULL REFERENCES shared_data.venues (venue_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  day_of_week smallint NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
  open_time time NOT NULL,
  close_time time NOT NULL,
  allows_games boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT venue_operational_hours_venue_id_day_of_week_key UNIQUE (venue_id, day_of_week)
);

CREATE TABLE IF NOT EXISTS venue_management.venue_sport_configurations (
  config_id serial PRIMARY KEY,
  venue_id integer NOT NULL REFERENCES shared_data.venues (venue_id),
  sport_id integer NOT NULL REFERENCES shared_data.sports (sport_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  capacity integer CHECK (capacity > 0),
  setup_minutes integer NOT NULL DEFAULT 120 CHECK (setup_minutes >= 0),
  teardown_minutes integer NOT NULL DEFAULT 60 CHECK (teardown_minutes >= 0),
  configuration jsonb NOT NULL DEFAULT '{}',
  is_primary boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT venue_sport_configurations_venue_id_sport_id_key UNIQUE (venue_id, sport_id)
);
CREATE INDEX IF NOT EXISTS venue_sport_configurations_sport_idx ON venue_management.venue_sport_configurations (sport_id);
CREATE INDEX IF NOT EXISTS venue_sport_configurations_configuration_gin
  ON venue_management.venue_sport_configurations USING gin (configuration);

CREATE TABLE IF NOT EXISTS venue_management.venue_unavailability_periods (
  period_id serial PRIMARY KEY,
  venue_id integer NOT NULL REFERENCES shared_data.venues (venue_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  start_date date NOT NULL,
  end_date date NOT NULL,
  start_time time,
  end_time time,
  unavailability_type varchar(30) NOT NULL DEFAULT 'maintenance'
    CHECK (unavailability_type IN ('maintenance', 'event', 'renovation', 'concert', 'tournament', 'other')),
  reason varchar(200),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT venue_unavailability_periods_dates_check CHECK (end_date >= start_date)
);
CREATE INDEX IF NOT EXISTS venue_unavailability_periods_active_venue_dates_idx
  ON venue_management.venue_unavailability_periods (venue_id, start_date, end_date) WHERE is_active;

CREATE TABLE IF NOT EXISTS venue_management.venue_availability_rules (
  rule_id serial PRIMARY KEY,
  venue_id integer NOT NULL REFERENCES shared_data.venues (venue_id),
  sport_id integer REFERENCES shared_data.sports (sport_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  rule_type varchar(40) NOT NULL,
  rule_parameters jsonb NOT NULL DEFAULT '{}',
  priority integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS venue_availability_rules_active_venue_sport_idx
  ON venue_management.venue_availability_rules (venue_id, sport_id) WHERE is_active;
CREATE INDEX IF NOT EXISTS venue_availability_rules_parameters_gin
  ON venue_management.venue_availability_rules USING gin (rule_parameters);

CREATE TABLE IF NOT EXISTS venue_management.venue_booking_conflicts (
  conflict_id serial PRIMARY KEY,
  venue_id integer NOT NULL REFERENCES shared_data.venues (venue_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  conflict_date date NOT NULL,
  start_time time,
  end_time time,
  conflict_type varchar(30) NOT NULL DEFAULT 'double_booking',
  description text,
  related_game_id integer,
  resolution_status varchar(20) NOT NULL DEFAULT 'open' CHECK (resolution_status IN ('open', 'resolved', 'ignored')),
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE INDEX IF NOT EXISTS venue_booking_conflicts_open_venue_date_idx
  ON venue_management.venue_booking_conflicts (venue_id, conflict_date) WHERE resolution_status = 'open';

-- Copy from the monolith (ids preserved; conference taken from the venue's institution).
DO $copy$
BEGIN
  IF to_regclass('public.venues') IS NOT NULL THEN
    INSERT INTO venue_management.venue_profiles
      (profile_id, venue_id, conference_id, venue_type, capacity, surface, is_indoor, address, city, state, timezone,
       latitude, longitude, amenities, is_active, created_at, updated_at)
    SELECT v.id, v.id, sv.conference_id, coalesce(v.venue_type, 'arena'), v.capacity, v.surface,
           coalesce(v.is_indoor, true), v.address, coalesce(v.city, i.city), coalesce(v.state, i.state), i.timezone,
           coalesce(v.latitude, i.latitude), coalesce(v.longitude, i.longitude), coalesce(v.amenities, '{}'),
           coalesce(v.is_active, true), coalesce(v.created_at, now()), coalesce(v.created_at, now())
    FROM public.venues v
    JOIN shared_data.venues sv ON sv.venue_id = v.id
    LEFT JOIN shared_data.institutions i ON i.institution_id = v.institution_id
    ORDER BY v.id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.venue_hours') IS NOT NULL THEN
    INSERT INTO venue_management.venue_operational_hours
      (hours_id, venue_id, conference_id, day_of_week, open_time, close_time, allows_games, created_at)
    SELECT h.id, h.venue_id, sv.conference_id, h.day_of_week, h.open_time, h.close_time, coalesce(h.allows_games, true),
           coalesce(h.created_at, now())
    FROM public.venue_hours h JOIN shared_data.venues sv ON sv.venue_id = h.venue_id
    ORDER BY h.id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.venue_unavailability') IS NOT NULL THEN
    INSERT INTO venue_management.venue_unavailability_periods
      (period_id, venue_id, conference_id, start_date, end_date, unavailability_type, reason, created_at)
    SELECT u.id, u.venue_id, sv.conference_id, u.start_date, coalesce(u.end_date, u.start_date),
           coalesce(u.unavailability_type, 'other'), u.reason, coalesce(u.created_at, now())
    FROM public.venue_unavailability u JOIN shared_data.venues sv ON sv.venue_id = u.venue_id
    ORDER BY u.id
    ON CONFLICT DO NOTHING;
  END IF;
  -- The monolith's venues were basketball/volleyball arenas for a sport column; keep that as a configuration.
  IF to_regclass('public.venues') IS NOT NULL THEN
    INSERT INTO venue_management.venue_sport_configurations (venue_id, sport_id, conference_id, capacity, is_primary)
    SELECT v.id, v.primary_sport_id, sv.conference_id, v.capacity, true
    FROM public.venues v JOIN shared_data.venues sv ON sv.venue_id = v.id
    WHERE v.primary_sport_id IS NOT NULL
    ORDER BY v.id
    ON CONFLICT DO NOTHING;
  END IF;
END
$copy$;
SELECT public.flextime_sync_sequences('venue_management');

-- Venues with their institution and location: what the Venue entity resolves from.
CREATE MATERIALIZED VIEW IF NOT EXISTS venue_management.venues_institutions_view AS
SELECT v.venue_id, v.name AS venue_name, i.institution_id, i.name AS institution_name,
       i.abbreviation AS institution_abbreviation, i.city, i.state, i.timezone, i.latitude, i.longitude,
       v.conference_id
FROM shared_data.venues v
LEFT JOIN shared_data.institutions i ON i.institution_id = v.institution_id;
-- REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index.
CREATE UNIQUE INDEX IF NOT EXISTS venues_institutions_view_venue_id_idx
  ON venue_management.venues_institutions_view (venue_id);
CREATE INDEX IF NOT EXISTS venues_institutions_view_institution_idx
  ON venue_management.venues_institutions_view (institution_id);

SELECT public.flextime_grant_service('venue_management', 'venue_management_service');
SELECT public.flextime_apply_rls('venue_management');
DO $owner$
BEGIN
  IF (SELECT relowner::regrole::text FROM pg_class WHERE oid = 'venue_management.venues_institutions_view'::regclass)
     <> 'venue_management_service' THEN
    ALTER MATERIALIZED VIEW venue_management.venues_institutions_view OWNER TO venue_management_service;
  END IF;
END
$owner$;

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (3, '003_migrate_venue_management_service', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
