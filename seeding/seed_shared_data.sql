-- FlexTime seed: shared reference data (sports, seasons, the Big 12 Conference, its 16 institutions,
-- the teams each school really fields in 2025-26, and every venue those teams play in).
--
-- psql-runnable and idempotent: every INSERT is keyed on a natural key (ON CONFLICT on the unique
-- constraint, or WHERE NOT EXISTS where the table has none), so running it twice leaves the same rows.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f seeding/seed_shared_data.sql
-- Runs after db/migrations/001…005; loaded by `npm run seed` and by `npm start` on an empty database.

BEGIN;

-- Sports. sport_code is the natural key used by every other seed file.
INSERT INTO shared_data.sports (sport_name, sport_code, gender, season_type)
VALUES
  ('Football', 'FB', 'M', 'fall'),
  ('Men''s Basketball', 'MBB', 'M', 'winter'),
  ('Women''s Basketball', 'WBB', 'W', 'winter'),
  ('Baseball', 'BSB', 'M', 'spring'),
  ('Softball', 'SB', 'W', 'spring'),
  ('Women''s Soccer', 'WSOC', 'W', 'fall'),
  ('Women''s Volleyball', 'WVB', 'W', 'fall'),
  ('Wrestling', 'WRES', 'M', 'winter'),
  ('Women''s Gymnastics', 'WGYM', 'W', 'winter'),
  ('Men''s Tennis', 'MTEN', 'M', 'spring'),
  ('Women''s Tennis', 'WTEN', 'W', 'spring'),
  ('Men''s Golf', 'MGOLF', 'M', 'spring'),
  ('Women''s Golf', 'WGOLF', 'W', 'spring'),
  ('Men''s Cross Country', 'MXC', 'M', 'fall'),
  ('Women''s Cross Country', 'WXC', 'W', 'fall'),
  ('Beach Volleyball', 'BVB', 'W', 'spring'),
  ('Equestrian', 'EQ', 'W', 'spring'),
  ('Rowing', 'ROW', 'W', 'spring')
ON CONFLICT (sport_code) DO NOTHING;

-- Athletic years: from the first football Saturday ("Week 0") to the last day of the Men's College
-- World Series finals in Omaha.
INSERT INTO shared_data.seasons (season_name, start_year, end_year, start_date, end_date, is_current)
VALUES
  ('2024-25', 2024, 2025, DATE '2024-08-24', DATE '2025-06-22', false),
  ('2025-26', 2025, 2026, DATE '2025-08-23', DATE '2026-06-22', true)
ON CONFLICT (season_name) DO NOTHING;

-- The conference is identified by its name everywhere below (a database migrated from the monolith
-- already has it, possibly under another id).
INSERT INTO shared_data.conferences (name, abbreviation, region)
VALUES ('Big 12 Conference', 'Big 12', 'National')
ON CONFLICT DO NOTHING;

-- The sixteen members for 2024-25 and 2025-26, with the coordinates FlexTime's travel model uses. These are
-- authoritative: a database migrated from the monolith gets its Big 12 rows corrected to them.
INSERT INTO shared_data.institutions
  (name, short_name, abbreviation, mascot, city, state, timezone, latitude, longitude, conference_id)
SELECT i.name, i.short_name, i.abbreviation, i.mascot, i.city, i.state, i.timezone, i.latitude, i.longitude, c.conference_id
FROM (VALUES
  ('University of Arizona', 'Arizona', 'ARIZ', 'Wildcats', 'Tucson', 'AZ', 'America/Phoenix', 32.2319, -110.9501),
  ('Arizona State University', 'Arizona State', 'ASU', 'Sun Devils', 'Tempe', 'AZ', 'America/Phoenix', 33.4242, -111.9281),
  ('Baylor University', 'Baylor', 'BAY', 'Bears', 'Waco', 'TX', 'America/Chicago', 31.5489, -97.1131),
  ('Brigham Young University', 'BYU', 'BYU', 'Cougars', 'Provo', 'UT', 'America/Denver', 40.2518, -111.6493),
  ('University of Central Florida', 'UCF', 'UCF', 'Knights', 'Orlando', 'FL', 'America/New_York', 28.6024, -81.2001),
  ('University of Cincinnati', 'Cincinnati', 'CIN', 'Bearcats', 'Cincinnati', 'OH', 'America/New_York', 39.1032, -84.5120),
  ('University of Colorado Boulder', 'Colorado', 'COLO', 'Buffaloes', 'Boulder', 'CO', 'America/Denver', 40.0076, -105.2659),
  ('University of Houston', 'Houston', 'HOU', 'Cougars', 'Houston', 'TX', 'America/Chicago', 29.7604, -95.3698),
  ('Iowa State University', 'Iowa State', 'ISU', 'Cyclones', 'Ames', 'IA', 'America/Chicago', 42.0308, -93.6319),
  ('University of Kansas', 'Kansas', 'KU', 'Jayhawks', 'Lawrence', 'KS', 'America/Chicago', 38.9717, -95.2353),
  ('Kansas State University', 'Kansas State', 'KSU', 'Wildcats', 'Manhattan', 'KS', 'America/Chicago', 39.1836, -96.5717),
  ('Oklahoma State University', 'Oklahoma State', 'OKST', 'Cowboys', 'Stillwater', 'OK', 'America/Chicago', 36.1156, -97.0583),
  ('Texas Christian University', 'TCU', 'TCU', 'Horned Frogs', 'Fort Worth', 'TX', 'America/Chicago', 32.7297, -97.2909),
  ('Texas Tech University', 'Texas Tech', 'TTU', 'Red Raiders', 'Lubbock', 'TX', 'America/Chicago', 33.5779, -101.8552),
  ('University of Utah', 'Utah', 'UTAH', 'Utes', 'Salt Lake City', 'UT', 'America/Denver', 40.7649, -111.8421),
  ('West Virginia University', 'West Virginia', 'WVU', 'Mountaineers', 'Morgantown', 'WV', 'America/New_York', 39.6295, -79.9559)
) AS i(name, short_name, abbreviation, mascot, city, state, timezone, latitude, longitude)
CROSS JOIN shared_data.conferences c
WHERE c.name = 'Big 12 Conference'
ON CONFLICT (name) DO UPDATE
SET short_name = EXCLUDED.short_name, abbreviation = EXCLUDED.abbreviation, mascot = EXCLUDED.mascot,
    city = EXCLUDED.city, state = EXCLUDED.state, timezone = EXCLUDED.timezone, latitude = EXCLUDED.latitude,
    longitude = EXCLUDED.longitude, conference_id = EXCLUDED.conference_id
WHERE (shared_data.institutions.short_name, shared_data.institutions.abbreviation, shared_data.institutions.mascot,
       shared_data.institutions.city, shared_data.institutions.state, shared_data.institutions.timezone,
       shared_data.institutions.latitude, shared_data.institutions.longitude, shared_data.institutions.conference_id)
  IS DISTINCT FROM
      (EXCLUDED.short_name, EXCLUDED.abbreviation, EXCLUDED.mascot, EXCLUDED.city, EXCLUDED.state, EXCLUDED.timezone,
       EXCLUDED.latitude, EXCLUDED.longitude, EXCLUDED.conference_id);

-- Which sports each school sponsors in Big 12 competition (2025-26). Not every school fields every
-- sport: 16 football, 16 + 16 basketball, 14 baseball (no Colorado, no Iowa State), 11 softball
-- (no Cincinnati, Colorado, Kansas State, TCU, West Virginia), 16 women's soccer, 15 volleyball
-- (no Oklahoma State), 4 wrestling (Arizona State, Iowa State, Oklahoma State, West Virginia; the
-- rest of Big 12 wrestling are affiliate members) and 6 gymnastics (Arizona, Arizona State, BYU, Iowa
-- State, Utah, West Virginia; Denver is an affiliate).
INSERT INTO shared_data.teams (institution_id, sport_id, conference_id, name, abbreviation)
SELECT i.institution_id, s.sport_id, i.conference_id,
       i.short_name || ' ' || t.nickname || ' ' || s.sport_name, i.abbreviation
FROM (VALUES
  ('ARIZ', 'Wildcats', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WVB', 'WGYM']),
  ('ASU', 'Sun Devils', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WVB', 'WRES', 'WGYM']),
  ('BAY', 'Bears', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WVB']),
  ('BYU', 'Cougars', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WVB', 'WGYM']),
  ('UCF', 'Knights', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WVB']),
  ('CIN', 'Bearcats', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'WSOC', 'WVB']),
  ('COLO', 'Buffaloes', ARRAY['FB', 'MBB', 'WBB', 'WSOC', 'WVB']),
  ('HOU', 'Cougars', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WVB']),
  ('ISU', 'Cyclones', ARRAY['FB', 'MBB', 'WBB', 'SB', 'WSOC', 'WVB', 'WRES', 'WGYM']),
  ('KU', 'Jayhawks', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WVB']),
  ('KSU', 'Wildcats', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'WSOC', 'WVB']),
  ('OKST', 'Cowboys', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WRES']),
  ('TCU', 'Horned Frogs', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'WSOC', 'WVB']),
  ('TTU', 'Red Raiders', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WVB']),
  ('UTAH', 'Utes', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'SB', 'WSOC', 'WVB', 'WGYM']),
  ('WVU', 'Mountaineers', ARRAY['FB', 'MBB', 'WBB', 'BSB', 'WSOC', 'WVB', 'WRES', 'WGYM'])
) AS t(abbreviation, nickname, sport_codes)
JOIN shared_data.institutions i ON i.abbreviation = t.abbreviation
JOIN shared_data.conferences c ON c.conference_id = i.conference_id AND c.name = 'Big 12 Conference'
CROSS JOIN LATERAL unnest(t.sport_codes) AS code(sport_code)
JOIN shared_data.sports s ON s.sport_code = code.sport_code
ON CONFLICT (institution_id, sport_id) DO NOTHING;

COMMIT;
