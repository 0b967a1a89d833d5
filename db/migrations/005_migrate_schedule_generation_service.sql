-- 005_migrate_schedule_generation_service.sql
-- The Schedule Generation service's schema (owned by schedule_generation_service): algorithm
-- configurations, optimisation objectives, generation requests, schedules, schedule versions, games,
-- generation jobs, optimisation metrics and comparison results. Schedules and games are copied from the
-- monolith's public.schedules and public.games when they exist (ids preserved); each copied schedule
-- gets version 1 ('imported', current, version_id = schedule_id) holding its games.
--
-- Run after 001:  psql -v ON_ERROR_STOP=1 -f db/migrations/005_migrate_schedule_generation_service.sql
-- One transaction; idempotent. RLS: see 001 (public.flextime_apply_rls).

BEGIN;
SET LOCAL client_min_messages = warning;

CREATE TABLE IF NOT EXISTS schedule_generation.algorithm_configurations (
  algorithm_id serial PRIMARY KEY,
  algorithm_name varchar(100) NOT NULL UNIQUE,
  algorithm_type varchar(40) NOT NULL,
  description text,
  parameters jsonb NOT NULL DEFAULT '{}',
  is_default boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS algorithm_configurations_parameters_gin
  ON schedule_generation.algorithm_configurations USING gin (parameters);

CREATE TABLE IF NOT EXISTS schedule_generation.optimization_objectives (
  objective_id serial PRIMARY KEY,
  objective_name varchar(100) NOT NULL UNIQUE,
  description text,
  direction varchar(10) NOT NULL DEFAULT 'minimize' CHECK (direction IN ('minimize', 'maximize')),
  metric varchar(60) NOT NULL,
  default_weight double precision NOT NULL DEFAULT 1 CHECK (default_weight >= 0),
  is_active boolean NOT NULL DEFAULT true,
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS schedule_generation.schedules (
  schedule_id serial PRIMARY KEY,
  name varchar(200) NOT NULL,
  sport_id integer NOT NULL REFERENCES shared_data.sports (sport_id),
  season_id integer NOT NULL REFERENCES shared_data.seasons (season_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  status varchar(20) NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'generating', 'review', 'published', 'archived')),
  start_date date,
  end_date date,
  description text,
  current_version_id integer,
  created_by varchar(100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT schedules_dates_check CHECK (end_date >= start_date)
);
CREATE INDEX IF NOT EXISTS schedules_sport_season_idx ON schedule_generation.schedules (sport_id, season_id);
CREATE INDEX IF NOT EXISTS schedules_conference_season_idx ON schedule_generation.schedules (conference_id, season_id);
CREATE INDEX IF NOT EXISTS schedules_open_status_idx
  ON schedule_generation.schedules (status) WHERE status IN ('draft', 'generating', 'review');

CREATE TABLE IF NOT EXISTS schedule_generation.schedule_generation_requests (
  request_id serial PRIMARY KEY,
  request_name varchar(200) NOT NULL,
  sport_id integer NOT NULL REFERENCES shared_data.sports (sport_id),
  season_id integer REFERENCES shared_data.seasons (season_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  algorithm_id integer REFERENCES schedule_generation.algorithm_configurations (algorithm_id),
  generation_parameters jsonb NOT NULL DEFAULT '{}',
  primary_objectives jsonb NOT NULL DEFAULT '[]',
  status varchar(20) NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'queued', 'running', 'completed', 'failed', 'cancelled')),
  requested_by varchar(100),
  schedule_id integer REFERENCES schedule_generation.schedules (schedule_id) ON DELETE SET NULL,
  error_message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE INDEX IF NOT EXISTS schedule_generation_requests_sport_season_idx
  ON schedule_generation.schedule_generation_requests (sport_id, season_id);
CREATE INDEX IF NOT EXISTS schedule_generation_requests_active_idx
  ON schedule_generation.schedule_generation_requests (created_at) WHERE status IN ('pending', 'queued', 'running');
CREATE INDEX IF NOT EXISTS schedule_generation_requests_parameters_gin
  ON schedule_generation.schedule_generation_requests USING gin (generation_parameters);

CREATE TABLE IF NOT EXISTS schedule_generation.schedule_versions (
  version_id serial PRIMARY KEY,
  schedule_id integer NOT NULL REFERENCES schedule_generation.schedules (schedule_id) ON DELETE CASCADE,
  version_number integer NOT NULL CHECK (version_number > 0),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  source varchar(30) NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'generated', 'optimized', 'imported')),
  algorithm_id integer REFERENCES schedule_generation.algorithm_configurations (algorithm_id),
  request_id integer REFERENCES schedule_generation.schedule_generation_requests (request_id) ON DELETE SET NULL,
  score double precision,
  hard_violations integer NOT NULL DEFAULT 0 CHECK (hard_violations >= 0),
  soft_penalty double precision NOT NULL DEFAULT 0,
  is_current boolean NOT NULL DEFAULT false,
  notes text,
  created_by varchar(100),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT schedule_versions_schedule_id_version_number_key UNIQUE (schedule_id, version_number)
);
-- At most one current version per schedule.
CREATE UNIQUE INDEX IF NOT EXISTS schedule_versions_one_current_idx
  ON schedule_generation.schedule_versions (schedule_id) WHERE is_current;

CREATE TABLE IF NOT EXISTS schedule_generation.games (
  game_id serial PRIMARY KEY,
  schedule_id integer NOT NULL REFERENCES schedule_generation.schedules (schedule_id) ON DELETE CASCADE,
  version_id integer REFERENCES schedule_generation.schedule_versions (version_id) ON DELETE CASCADE,
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  home_team_id integer NOT NULL REFERENCES shared_data.teams (team_id),
  away_team_id integer NOT NULL REFERENCES shared_data.teams (team_id),
  venue_id integer REFERENCES shared_data.venues (venue_id),
  game_date date NOT NULL,
  start_time time,
  slot integer CHECK (slot > 0),
  game_type varchar(20) NOT NULL DEFAULT 'conference'
    CHECK (game_type IN ('conference', 'non_conference', 'tournament', 'exhibition')),
  status varchar(20) NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'tentative', 'confirmed', 'postponed', 'cancelled', 'completed')),
  is_neutral_site boolean NOT NULL DEFAULT false,
  broadcast_network varchar(50),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT games_distinct_teams_check CHECK (home_team_id <> away_team_id)
);
CREATE INDEX IF NOT EXISTS games_schedule_date_idx ON schedule_generation.games (schedule_id, game_date);
CREATE INDEX IF NOT EXISTS games_version_slot_idx ON schedule_generation.games (version_id, slot);
CREATE INDEX IF NOT EXISTS games_home_team_date_idx ON schedule_generation.games (home_team_id, game_date);
CREATE INDEX IF NOT EXISTS games_away_team_date_idx ON schedule_generation.games (away_team_id, game_date);
CREATE INDEX IF NOT EXISTS games_venue_date_idx ON schedule_generation.games (venue_id, game_date) WHERE venue_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS schedule_generation.schedule_generation_jobs (
  job_id serial PRIMARY KEY,
  request_id integer NOT NULL REFERENCES schedule_generation.schedule_generation_requests (request_id) ON DELETE CASCADE,
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  queue_job_id varchar(100),
  status varchar(20) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
  progress double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  worker_id varchar(100),
  result_version_id integer REFERENCES schedule_generation.schedule_versions (version_id) ON DELETE SET NULL,
  error_message text,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS schedule_generation_jobs_request_idx ON schedule_generation.schedule_generation_jobs (request_id);
CREATE INDEX IF NOT EXISTS schedule_generation_jobs_active_idx
  ON schedule_generation.schedule_generation_jobs (created_at) WHERE status IN ('queued', 'running');

CREATE TABLE IF NOT EXISTS schedule_generation.schedule_optimization_metrics (
  metric_id serial PRIMARY KEY,
  schedule_id integer NOT NULL REFERENCES schedule_generation.schedules (schedule_id) ON DELETE CASCADE,
  version_id integer REFERENCES schedule_generation.schedule_versions (version_id) ON DELETE CASCADE,
  job_id integer REFERENCES schedule_generation.schedule_generation_jobs (job_id) ON DELETE SET NULL,
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  metric_name varchar(60) NOT NULL,
  metric_value double precision NOT NULL,
  iteration integer,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS schedule_optimization_metrics_schedule_version_idx
  ON schedule_generation.schedule_optimization_metrics (schedule_id, version_id, metric_name);

CREATE TABLE IF NOT EXISTS schedule_generation.schedule_comparison_results (
  comparison_id serial PRIMARY KEY,
  schedule_id integer REFERENCES schedule_generation.schedules (schedule_id) ON DELETE CASCADE,
  version_a_id integer NOT NULL REFERENCES schedule_generation.schedule_versions (version_id) ON DELETE CASCADE,
  version_b_id integer NOT NULL REFERENCES schedule_generation.schedule_versions (version_id) ON DELETE CASCADE,
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  comparison_metrics jsonb NOT NULL DEFAULT '{}',
  winner_version_id integer,
  summary text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS schedule_comparison_results_versions_idx
  ON schedule_generation.schedule_comparison_results (version_a_id, version_b_id);

-- Copy schedules and games from the monolith (ids preserved).
DO $copy$
BEGIN
  IF to_regclass('public.schedules') IS NOT NULL THEN
    INSERT INTO schedule_generation.schedules
      (schedule_id, name, sport_id, season_id, conference_id, status, start_date, end_date, description,
       current_version_id, created_by, created_at, updated_at)
    SELECT s.id, s.name, s.sport_id, s.season_id, s.conference_id, coalesce(s.status, 'draft'), s.start_date,
           s.end_date, s.description, s.id, s.created_by, coalesce(s.created_at, now()),
           coalesce(s.updated_at, s.created_at, now())
    FROM public.schedules s
    ORDER BY s.id
    ON CONFLICT DO NOTHING;

    INSERT INTO schedule_generation.schedule_versions
      (version_id, schedule_id, version_number, conference_id, source, is_current, notes, created_at)
    SELECT s.id, s.id, 1, s.conference_id, 'imported', true, 'Imported from the FlexTime monolith',
           coalesce(s.created_at, now())
    FROM public.schedules s
    ORDER BY s.id
    ON CONFLICT DO NOTHING;
  END IF;
  IF to_regclass('public.games') IS NOT NULL THEN
    INSERT INTO schedule_generation.games
      (game_id, schedule_id, version_id, conference_id, home_team_id, away_team_id, venue_id, game_date, start_time,
       slot, game_type, status, is_neutral_site, broadcast_network, notes, created_at, updated_at)
    SELECT g.id, g.schedule_id, g.schedule_id, s.conference_id, g.home_team_id, g.away_team_id, g.venue_id,
           g.game_date, g.start_time, g.round, coalesce(g.game_type, 'conference'), coalesce(g.status, 'scheduled'),
           coalesce(g.neutral_site, false), g.tv_network, g.notes, coalesce(g.created_at, now()),
           coalesce(g.created_at, now())
    FROM public.games g JOIN schedule_generation.schedules s ON s.schedule_id = g.schedule_id
    ORDER BY g.id
    ON CONFLICT DO NOTHING;
  END IF;
END
$copy$;
SELECT public.flextime_sync_sequences('schedule_generation');

SELECT public.flextime_grant_service('schedule_generation', 'schedule_generation_service');
SELECT public.flextime_apply_rls('schedule_generation');

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (5, '005_migrate_schedule_generation_service', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
