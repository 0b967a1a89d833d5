-- FlexTime seed: Big 12 venues — every football stadium, basketball arena and the other venues where a
-- seeded sport plays (2025-26), with capacities, venue types, operational hours, sport configurations,
-- availability rules and known unavailability periods.
--
-- psql-runnable and idempotent (natural keys: venue = (institution, name); hours = (venue, day_of_week);
-- sport configuration = (venue, sport); rules and periods = WHERE NOT EXISTS on their identifying columns).
-- Includes seed_shared_data.sql.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f seeding/seed_big12_venues.sql

-- The shared reference data first (idempotent), so this file also runs on its own, as the migration guide's
-- Phase 3 runs it.
\ir seed_shared_data.sql

BEGIN;

CREATE TEMP TABLE big12_venue_catalog (
  abbreviation text NOT NULL,
  name text NOT NULL,
  venue_type text NOT NULL,
  capacity integer NOT NULL,
  surface text,
  is_indoor boolean NOT NULL,
  address text,
  sport_codes text[] NOT NULL
) ON COMMIT DROP;

-- Capacities are the schools' published seating capacities (football: 2025 season configuration). Checked for 2025-26:
-- Allen Fieldhouse seats 15,300 since its 2024 renovation (https://www2.ljworld.com/sports/ku-mens-basketball/2024/jul/25/allen-fieldhouse-on-track-for-early-october-reopening/);
-- Addition Financial Arena seats 9,432 for basketball (10,000 is its MMA/boxing set-up; https://en.wikipedia.org/wiki/Addition_Financial_Arena);
-- WVU's arena is Hope Coliseum since 25 Sept 2025, formerly WVU Coliseum (https://wvusports.com/news/2025/9/26/mens-basketball-a-symbol-of-hope.aspx).
INSERT INTO big12_venue_catalog VALUES
  -- Arizona (Tucson)
  ('ARIZ', 'Arizona Stadium', 'stadium', 50782, 'FieldTurf', false, '1 N National Championship Dr', ARRAY['FB']),
  ('ARIZ', 'McKale Center', 'arena', 14644, 'hardwood', true, '1721 E Enke Dr', ARRAY['MBB', 'WBB', 'WVB', 'WGYM']),
  ('ARIZ', 'Hi Corbett Field', 'ballpark', 9500, 'natural grass', false, '3400 E Camino Campestre', ARRAY['BSB']),
  ('ARIZ', 'Hillenbrand Stadium', 'ballpark', 2956, 'natural grass', false, '800 E Enke Dr', ARRAY['SB']),
  ('ARIZ', 'Murphey Field at Mulcahy Soccer Stadium', 'field', 1600, 'natural grass', false, '900 E Enke Dr', ARRAY['WSOC']),
  -- Arizona State (Tempe)
  ('ASU', 'Mountain America Stadium', 'stadium', 53599, 'natural grass', false, '500 E Veterans Way', ARRAY['FB']),
  ('ASU', 'Desert Financial Arena', 'arena', 14198, 'hardwood', true, '600 E Veterans Way', ARRAY['MBB', 'WBB', 'WVB', 'WRES', 'WGYM']),
  ('ASU', 'Phoenix Municipal Stadium', 'ballpark', 8775, 'natural grass', false, '5999 E Van Buren St, Phoenix', ARRAY['BSB']),
  ('ASU', 'Alberta B. Farrington Softball Stadium', 'ballpark', 1535, 'natural grass', false, '555 N Rural Rd', ARRAY['SB']),
  ('ASU', 'Sun Devil Soccer Stadium', 'field', 1500, 'natural grass', false, '600 E Rio Salado Pkwy', ARRAY['WSOC']),
  -- Baylor (Waco)
  ('BAY', 'McLane Stadium', 'stadium', 45140, 'natural grass', false, '1001 S M.L.K. Jr Blvd', ARRAY['FB']),
  ('BAY', 'Foster Pavilion', 'arena', 7500, 'hardwood', true, '701 Webster Ave', ARRAY['MBB', 'WBB']),
  ('BAY', 'Ferrell Center', 'arena', 10284, 'hardwood', true, '1900 S University Parks Dr', ARRAY['WVB']),
  ('BAY', 'Baylor Ballpark', 'ballpark', 5000, 'natural grass', false, '1612 S University Parks Dr', ARRAY['BSB']),
  ('BAY', 'Getterman Stadium', 'ballpark', 1500, 'natural grass', false, '1680 S University Parks Dr', ARRAY['SB']),
  ('BAY', 'Betty Lou Mays Soccer Field', 'field', 2000, 'natural grass', false, '1700 S University Parks Dr', ARRAY['WSOC']),
  -- BYU (Provo)
  ('BYU', 'LaVell Edwards Stadium', 'stadium', 62073, 'natural grass', false, '1700 N Canyon Rd', ARRAY['FB']),
  ('BYU', 'Marriott Center', 'arena', 17978, 'hardwood', true, '1500 N Canyon Rd', ARRAY['MBB', 'WBB', 'WGYM']),
  ('BYU', 'Smith Fieldhouse', 'fieldhouse', 5000, 'hardwood', true, '269 Smith Fieldhouse', ARRAY['WVB']),
  ('BYU', 'Larry H. Miller Field', 'ballpark', 2204, 'natural grass', false, '1190 N 450 E', ARRAY['BSB']),
  ('BYU', 'Gail Miller Field', 'ballpark', 1500, 'natural grass', false, '1190 N 450 E', ARRAY['SB']),
  ('BYU', 'South Field', 'field', 3000, 'natural grass', false, '1015 N 900 E', ARRAY['WSOC']),
  -- UCF (Orlando)
  ('UCF', 'FBC Mortgage Stadium', 'stadium', 45301, 'natural grass', false, '4465 Knights Victory Way', ARRAY['FB']),
  ('UCF', 'Addition Financial Arena', 'arena', 9432, 'hardwood', true, '12777 N Gemini Blvd', ARRAY['MBB', 'WBB']),
  ('UCF', 'The Venue at UCF', 'arena', 3500, 'hardwood', true, '12777 N Gemini Blvd', ARRAY['WVB']),
  ('UCF', 'John Euliano Park', 'ballpark', 3841, 'natural grass', false, '4100 Gemini Blvd', ARRAY['BSB']),
  ('UCF', 'UCF Softball Complex', 'ballpark', 1000, 'natural grass', false, '4100 Gemini Blvd', ARRAY['SB']),
  ('UCF', 'UCF Soccer and Track Stadium', 'field', 2000, 'natural grass', false, '4000 Central Florida Blvd', ARRAY['WSOC']),
  -- Cincinnati
  ('CIN', 'Nippert Stadium', 'stadium', 38088, 'FieldTurf', false, '2700 Bearcat Way', ARRAY['FB']),
  ('CIN', 'Fifth Third Arena', 'arena', 12012, 'hardwood', true, '2751 O''Varsity Way', ARRAY['MBB', 'WBB', 'WVB']),
  ('CIN', 'Marge Schott Stadium', 'ballpark', 3085, 'FieldTurf', false, '2751 O''Varsity Way', ARRAY['BSB']),
  ('CIN', 'Gettler Stadium', 'field', 1000, 'FieldTurf', false, '2751 O''Varsity Way', ARRAY['WSOC']),
  -- Colorado (Boulder)
  ('COLO', 'Folsom Field', 'stadium', 50183, 'natural grass', false, '2085 Colorado Ave', ARRAY['FB']),
  ('COLO', 'CU Events Center', 'arena', 11064, 'hardwood', true, '950 Regent Dr', ARRAY['MBB', 'WBB', 'WVB']),
  ('COLO', 'Prentup Field', 'field', 1000, 'natural grass', false, '1405 Regent Dr', ARRAY['WSOC']),
  -- Houston
  ('HOU', 'TDECU Stadium', 'stadium', 40000, 'FieldTurf', false, '3874 Holman St', ARRAY['FB']),
  ('HOU', 'Fertitta Center', 'arena', 7100, 'hardwood', true, '3875 Holman St', ARRAY['MBB', 'WBB', 'WVB']),
  ('HOU', 'Darryl & Lori Schroeder Park', 'ballpark', 5000, 'natural grass', false, '3874 Holman St', ARRAY['BSB']),
  ('HOU', 'Cougar Softball Stadium', 'ballpark', 1200, 'natural grass', false, '3874 Holman St', ARRAY['SB']),
  ('HOU', 'Carl Lewis International Complex', 'field', 1500, 'natural grass', false, '3875 Cullen Blvd', ARRAY['WSOC']),
  -- Iowa State (Ames)
  ('ISU', 'Jack Trice Stadium', 'stadium', 61500, 'natural grass', false, '1732 S 4th St', ARRAY['FB']),
  ('ISU', 'Hilton Coliseum', 'arena', 14267, 'hardwood', true, '1705 Center Dr', ARRAY['MBB', 'WBB', 'WVB', 'WRES', 'WGYM']),
  ('ISU', 'Cyclone Sports Complex', 'complex', 1100, 'natural grass', false, '2300 S 4th St', ARRAY['SB', 'WSOC']),
  -- Kansas (Lawrence)
  ('KU', 'David Booth Kansas Memorial Stadium', 'stadium', 40000, 'FieldTurf', false, '1101 Mississippi St', ARRAY['FB']),
  ('KU', 'Allen Fieldhouse', 'fieldhouse', 15300, 'hardwood', true, '1651 Naismith Dr', ARRAY['MBB', 'WBB']),
  ('KU', 'Horejsi Family Volleyball Arena', 'arena', 1300, 'hardwood', true, '1651 Naismith Dr', ARRAY['WVB']),
  ('KU', 'Hoglund Ballpark', 'ballpark', 2500, 'FieldTurf', false, '1651 Naismith Dr', ARRAY['BSB']),
  ('KU', 'Arrocha Ballpark', 'ballpark', 1500, 'FieldTurf', false, '100 Rock Chalk Ln', ARRAY['SB']),
  ('KU', 'Rock Chalk Park Soccer Complex', 'field', 2500, 'natural grass', false, '100 Rock Chalk Ln', ARRAY['WSOC']),
  -- Kansas State (Manhattan)
  ('KSU', 'Bill Snyder Family Football Stadium', 'stadium', 50000, 'FieldTurf', false, '1800 College Ave', ARRAY['FB']),
  ('KSU', 'Bramlage Coliseum', 'arena', 11000, 'hardwood', true, '1800 College Ave', ARRAY['MBB', 'WBB']),
  ('KSU', 'Morgan Family Arena', 'arena', 3000, 'hardwood', true, '1800 College Ave', ARRAY['WVB']),
  ('KSU', 'Tointon Family Stadium', 'ballpark', 2331, 'FieldTurf', false, '1800 College Ave', ARRAY['BSB']),
  ('KSU', 'Buser Family Park', 'field', 1500, 'FieldTurf', false, '1800 College Ave', ARRAY['WSOC']),
  -- Oklahoma State (Stillwater)
  ('OKST', 'Boone Pickens Stadium', 'stadium', 53855, 'natural grass', false, '700 W Hall of Fame Ave', ARRAY['FB']),
  ('OKST', 'Gallagher-Iba Arena', 'arena', 13611, 'hardwood', true, '200 Athletics Center', ARRAY['MBB', 'WBB', 'WRES']),
  ('OKST', 'O''Brate Stadium', 'ballpark', 3500, 'natural grass', false, '1201 N Husband St', ARRAY['BSB']),
  ('OKST', 'Cowgirl Stadium', 'ballpark', 2000, 'natural grass', false, '1400 N Husband St', ARRAY['SB']),
  ('OKST', 'Neal Patterson Stadium', 'field', 2500, 'natural grass', false, '1300 N Husband St', ARRAY['WSOC']),
  -- TCU (Fort Worth)
  ('TCU', 'Amon G. Carter Stadium', 'stadium', 45000, 'natural grass', false, '2850 Stadium Dr', ARRAY['FB']),
  ('TCU', 'Schollmaier Arena', 'arena', 6800, 'hardwood', true, '3005 Stadium Dr', ARRAY['MBB', 'WBB']),
  ('TCU', 'University Recreation Center', 'arena', 1500, 'hardwood', true, '3005 Stadium Dr', ARRAY['WVB']),
  ('TCU', 'Lupton Stadium', 'ballpark', 4500, 'natural grass', false, '3600 W Bellaire Dr N', ARRAY['BSB']),
  ('TCU', 'Garvey-Rosenthal Soccer Stadium', 'field', 1500, 'natural grass', false, '3600 W Bellaire Dr N', ARRAY['WSOC']),
  -- Texas Tech (Lubbock)
  ('TTU', 'Jones AT&T Stadium', 'stadium', 60229, 'FieldTurf', false, '2526 6th St', ARRAY['FB']),
  ('TTU', 'United Supermarkets Arena', 'arena', 15098, 'hardwood', true, '1701 Indiana Ave', ARRAY['MBB', 'WBB', 'WVB']),
  ('TTU', 'Dan Law Field at Rip Griffin Park', 'ballpark', 4432, 'FieldTurf', false, '2526 Mac Davis Ln', ARRAY['BSB']),
  ('TTU', 'Rocky Johnson Field', 'ballpark', 1200, 'natural grass', false, '2526 Mac Davis Ln', ARRAY['SB']),
  ('TTU', 'John Walker Soccer Complex', 'field', 1500, 'natural grass', false, '2526 Mac Davis Ln', ARRAY['WSOC']),
  -- Utah (Salt Lake City)
  ('UTAH', 'Rice-Eccles Stadium', 'stadium', 51444, 'FieldTurf', false, '451 S 1400 E', ARRAY['FB']),
  ('UTAH', 'Jon M. Huntsman Center', 'arena', 15000, 'hardwood', true, '1825 E South Campus Dr', ARRAY['MBB', 'WBB', 'WVB', 'WGYM']),
  ('UTAH', 'America First Ballpark', 'ballpark', 1850, 'FieldTurf', false, '1400 E 100 S', ARRAY['BSB']),
  ('UTAH', 'Dumke Family Softball Stadium', 'ballpark', 1800, 'natural grass', false, '1400 E 100 S', ARRAY['SB']),
  ('UTAH', 'Ute Soccer Field', 'field', 1500, 'natural grass', false, '100 S 1400 E', ARRAY['WSOC']),
  -- West Virginia (Morgantown)
  ('WVU', 'Milan Puskar Stadium', 'stadium', 60000, 'FieldTurf', false, '1 Ira Errett Rodgers Dr', ARRAY['FB']),
  ('WVU', 'Hope Coliseum', 'arena', 14000, 'hardwood', true, '3450 Monongahela Blvd', ARRAY['MBB', 'WBB', 'WVB', 'WRES', 'WGYM']),
  ('WVU', 'Kendrick Family Ballpark', 'ballpark', 3500, 'FieldTurf', false, '2 Ballpark Dr, Granville', ARRAY['BSB']),
  ('WVU', 'Dick Dlesk Soccer Stadium', 'field', 1650, 'FieldTurf', false, '3450 Monongahela Blvd', ARRAY['WSOC']);

-- Venue identities in shared_data (read by every service).
INSERT INTO shared_data.venues (institution_id, conference_id, name)
SELECT i.institution_id, i.conference_id, v.name
FROM big12_venue_catalog v
JOIN shared_data.institutions i ON i.abbreviation = v.abbreviation
JOIN shared_data.conferences c ON c.conference_id = i.conference_id AND c.name = 'Big 12 Conference'
WHERE NOT EXISTS (
  SELECT 1 FROM shared_data.venues x WHERE x.institution_id = i.institution_id AND x.name = v.name
);

CREATE TEMP TABLE big12_venue_ids ON COMMIT DROP AS
SELECT x.venue_id, x.conference_id, v.*, i.city, i.state, i.timezone, i.latitude, i.longitude
FROM big12_venue_catalog v
JOIN shared_data.institutions i ON i.abbreviation = v.abbreviation
JOIN shared_data.conferences c ON c.conference_id = i.conference_id AND c.name = 'Big 12 Conference'
JOIN shared_data.venues x ON x.institution_id = i.institution_id AND x.name = v.name;

-- Profiles (one per venue: venue_profiles.venue_id is unique).
INSERT INTO venue_management.venue_profiles
  (venue_id, conference_id, venue_type, capacity, surface, is_indoor, address, city, state, timezone, latitude, longitude, amenities)
SELECT v.venue_id, v.conference_id, v.venue_type, v.capacity, v.surface, v.is_indoor, v.address,
       CASE WHEN v.address LIKE '%, %' THEN split_part(v.address, ', ', 2) ELSE v.city END,
       v.state, v.timezone, v.latitude, v.longitude,
       jsonb_build_object(
         'broadcast_ready', v.venue_type IN ('stadium', 'arena', 'fieldhouse'),
         'lights', true,
         'video_board', v.capacity >= 2000,
         'premium_seating', v.capacity >= 10000
       )
FROM big12_venue_ids v
ON CONFLICT (venue_id) DO NOTHING;

-- Operational hours, day_of_week 0 = Sunday … 6 = Saturday. Outdoor venues open later on weekdays;
-- BYU venues host no competition on Sunday (the building is closed).
INSERT INTO venue_management.venue_operational_hours (venue_id, conference_id, day_of_week, open_time, close_time, allows_games)
SELECT v.venue_id, v.conference_id, d.dow,
       CASE WHEN v.is_indoor THEN TIME '07:00' WHEN d.dow IN (0, 6) THEN TIME '08:00' ELSE TIME '10:00' END,
       CASE WHEN d.dow IN (5, 6) THEN TIME '23:59' ELSE TIME '23:00' END,
       NOT (v.abbreviation = 'BYU' AND d.dow = 0)
FROM big12_venue_ids v
CROSS JOIN generate_series(0, 6) AS d(dow)
ON CONFLICT (venue_id, day_of_week) DO NOTHING;

-- One configuration per sport played in the venue: seating for that sport, set-up/tear-down time.
INSERT INTO venue_management.venue_sport_configurations
  (venue_id, sport_id, conference_id, capacity, setup_minutes, teardown_minutes, configuration, is_primary)
SELECT v.venue_id, s.sport_id, v.conference_id,
       CASE
         WHEN s.sport_code IN ('WVB', 'WGYM', 'WRES') AND v.venue_type IN ('arena', 'fieldhouse') AND v.capacity > 8000
           THEN (v.capacity * 0.7)::integer
         ELSE v.capacity
       END,
       CASE s.sport_code WHEN 'FB' THEN 480 WHEN 'WGYM' THEN 360 WHEN 'WRES' THEN 240 WHEN 'WVB' THEN 180 ELSE 120 END,
       CASE s.sport_code WHEN 'FB' THEN 360 WHEN 'WGYM' THEN 240 WHEN 'WRES' THEN 120 ELSE 90 END,
       jsonb_build_object(
         'surface', v.surface,
         'lighting', CASE WHEN v.is_indoor THEN 'arena' ELSE 'field' END,
         'layout', CASE s.sport_code
           WHEN 'FB' THEN 'football'
           WHEN 'MBB' THEN 'basketball' WHEN 'WBB' THEN 'basketball'
           WHEN 'WVB' THEN 'volleyball_court' WHEN 'WRES' THEN 'wrestling_mat' WHEN 'WGYM' THEN 'gymnastics_podium'
           WHEN 'BSB' THEN 'baseball_diamond' WHEN 'SB' THEN 'softball_diamond' WHEN 'WSOC' THEN 'soccer_pitch'
           ELSE 'standard' END
       ),
       true
FROM big12_venue_ids v
CROSS JOIN LATERAL unnest(v.sport_codes) AS code(sport_code)
JOIN shared_data.sports s ON s.sport_code = code.sport_code
ON CONFLICT (venue_id, sport_id) DO NOTHING;

-- Availability rules.
INSERT INTO venue_management.venue_availability_rules (venue_id, sport_id, conference_id, rule_type, rule_parameters, priority)
SELECT r.venue_id, r.sport_id, r.conference_id, r.rule_type, r.rule_parameters, r.priority
FROM (
  -- BYU: no Sunday competition in any venue (Honor Code / Sabbath observance).
  SELECT v.venue_id, NULL::integer AS sport_id, v.conference_id, 'no_events_on_days' AS rule_type,
         '{"days_of_week": [0], "reason": "Sabbath observance"}'::jsonb AS rule_parameters, 100 AS priority
  FROM big12_venue_ids v WHERE v.abbreviation = 'BYU'
  UNION ALL
  -- Shared arenas: a men's and a women's basketball game on the same day need a 3-hour turnaround.
  SELECT v.venue_id, NULL, v.conference_id, 'min_turnaround_hours',
         jsonb_build_object('hours', 3, 'sports', to_jsonb(v.sport_codes)), 50
  FROM big12_venue_ids v WHERE cardinality(v.sport_codes) > 1
  UNION ALL
  -- Outdoor venues: lightning / heat policy windows.
  SELECT v.venue_id, NULL, v.conference_id, 'weather_delay_policy',
         '{"lightning_radius_miles": 8, "wait_minutes": 30}'::jsonb, 10
  FROM big12_venue_ids v WHERE NOT v.is_indoor
  UNION ALL
  -- Football stadiums host at most one event per Saturday and need 48 hours before the next event.
  SELECT v.venue_id, s.sport_id, v.conference_id, 'max_events_per_day', '{"max": 1}'::jsonb, 80
  FROM big12_venue_ids v JOIN shared_data.sports s ON s.sport_code = 'FB' WHERE 'FB' = ANY (v.sport_codes)
) r
WHERE NOT EXISTS (
  SELECT 1 FROM venue_management.venue_availability_rules x
  WHERE x.venue_id = r.venue_id AND x.rule_type = r.rule_type AND x.sport_id IS NOT DISTINCT FROM r.sport_id
);

-- Known unavailability: commencement ceremonies in the arenas and stadiums, holiday closures, and the
-- second phase of the David Booth Kansas Memorial Stadium renovation (east side, after the 2025 season).
INSERT INTO venue_management.venue_unavailability_periods
  (venue_id, conference_id, start_date, end_date, unavailability_type, reason)
SELECT p.venue_id, p.conference_id, p.start_date, p.end_date, p.unavailability_type, p.reason
FROM (
  SELECT v.venue_id, v.conference_id, c.start_date, c.end_date, 'event' AS unavailability_type,
         'Spring commencement' AS reason
  FROM big12_venue_ids v
  JOIN (VALUES
    ('ARIZ', 'McKale Center', DATE '2026-05-14', DATE '2026-05-16'),
    ('ASU', 'Desert Financial Arena', DATE '2026-05-04', DATE '2026-05-08'),
    ('BAY', 'Ferrell Center', DATE '2026-05-07', DATE '2026-05-09'),
    ('BYU', 'Marriott Center', DATE '2026-04-23', DATE '2026-04-24'),
    ('UCF', 'Addition Financial Arena', DATE '2026-05-01', DATE '2026-05-03'),
    ('CIN', 'Fifth Third Arena', DATE '2026-04-24', DATE '2026-04-26'),
    ('COLO', 'Folsom Field', DATE '2026-05-07', DATE '2026-05-07'),
    ('HOU', 'Fertitta Center', DATE '2026-05-08', DATE '2026-05-09'),
    ('ISU', 'Hilton Coliseum', DATE '2026-05-08', DATE '2026-05-09'),
    ('KU', 'David Booth Kansas Memorial Stadium', DATE '2026-05-17', DATE '2026-05-17'),
    ('KSU', 'Bramlage Coliseum', DATE '2026-05-15', DATE '2026-05-16'),
    ('OKST', 'Gallagher-Iba Arena', DATE '2026-05-08', DATE '2026-05-09'),
    ('TCU', 'Schollmaier Arena', DATE '2026-05-08', DATE '2026-05-09'),
    ('TTU', 'United Supermarkets Arena', DATE '2026-05-15', DATE '2026-05-16'),
    ('UTAH', 'Jon M. Huntsman Center', DATE '2026-04-30', DATE '2026-05-01'),
    ('WVU', 'Milan Puskar Stadium', DATE '2026-05-16', DATE '2026-05-17')
  ) AS c(abbreviation, name, start_date, end_date) ON c.abbreviation = v.abbreviation AND c.name = v.name
  UNION ALL
  SELECT v.venue_id, v.conference_id, DATE '2025-12-24', DATE '2025-12-26', 'other', 'Winter holiday closure'
  FROM big12_venue_ids v WHERE v.is_indoor
  UNION ALL
  SELECT v.venue_id, v.conference_id, DATE '2025-12-08', DATE '2026-08-01', 'renovation',
         'Gateway District phase II: east stands renovation'
  FROM big12_venue_ids v WHERE v.name = 'David Booth Kansas Memorial Stadium'
) p
WHERE NOT EXISTS (
  SELECT 1 FROM venue_management.venue_unavailability_periods x
  WHERE x.venue_id = p.venue_id AND x.start_date = p.start_date AND x.unavailability_type = p.unavailability_type
);

COMMIT;
