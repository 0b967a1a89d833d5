-- 012_calendar_subscriptions.sql
-- A calendar subscription: a read-only link to one team's games in one schedule for calendar apps, which poll a URL
-- and cannot send a header. The link carries a token signed with the server's secret (subject = subscription_id,
-- schedule, team, conference, expiry); this row is what makes it revocable (revoked_at) and lists who made it.
-- The token itself is never stored.
--
-- Run after 009:  psql -v ON_ERROR_STOP=1 -f db/migrations/012_calendar_subscriptions.sql
-- One transaction; idempotent. Grants and the tenant policy come from 001's helpers, as for every service table.

BEGIN;
SET LOCAL client_min_messages = warning;

CREATE TABLE IF NOT EXISTS schedule_generation.calendar_subscriptions (
  subscription_id serial PRIMARY KEY,
  schedule_id integer NOT NULL REFERENCES schedule_generation.schedules (schedule_id) ON DELETE CASCADE,
  team_id integer NOT NULL REFERENCES shared_data.teams (team_id),
  conference_id integer REFERENCES shared_data.conferences (conference_id),
  created_by varchar(200),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX IF NOT EXISTS calendar_subscriptions_schedule_team_idx
  ON schedule_generation.calendar_subscriptions (schedule_id, team_id);

SELECT public.flextime_grant_service('schedule_generation', 'schedule_generation_service');
SELECT public.flextime_apply_rls('schedule_generation');

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (12, '012_calendar_subscriptions', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
