-- FlexTime seed: Big 12 team availability — scheduling profiles, rest requirements, travel constraints,
-- availability windows, blackout dates (hard / soft / preference) and scheduling preferences for every
-- seeded team, for the 2024-25 and 2025-26 seasons.
--
-- Dates are given for 2025-26; 2024-25 reuses them shifted by 364 days (52 weeks), which keeps the day of
-- the week (2025-08-23 Week 0 Saturday → 2024-08-24; Big 12 Championship 2025-12-06 → 2024-12-07).
-- psql-runnable and idempotent: every insert is guarded by WHERE NOT EXISTS on its identifying columns.
-- Includes seed_shared_data.sql.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f seeding/seed_big12_team_availability.sql

-- The shared reference data first (idempotent), so this file also runs on its own, as the migration guide's
-- Phase 3 runs it.
\ir seed_shared_data.sql

BEGIN;

-- Every Big 12 team with its sport and institution, crossed with both seasons and the shift to apply.
CREATE TEMP TABLE big12_team_seasons ON COMMIT DROP AS
SELECT t.team_id, t.sport_id, s.sport_code, t.conference_id, i.abbreviation AS school, se.season_id, se.season_name,
       CASE se.season_name WHEN '2025-26' THEN 0 ELSE -364 END AS shift
FROM shared_data.teams t
JOIN shared_data.sports s ON s.sport_id = t.sport_id
JOIN shared_data.institutions i ON i.institution_id = t.institution_id
JOIN shared_data.conferences c ON c.conference_id = t.conference_id AND c.name = 'Big 12 Conference'
JOIN shared_data.seasons se ON se.season_name IN ('2024-25', '2025-26');

-- Per-sport scheduling norms (conference play).
CREATE TEMP TABLE big12_sport_rules (
  sport_code text PRIMARY KEY,
  max_games_per_week integer NOT NULL,
  min_rest_days integer NOT NULL,
  min_rest_hours integer,
  back_to_back boolean NOT NULL,
  max_consecutive_home integer NOT NULL,
  max_consecutive_away integer NOT NULL,
  home_game_target integer NOT NULL,
  max_road_trip_days integer NOT NULL,
  travel_mode text NOT NULL,
  preferred_game_times jsonb NOT NULL,
  notes text NOT NULL
) ON COMMIT DROP;

INSERT INTO big12_sport_rules VALUES
  ('FB', 1, 5, 120, false, 2, 2, 6, 2, 'charter',
   '{"saturday": ["11:00", "14:30", "18:00", "19:30"], "thursday": ["19:00"], "friday": ["19:00"]}',
   '9 conference games (4 or 5 at home), at most 2 consecutive road games'),
  ('MBB', 2, 1, 44, false, 2, 2, 16, 5, 'charter',
   '{"saturday": ["12:00", "14:00", "16:00", "18:00"], "monday": ["20:00"], "tuesday": ["19:00", "21:00"], "wednesday": ["19:00", "21:00"]}',
   '18 conference games: 3 opponents home and away, 12 once; at most 2 consecutive road games'),
  ('WBB', 2, 1, 44, false, 2, 2, 15, 5, 'charter',
   '{"saturday": ["13:00", "15:00"], "sunday": ["13:00", "15:00"], "wednesday": ["18:30", "19:00"]}',
   '18 conference games: 3 opponents home and away, 12 once'),
  ('BSB', 4, 0, NULL, true, 3, 2, 30, 4, 'commercial',
   '{"friday": ["18:00", "18:30"], "saturday": ["14:00", "18:00"], "sunday": ["13:00"], "tuesday": ["18:00"]}',
   'ten 3-game conference series (5 home, 5 away), Friday–Sunday; midweek non-conference games'),
  ('SB', 4, 0, NULL, true, 3, 2, 24, 4, 'commercial',
   '{"friday": ["18:00"], "saturday": ["13:00", "16:00"], "sunday": ["12:00"]}',
   'eight 3-game conference series (4 home, 4 away)'),
  ('WSOC', 2, 2, NULL, false, 2, 2, 9, 4, 'commercial',
   '{"thursday": ["19:00"], "friday": ["19:00"], "sunday": ["13:00"]}',
   '11 conference matches, Thursday/Sunday or Friday/Sunday windows'),
  ('WVB', 3, 0, NULL, true, 4, 4, 14, 4, 'commercial',
   '{"wednesday": ["18:00", "19:00"], "friday": ["18:00", "19:00"], "saturday": ["14:00", "19:00"], "sunday": ["13:00"]}',
   '18 conference matches, often played as two-match road swings'),
  ('WRES', 2, 1, NULL, false, 3, 3, 8, 3, 'bus',
   '{"friday": ["19:00"], "sunday": ["14:00"]}', 'Big 12 dual meets; conference championship in March'),
  ('WGYM', 1, 5, NULL, false, 3, 3, 6, 3, 'commercial',
   '{"friday": ["19:00"], "saturday": ["19:00"], "monday": ["19:00"]}', 'weekly meets; Big 12 Championship in March');

-- Scheduling profiles.
INSERT INTO team_availability.team_scheduling_profiles
  (team_id, season_id, sport_id, conference_id, preferred_game_times, max_games_per_week, min_rest_days,
   max_consecutive_home, max_consecutive_away, home_game_target, notes)
SELECT ts.team_id, ts.season_id, ts.sport_id, ts.conference_id,
       CASE WHEN ts.school = 'BYU' THEN r.preferred_game_times - 'sunday' ELSE r.preferred_game_times END,
       r.max_games_per_week, r.min_rest_days, r.max_consecutive_home, r.max_consecutive_away, r.home_game_target,
       r.notes || CASE WHEN ts.school = 'BYU' THEN '; BYU: no competition on Sunday' ELSE '' END
FROM big12_team_seasons ts
JOIN big12_sport_rules r ON r.sport_code = ts.sport_code
WHERE NOT EXISTS (
  SELECT 1 FROM team_availability.team_scheduling_profiles x WHERE x.team_id = ts.team_id AND x.season_id = ts.season_id
);

-- Rest requirements.
INSERT INTO team_availability.team_rest_requirements
  (team_id, season_id, conference_id, min_rest_days, min_rest_hours, back_to_back_allowed, applies_to, notes)
SELECT ts.team_id, ts.season_id, ts.conference_id, r.min_rest_days, r.min_rest_hours, r.back_to_back, 'all',
       CASE ts.sport_code
         WHEN 'FB' THEN 'at least five days between games (Thursday/Friday games follow a bye or a short week)'
         WHEN 'MBB' THEN 'no back-to-back days'
         WHEN 'WBB' THEN 'no back-to-back days'
         ELSE 'series / weekend formats allow consecutive days'
       END
FROM big12_team_seasons ts
JOIN big12_sport_rules r ON r.sport_code = ts.sport_code
WHERE NOT EXISTS (
  SELECT 1 FROM team_availability.team_rest_requirements x
  WHERE x.team_id = ts.team_id AND x.season_id = ts.season_id AND x.applies_to = 'all'
);

-- Travel constraints. The longest conference trip (UCF ↔ Arizona/Utah/BYU) is about 1,900 miles.
INSERT INTO team_availability.team_travel_constraints
  (team_id, season_id, conference_id, max_travel_distance_miles, max_consecutive_road_games, max_road_trip_days,
   travel_mode, no_travel_days)
SELECT ts.team_id, ts.season_id, ts.conference_id, 2100, r.max_consecutive_away, r.max_road_trip_days,
       r.travel_mode,
       CASE WHEN ts.school = 'BYU' THEN '["sunday"]'::jsonb ELSE '[]'::jsonb END
FROM big12_team_seasons ts
JOIN big12_sport_rules r ON r.sport_code = ts.sport_code
WHERE NOT EXISTS (
  SELECT 1 FROM team_availability.team_travel_constraints x WHERE x.team_id = ts.team_id AND x.season_id = ts.season_id
);

-- Availability windows: the sport's competition windows (2025-26 dates): non-conference play 'available',
-- conference play 'preferred', conference championships 'limited' (only the qualifying teams play).
INSERT INTO team_availability.team_availability_windows
  (team_id, season_id, conference_id, start_date, end_date, window_type, priority, notes)
SELECT ts.team_id, ts.season_id, ts.conference_id, w.start_date + ts.shift, w.end_date + ts.shift, w.window_type,
       w.priority, w.notes
FROM big12_team_seasons ts
JOIN (VALUES
  ('FB', DATE '2025-08-23', DATE '2025-09-20', 'available', 1, 'Non-conference: Week 0 to the end of non-conference play'),
  ('FB', DATE '2025-09-20', DATE '2025-11-29', 'preferred', 2, 'Conference play: nine conference Saturdays plus two byes'),
  ('FB', DATE '2025-12-06', DATE '2025-12-06', 'limited', 3, 'Postseason: Big 12 Championship Game, AT&T Stadium, Arlington'),
  -- MBB: conference play Fri 2 Jan (WVU at Iowa State) / Sat 3 Jan – Sat 7 Mar 2026, games on any night; tournament
  -- 10-14 Mar at T-Mobile Center (Big 12 release 2025-09-23, see seed_constraint_templates.sql for the sources).
  ('MBB', DATE '2025-11-03', DATE '2026-01-01', 'available', 1, 'Non-conference: non-conference play'),
  ('MBB', DATE '2026-01-02', DATE '2026-03-07', 'preferred', 2, 'Conference play: Fri 2 Jan / Sat 3 Jan to Sat 7 Mar, any night'),
  ('MBB', DATE '2026-03-10', DATE '2026-03-14', 'limited', 3, 'Postseason: Big 12 Championship, T-Mobile Center, Kansas City'),
  -- WBB: conference play had begun by Sat 20 Dec 2025 (TCU v Kansas State) and ended Sun 1 Mar 2026; tournament
  -- Wed 4 – Sun 8 Mar 2026 at T-Mobile Center.
  ('WBB', DATE '2025-11-03', DATE '2025-12-19', 'available', 1, 'Non-conference: non-conference play'),
  ('WBB', DATE '2025-12-20', DATE '2026-03-01', 'preferred', 2, 'Conference play: Sat 20 Dec 2025 to Sun 1 Mar 2026'),
  ('WBB', DATE '2026-03-04', DATE '2026-03-08', 'limited', 3, 'Postseason: Big 12 Championship, T-Mobile Center, Kansas City'),
  ('BSB', DATE '2026-02-13', DATE '2026-03-12', 'available', 1, 'Non-conference: opening weekends and tournaments'),
  ('BSB', DATE '2026-03-13', DATE '2026-05-16', 'preferred', 2, 'Conference play: ten weekend series'),
  ('BSB', DATE '2026-05-19', DATE '2026-05-23', 'limited', 3, 'Postseason: Big 12 Championship, Globe Life Field, Arlington'),
  ('SB', DATE '2026-02-05', DATE '2026-03-12', 'available', 1, 'Non-conference: tournaments and non-conference play'),
  ('SB', DATE '2026-03-13', DATE '2026-05-02', 'preferred', 2, 'Conference play: eight weekend series'),
  ('SB', DATE '2026-05-07', DATE '2026-05-09', 'limited', 3, 'Postseason: Big 12 Championship, Devon Park, Oklahoma City'),
  ('WSOC', DATE '2025-08-14', DATE '2025-09-14', 'available', 1, 'Non-conference: non-conference play'),
  ('WSOC', DATE '2025-09-18', DATE '2025-10-30', 'preferred', 2, 'Conference play: conference matches'),
  ('WSOC', DATE '2025-11-02', DATE '2025-11-08', 'limited', 3, 'Postseason: Big 12 Championship'),
  ('WVB', DATE '2025-08-29', DATE '2025-09-21', 'available', 1, 'Non-conference: non-conference tournaments'),
  ('WVB', DATE '2025-09-24', DATE '2025-11-29', 'preferred', 2, 'Conference play: conference matches'),
  ('WRES', DATE '2025-11-01', DATE '2026-01-08', 'available', 1, 'Non-conference: opens and duals'),
  ('WRES', DATE '2026-01-09', DATE '2026-02-22', 'preferred', 2, 'Conference play: Big 12 duals'),
  ('WRES', DATE '2026-03-07', DATE '2026-03-08', 'limited', 3, 'Postseason: Big 12 Championships'),
  ('WGYM', DATE '2026-01-03', DATE '2026-03-16', 'preferred', 2, 'Regular season: weekly meets'),
  ('WGYM', DATE '2026-03-21', DATE '2026-03-21', 'limited', 3, 'Postseason: Big 12 Championship')
) AS w(sport_code, start_date, end_date, window_type, priority, notes) ON w.sport_code = ts.sport_code
WHERE NOT EXISTS (
  SELECT 1 FROM team_availability.team_availability_windows x
  WHERE x.team_id = ts.team_id AND x.season_id = ts.season_id AND x.window_type = w.window_type
    AND x.start_date = w.start_date + ts.shift
);

-- Blackout dates.
CREATE TEMP TABLE big12_blackouts (
  team_id integer, season_id integer, conference_id integer, start_date date, end_date date,
  blackout_type text, severity text, reason text
) ON COMMIT DROP;

-- Finals weeks (fall and spring semesters, 2025-26 calendars). Sports in season during finals may
-- still play (soft), the others must not (hard).
INSERT INTO big12_blackouts
SELECT ts.team_id, ts.season_id, ts.conference_id, f.start_date + ts.shift, f.end_date + ts.shift, 'exam',
       CASE
         WHEN f.term = 'fall' AND ts.sport_code IN ('MBB', 'WBB', 'WRES') THEN 'soft'
         WHEN f.term = 'spring' AND ts.sport_code IN ('BSB', 'SB') THEN 'soft'
         ELSE 'hard'
       END,
       initcap(f.term) || ' semester final examinations'
FROM big12_team_seasons ts
JOIN (VALUES
  ('ARIZ', 'fall', DATE '2025-12-11', DATE '2025-12-17'), ('ARIZ', 'spring', DATE '2026-05-08', DATE '2026-05-14'),
  ('ASU', 'fall', DATE '2025-12-05', DATE '2025-12-11'), ('ASU', 'spring', DATE '2026-05-01', DATE '2026-05-07'),
  ('BAY', 'fall', DATE '2025-12-05', DATE '2025-12-11'), ('BAY', 'spring', DATE '2026-04-30', DATE '2026-05-06'),
  ('BYU', 'fall', DATE '2025-12-12', DATE '2025-12-18'), ('BYU', 'spring', DATE '2026-04-16', DATE '2026-04-22'),
  ('UCF', 'fall', DATE '2025-12-05', DATE '2025-12-11'), ('UCF', 'spring', DATE '2026-04-24', DATE '2026-04-30'),
  ('CIN', 'fall', DATE '2025-12-08', DATE '2025-12-13'), ('CIN', 'spring', DATE '2026-04-27', DATE '2026-05-02'),
  ('COLO', 'fall', DATE '2025-12-13', DATE '2025-12-17'), ('COLO', 'spring', DATE '2026-05-02', DATE '2026-05-06'),
  ('HOU', 'fall', DATE '2025-12-03', DATE '2025-12-10'), ('HOU', 'spring', DATE '2026-05-01', DATE '2026-05-07'),
  ('ISU', 'fall', DATE '2025-12-15', DATE '2025-12-19'), ('ISU', 'spring', DATE '2026-05-11', DATE '2026-05-15'),
  ('KU', 'fall', DATE '2025-12-12', DATE '2025-12-18'), ('KU', 'spring', DATE '2026-05-11', DATE '2026-05-15'),
  ('KSU', 'fall', DATE '2025-12-15', DATE '2025-12-19'), ('KSU', 'spring', DATE '2026-05-11', DATE '2026-05-15'),
  ('OKST', 'fall', DATE '2025-12-08', DATE '2025-12-12'), ('OKST', 'spring', DATE '2026-05-04', DATE '2026-05-08'),
  ('TCU', 'fall', DATE '2025-12-08', DATE '2025-12-12'), ('TCU', 'spring', DATE '2026-05-04', DATE '2026-05-08'),
  ('TTU', 'fall', DATE '2025-12-05', DATE '2025-12-10'), ('TTU', 'spring', DATE '2026-05-01', DATE '2026-05-06'),
  ('UTAH', 'fall', DATE '2025-12-10', DATE '2025-12-16'), ('UTAH', 'spring', DATE '2026-04-24', DATE '2026-04-30'),
  ('WVU', 'fall', DATE '2025-12-15', DATE '2025-12-19'), ('WVU', 'spring', DATE '2026-05-04', DATE '2026-05-08')
) AS f(school, term, start_date, end_date) ON f.school = ts.school;

-- BYU: no competition on Sunday — every Sunday of the athletic year, hard.
INSERT INTO big12_blackouts
SELECT ts.team_id, ts.season_id, ts.conference_id, d::date, d::date, 'religious', 'hard',
       'BYU does not compete on Sunday'
FROM big12_team_seasons ts
JOIN shared_data.seasons se ON se.season_id = ts.season_id
CROSS JOIN LATERAL generate_series(se.start_date, se.end_date, interval '1 day') AS d
WHERE ts.school = 'BYU' AND extract(dow FROM d) = 0;

-- BYU: General Conference weekends (first weekends of October and April) are avoided when possible.
INSERT INTO big12_blackouts
SELECT ts.team_id, ts.season_id, ts.conference_id, g.start_date + ts.shift, g.end_date + ts.shift,
       'religious', 'preference', 'General Conference weekend'
FROM big12_team_seasons ts
CROSS JOIN (VALUES (DATE '2025-10-04', DATE '2025-10-05'), (DATE '2026-04-04', DATE '2026-04-05')) AS g(start_date, end_date)
WHERE ts.school = 'BYU';

-- NCAA holiday period (December 24–26): no competition for sports in season.
INSERT INTO big12_blackouts
SELECT ts.team_id, ts.season_id, ts.conference_id, DATE '2025-12-24' + ts.shift, DATE '2025-12-26' + ts.shift,
       'holiday', 'hard', 'Winter holiday (NCAA mandatory days off)'
FROM big12_team_seasons ts
WHERE ts.sport_code IN ('MBB', 'WBB', 'WRES');

-- Thanksgiving Day: avoided by the fall and winter sports (preference; football plays the weekend).
INSERT INTO big12_blackouts
SELECT ts.team_id, ts.season_id, ts.conference_id, DATE '2025-11-27' + ts.shift, DATE '2025-11-27' + ts.shift,
       'holiday', 'preference', 'Thanksgiving Day'
FROM big12_team_seasons ts
WHERE ts.sport_code IN ('MBB', 'WBB', 'WVB');

INSERT INTO team_availability.team_blackout_dates
  (team_id, season_id, conference_id, start_date, end_date, blackout_type, severity, reason)
SELECT b.team_id, b.season_id, b.conference_id, b.start_date, b.end_date, b.blackout_type, b.severity, b.reason
FROM big12_blackouts b
WHERE NOT EXISTS (
  SELECT 1 FROM team_availability.team_blackout_dates x
  WHERE x.team_id = b.team_id AND x.start_date = b.start_date AND x.end_date = b.end_date
    AND x.blackout_type = b.blackout_type
);

-- Preferences: BYU's Sunday rule, Big 12 travel partners (basketball), homecoming dates (football).
CREATE TEMP TABLE big12_preferences (
  team_id integer, season_id integer, conference_id integer, preference_type text, preference_value jsonb, weight double precision
) ON COMMIT DROP;

INSERT INTO big12_preferences
SELECT ts.team_id, ts.season_id, ts.conference_id, 'no_play_days', '{"days_of_week": [0], "hard": true}'::jsonb, 1000
FROM big12_team_seasons ts WHERE ts.school = 'BYU';

INSERT INTO big12_preferences
SELECT ts.team_id, ts.season_id, ts.conference_id, 'travel_partner', jsonb_build_object('partner', p.partner), 10
FROM big12_team_seasons ts
JOIN (VALUES
  ('ARIZ', 'ASU'), ('ASU', 'ARIZ'), ('BYU', 'UTAH'), ('UTAH', 'BYU'), ('BAY', 'TCU'), ('TCU', 'BAY'),
  ('HOU', 'TTU'), ('TTU', 'HOU'), ('UCF', 'CIN'), ('CIN', 'UCF'), ('KU', 'KSU'), ('KSU', 'KU'),
  ('ISU', 'COLO'), ('COLO', 'ISU'), ('OKST', 'WVU'), ('WVU', 'OKST')
) AS p(school, partner) ON p.school = ts.school
WHERE ts.sport_code IN ('MBB', 'WBB');

INSERT INTO big12_preferences
SELECT ts.team_id, ts.season_id, ts.conference_id, 'home_date_request',
       jsonb_build_object('date', (h.game_date + ts.shift)::text, 'event', 'Homecoming'), 5
FROM big12_team_seasons ts
JOIN (VALUES
  ('ARIZ', DATE '2025-11-01'), ('ASU', DATE '2025-10-18'), ('BAY', DATE '2025-10-25'), ('BYU', DATE '2025-10-11'),
  ('UCF', DATE '2025-10-18'), ('CIN', DATE '2025-10-04'), ('COLO', DATE '2025-10-11'), ('HOU', DATE '2025-10-25'),
  ('ISU', DATE '2025-10-25'), ('KU', DATE '2025-10-18'), ('KSU', DATE '2025-10-25'), ('OKST', DATE '2025-11-01'),
  ('TCU', DATE '2025-11-01'), ('TTU', DATE '2025-10-25'), ('UTAH', DATE '2025-10-18'), ('WVU', DATE '2025-10-11')
) AS h(school, game_date) ON h.school = ts.school
WHERE ts.sport_code = 'FB';

INSERT INTO big12_preferences
SELECT ts.team_id, ts.season_id, ts.conference_id, 'preferred_game_times', r.preferred_game_times, 1
FROM big12_team_seasons ts
JOIN big12_sport_rules r ON r.sport_code = ts.sport_code
WHERE ts.sport_code IN ('FB', 'MBB', 'WBB');

INSERT INTO team_availability.team_availability_preferences
  (team_id, season_id, conference_id, preference_type, preference_value, weight)
SELECT p.team_id, p.season_id, p.conference_id, p.preference_type, p.preference_value, p.weight
FROM big12_preferences p
WHERE NOT EXISTS (
  SELECT 1 FROM team_availability.team_availability_preferences x
  WHERE x.team_id = p.team_id AND x.season_id = p.season_id AND x.preference_type = p.preference_type
);

COMMIT;
