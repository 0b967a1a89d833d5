-- db/ops/service_logins.sql — LOGIN roles for the four services (run after the migrations, as a role that may
-- create roles). Passwords come from psql variables, i.e. from the operator's environment, never from a file:
--
--   psql -v ON_ERROR_STOP=1 \
--     -v team_availability_password="$TEAM_AVAILABILITY_DB_PASSWORD" \
--     -v venue_management_password="$VENUE_MANAGEMENT_DB_PASSWORD" \
--     -v constraint_validation_password="$CONSTRAINT_VALIDATION_DB_PASSWORD" \
--     -v schedule_generation_password="$SCHEDULE_GENERATION_DB_PASSWORD" \
--     -f db/ops/service_logins.sql
--
-- Creates (or re-passwords) team_availability_login, venue_management_login, constraint_validation_login and
-- schedule_generation_login, each a member of its NOLOGIN service role and of nothing else, allowed to connect
-- to this database only. Each service then gets its own URL, e.g.
--   TEAM_AVAILABILITY_DATABASE_URL=postgres://team_availability_login:<password>@host:5432/flextime
-- Idempotent.

\set ON_ERROR_STOP on
BEGIN;

SELECT format('CREATE ROLE %I LOGIN', l) FROM (VALUES ('team_availability_login'), ('venue_management_login'),
  ('constraint_validation_login'), ('schedule_generation_login')) AS v(l)
WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = v.l) \gexec

ALTER ROLE team_availability_login LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'team_availability_password';
ALTER ROLE venue_management_login LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'venue_management_password';
ALTER ROLE constraint_validation_login LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'constraint_validation_password';
ALTER ROLE schedule_generation_login LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'schedule_generation_password';

GRANT team_availability_service TO team_availability_login;
GRANT venue_management_service TO venue_management_login;
GRANT constraint_validation_service TO constraint_validation_login;
GRANT schedule_generation_service TO schedule_generation_login;

SELECT format('GRANT CONNECT ON DATABASE %I TO team_availability_login, venue_management_login, '
              'constraint_validation_login, schedule_generation_login', current_database()) \gexec

COMMIT;
