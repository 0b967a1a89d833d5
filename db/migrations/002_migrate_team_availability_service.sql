-- 002_migrate_team_availability_service.sql
-- The Team Availability service's schema (owned by team_availability_service): scheduling profiles, rest
-- requirements, travel constraints, availability windows, blackout dates, preferences, and the
-- institutions_teams_view materialized view. Rows are copied from the monolith's public.team_profiles,
-- public.team_blackouts, public.team_preferences and public.team_travel when they exist (ids preserved).
--
-- Run after 001:  psql -v ON_ERROR_STOP=1 -f db/migrations/002_migrate_team_availability_service.sql
-- One transaction; idempotent. RLS: see 001 (public.flextime_apply_rls).

BEGIN;
SET LOCAL client_min_messages = warning;

CREATE TABLE IF NOT EXISTS team_availability.team_scheduling_profiles (
  profile_id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES shared_data.teams (team_id),
  season_id integer NOT NULL REFERENCES shared_data.seasons (season_id),
  sport_id integer NOT NULL REFERENCES shared_data.sports (sport_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  preferred_game_times jsonb NOT NULL DEFAULT '{}',
  max_games_per_week integer NOT NULL DEFAULT 3 CHECK (max_games_per_week > 0),
  min_rest_days integer NOT NULL DEFAULT 1 CHECK (min_rest_days >= 0),
  max_consecutive_home integer NOT NULL DEFAULT 3 CHECK (max_consecutive_home > 0),
  max_consecutive_away integer NOT NULL DEFAULT 3 CHECK (max_consecutive_away > 0),
  home_game_target integer CHECK (home_game_target >= 0),
  notes text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT team_scheduling_profiles_team_id_season_id_key UNIQUE (team_id, season_id)
);
CREATE INDEX IF NOT EXISTS team_scheduling_profiles_sport_season_idx
  ON team_availability.team_scheduling_profiles (sport_id, season_id);
CREATE INDEX IF NOT EXISTS team_scheduling_profiles_conference_idx
  ON team_availability.team_scheduling_profiles (conference_id);
CREATE INDEX IF NOT EXISTS team_scheduling_profiles_preferred_game_times_gin
  ON team_availability.team_scheduling_profiles USING gin (preferred_game_times);

CREATE TABLE IF NOT EXISTS team_availability.team_rest_requirements (
  requirement_id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES shared_data.teams (team_id),
  season_id integer REFERENCES shared_data.seasons (season_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  min_rest_days integer NOT NULL DEFAULT 1 CHECK (min_rest_days >= 0),
  min_rest_hours integer CHECK (min_rest_hours >= 0),
  back_to_back_allowed boolean NOT NULL DEFAULT false,
  applies_to varchar(30) NOT NULL DEFAULT 'all' CHECK (applies_to IN ('all', 'home', 'road', 'after_travel')),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS team_rest_requirements_team_season_idx
  ON team_availability.team_rest_requirements (team_id, season_id);

CREATE TABLE IF NOT EXISTS team_availability.team_travel_constraints (
  constraint_id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES shared_data.teams (team_id),
  season_id integer REFERENCES shared_data.seasons (season_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  max_travel_distance_miles integer CHECK (max_travel_distance_miles > 0),
  max_consecutive_road_games integer NOT NULL DEFAULT 2 CHECK (max_consecutive_road_games > 0),
  max_road_trip_days integer CHECK (max_road_trip_days > 0),
  travel_mode varchar(20) NOT NULL DEFAULT 'charter' CHECK (travel_mode IN ('bus', 'charter', 'commercial', 'mixed')),
  no_travel_days jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS team_travel_constraints_team_season_idx
  ON team_availability.team_travel_constraints (team_id, season_id);

CREATE TABLE IF NOT EXISTS team_availability.team_availability_windows (
  window_id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES shared_data.teams (team_id),
  season_id integer REFERENCES shared_data.seasons (season_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  start_date date NOT NULL,
  end_date date NOT NULL,
  window_type varchar(30) NOT NULL DEFAULT 'available'
    CHECK (window_type IN ('available', 'preferred', 'limited', 'unavailable')),
  priority integer NOT NULL DEFAULT 0,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT team_availability_windows_dates_check CHECK (end_date >= start_date)
);
CREATE INDEX IF NOT EXISTS team_availability_windows_team_season_idx
  ON team_availability.team_availability_windows (team_id, season_id);
CREATE INDEX IF NOT EXISTS team_availability_windows_team_dates_idx
  ON team_availability.team_availability_windows (team_id, start_date, end_date);

CREATE TABLE IF NOT EXISTS team_availability.team_blackout_dates (
  blackout_id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES shared_data.teams (team_id),
  season_id integer REFERENCES shared_data.seasons (season_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  start_date date NOT NULL,
  end_date date NOT NULL,
  blackout_type varchar(30) NOT NULL DEFAULT 'other'
    CHECK (blackout_type IN ('academic', 'exam', 'holiday', 'religious', 'facility', 'travel', 'graduation', 'other')),
  severity varchar(15) NOT NULL DEFAULT 'hard' CHECK (severity IN ('hard', 'soft', 'preference')),
  reason text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT team_blackout_dates_dates_check CHECK (end_date >= start_date)
);
CREATE INDEX IF NOT EXISTS team_blackout_dates_team_season_idx
  ON team_availability.team_blackout_dates (team_id, season_id);
-- Partial: lookups only ever ask for the active blackouts of a team in a date range.
CREATE INDEX IF NOT EXISTS team_blackout_dates_active_team_dates_idx
  ON team_availability.team_blackout_dates (team_id, start_date, end_date) WHERE is_active;

CREATE TABLE IF NOT EXISTS team_availability.team_availability_preferences (
  preference_id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES shared_data.teams (team_id),
  season_id integer REFERENCES shared_data.seasons (season_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  preference_type varchar(40) NOT NULL,
  preference_value jsonb NOT NULL DEFAULT '{}',
  weight double precision NOT NULL DEFAULT 1 CHECK (weight >= 0),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS team_availability_preferences_team_season_idx
  ON team_availability.team_availability_preferences (team_id, season_id);
CREATE INDEX IF NOT EXISTS team_availability_preferences_value_gin
  ON team_availability.team_availability_preferences USING gin (preference_value);

-- Copy from the monolith (ids preserved; conference taken from the team).
DO $copy$
BEGIN
  IF to_regclass('public.team_profiles') IS NOT NULL THEN
    INSERT INTO team_availability.team_scheduling_profiles
      (profile_id, team_id, season_id, sport_id, conference_id, preferred_game_times, max_games_per_week,
       min_rest_days, notes, created_at, updated_at)
    SELECT p.id, p.team_id, p.season_id, t.sport_id, t.conference_id, coalesce(p.preferred_game_times, '{}'),
           coalesce(p.max_games_per_week, 3), coalesce(p.min_rest_days, 1), p.notes,
           coalesce(p.created_at, now()), coalesce(p.created_at, now())
    FROM public.team_profiles p JOIN shared_data.teams t ON t.team_id = p.team_id
    ORDER BY p.id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.team_blackouts') IS NOT NULL THEN
    INSERT INTO team_availability.team_blackout_dates
      (blackout_id, team_id, season_id, conference_id, start_date, end_date, blackout_type, severity, reason, created_at)
    SELECT b.id, b.team_id, b.season_id, t.conference_id, b.start_date, coalesce(b.end_date, b.start_date),
           coalesce(b.blackout_type, 'other'), coalesce(b.severity, 'hard'), b.reason, coalesce(b.created_at, now())
    FROM public.team_blackouts b JOIN shared_data.teams t ON t.team_id = b.team_id
    ORDER BY b.id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.team_preferences') IS NOT NULL THEN
    INSERT INTO team_availability.team_availability_preferences
      (preference_id, team_id, season_id, conference_id, preference_type, preference_value, weight, created_at)
    SELECT p.id, p.team_id, p.season_id, t.conference_id, p.preference_type, coalesce(p.preference_value, '{}'),
           coalesce(p.weight, 1), coalesce(p.created_at, now())
    FROM public.team_preferences p JOIN shared_data.teams t ON t.team_id = p.team_id
    ORDER BY p.id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.team_travel') IS NOT NULL THEN
    INSERT INTO team_availability.team_travel_constraints
      (constraint_id, team_id, season_id, conference_id, max_travel_distance_miles, max_consecutive_road_games,
       travel_mode, created_at)
    SELECT r.id, r.team_id, r.season_id, t.conference_id, r.max_travel_distance_miles,
           coalesce(r.max_consecutive_road_games, 2), coalesce(r.travel_mode, 'charter'), coalesce(r.created_at, now())
    FROM public.team_travel r JOIN shared_data.teams t ON t.team_id = r.team_id
    ORDER BY r.id
    ON CONFLICT DO NOTHING;
  END IF;
END
$copy$;
SELECT public.flextime_sync_sequences('team_availability');

-- Teams with their institution, sport and conference: what the Team entity resolves from.
CREATE MATERIALIZED VIEW IF NOT EXISTS team_availability.institutions_teams_view AS
SELECT t.team_id, t.name AS team_name, t.abbreviation, t.sport_id, s.sport_name, s.sport_code,
       i.institution_id, i.name AS institution_name, i.city, i.state, i.timezone, i.latitude, i.longitude,
       t.conference_id, c.name AS conference_name, t.is_active
FROM shared_data.teams t
JOIN shared_data.institutions i ON i.institution_id = t.institution_id
JOIN shared_data.sports s ON s.sport_id = t.sport_id
LEFT JOIN shared_data.conferences c ON c.conference_id = t.conference_id;
-- REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index.
CREATE UNIQUE INDEX IF NOT EXISTS institutions_teams_view_team_id_idx
  ON team_availability.institutions_teams_view (team_id);
CREATE INDEX IF NOT EXISTS institutions_teams_view_conference_sport_idx
  ON team_availability.institutions_teams_view (conference_id, sport_id);

SELECT public.flextime_grant_service('team_availability', 'team_availability_service');
SELECT public.flextime_apply_rls('team_availability');
-- The service owns its view so that it may refresh it.
DO $owner$
BEGIN
  IF (SELECT relowner::regrole::text FROM pg_class WHERE oid = 'team_availability.institutions_teams_view'::regclass)
     <> 'team_availability_service' THEN
    ALTER MATERIALIZED VIEW team_availability.institutions_teams_view OWNER TO team_availability_service;
  END IF;
END
$owner$;

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (2, '002_migrate_team_availability_service', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
