-- 010_idempotency_keys.sql
-- Retry-safe writes: a mutation sent with an `Idempotency-Key` header is recorded by the service that performs it, in
-- the SAME transaction as its writes, with a sha256 of the request (operation + variables) and the response it gave.
-- A retry with the same key finds the row (the first attempt committed: its response is replayed, nothing is written
-- again) or does not (it never committed: the write runs). One table per service schema, owned like every other table
-- of that service; a key is scoped to its conference and caller. Rows expire (expires_at) and are deleted a few at a
-- time by the services themselves.
--
-- Run after 009:  psql -v ON_ERROR_STOP=1 -f db/migrations/010_idempotency_keys.sql
-- One transaction; idempotent. Grants come from 001's helper. The tenant policy is stricter than 001's: a row without
-- a conference (an operator's key) is not shared with every conference, it is the operators' own.

BEGIN;
SET LOCAL client_min_messages = warning;

DO $keys$
DECLARE
  s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['team_availability', 'venue_management', 'constraint_validation', 'schedule_generation'] LOOP
    EXECUTE format($t$
      CREATE TABLE IF NOT EXISTS %I.idempotency_keys (
        idempotency_key_id bigserial PRIMARY KEY,
        conference_id integer,
        caller varchar(200) NOT NULL,
        idempotency_key varchar(255) NOT NULL,
        request_sha256 char(64) NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT idempotency_keys_key UNIQUE NULLS NOT DISTINCT (conference_id, caller, idempotency_key),
        CHECK (expires_at > created_at)
      )$t$, s);
    EXECUTE format('CREATE INDEX IF NOT EXISTS idempotency_keys_expires_idx ON %I.idempotency_keys (expires_at)', s);
    EXECUTE format($c$COMMENT ON COLUMN %I.idempotency_keys.response IS
      'The GraphQL response replayed to a retry; null only inside the transaction that claimed the key'$c$, s);
    EXECUTE format('ALTER TABLE %I.idempotency_keys ENABLE ROW LEVEL SECURITY', s);
    IF NOT EXISTS (SELECT 1 FROM pg_policies
                   WHERE schemaname = s AND tablename = 'idempotency_keys' AND policyname = 'tenant_isolation') THEN
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I.idempotency_keys '
        'USING (public.current_conference_id() IS NULL OR conference_id = public.current_conference_id()) '
        'WITH CHECK (public.current_conference_id() IS NULL OR conference_id = public.current_conference_id())', s);
    END IF;
    PERFORM public.flextime_grant_service(s, s || '_service');
  END LOOP;
END
$keys$;

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (10, '010_idempotency_keys', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
