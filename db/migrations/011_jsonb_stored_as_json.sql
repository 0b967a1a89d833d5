-- 011_jsonb_stored_as_json.sql
-- Before the fix in db/postgres.ts, a jsonb value written through a service on real PostgreSQL was stringified twice
-- and stored as a JSON *string* holding the document ('"{\"seed\": 7}"' instead of '{"seed": 7}'): the services read
-- both forms back alike, but an operator's SQL (parameters ->> 'seed') saw nothing. This rewrites every such value in
-- the service schemas as the document it holds. Only strings whose text is a JSON object or array are touched (no
-- service column stores a bare JSON string on purpose); text that does not parse is left as it is.
-- audit.audit_log is append-only by design and is not rewritten.
--
-- Run after 009:  psql -v ON_ERROR_STOP=1 -f db/migrations/011_jsonb_stored_as_json.sql
-- One transaction; idempotent (a rerun finds no string-form value and changes nothing).

BEGIN;
SET LOCAL client_min_messages = warning;

-- the document a string-form value holds, or the value itself (not a string, or not an object/array text)
CREATE OR REPLACE FUNCTION public.flextime_json_document(value jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  inner_text text := value #>> '{}';
BEGIN
  IF jsonb_typeof(value) IS DISTINCT FROM 'string' OR inner_text !~ '^\s*[\[{]' THEN
    RETURN value;
  END IF;
  RETURN inner_text::jsonb;
EXCEPTION WHEN invalid_text_representation THEN
  RETURN value;
END
$fn$;

DO $do$
DECLARE
  col record;
  fixed bigint;
BEGIN
  FOR col IN
    SELECT c.table_schema, c.table_name, c.column_name
    FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.data_type = 'jsonb' AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER'
      AND c.table_schema IN ('shared_data', 'team_availability', 'venue_management', 'constraint_validation',
                             'schedule_generation')
    ORDER BY 1, 2, 3
  LOOP
    EXECUTE format(
      'UPDATE %1$I.%2$I SET %3$I = public.flextime_json_document(%3$I)
        WHERE jsonb_typeof(%3$I) = ''string'' AND public.flextime_json_document(%3$I) IS DISTINCT FROM %3$I',
      col.table_schema, col.table_name, col.column_name);
    GET DIAGNOSTICS fixed = ROW_COUNT;
    IF fixed > 0 THEN
      RAISE NOTICE '011: %.%.% — % string-form value(s) stored as JSON', col.table_schema, col.table_name,
        col.column_name, fixed;
    END IF;
  END LOOP;
END
$do$;

DROP FUNCTION public.flextime_json_document(jsonb);

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (11, '011_jsonb_stored_as_json', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
