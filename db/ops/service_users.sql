-- db/ops/service_users.sql — the migration guide's model of logins: each service logs in as its own service role
-- (team_availability_service, …) with a password. The guide's Prerequisites say `CREATE USER <service> WITH
-- PASSWORD …`; that fails once the role exists (migration 001 creates the four roles NOLOGIN when they are missing,
-- and roles are cluster-wide, so a second database finds them). This script is the idempotent way: it creates a
-- missing role and gives an existing one LOGIN and its password, and changes nothing else (ownership and grants
-- stay 001's). Passwords come from psql variables, i.e. from the operator's environment:
--
--   psql -v ON_ERROR_STOP=1 \
--     -v team_availability_password="$TEAM_AVAILABILITY_DB_PASSWORD" \
--     -v venue_management_password="$VENUE_MANAGEMENT_DB_PASSWORD" \
--     -v constraint_validation_password="$CONSTRAINT_VALIDATION_DB_PASSWORD" \
--     -v schedule_generation_password="$SCHEDULE_GENERATION_DB_PASSWORD" \
--     -f db/ops/service_users.sql
--
-- Then e.g. TEAM_AVAILABILITY_DATABASE_URL=postgres://team_availability_service:<password>@host:5432/flextime.
-- (db/ops/service_logins.sql is the alternative that keeps the service roles NOLOGIN behind separate *_login roles.)

\set ON_ERROR_STOP on
BEGIN;

SELECT format('CREATE ROLE %I', r) FROM (VALUES ('team_availability_service'), ('venue_management_service'),
  ('constraint_validation_service'), ('schedule_generation_service')) AS v(r)
WHERE NOT EXISTS (SELECT 1 FROM pg_roles x WHERE x.rolname = v.r) \gexec

ALTER ROLE team_availability_service WITH LOGIN PASSWORD :'team_availability_password';
ALTER ROLE venue_management_service WITH LOGIN PASSWORD :'venue_management_password';
ALTER ROLE constraint_validation_service WITH LOGIN PASSWORD :'constraint_validation_password';
ALTER ROLE schedule_generation_service WITH LOGIN PASSWORD :'schedule_generation_password';

COMMIT;
