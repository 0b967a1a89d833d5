-- 009_schedule_versions_diff_and_locked_games.sql
-- Optimising a schedule stores a new version of the SAME schedule: each version may name the version it was made
-- from (previous_version_id) and record what changed against it (changes: moved, home/away swapped, added, removed
-- games). A game a scheduler locks (games.locked) keeps its date, home and away team through every optimisation.
--
-- Run after 005:  psql -v ON_ERROR_STOP=1 -f db/migrations/009_schedule_versions_diff_and_locked_games.sql
-- One transaction; idempotent. Grants and RLS are per table (001, 005): new columns need nothing more.

BEGIN;
SET LOCAL client_min_messages = warning;

ALTER TABLE schedule_generation.games
  ADD COLUMN IF NOT EXISTS locked boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN schedule_generation.games.locked IS
  'Kept as it is (date, home, away) by every optimisation of its schedule';

ALTER TABLE schedule_generation.schedule_versions
  ADD COLUMN IF NOT EXISTS previous_version_id integer
    REFERENCES schedule_generation.schedule_versions (version_id) ON DELETE SET NULL;
ALTER TABLE schedule_generation.schedule_versions
  ADD COLUMN IF NOT EXISTS changes jsonb;
COMMENT ON COLUMN schedule_generation.schedule_versions.changes IS
  'Against previous_version_id: {"moved":[…],"swapped":[…],"added":[…],"removed":[…]} (null for a first version)';

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (9, '009_schedule_versions_diff_and_locked_games', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
