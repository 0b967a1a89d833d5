-- FlexTime seed: constraint categories, the constraint templates for the Big 12's real scheduling rules,
-- the Big 12 constraint profile of every sport for 2025-26 with its enforcement policies, and BYU's
-- team profiles (no Sunday competition).
--
-- Each template carries
--   validation_logic = { "type": <engine evaluator>, "params": { …default parameters… }, "scope": … }
--     (`type` picks the evaluator in scheduling/constraints.ts; `round_robin_format` templates describe the
--      competition format the generator builds rather than a check; blackout / venue templates get their
--      rows from team_availability / venue_management at evaluation time, hence the empty lists), and
--   parameter_schema = a JSON Schema (draft-07) for those parameters; a policy's `parameters` override the
--     defaults and must satisfy the same schema.
-- A template whose parameters fail its own schema is rejected: the check at the end of this file raises
-- (the whole file is one transaction, so nothing is written), and seeding/index.ts re-validates every
-- template with Ajv (full JSON Schema) after loading.
--
-- The Big 12 basketball rules live here once, as templates + the sport's profile: generation, validation, the
-- benches and the engine fixture (scheduling/fixtures/big12-mbb.json, written by `npm run gen:fixture` from a
-- database seeded with these files) all read them from here. Facts checked for 2025-26 against public sources:
--   * 18 games, three home-and-home opponents, the other 12 once with six at home and six on the road (so 9 home /
--     9 away); conference play opened Fri 2 Jan 2026 (WVU at Iowa State), everyone else Sat 3 Jan; the regular
--     season ended Sat 7 Mar; tournament 10-14 Mar, T-Mobile Center, Kansas City — Big 12 release of 2025-09-23,
--     https://superwestsports.com/big-12-releases-2025-26-mens-basketball-conference-schedule and the 2025-26
--     opponent matrix, https://kansas.rivals.com/news/kansas-18-game-big-12-matchups-announced
--   * the Big 12 scheduled games on any night in 2025-26 (Wed-Sat, Fri-Mon and Fri-Tue pairs occur; TV partners
--     ESPN, Fox, CBS, TNT, Peacock pick matchups): https://www.ksl.com/article/51447540/ — so Saturday paired with
--     Monday/Tuesday and the Sat/Mon-Wed game days are SOFT preferences, labelled as assumptions below.
--   * women's: conference play had begun by Sat 20 Dec 2025 (TCU v Kansas State) and ran to 1 Mar 2026:
--     https://www.si.com/college/tcu/basketball/conference-schedule-released-for-tcu-womens-basketball-01k6b62dpvje
--   * BYU does not compete on Sunday (institutional policy, unchanged).
-- Rules that could not be confirmed for 2025-26 are kept as editable policies and say "Assumption" in their
-- description: first-four/last-four balance, rematch separation (3 games, 10 days), at most two games a week, one
-- rest day, at most two consecutive road games, and every women's rule beyond the 18-game format.
--
-- psql-runnable and idempotent (categories by name, templates by template_name, profiles by
-- (profile_name, season), policies by (profile, template)). Includes seed_shared_data.sql.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f seeding/seed_constraint_templates.sql

-- The shared reference data first (idempotent), so this file also runs on its own, as the migration guide's
-- Phase 3 runs it.
\ir seed_shared_data.sql

BEGIN;

INSERT INTO constraint_validation.constraint_categories (category_name, description, priority)
VALUES
  ('scheduling', 'Format and calendar rules: games per team, consecutive home/road games, rest, days of week', 100),
  ('venue', 'Venue availability, operational hours and shared-arena turnarounds', 90),
  ('travel', 'Travel distance, road-trip length and travel partners', 80),
  ('competitive', 'Competitive balance: home/away balance windows, rematch separation', 70),
  ('broadcast', 'Television windows and broadcast partner requirements', 60),
  ('academic', 'Academic calendars: final examinations, class days missed', 50)
ON CONFLICT (category_name) DO NOTHING;

-- The JSON Schema (draft-07) of each kind of parameters, declared once and named; templates refer to one by name.
CREATE TEMP TABLE parameter_schemas (
  schema_name text PRIMARY KEY,
  parameter_schema jsonb NOT NULL
) ON COMMIT DROP;

INSERT INTO parameter_schemas VALUES
('football_format',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {
     "kind": {"type": "string", "enum": ["round_robin", "partial", "partial_round_robin", "series"]},
     "gamesPerTeam": {"type": "integer", "minimum": 1, "maximum": 40},
     "meetingsPerPair": {"type": "integer", "minimum": 1, "maximum": 2},
     "minHome": {"type": "integer", "minimum": 0, "maximum": 40},
     "maxHome": {"type": "integer", "minimum": 0, "maximum": 40}},
   "required": ["kind", "gamesPerTeam"], "additionalProperties": false}'),
('max_consecutive',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"max": {"type": "integer", "minimum": 1, "maximum": 10},
                  "teams": {"type": "array", "items": {"type": ["integer", "string"]}, "uniqueItems": true}},
   "required": ["max"], "additionalProperties": false}'),
('game_days',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"days": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}, "minItems": 1, "maxItems": 7, "uniqueItems": true},
                  "teams": {"type": "array", "items": {"type": ["integer", "string"]}, "uniqueItems": true}},
   "required": ["days"], "additionalProperties": false}'),
('basketball_format',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {
     "kind": {"type": "string", "enum": ["round_robin", "partial", "partial_round_robin", "series"]},
     "gamesPerTeam": {"type": "integer", "minimum": 1, "maximum": 40},
     "doubles": {"type": "integer", "minimum": 0, "maximum": 15},
     "meetingsPerPair": {"type": "integer", "minimum": 1, "maximum": 2},
     "minHome": {"type": "integer", "minimum": 0, "maximum": 40},
     "maxHome": {"type": "integer", "minimum": 0, "maximum": 40}},
   "required": ["kind", "gamesPerTeam", "doubles"], "additionalProperties": false}'),
('home_away_balance_window',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"k": {"type": "integer", "minimum": 1, "maximum": 20},
                  "minHome": {"type": "integer", "minimum": 0, "maximum": 20},
                  "minAway": {"type": "integer", "minimum": 0, "maximum": 20},
                  "position": {"type": "string", "enum": ["first", "last", "both"]}},
   "required": ["k", "minHome", "minAway"], "additionalProperties": false}'),
('rematch_separation',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"minGames": {"type": "integer", "minimum": 0, "maximum": 30},
                  "minDays": {"type": "integer", "minimum": 0, "maximum": 120}},
   "required": ["minGames", "minDays"], "additionalProperties": false}'),
('saturday_pairing',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"pairedDays": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}, "minItems": 1, "uniqueItems": true},
                  "withinDays": {"type": "integer", "minimum": 1, "maximum": 7},
                  "forbiddenSequence": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}, "minItems": 2, "maxItems": 4},
                  "spanDays": {"type": "integer", "minimum": 2, "maximum": 14}},
   "required": ["pairedDays"], "additionalProperties": false}'),
('games_per_week',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"max": {"type": "integer", "minimum": 1, "maximum": 7},
                  "teams": {"type": "array", "items": {"type": ["integer", "string"]}, "uniqueItems": true}},
   "required": ["max"], "additionalProperties": false}'),
('series_format',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"kind": {"type": "string", "const": "series"},
                  "series": {"type": "integer", "minimum": 1, "maximum": 20},
                  "gamesPerSeries": {"type": "integer", "minimum": 1, "maximum": 4},
                  "homeSeries": {"type": "integer", "minimum": 0, "maximum": 20}},
   "required": ["kind", "series", "gamesPerSeries"], "additionalProperties": false}'),
('forbidden_days',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"forbiddenDays": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}, "minItems": 1, "maxItems": 7, "uniqueItems": true},
                  "teams": {"type": "array", "items": {"type": ["integer", "string"]}, "uniqueItems": true}},
   "required": ["forbiddenDays"], "additionalProperties": false}'),
('rest_days',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"minDays": {"type": "integer", "minimum": 0, "maximum": 14},
                  "teams": {"type": "array", "items": {"type": ["integer", "string"]}, "uniqueItems": true}},
   "required": ["minDays"], "additionalProperties": false}'),
('travel_limit',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"maxMiles": {"type": "number", "exclusiveMinimum": 0, "maximum": 10000},
                  "teams": {"type": "array", "items": {"type": ["integer", "string"]}, "uniqueItems": true}},
   "required": ["maxMiles"], "additionalProperties": false}'),
('travel_objective',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"teams": {"type": "array", "items": {"type": ["integer", "string"]}, "uniqueItems": true}},
   "additionalProperties": false}'),
('venue_periods',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"periods": {"type": "array", "items": {"type": "object",
                    "properties": {"venue": {"type": ["integer", "string"]}, "team": {"type": ["integer", "string"]},
                                   "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}},
                    "required": ["from", "to"]}}},
   "required": ["periods"], "additionalProperties": false}'),
('blackout_dates',
 '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
   "properties": {"severities": {"type": "array", "items": {"type": "string", "enum": ["hard", "soft", "preference"]}, "minItems": 1, "uniqueItems": true},
                  "blackouts": {"type": "array", "items": {"type": "object",
                    "properties": {"team": {"type": ["integer", "string"]},
                                   "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}},
                    "required": ["team", "from", "to"]}}},
   "required": ["blackouts", "severities"], "additionalProperties": false}');

CREATE TEMP TABLE big12_templates (
  category text NOT NULL,
  template_name text NOT NULL,
  sport_code text,
  big12_only boolean NOT NULL,
  constraint_type text NOT NULL,
  default_weight double precision NOT NULL,
  description text NOT NULL,
  validation_logic jsonb NOT NULL,
  parameter_schema_name text NOT NULL REFERENCES parameter_schemas
) ON COMMIT DROP;

INSERT INTO big12_templates VALUES
-- Football ------------------------------------------------------------------------------------------
('scheduling', 'Football: nine-game conference schedule', 'FB', true, 'hard', 1,
 'Each team plays 9 of the other 15 members once (4 or 5 at home).',
 '{"type": "round_robin_format", "params": {"kind": "partial", "gamesPerTeam": 9, "meetingsPerPair": 1, "minHome": 4, "maxHome": 5}}',
 'football_format'),
('scheduling', 'Football: at most two consecutive road games', 'FB', true, 'hard', 1,
 'No team plays more than two conference road games in a row.',
 '{"type": "max_consecutive_away", "params": {"max": 2}}',
 'max_consecutive'),
('broadcast', 'Football: game days Thursday to Saturday', 'FB', true, 'soft', 5,
 'Conference games are played on Saturday, with occasional Thursday/Friday television windows.',
 '{"type": "allowed_days_of_week", "params": {"days": [4, 5, 6]}}',
 'game_days'),
-- Men's basketball -----------------------------------------------------------------------------------
('scheduling', 'Men''s basketball: 18-game conference format', 'MBB', true, 'hard', 1,
 '18 conference games: 3 opponents home and away, the other 12 once (6 home, 6 away), so 9 home and 9 away (Big 12, 2025-09-23).',
 '{"type": "round_robin_format", "params": {"kind": "partial_round_robin", "gamesPerTeam": 18, "doubles": 3, "meetingsPerPair": 1, "minHome": 9, "maxHome": 9}}',
 'basketball_format'),
('scheduling', 'Men''s basketball: at most two consecutive road games', 'MBB', true, 'hard', 1,
 'Assumption (long-standing Big 12 practice, not confirmed for 2025-26): no team plays more than two conference road games in a row.',
 '{"type": "max_consecutive_away", "params": {"max": 2}}',
 'max_consecutive'),
('competitive', 'Men''s basketball: home/away balance in the first and last four', 'MBB', true, 'hard', 1,
 'Assumption (not confirmed for 2025-26): at least 2 home and 2 away games among each team''s first four and among its last four conference games.',
 '{"type": "home_away_balance_window", "params": {"k": 4, "minHome": 2, "minAway": 2, "position": "both"}}',
 'home_away_balance_window'),
('competitive', 'Men''s basketball: rematch separation', 'MBB', true, 'hard', 1,
 'Assumption (not confirmed for 2025-26): the two meetings of a pair are at least 3 games and 10 days apart.',
 '{"type": "rematch_separation", "params": {"minGames": 3, "minDays": 10}}',
 'rematch_separation'),
('scheduling', 'Men''s basketball: Saturday paired with Monday or Tuesday', 'MBB', true, 'soft', 5,
 'Assumption, soft: a game after a Saturday game is on the following Monday or Tuesday; no Saturday–Monday–Wednesday stretch. Not a 2025-26 rule: the Big 12 used Wed–Sat, Fri–Mon and Fri–Tue pairs too.',
 '{"type": "saturday_pairing", "params": {"pairedDays": [1, 2], "withinDays": 4, "forbiddenSequence": [6, 1, 3], "spanDays": 5}}',
 'saturday_pairing'),
('scheduling', 'Men''s basketball: at most two games per week', 'MBB', true, 'hard', 1,
 'Assumption (not confirmed for 2025-26): at most two conference games in any calendar week.',
 '{"type": "games_per_week", "params": {"max": 2}}',
 'games_per_week'),
('broadcast', 'Men''s basketball: conference game days', 'MBB', true, 'soft', 3,
 'Assumption, soft: Saturday and Monday/Tuesday/Wednesday preferred (Big Monday on ESPN); 2025-26 games were played on any night, so other days are penalised, not forbidden.',
 '{"type": "allowed_days_of_week", "params": {"days": [1, 2, 3, 6]}}',
 'game_days'),
-- Women's basketball: the men's rule set with the women's dates (team_availability windows) ------------------
('scheduling', 'Women''s basketball: 18-game conference format', 'WBB', true, 'hard', 1,
 '18 conference games: 3 opponents home and away, the other 12 once; 9 home and 9 away (assumption: as the men''s format).',
 '{"type": "round_robin_format", "params": {"kind": "partial_round_robin", "gamesPerTeam": 18, "doubles": 3, "meetingsPerPair": 1, "minHome": 9, "maxHome": 9}}',
 'basketball_format'),
('scheduling', 'Women''s basketball: at most two consecutive road games', 'WBB', true, 'hard', 1,
 'Assumption (not confirmed for 2025-26): no team plays more than two conference road games in a row.',
 '{"type": "max_consecutive_away", "params": {"max": 2}}',
 'max_consecutive'),
('competitive', 'Women''s basketball: home/away balance in the first and last four', 'WBB', true, 'hard', 1,
 'Assumption (as the men''s rule, not confirmed for 2025-26): at least 2 home and 2 away among the first four and the last four conference games.',
 '{"type": "home_away_balance_window", "params": {"k": 4, "minHome": 2, "minAway": 2, "position": "both"}}',
 'home_away_balance_window'),
('competitive', 'Women''s basketball: rematch separation', 'WBB', true, 'hard', 1,
 'Assumption (as the men''s rule, not confirmed for 2025-26): the two meetings of a pair are at least 3 games and 10 days apart.',
 '{"type": "rematch_separation", "params": {"minGames": 3, "minDays": 10}}',
 'rematch_separation'),
('scheduling', 'Women''s basketball: at most two games per week', 'WBB', true, 'hard', 1,
 'Assumption (as the men''s rule, not confirmed for 2025-26): at most two conference games in any calendar week.',
 '{"type": "games_per_week", "params": {"max": 2}}',
 'games_per_week'),
-- Baseball and softball ------------------------------------------------------------------------------
('scheduling', 'Baseball: ten three-game conference series', 'BSB', true, 'hard', 1,
 'Ten weekend series of three games (five at home, five away); 14 teams, so each team misses three opponents.',
 '{"type": "round_robin_format", "params": {"kind": "series", "series": 10, "gamesPerSeries": 3, "homeSeries": 5}}',
 'series_format'),
('scheduling', 'Softball: eight three-game conference series', 'SB', true, 'hard', 1,
 'Eight weekend series of three games (four at home, four away) among the 11 softball schools.',
 '{"type": "round_robin_format", "params": {"kind": "series", "series": 8, "gamesPerSeries": 3, "homeSeries": 4}}',
 'series_format'),
-- Rules for every sport ------------------------------------------------------------------------------
('scheduling', 'BYU: no Sunday competition', NULL, true, 'hard', 1,
 'Brigham Young University does not compete on Sunday; attached to BYU''s teams through their constraint profiles.',
 '{"type": "allowed_days_of_week", "params": {"forbiddenDays": [0]}, "scope": "team"}',
 'forbidden_days'),
('scheduling', 'Minimum rest days between games', NULL, false, 'hard', 1,
 'Every team has at least the given number of full days between two games (0 allows consecutive days).',
 '{"type": "rest_days", "params": {"minDays": 1}}',
 'rest_days'),
('travel', 'Road-trip travel limit', NULL, false, 'soft', 1,
 'Miles travelled per road trip (haversine between campuses, consecutive away games chained) above the limit are penalised.',
 '{"type": "travel_distance", "params": {"maxMiles": 2100}}',
 'travel_limit'),
('travel', 'Total travel (objective)', NULL, false, 'soft', 0.01,
 'Total miles travelled, minimised by the optimiser.',
 '{"type": "travel_distance", "params": {}}',
 'travel_objective'),
('venue', 'Venue availability', NULL, false, 'hard', 1,
 'No home game on a date its venue is unavailable (venue_management.venue_unavailability_periods).',
 '{"type": "venue_unavailability", "params": {"periods": []}, "source": "venue_management.venue_unavailability_periods"}',
 'venue_periods'),
('scheduling', 'Team blackout dates (hard)', NULL, false, 'hard', 1,
 'No game on a team''s hard blackout dates (team_availability.team_blackout_dates, severity hard).',
 '{"type": "blackout_dates", "params": {"blackouts": [], "severities": ["hard"]}, "source": "team_availability.team_blackout_dates"}',
 'blackout_dates'),
('academic', 'Final examinations (soft blackouts)', NULL, false, 'soft', 20,
 'Games during final examinations and other soft blackouts are penalised.',
 '{"type": "blackout_dates", "params": {"blackouts": [], "severities": ["soft"]}, "source": "team_availability.team_blackout_dates"}',
 'blackout_dates'),
('competitive', 'Maximum consecutive home games', NULL, false, 'soft', 5,
 'No more than the given number of home games in a row.',
 '{"type": "max_consecutive_home", "params": {"max": 3}}',
 'max_consecutive');

INSERT INTO constraint_validation.constraint_templates
  (category_id, template_name, description, constraint_type, default_weight, validation_logic, parameter_schema,
   sport_id, conference_id)
SELECT c.category_id, t.template_name, t.description, t.constraint_type, t.default_weight, t.validation_logic,
       ps.parameter_schema, s.sport_id, CASE WHEN t.big12_only THEN conf.conference_id END
FROM big12_templates t
JOIN parameter_schemas ps ON ps.schema_name = t.parameter_schema_name
JOIN constraint_validation.constraint_categories c ON c.category_name = t.category
LEFT JOIN shared_data.sports s ON s.sport_code = t.sport_code
CROSS JOIN shared_data.conferences conf
WHERE conf.name = 'Big 12 Conference'
ON CONFLICT (template_name) DO NOTHING;

-- Big 12 profile per sport for 2025-26 (the conference default), with a policy per applicable template:
-- the sport's own templates and the generic ones (blackouts, venue availability, rest, travel).
INSERT INTO constraint_validation.constraint_profiles (profile_name, description, sport_id, season_id, conference_id, is_default)
SELECT 'Big 12 ' || s.sport_name || ' ' || se.season_name, 'Big 12 Conference scheduling rules', s.sport_id,
       se.season_id, conf.conference_id, true
FROM shared_data.sports s
CROSS JOIN shared_data.seasons se
CROSS JOIN shared_data.conferences conf
WHERE s.sport_code IN ('FB', 'MBB', 'WBB', 'BSB', 'SB') AND se.season_name = '2025-26' AND conf.name = 'Big 12 Conference'
  AND NOT EXISTS (
    SELECT 1 FROM constraint_validation.constraint_profiles x
    WHERE x.profile_name = 'Big 12 ' || s.sport_name || ' ' || se.season_name AND x.season_id = se.season_id
  );

-- BYU's teams: a team profile carrying the no-Sunday rule.
INSERT INTO constraint_validation.constraint_profiles (profile_name, description, sport_id, season_id, team_id, conference_id)
SELECT t.name || ' ' || se.season_name, 'BYU: no competition on Sunday', t.sport_id, se.season_id, t.team_id, t.conference_id
FROM shared_data.teams t
JOIN shared_data.institutions i ON i.institution_id = t.institution_id AND i.abbreviation = 'BYU'
CROSS JOIN shared_data.seasons se
WHERE se.season_name = '2025-26'
  AND NOT EXISTS (
    SELECT 1 FROM constraint_validation.constraint_profiles x WHERE x.team_id = t.team_id AND x.season_id = se.season_id
  );

INSERT INTO constraint_validation.constraint_enforcement_policies
  (profile_id, template_id, conference_id, enforcement_level, weight, parameters)
SELECT p.profile_id, tpl.template_id, p.conference_id, tpl.constraint_type,
       -- basketball: travel is THE soft objective (the Big 12 chose 2025-26 opponents "to best balance the schedule
       -- in terms of travel and competitiveness"), one point per mile; the soft preferences stay secondary
       CASE WHEN tpl.template_name = 'Total travel (objective)' AND s.sport_code IN ('MBB', 'WBB') THEN 1
            ELSE tpl.default_weight END,
       CASE
         -- rest: football needs five days; baseball/softball series and volleyball play on consecutive days
         WHEN tpl.validation_logic ->> 'type' = 'rest_days' THEN jsonb_build_object('minDays',
           CASE s.sport_code WHEN 'FB' THEN 5 WHEN 'BSB' THEN 0 WHEN 'SB' THEN 0 ELSE 1 END)
         ELSE '{}'::jsonb
       END
FROM constraint_validation.constraint_profiles p
JOIN shared_data.sports s ON s.sport_id = p.sport_id
JOIN constraint_validation.constraint_templates tpl
  ON (p.team_id IS NULL AND (tpl.sport_id = p.sport_id OR (tpl.sport_id IS NULL AND tpl.template_name <> 'BYU: no Sunday competition')))
  OR (p.team_id IS NOT NULL AND tpl.template_name = 'BYU: no Sunday competition')
JOIN shared_data.conferences conf ON conf.conference_id = p.conference_id AND conf.name = 'Big 12 Conference'
WHERE NOT EXISTS (
  SELECT 1 FROM constraint_validation.constraint_enforcement_policies x
  WHERE x.profile_id = p.profile_id AND x.template_id = tpl.template_id
);

-- Reject any template whose default parameters fail its own parameter_schema, and any policy whose
-- effective parameters (defaults overridden by the policy) fail it. Implements the JSON Schema keywords
-- the catalogue uses (type, enum, const, required, properties, additionalProperties, minimum, maximum,
-- exclusiveMinimum, items, minItems, maxItems, uniqueItems); seeding/index.ts re-checks with Ajv.
DO $validate$
DECLARE
  target record;
  stack jsonb;
  node jsonb;
  v jsonb;
  sch jsonb;
  path text;
  actual text;
  allowed jsonb;
  k text;
  n integer;
  problems text[] := ARRAY[]::text[];
BEGIN
  FOR target IN
    -- legacy templates copied from the monolith keep their parameters flat in validation_logic (no params key)
    SELECT 'template "' || t.template_name || '"' AS label,
           coalesce(t.validation_logic -> 'params', t.validation_logic - 'type' - 'scope' - 'source') AS params,
           t.parameter_schema AS schema
    FROM constraint_validation.constraint_templates t
    UNION ALL
    SELECT 'policy ' || p.policy_id || ' (template "' || t.template_name || '")',
           coalesce(t.validation_logic -> 'params', t.validation_logic - 'type' - 'scope' - 'source') || p.parameters,
           t.parameter_schema
    FROM constraint_validation.constraint_enforcement_policies p
    JOIN constraint_validation.constraint_templates t ON t.template_id = p.template_id
  LOOP
    IF jsonb_typeof(target.params) IS DISTINCT FROM 'object' THEN
      problems := problems || (target.label || ': validation_logic.params is not an object');
      CONTINUE;
    END IF;
    stack := jsonb_build_array(jsonb_build_object('p', 'params', 'v', target.params, 's', target.schema));
    WHILE jsonb_array_length(stack) > 0 LOOP
      node := stack -> -1;
      stack := stack - (-1);
      v := node -> 'v';
      sch := node -> 's';
      path := target.label || ' ' || (node ->> 'p');
      IF jsonb_typeof(sch) <> 'object' THEN
        problems := problems || (path || ': schema is not an object');
        CONTINUE;
      END IF;
      actual := jsonb_typeof(v);
      IF sch ? 'type' THEN
        allowed := CASE WHEN jsonb_typeof(sch -> 'type') = 'array' THEN sch -> 'type' ELSE jsonb_build_array(sch -> 'type') END;
        IF NOT (allowed ? actual
                OR (actual = 'number' AND allowed ? 'integer' AND (v #>> '{}')::numeric = trunc((v #>> '{}')::numeric))) THEN
          problems := problems || format('%s: expected %s, got %s', path, allowed, actual);
          CONTINUE;
        END IF;
      END IF;
      IF sch ? 'enum' AND NOT (sch -> 'enum') @> jsonb_build_array(v) THEN
        problems := problems || format('%s: %s is not one of %s', path, v, sch -> 'enum');
      END IF;
      IF sch ? 'const' AND v <> sch -> 'const' THEN
        problems := problems || format('%s: must equal %s', path, sch -> 'const');
      END IF;
      IF actual = 'number' THEN
        IF sch ? 'minimum' AND (v #>> '{}')::numeric < (sch ->> 'minimum')::numeric THEN
          problems := problems || format('%s: %s < minimum %s', path, v, sch -> 'minimum');
        END IF;
        IF sch ? 'maximum' AND (v #>> '{}')::numeric > (sch ->> 'maximum')::numeric THEN
          problems := problems || format('%s: %s > maximum %s', path, v, sch -> 'maximum');
        END IF;
        IF sch ? 'exclusiveMinimum' AND (v #>> '{}')::numeric <= (sch ->> 'exclusiveMinimum')::numeric THEN
          problems := problems || format('%s: %s <= exclusiveMinimum %s', path, v, sch -> 'exclusiveMinimum');
        END IF;
        IF sch ? 'exclusiveMaximum' AND (v #>> '{}')::numeric >= (sch ->> 'exclusiveMaximum')::numeric THEN
          problems := problems || format('%s: %s >= exclusiveMaximum %s', path, v, sch -> 'exclusiveMaximum');
        END IF;
      ELSIF actual = 'string' THEN
        IF sch ->> 'format' = 'date' AND (v #>> '{}') !~ '^\d{4}-\d{2}-\d{2}$' THEN
          problems := problems || format('%s: %s is not a date (YYYY-MM-DD)', path, v);
        END IF;
      ELSIF actual = 'object' THEN
        IF sch ? 'required' THEN
          FOR k IN SELECT jsonb_array_elements_text(sch -> 'required') LOOP
            IF NOT v ? k THEN
              problems := problems || format('%s: missing required property "%s"', path, k);
            END IF;
          END LOOP;
        END IF;
        FOR k IN SELECT jsonb_object_keys(v) LOOP
          IF (sch -> 'properties') ? k THEN
            stack := stack || jsonb_build_array(jsonb_build_object('p', (node ->> 'p') || '.' || k, 'v', v -> k, 's', sch -> 'properties' -> k));
          ELSIF sch -> 'additionalProperties' = 'false'::jsonb THEN
            problems := problems || format('%s: unknown property "%s"', path, k);
          END IF;
        END LOOP;
      ELSIF actual = 'array' THEN
        n := jsonb_array_length(v);
        IF sch ? 'minItems' AND n < (sch ->> 'minItems')::int THEN
          problems := problems || format('%s: fewer than %s items', path, sch -> 'minItems');
        END IF;
        IF sch ? 'maxItems' AND n > (sch ->> 'maxItems')::int THEN
          problems := problems || format('%s: more than %s items', path, sch -> 'maxItems');
        END IF;
        IF sch -> 'uniqueItems' = 'true'::jsonb AND (SELECT count(DISTINCT e) FROM jsonb_array_elements(v) e) <> n THEN
          problems := problems || format('%s: items are not unique', path);
        END IF;
        IF sch ? 'items' THEN
          FOR i IN 0 .. n - 1 LOOP
            stack := stack || jsonb_build_array(jsonb_build_object('p', (node ->> 'p') || '[' || i || ']', 'v', v -> i, 's', sch -> 'items'));
          END LOOP;
        END IF;
      END IF;
    END LOOP;
  END LOOP;
  IF cardinality(problems) > 0 THEN
    RAISE EXCEPTION 'constraint template parameters fail their parameter_schema: %', array_to_string(problems, '; ')
      USING ERRCODE = 'check_violation';
  END IF;
END
$validate$;

COMMIT;
