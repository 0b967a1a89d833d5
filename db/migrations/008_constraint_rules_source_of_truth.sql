-- 008_constraint_rules_source_of_truth.sql
-- The Big 12 rules as one source of truth, and nothing hard dropped (issue #18, items 1 and 2):
--   1. legacy template types copied from the monolith by 004 (days_of_week, min_rematch_separation,
--      broadcast_window) are rewritten to the evaluators that judge them (allowed_days_of_week,
--      rematch_separation), parameters renamed, so every stored policy names a type an evaluator understands; the
--      legacy form stays beside it (validation_logic.legacy: params, parameter_schema, description), so REST v1's
--      /constraints still shows the monolith's row;
--   2. the seeded Big 12 basketball rules of a database seeded before this change are brought to the 2025-26
--      form (seeding/seed_constraint_templates.sql has the sources): the 18-game format carries 9 home / 9 away,
--      Saturday pairing and the game days are soft (2025-26 games were played on any night), the women's rematch
--      rule is hard as the men's, and travel is their soft objective at one point per mile;
--   3. facts: Allen Fieldhouse seats 15,300 (since 2024), Addition Financial Arena 9,432 for basketball, WVU's
--      arena is Hope Coliseum (since Sept 2025), MBB conference play opens 2 Jan 2026, WBB conference play
--      20 Dec 2025 – 1 Mar 2026 and its tournament 4–8 Mar 2026.
-- Only rows still holding the old values are changed (a scheduler's own edits are kept); a fresh database gets the
-- corrected rows from the seed files instead. Data only, no DDL.
--
-- Run after 004:  psql -v ON_ERROR_STOP=1 -f db/migrations/008_constraint_rules_source_of_truth.sql
-- One transaction; idempotent.

BEGIN;
SET LOCAL client_min_messages = warning;

-- 1. Legacy types → engine evaluators --------------------------------------------------------------------------
-- days_of_week {team_id, forbidden_days}: the team's games avoid those days.
UPDATE constraint_validation.constraint_templates t
SET validation_logic = (t.validation_logic - 'params')
      || jsonb_build_object('type', 'allowed_days_of_week', 'legacy_type', 'days_of_week',
                            'legacy', jsonb_build_object('params', t.validation_logic -> 'params', 'parameter_schema', t.parameter_schema, 'description', t.description),
                            'params', jsonb_strip_nulls(jsonb_build_object(
                              'forbiddenDays', t.validation_logic -> 'params' -> 'forbidden_days',
                              'days', t.validation_logic -> 'params' -> 'days',
                              'teams', CASE WHEN t.validation_logic -> 'params' ? 'team_id'
                                            THEN jsonb_build_array(t.validation_logic -> 'params' ->> 'team_id') END))),
    parameter_schema = '{"type": "object", "properties": {"forbiddenDays": {"type": "array"}, "days": {"type": "array"}, "teams": {"type": "array"}}}',
    updated_at = now()
WHERE t.validation_logic ->> 'type' = 'days_of_week';

-- min_rematch_separation {days}: the meetings of a pair at least that many days apart, no minimum in games.
UPDATE constraint_validation.constraint_templates t
SET validation_logic = (t.validation_logic - 'params')
      || jsonb_build_object('type', 'rematch_separation', 'legacy_type', 'min_rematch_separation',
                            'legacy', jsonb_build_object('params', t.validation_logic -> 'params', 'parameter_schema', t.parameter_schema, 'description', t.description),
                            'params', jsonb_build_object('minGames', 0,
                                                         'minDays', coalesce(t.validation_logic -> 'params' -> 'days', '0'))),
    parameter_schema = '{"type": "object", "properties": {"minGames": {"type": "integer"}, "minDays": {"type": "integer"}}}',
    updated_at = now()
WHERE t.validation_logic ->> 'type' = 'min_rematch_separation';

-- broadcast_window {days, windows}: games carry dates, not tip-off times, so the days are what is checked; the
-- windows are kept beside the rule (unused by the engine, and said so in the description).
UPDATE constraint_validation.constraint_templates t
SET validation_logic = (t.validation_logic - 'params')
      || jsonb_build_object('type', 'allowed_days_of_week', 'legacy_type', 'broadcast_window',
                            'legacy', jsonb_build_object('params', t.validation_logic -> 'params', 'parameter_schema', t.parameter_schema, 'description', t.description),
                            'params', jsonb_build_object('days', t.validation_logic -> 'params' -> 'days'),
                            'tip_off_windows', t.validation_logic -> 'params' -> 'windows'),
    parameter_schema = '{"type": "object", "properties": {"days": {"type": "array"}}}',
    description = coalesce(t.description, '') || ' (checked as game days; tip-off windows are not modelled)',
    updated_at = now()
WHERE t.validation_logic ->> 'type' = 'broadcast_window';

-- policies of those templates: legacy parameter names renamed as above
UPDATE constraint_validation.constraint_enforcement_policies p
SET parameters = (p.parameters - 'days') || jsonb_build_object('minDays', p.parameters -> 'days')
FROM constraint_validation.constraint_templates t
WHERE t.template_id = p.template_id AND t.validation_logic ->> 'legacy_type' = 'min_rematch_separation'
  AND p.parameters ? 'days';
UPDATE constraint_validation.constraint_enforcement_policies p
SET parameters = (p.parameters - 'forbidden_days' - 'team_id')
      || jsonb_strip_nulls(jsonb_build_object(
           'forbiddenDays', p.parameters -> 'forbidden_days',
           'teams', CASE WHEN p.parameters ? 'team_id' THEN jsonb_build_array(p.parameters ->> 'team_id') END))
FROM constraint_validation.constraint_templates t
WHERE t.template_id = p.template_id AND t.validation_logic ->> 'legacy_type' = 'days_of_week'
  AND (p.parameters ? 'forbidden_days' OR p.parameters ? 'team_id');
UPDATE constraint_validation.constraint_enforcement_policies p
SET parameters = p.parameters - 'windows'
FROM constraint_validation.constraint_templates t
WHERE t.template_id = p.template_id AND t.validation_logic ->> 'legacy_type' = 'broadcast_window'
  AND p.parameters ? 'windows';

-- 2. Big 12 basketball rules in their 2025-26 form ---------------------------------------------------------------
UPDATE constraint_validation.constraint_templates
SET validation_logic = jsonb_set(validation_logic, '{params}', (validation_logic -> 'params') || '{"minHome": 9, "maxHome": 9}'),
    parameter_schema = jsonb_set(parameter_schema, '{properties}', (parameter_schema -> 'properties')
      || '{"minHome": {"type": "integer", "minimum": 0, "maximum": 40}, "maxHome": {"type": "integer", "minimum": 0, "maximum": 40}}'),
    description = '18 conference games: 3 opponents home and away, the other 12 once (6 home, 6 away), so 9 home and 9 away.',
    updated_at = now()
WHERE template_name IN ('Men''s basketball: 18-game conference format', 'Women''s basketball: 18-game conference format')
  AND NOT (validation_logic -> 'params') ? 'minHome';

-- soft rules: the template's default and every policy still at the old hard level
WITH softened AS (
  UPDATE constraint_validation.constraint_templates
  SET constraint_type = 'soft', default_weight = 5, updated_at = now(),
      description = 'Assumption, soft: a game after a Saturday game is on the following Monday or Tuesday; no Saturday–Monday–Wednesday stretch. Not a 2025-26 rule: the Big 12 used Wed–Sat, Fri–Mon and Fri–Tue pairs too.'
  WHERE template_name = 'Men''s basketball: Saturday paired with Monday or Tuesday' AND constraint_type = 'hard'
  RETURNING template_id
)
UPDATE constraint_validation.constraint_enforcement_policies p
SET enforcement_level = 'soft', weight = 5
FROM softened s WHERE p.template_id = s.template_id AND p.enforcement_level = 'hard';

UPDATE constraint_validation.constraint_templates
SET description = 'Assumption, soft: Saturday and Monday/Tuesday/Wednesday preferred (Big Monday on ESPN); 2025-26 games were played on any night, so other days are penalised, not forbidden.',
    updated_at = now()
WHERE template_name = 'Men''s basketball: conference game days' AND description NOT LIKE 'Assumption%';

WITH hardened AS (
  UPDATE constraint_validation.constraint_templates
  SET constraint_type = 'hard', default_weight = 1, updated_at = now(),
      description = 'Assumption (as the men''s rule, not confirmed for 2025-26): the two meetings of a pair are at least 3 games and 10 days apart.'
  WHERE template_name = 'Women''s basketball: rematch separation' AND constraint_type = 'soft'
  RETURNING template_id
)
UPDATE constraint_validation.constraint_enforcement_policies p
SET enforcement_level = 'hard', weight = 1
FROM hardened h WHERE p.template_id = h.template_id AND p.enforcement_level = 'soft';

-- basketball weighs total travel one point per mile (the seeded default 0.01 left travel a tie-breaker)
UPDATE constraint_validation.constraint_enforcement_policies e SET weight = 1
FROM constraint_validation.constraint_templates t, constraint_validation.constraint_profiles p, shared_data.sports s
WHERE t.template_id = e.template_id AND t.template_name = 'Total travel (objective)' AND p.profile_id = e.profile_id
  AND s.sport_id = p.sport_id AND s.sport_code IN ('MBB', 'WBB') AND p.team_id IS NULL AND e.weight = 0.01;

-- 3. Facts ---------------------------------------------------------------------------------------------------------
UPDATE venue_management.venue_profiles vp SET capacity = 15300
FROM shared_data.venues v WHERE v.venue_id = vp.venue_id AND v.name = 'Allen Fieldhouse' AND vp.capacity = 16300;
UPDATE venue_management.venue_profiles vp SET capacity = 9432
FROM shared_data.venues v WHERE v.venue_id = vp.venue_id AND v.name = 'Addition Financial Arena' AND vp.capacity = 10000;
UPDATE shared_data.venues v SET name = 'Hope Coliseum'
WHERE v.name = 'WVU Coliseum'
  AND NOT EXISTS (SELECT 1 FROM shared_data.venues x WHERE x.institution_id = v.institution_id AND x.name = 'Hope Coliseum');

-- (006's guide names follow by themselves: standard_capacity is generated from capacity, venue_name kept by triggers)

-- conference-play and postseason windows of 2025-26 (and 2024-25, seeded 364 days earlier) still at the old dates
UPDATE team_availability.team_availability_windows w
SET start_date = w.start_date + (DATE '2026-01-02' - DATE '2025-12-30'),
    notes = 'Conference play: Fri 2 Jan / Sat 3 Jan to Sat 7 Mar, any night'
FROM shared_data.teams t JOIN shared_data.sports s ON s.sport_id = t.sport_id AND s.sport_code = 'MBB'
WHERE t.team_id = w.team_id AND w.window_type = 'preferred' AND w.start_date IN (DATE '2025-12-30', DATE '2024-12-31');
UPDATE team_availability.team_availability_windows w
SET end_date = w.end_date + (DATE '2026-01-01' - DATE '2025-12-29')
FROM shared_data.teams t JOIN shared_data.sports s ON s.sport_id = t.sport_id AND s.sport_code = 'MBB'
WHERE t.team_id = w.team_id AND w.window_type = 'available' AND w.end_date IN (DATE '2025-12-29', DATE '2024-12-30');
UPDATE team_availability.team_availability_windows w
SET start_date = w.start_date - 9, notes = 'Conference play: Sat 20 Dec 2025 to Sun 1 Mar 2026'
FROM shared_data.teams t JOIN shared_data.sports s ON s.sport_id = t.sport_id AND s.sport_code = 'WBB'
WHERE t.team_id = w.team_id AND w.window_type = 'preferred' AND w.start_date IN (DATE '2025-12-29', DATE '2024-12-30');
UPDATE team_availability.team_availability_windows w
SET end_date = w.end_date - 9
FROM shared_data.teams t JOIN shared_data.sports s ON s.sport_id = t.sport_id AND s.sport_code = 'WBB'
WHERE t.team_id = w.team_id AND w.window_type = 'available' AND w.end_date IN (DATE '2025-12-28', DATE '2024-12-29');
UPDATE team_availability.team_availability_windows w
SET start_date = w.start_date - 1, end_date = w.end_date - 1
FROM shared_data.teams t JOIN shared_data.sports s ON s.sport_id = t.sport_id AND s.sport_code = 'WBB'
WHERE t.team_id = w.team_id AND w.window_type = 'limited' AND w.start_date IN (DATE '2026-03-05', DATE '2025-03-06');

INSERT INTO public.schema_migrations (version, name, execution_time_ms, status)
VALUES (8, '008_constraint_rules_source_of_truth', (extract(epoch FROM clock_timestamp() - now()) * 1000)::int, 'applied')
ON CONFLICT (version) DO UPDATE SET status = 'applied' WHERE public.schema_migrations.status <> 'applied';

COMMIT;
