-- 004_migrate_constraint_validation_service.sql
-- The Constraint Validation service's schema (owned by constraint_validation_service): the six constraint
-- categories (scheduling 100, venue 90, travel 80, competitive 70, broadcast 60, academic 50), constraint
-- templates (validation_logic / parameter_schema JSONB), profiles, enforcement policies, schedule
-- evaluations and violation logs. Templates are copied from the monolith's public.constraints when it
-- exists (ids preserved; its free-text category mapped onto the six categories).
--
-- Run after 001:  psql -v ON_ERROR_STOP=1 -f db/migrations/004_migrate_constraint_validation_service.sql
-- One transaction; idempotent. RLS: see 001 (public.flextime_apply_rls).

BEGIN;
SET LOCAL client_min_messages = warning;

CREATE TABLE IF NOT EXISTS constraint_validation.constraint_categories (
  category_id serial PRIMARY KEY,
  category_name varchar(50) NOT NULL UNIQUE,
  description text,
  priority integer NOT NULL CHECK (priority BETWEEN 0 AND 1000),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS constraint_validation.constraint_templates (
  template_id serial PRIMARY KEY,
  category_id integer NOT NULL REFERENCES constraint_validation.constraint_categories (category_id),
  template_name varchar(100) NOT NULL UNIQUE,
  description text,
  constraint_type varchar(10) NOT NULL DEFAULT 'hard' CHECK (constraint_type IN ('hard', 'soft')),
  default_weight double precision NOT NULL DEFAULT 1 CHECK (default_weight >= 0),
  validation_logic jsonb NOT NULL,
  parameter_schema jsonb NOT NULL,
  sport_id integer REFERENCES shared_data.sports (sport_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS constraint_templates_category_idx ON constraint_validation.constraint_templates (category_id);
CREATE INDEX IF NOT EXISTS constraint_templates_active_sport_idx
  ON constraint_validation.constraint_templates (sport_id, conference_id) WHERE is_active;
CREATE INDEX IF NOT EXISTS constraint_templates_validation_logic_gin
  ON constraint_validation.constraint_templates USING gin (validation_logic);
CREATE INDEX IF NOT EXISTS constraint_templates_parameter_schema_gin
  ON constraint_validation.constraint_templates USING gin (parameter_schema);

CREATE TABLE IF NOT EXISTS constraint_validation.constraint_profiles (
  profile_id serial PRIMARY KEY,
  profile_name varchar(100) NOT NULL,
  description text,
  sport_id integer REFERENCES shared_data.sports (sport_id),
  season_id integer REFERENCES shared_data.seasons (season_id),
  team_id integer REFERENCES shared_data.teams (team_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  is_default boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS constraint_profiles_conference_sport_season_idx
  ON constraint_validation.constraint_profiles (conference_id, sport_id, season_id);
CREATE INDEX IF NOT EXISTS constraint_profiles_team_idx
  ON constraint_validation.constraint_profiles (team_id) WHERE team_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS constraint_validation.constraint_enforcement_policies (
  policy_id serial PRIMARY KEY,
  profile_id integer REFERENCES constraint_validation.constraint_profiles (profile_id) ON DELETE CASCADE,
  template_id integer NOT NULL REFERENCES constraint_validation.constraint_templates (template_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  enforcement_level varchar(15) NOT NULL DEFAULT 'hard'
    CHECK (enforcement_level IN ('hard', 'soft', 'advisory', 'disabled')),
  weight double precision NOT NULL DEFAULT 1 CHECK (weight >= 0),
  parameters jsonb NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS constraint_enforcement_policies_profile_template_idx
  ON constraint_validation.constraint_enforcement_policies (profile_id, template_id);
CREATE INDEX IF NOT EXISTS constraint_enforcement_policies_parameters_gin
  ON constraint_validation.constraint_enforcement_policies USING gin (parameters);

CREATE TABLE IF NOT EXISTS constraint_validation.schedule_constraint_evaluations (
  evaluation_id serial PRIMARY KEY,
  constraint_id integer NOT NULL REFERENCES constraint_validation.constraint_templates (template_id),
  schedule_id integer NOT NULL,
  version_id integer,
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  validation_status varchar(15) NOT NULL CHECK (validation_status IN ('passed', 'failed', 'warning', 'error', 'pending')),
  violation_count integer NOT NULL DEFAULT 0 CHECK (violation_count >= 0),
  score double precision,
  details jsonb NOT NULL DEFAULT '{}',
  evaluated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS schedule_constraint_evaluations_schedule_constraint_idx
  ON constraint_validation.schedule_constraint_evaluations (schedule_id, constraint_id);
CREATE INDEX IF NOT EXISTS schedule_constraint_evaluations_failed_idx
  ON constraint_validation.schedule_constraint_evaluations (schedule_id) WHERE validation_status = 'failed';

CREATE TABLE IF NOT EXISTS constraint_validation.constraint_violation_logs (
  violation_id serial PRIMARY KEY,
  evaluation_id integer REFERENCES constraint_validation.schedule_constraint_evaluations (evaluation_id) ON DELETE CASCADE,
  schedule_id integer NOT NULL,
  constraint_id integer REFERENCES constraint_validation.constraint_templates (template_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  game_id integer,
  severity varchar(15) NOT NULL DEFAULT 'hard' CHECK (severity IN ('hard', 'soft', 'info')),
  message text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  is_resolved boolean NOT NULL DEFAULT false,
  logged_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS constraint_violation_logs_evaluation_idx
  ON constraint_validation.constraint_violation_logs (evaluation_id);
CREATE INDEX IF NOT EXISTS constraint_violation_logs_open_schedule_idx
  ON constraint_validation.constraint_violation_logs (schedule_id, severity) WHERE NOT is_resolved;

-- The six categories every deployment has (reference data, shared by all conferences).
INSERT INTO constraint_validation.constraint_categories (category_name, description, priority) VALUES
  ('scheduling', 'Round structure, rest days, games per week, break limits', 100),
  ('venue', 'Venue availability, capacity, operating hours', 90),
  ('travel', 'Travel distance, road trips, time zones', 80),
  ('competitive', 'Home/away balance, rematch separation, competitive fairness', 70),
  ('broadcast', 'Television windows and network requirements', 60),
  ('academic', 'Exams, academic calendars, religious observance', 50)
ON CONFLICT (category_name) DO NOTHING;

-- Copy templates from the monolith's public.constraints (ids preserved). The monolith keeps a rule's parameters
-- flat in logic ({"max": 2}, type in rule_type); the engine reads validation_logic = { type, params: {...} }.
DO $copy$
BEGIN
  IF to_regclass('public.constraints') IS NOT NULL THEN
    INSERT INTO constraint_validation.constraint_templates
      (template_id, category_id, template_name, description, constraint_type, default_weight, validation_logic,
       parameter_schema, sport_id, conference_id, is_active, created_at, updated_at)
    SELECT c.id,
           coalesce(cat.category_id, (SELECT category_id FROM constraint_validation.constraint_categories
                                      WHERE category_name = 'scheduling')),
           c.name, c.description, coalesce(c.constraint_type, 'hard'), coalesce(c.weight, 1),
           CASE WHEN jsonb_typeof(l.logic -> 'params') = 'object'
                  -- already { type, params, ... }: kept, type filled in when missing
                  THEN l.logic || jsonb_build_object('type', coalesce(l.logic ->> 'type', c.rule_type, 'custom'))
                  -- flat legacy parameters: nested under params; scope/source stay beside type
                  ELSE jsonb_build_object('type', coalesce(l.logic ->> 'type', c.rule_type, 'custom'),
                                          'params', l.logic - ARRAY['type', 'scope', 'source'])
                       || jsonb_strip_nulls(jsonb_build_object('scope', l.logic -> 'scope', 'source', l.logic -> 'source'))
           END,
           coalesce(c.parameters, '{"type": "object"}'::jsonb), c.sport_id, c.conference_id,
           coalesce(c.is_active, true), coalesce(c.created_at, now()), coalesce(c.created_at, now())
    FROM public.constraints c
    CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(c.logic) = 'object' THEN c.logic ELSE '{}'::jsonb END AS logic) l
    LEFT JOIN constraint_validation.constraint_categories cat ON cat.category_name = lower(c.category)
    ORDER BY c.id
    ON CONFLICT DO NOTHING;
  END IF;
END
$copy$;
SELECT public.flextime_sync_sequences('constraint_validation');

SELECT public.flextime_grant_service('constraint_validation', 'constraint_validation_service');
SELECT public.flextime_apply_rls('constraint_validation');

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (4, '004_migrate_constraint_validation_service', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
