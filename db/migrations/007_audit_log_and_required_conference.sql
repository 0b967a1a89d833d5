-- 007_audit_log_and_required_conference.sql
-- 1. audit.audit_log: an append-only record of every mutation and every cross-conference read (a caller with no
--    conference reading tenant data), written by the services (subgraphs/kit/audit.ts). Each service role may INSERT
--    and nothing else; a trigger refuses UPDATE, DELETE and TRUNCATE for everyone, the owner included.
--    Variables are kept as a sha256 digest only, never their values.
-- 2. Rows that belong to a conference name it: schedules, generation requests, schedule versions, games and
--    generation jobs get CHECK (conference_id IS NOT NULL). Existing null rows are fixed first where the data says
--    which conference they belong to (a schedule: the one conference of all its games' teams; a request: its
--    schedule's; versions, games, jobs: their schedule's or request's). The check is added NOT VALID (every new or
--    updated row is checked at once) and validated when no null row is left; rows nobody can attribute stay as they
--    are, listed by `SELECT * FROM schedule_generation.schedules WHERE conference_id IS NULL` (and the other four
--    tables), for an operator to assign before `ALTER TABLE … VALIDATE CONSTRAINT …` (or a rerun of this file).
--
-- Run after 005:  psql -v ON_ERROR_STOP=1 -f db/migrations/007_audit_log_and_required_conference.sql
-- One transaction; idempotent.

BEGIN;
SET LOCAL client_min_messages = warning;

CREATE SCHEMA IF NOT EXISTS audit;
REVOKE ALL ON SCHEMA audit FROM PUBLIC;

CREATE TABLE IF NOT EXISTS audit.audit_log (
  audit_id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  -- who: the principal's subject ('anonymous' while a request carries none)
  subject text NOT NULL,
  -- the principal's conference; null = an operator credential (all conferences)
  conference_id integer,
  service varchar(40) NOT NULL,
  operation_type varchar(12) NOT NULL CHECK (operation_type IN ('query', 'mutation', 'subscription')),
  operation_name text,
  variables_sha256 char(64) NOT NULL,
  outcome varchar(10) NOT NULL CHECK (outcome IN ('ok', 'partial', 'error')),
  error_code text,
  request_id text
);
CREATE INDEX IF NOT EXISTS audit_log_occurred_at_idx ON audit.audit_log (occurred_at);

CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit.audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS audit_log_append_only ON audit.audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit.audit_log
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit.audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

REVOKE ALL ON audit.audit_log FROM PUBLIC;
DO $grants$
DECLARE
  service_role text;
BEGIN
  FOREACH service_role IN ARRAY ARRAY['team_availability_service', 'venue_management_service',
                                      'constraint_validation_service', 'schedule_generation_service'] LOOP
    EXECUTE format('GRANT USAGE ON SCHEMA audit TO %I', service_role);
    EXECUTE format('REVOKE ALL ON audit.audit_log FROM %I', service_role);
    EXECUTE format('GRANT INSERT ON audit.audit_log TO %I', service_role);
    EXECUTE format('GRANT USAGE ON SEQUENCE audit.audit_log_audit_id_seq TO %I', service_role);
  END LOOP;
END
$grants$;

-- 2. attribute existing rows, then require a conference on new ones
UPDATE schedule_generation.schedules s
SET conference_id = d.conference_id
FROM (
  SELECT g.schedule_id, min(t.conference_id) AS conference_id
  FROM schedule_generation.games g
  JOIN shared_data.teams t ON t.team_id IN (g.home_team_id, g.away_team_id)
  GROUP BY g.schedule_id
  HAVING count(DISTINCT t.conference_id) = 1 AND bool_and(t.conference_id IS NOT NULL)
) d
WHERE s.schedule_id = d.schedule_id AND s.conference_id IS NULL;

UPDATE schedule_generation.schedule_generation_requests r SET conference_id = s.conference_id
FROM schedule_generation.schedules s
WHERE r.schedule_id = s.schedule_id AND r.conference_id IS NULL AND s.conference_id IS NOT NULL;

UPDATE schedule_generation.schedule_versions v SET conference_id = s.conference_id
FROM schedule_generation.schedules s
WHERE v.schedule_id = s.schedule_id AND v.conference_id IS NULL AND s.conference_id IS NOT NULL;

UPDATE schedule_generation.games g SET conference_id = s.conference_id
FROM schedule_generation.schedules s
WHERE g.schedule_id = s.schedule_id AND g.conference_id IS NULL AND s.conference_id IS NOT NULL;

UPDATE schedule_generation.schedule_generation_jobs j SET conference_id = r.conference_id
FROM schedule_generation.schedule_generation_requests r
WHERE j.request_id = r.request_id AND j.conference_id IS NULL AND r.conference_id IS NOT NULL;

DO $required$
DECLARE
  table_name text;
  constraint_name text;
  unattributed bigint;
BEGIN
  FOREACH table_name IN ARRAY ARRAY['schedules', 'schedule_generation_requests', 'schedule_versions', 'games',
                                    'schedule_generation_jobs'] LOOP
    constraint_name := table_name || '_conference_required';
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conname = constraint_name
                     AND conrelid = format('schedule_generation.%I', table_name)::regclass) THEN
      EXECUTE format('ALTER TABLE schedule_generation.%I ADD CONSTRAINT %I CHECK (conference_id IS NOT NULL) NOT VALID',
                     table_name, constraint_name);
    END IF;
    EXECUTE format('SELECT count(*) FROM schedule_generation.%I WHERE conference_id IS NULL', table_name)
      INTO unattributed;
    IF unattributed = 0 THEN
      EXECUTE format('ALTER TABLE schedule_generation.%I VALIDATE CONSTRAINT %I', table_name, constraint_name);
    ELSE
      RAISE WARNING 'schedule_generation.%: % existing rows have no conference and none could be derived; % stays NOT VALID until they are assigned',
        table_name, unattributed, constraint_name;
    END IF;
  END LOOP;
END
$required$;

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (7, '007_audit_log_and_required_conference', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
