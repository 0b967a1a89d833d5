-- Creates (or updates) one LOGIN role per service, each a member of its NOLOGIN service role from migration 001,
-- with the password passed in by psql -v (from the environment; never stored in the repository):
--   psql -v ON_ERROR_STOP=1 -v team_availability_password=… -v venue_management_password=…
--        -v constraint_validation_password=… -v schedule_generation_password=… -f create-service-logins.sql
SELECT format('CREATE ROLE %I LOGIN', login)
  FROM unnest(ARRAY['team_availability_login', 'venue_management_login',
                    'constraint_validation_login', 'schedule_generation_login']) AS login
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login)
\gexec

ALTER ROLE team_availability_login LOGIN PASSWORD :'team_availability_password';
ALTER ROLE venue_management_login LOGIN PASSWORD :'venue_management_password';
ALTER ROLE constraint_validation_login LOGIN PASSWORD :'constraint_validation_password';
ALTER ROLE schedule_generation_login LOGIN PASSWORD :'schedule_generation_password';

GRANT team_availability_service TO team_availability_login;
GRANT venue_management_service TO venue_management_login;
GRANT constraint_validation_service TO constraint_validation_login;
GRANT schedule_generation_service TO schedule_generation_login;
