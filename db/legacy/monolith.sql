-- db/legacy/monolith.sql — the legacy FlexTime monolith: one schema (public), every service's data in it.
-- A fixture for the split: load it into an empty database, then run db/migrations/001…005, which copy these
-- rows into shared_data and the four service schemas.
--   psql -v ON_ERROR_STOP=1 -f db/legacy/monolith.sql
-- Sample rows: the Big 12 (16 members) and two Mountain West schools, 2024-25 and 2025-26 seasons,
-- men's and women's basketball teams, arenas with opening hours, blackouts, preferences, travel limits,
-- legacy constraints, and two 2025-26 men's basketball schedules with their games.

BEGIN;
SET LOCAL client_min_messages = warning;

CREATE TABLE IF NOT EXISTS public.sports (
  id serial PRIMARY KEY,
  name varchar(100) NOT NULL UNIQUE,
  code varchar(20) NOT NULL UNIQUE,
  gender varchar(10),
  season_type varchar(20),
  is_active boolean DEFAULT true,
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.seasons (
  id serial PRIMARY KEY,
  name varchar(50) NOT NULL UNIQUE,
  start_year integer NOT NULL,
  end_year integer NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  is_current boolean DEFAULT false,
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.conferences (
  id serial PRIMARY KEY,
  name varchar(100) NOT NULL UNIQUE,
  abbreviation varchar(20) NOT NULL UNIQUE,
  region varchar(50),
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.institutions (
  id serial PRIMARY KEY,
  name varchar(150) NOT NULL UNIQUE,
  short_name varchar(60),
  abbreviation varchar(10) NOT NULL,
  mascot varchar(60),
  city varchar(100),
  state varchar(2),
  timezone varchar(50),
  latitude numeric(9, 6),
  longitude numeric(9, 6),
  conference_id integer REFERENCES public.conferences (id),
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.teams (
  id serial PRIMARY KEY,
  institution_id integer NOT NULL REFERENCES public.institutions (id),
  sport_id integer NOT NULL REFERENCES public.sports (id),
  conference_id integer REFERENCES public.conferences (id),
  name varchar(150) NOT NULL,
  abbreviation varchar(10) NOT NULL,
  is_active boolean DEFAULT true,
  created_at timestamptz DEFAULT now(),
  UNIQUE (institution_id, sport_id)
);

CREATE TABLE IF NOT EXISTS public.venues (
  id serial PRIMARY KEY,
  institution_id integer REFERENCES public.institutions (id),
  name varchar(150) NOT NULL,
  venue_type varchar(30),
  capacity integer,
  surface varchar(40),
  is_indoor boolean DEFAULT true,
  address varchar(200),
  city varchar(100),
  state varchar(2),
  latitude numeric(9, 6),
  longitude numeric(9, 6),
  amenities jsonb,
  primary_sport_id integer REFERENCES public.sports (id),
  is_active boolean DEFAULT true,
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.team_profiles (
  id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES public.teams (id),
  season_id integer NOT NULL REFERENCES public.seasons (id),
  preferred_game_times jsonb,
  max_games_per_week integer,
  min_rest_days integer,
  notes text,
  created_at timestamptz DEFAULT now(),
  UNIQUE (team_id, season_id)
);

CREATE TABLE IF NOT EXISTS public.team_blackouts (
  id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES public.teams (id),
  season_id integer REFERENCES public.seasons (id),
  start_date date NOT NULL,
  end_date date,
  blackout_type varchar(30),
  severity varchar(15),
  reason text,
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.team_preferences (
  id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES public.teams (id),
  season_id integer REFERENCES public.seasons (id),
  preference_type varchar(40) NOT NULL,
  preference_value jsonb,
  weight numeric(6, 2),
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.team_travel (
  id serial PRIMARY KEY,
  team_id integer NOT NULL REFERENCES public.teams (id),
  season_id integer REFERENCES public.seasons (id),
  max_travel_distance_miles integer,
  max_consecutive_road_games integer,
  travel_mode varchar(20),
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.venue_hours (
  id serial PRIMARY KEY,
  venue_id integer NOT NULL REFERENCES public.venues (id),
  day_of_week smallint NOT NULL,
  open_time time NOT NULL,
  close_time time NOT NULL,
  allows_games boolean DEFAULT true,
  created_at timestamptz DEFAULT now(),
  UNIQUE (venue_id, day_of_week)
);

CREATE TABLE IF NOT EXISTS public.venue_unavailability (
  id serial PRIMARY KEY,
  venue_id integer NOT NULL REFERENCES public.venues (id),
  start_date date NOT NULL,
  end_date date,
  unavailability_type varchar(30),
  reason varchar(200),
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.constraints (
  id serial PRIMARY KEY,
  name varchar(100) NOT NULL UNIQUE,
  description text,
  category varchar(30),
  constraint_type varchar(10),
  weight numeric(8, 2),
  rule_type varchar(50),
  logic jsonb,
  parameters jsonb,
  sport_id integer REFERENCES public.sports (id),
  conference_id integer REFERENCES public.conferences (id),
  is_active boolean DEFAULT true,
  created_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.schedules (
  id serial PRIMARY KEY,
  name varchar(200) NOT NULL,
  sport_id integer NOT NULL REFERENCES public.sports (id),
  season_id integer NOT NULL REFERENCES public.seasons (id),
  conference_id integer REFERENCES public.conferences (id),
  status varchar(20),
  start_date date,
  end_date date,
  description text,
  created_by varchar(100),
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.games (
  id serial PRIMARY KEY,
  schedule_id integer NOT NULL REFERENCES public.schedules (id),
  home_team_id integer NOT NULL REFERENCES public.teams (id),
  away_team_id integer NOT NULL REFERENCES public.teams (id),
  venue_id integer REFERENCES public.venues (id),
  game_date date NOT NULL,
  start_time time,
  round integer,
  game_type varchar(20),
  status varchar(20),
  neutral_site boolean DEFAULT false,
  tv_network varchar(50),
  notes text,
  created_at timestamptz DEFAULT now()
);
CREATE INDEX IF NOT EXISTS games_schedule_id_idx ON public.games (schedule_id);

-- ---------------------------------------------------------------------------------------------
-- Rows

INSERT INTO public.sports (id, name, code, gender, season_type) VALUES
  (1, 'Men''s Basketball', 'MBB', 'men', 'winter'),
  (2, 'Women''s Basketball', 'WBB', 'women', 'winter'),
  (3, 'Football', 'FB', 'men', 'fall'),
  (4, 'Volleyball', 'VB', 'women', 'fall'),
  (5, 'Baseball', 'BSB', 'men', 'spring')
ON CONFLICT DO NOTHING;

INSERT INTO public.seasons (id, name, start_year, end_year, start_date, end_date, is_current) VALUES
  (1, '2024-25', 2024, 2025, '2024-07-01', '2025-06-30', false),
  (2, '2025-26', 2025, 2026, '2025-07-01', '2026-06-30', true)
ON CONFLICT DO NOTHING;

INSERT INTO public.conferences (id, name, abbreviation, region) VALUES
  (1, 'Big 12 Conference', 'Big 12', 'National'),
  (2, 'Mountain West Conference', 'MW', 'West')
ON CONFLICT DO NOTHING;

INSERT INTO public.institutions
  (id, name, short_name, abbreviation, mascot, city, state, timezone, latitude, longitude, conference_id) VALUES
  (1, 'University of Arizona', 'Arizona', 'ARIZ', 'Wildcats', 'Tucson', 'AZ', 'America/Phoenix', 32.231900, -110.950100, 1),
  (2, 'Arizona State University', 'Arizona State', 'ASU', 'Sun Devils', 'Tempe', 'AZ', 'America/Phoenix', 33.424200, -111.928100, 1),
  (3, 'Baylor University', 'Baylor', 'BAY', 'Bears', 'Waco', 'TX', 'America/Chicago', 31.548900, -97.113100, 1),
  (4, 'Brigham Young University', 'BYU', 'BYU', 'Cougars', 'Provo', 'UT', 'America/Denver', 40.251800, -111.649300, 1),
  (5, 'University of Central Florida', 'UCF', 'UCF', 'Knights', 'Orlando', 'FL', 'America/New_York', 28.602400, -81.200100, 1),
  (6, 'University of Cincinnati', 'Cincinnati', 'CIN', 'Bearcats', 'Cincinnati', 'OH', 'America/New_York', 39.132900, -84.515000, 1),
  (7, 'University of Colorado Boulder', 'Colorado', 'COLO', 'Buffaloes', 'Boulder', 'CO', 'America/Denver', 40.007600, -105.265900, 1),
  (8, 'University of Houston', 'Houston', 'HOU', 'Cougars', 'Houston', 'TX', 'America/Chicago', 29.719900, -95.342200, 1),
  (9, 'Iowa State University', 'Iowa State', 'ISU', 'Cyclones', 'Ames', 'IA', 'America/Chicago', 42.026700, -93.646500, 1),
  (10, 'University of Kansas', 'Kansas', 'KU', 'Jayhawks', 'Lawrence', 'KS', 'America/Chicago', 38.954300, -95.255800, 1),
  (11, 'Kansas State University', 'Kansas State', 'KSU', 'Wildcats', 'Manhattan', 'KS', 'America/Chicago', 39.197400, -96.584700, 1),
  (12, 'Oklahoma State University', 'Oklahoma State', 'OKST', 'Cowboys', 'Stillwater', 'OK', 'America/Chicago', 36.127000, -97.073700, 1),
  (13, 'Texas Christian University', 'TCU', 'TCU', 'Horned Frogs', 'Fort Worth', 'TX', 'America/Chicago', 32.709600, -97.363000, 1),
  (14, 'Texas Tech University', 'Texas Tech', 'TTU', 'Red Raiders', 'Lubbock', 'TX', 'America/Chicago', 33.584300, -101.878300, 1),
  (15, 'University of Utah', 'Utah', 'UTAH', 'Utes', 'Salt Lake City', 'UT', 'America/Denver', 40.764900, -111.842100, 1),
  (16, 'West Virginia University', 'West Virginia', 'WVU', 'Mountaineers', 'Morgantown', 'WV', 'America/New_York', 39.648000, -79.955900, 1),
  (17, 'University of Wyoming', 'Wyoming', 'WYO', 'Cowboys', 'Laramie', 'WY', 'America/Denver', 41.314900, -105.566600, 2),
  (18, 'Colorado State University', 'Colorado State', 'CSU', 'Rams', 'Fort Collins', 'CO', 'America/Denver', 40.573400, -105.084900, 2)
ON CONFLICT DO NOTHING;

-- Men's basketball: team id = institution id (1-18). Women's basketball: team id = institution id + 18 (Big 12 only).
INSERT INTO public.teams (id, institution_id, sport_id, conference_id, name, abbreviation)
SELECT i.id, i.id, 1, i.conference_id, i.short_name || ' ' || i.mascot, i.abbreviation
FROM public.institutions i ORDER BY i.id
ON CONFLICT DO NOTHING;
INSERT INTO public.teams (id, institution_id, sport_id, conference_id, name, abbreviation)
SELECT i.id + 18, i.id, 2, i.conference_id, i.short_name || ' ' || i.mascot || ' (W)', i.abbreviation
FROM public.institutions i WHERE i.conference_id = 1 ORDER BY i.id
ON CONFLICT DO NOTHING;

INSERT INTO public.venues
  (id, institution_id, name, venue_type, capacity, surface, is_indoor, address, city, state, latitude, longitude,
   amenities, primary_sport_id) VALUES
  (1, 1, 'McKale Center', 'arena', 14644, 'hardwood', true, '1721 E Enke Dr', 'Tucson', 'AZ', 32.230400, -110.948800, '{"video_board": true, "broadcast_ready": true}', 1),
  (2, 2, 'Desert Financial Arena', 'arena', 14198, 'hardwood', true, '600 E Veterans Way', 'Tempe', 'AZ', 33.424600, -111.931400, '{"broadcast_ready": true}', 1),
  (3, 3, 'Foster Pavilion', 'arena', 7500, 'hardwood', true, '1001 S University Parks Dr', 'Waco', 'TX', 31.553300, -97.117800, '{"broadcast_ready": true}', 1),
  (4, 4, 'Marriott Center', 'arena', 17978, 'hardwood', true, '1500 N Canyon Rd', 'Provo', 'UT', 40.253300, -111.653700, '{"broadcast_ready": true}', 1),
  (5, 5, 'Addition Financial Arena', 'arena', 9432, 'hardwood', true, '12777 Gemini Blvd N', 'Orlando', 'FL', 28.607500, -81.197400, '{"broadcast_ready": true}', 1),
  (6, 6, 'Fifth Third Arena', 'arena', 12012, 'hardwood', true, '2700 O''Varsity Way', 'Cincinnati', 'OH', 39.131600, -84.514500, '{"broadcast_ready": true}', 1),
  (7, 7, 'CU Events Center', 'arena', 11064, 'hardwood', true, '950 Regent Dr', 'Boulder', 'CO', 40.004200, -105.261000, '{"altitude_ft": 5328}', 1),
  (8, 8, 'Fertitta Center', 'arena', 7035, 'hardwood', true, '3875 Holman St', 'Houston', 'TX', 29.722000, -95.343500, '{"broadcast_ready": true}', 1),
  (9, 9, 'Hilton Coliseum', 'arena', 14267, 'hardwood', true, '1705 Center Dr', 'Ames', 'IA', 42.020900, -93.635700, '{"broadcast_ready": true}', 1),
  (10, 10, 'Allen Fieldhouse', 'fieldhouse', 15300, 'hardwood', true, '1651 Naismith Dr', 'Lawrence', 'KS', 38.954200, -95.252400, '{"historic": true, "broadcast_ready": true}', 1),
  (11, 11, 'Bramlage Coliseum', 'arena', 11000, 'hardwood', true, '1800 College Ave', 'Manhattan', 'KS', 39.201500, -96.593700, '{}', 1),
  (12, 12, 'Gallagher-Iba Arena', 'arena', 13611, 'hardwood', true, '200 Athletics Center', 'Stillwater', 'OK', 36.125400, -97.069000, '{}', 1),
  (13, 13, 'Schollmaier Arena', 'arena', 6800, 'hardwood', true, '2900 Stadium Dr', 'Fort Worth', 'TX', 32.709100, -97.366300, '{}', 1),
  (14, 14, 'United Supermarkets Arena', 'arena', 15098, 'hardwood', true, '1701 Indiana Ave', 'Lubbock', 'TX', 33.591100, -101.873400, '{"broadcast_ready": true}', 1),
  (15, 15, 'Jon M. Huntsman Center', 'arena', 15000, 'hardwood', true, '1825 E South Campus Dr', 'Salt Lake City', 'UT', 40.762300, -111.838600, '{"altitude_ft": 4657}', 1),
  (16, 16, 'Hope Coliseum', 'arena', 14000, 'hardwood', true, '3450 Monongahela Blvd', 'Morgantown', 'WV', 39.648700, -79.973900, '{}', 1),
  (17, 17, 'Arena-Auditorium', 'arena', 11612, 'hardwood', true, '1000 E University Ave', 'Laramie', 'WY', 41.313800, -105.569000, '{"altitude_ft": 7220}', 1),
  (18, 18, 'Moby Arena', 'arena', 8083, 'hardwood', true, '951 W Plum St', 'Fort Collins', 'CO', 40.576000, -105.090500, '{}', 1)
ON CONFLICT DO NOTHING;

-- Opening hours for the 16 Big 12 arenas, every day of the week (Sunday = 0).
INSERT INTO public.venue_hours (id, venue_id, day_of_week, open_time, close_time, allows_games)
SELECT (v.id - 1) * 7 + d + 1, v.id, d,
       CASE WHEN d IN (0, 6) THEN time '09:00' ELSE time '07:00' END,
       time '23:30',
       NOT (v.id = 4 AND d = 0) -- BYU hosts no games on Sunday
FROM public.venues v CROSS JOIN generate_series(0, 6) AS d
WHERE v.id <= 16
ORDER BY 1
ON CONFLICT DO NOTHING;

INSERT INTO public.venue_unavailability (id, venue_id, start_date, end_date, unavailability_type, reason) VALUES
  (1, 10, '2025-12-20', '2025-12-22', 'event', 'Holiday concert series'),
  (2, 8, '2026-01-10', '2026-01-11', 'maintenance', 'Floor refinishing'),
  (3, 12, '2026-02-14', '2026-02-14', 'event', 'Wrestling dual (Gallagher-Iba shared)'),
  (4, 5, '2026-03-01', '2026-03-03', 'concert', 'Touring concert'),
  (5, 15, '2026-01-24', '2026-01-25', 'tournament', 'Gymnastics invitational')
ON CONFLICT DO NOTHING;

INSERT INTO public.team_profiles (id, team_id, season_id, preferred_game_times, max_games_per_week, min_rest_days, notes)
SELECT t.id, t.id, 2,
       CASE WHEN i.timezone = 'America/New_York'
            THEN '{"weekday": ["19:00"], "saturday": ["12:00", "14:00"]}'::jsonb
            ELSE '{"weekday": ["20:00"], "saturday": ["13:00", "15:00"]}'::jsonb END,
       2, 1,
       CASE WHEN t.id = 4 THEN 'No Sunday competition (institutional policy)' END
FROM public.teams t JOIN public.institutions i ON i.id = t.institution_id
WHERE t.sport_id = 1 AND t.conference_id = 1
ORDER BY t.id
ON CONFLICT DO NOTHING;

INSERT INTO public.team_blackouts (id, team_id, season_id, start_date, end_date, blackout_type, severity, reason) VALUES
  (1, 4, 2, '2025-12-07', '2025-12-07', 'religious', 'hard', 'Sunday'),
  (2, 4, 2, '2026-01-04', '2026-01-04', 'religious', 'hard', 'Sunday'),
  (3, 9, 2, '2025-12-15', '2025-12-19', 'exam', 'hard', 'Finals week'),
  (4, 10, 2, '2025-12-15', '2025-12-19', 'exam', 'soft', 'Finals week'),
  (5, 16, 2, '2025-12-13', '2025-12-18', 'exam', 'hard', 'Finals week'),
  (6, 6, 2, '2025-12-24', '2025-12-26', 'holiday', 'hard', 'Christmas'),
  (7, 13, 2, '2026-03-07', '2026-03-15', 'academic', 'preference', 'Spring break'),
  (8, 7, 2, '2026-02-01', '2026-02-02', 'facility', 'soft', 'Arena in use'),
  (9, 22, 2, '2025-12-07', '2025-12-07', 'religious', 'hard', 'Sunday (women''s team)'),
  (10, 17, 2, '2025-12-15', '2025-12-19', 'exam', 'hard', 'Finals week')
ON CONFLICT DO NOTHING;

INSERT INTO public.team_preferences (id, team_id, season_id, preference_type, preference_value, weight) VALUES
  (1, 4, 2, 'days_of_week', '{"avoid": [0]}', 10),
  (2, 10, 2, 'home_game_day', '{"prefer": [6]}', 3),
  (3, 1, 2, 'travel_partner', '{"partner_team_id": 2}', 5),
  (4, 15, 2, 'travel_partner', '{"partner_team_id": 4}', 5),
  (5, 5, 2, 'start_time', '{"earliest": "18:00"}', 2),
  (6, 14, 2, 'home_away_balance', '{"first_k": 4, "min_home": 2}', 4)
ON CONFLICT DO NOTHING;

INSERT INTO public.team_travel (id, team_id, season_id, max_travel_distance_miles, max_consecutive_road_games, travel_mode) VALUES
  (1, 5, 2, 2500, 2, 'charter'),
  (2, 16, 2, 2200, 2, 'charter'),
  (3, 8, 2, 1800, 3, 'charter'),
  (4, 3, 2, 1500, 2, 'bus')
ON CONFLICT DO NOTHING;

INSERT INTO public.constraints
  (id, name, description, category, constraint_type, weight, rule_type, logic, parameters, sport_id, conference_id) VALUES
  (1, 'Legacy max consecutive road games', 'No team plays more than two road games in a row', 'Scheduling', 'hard', 1,
   'max_consecutive_away', '{"max": 2}', '{"type": "object", "properties": {"max": {"type": "integer", "minimum": 1}}}', 1, 1),
  (2, 'Legacy BYU no Sunday', 'BYU does not compete on Sundays', 'Academic', 'hard', 1,
   'days_of_week', '{"team_id": 4, "forbidden_days": [0]}', '{"type": "object", "properties": {"forbidden_days": {"type": "array"}}}', NULL, 1),
  (3, 'Legacy rematch separation', 'Rematches at least 14 days apart', 'Competitive', 'soft', 5,
   'min_rematch_separation', '{"days": 14}', '{"type": "object", "properties": {"days": {"type": "integer"}}}', 1, 1),
  (4, 'Legacy travel cap', 'Average trip under 1200 miles', 'Travel', 'soft', 2,
   'travel_distance', '{"max_average_miles": 1200}', '{"type": "object"}', 1, 1),
  (5, 'Legacy venue availability', 'Games only when the home arena is available', 'Venue', 'hard', 1,
   'venue_unavailability', '{}', '{"type": "object"}', NULL, NULL),
  (6, 'Legacy TV window', 'Saturday national windows', 'Broadcast', 'soft', 1,
   'broadcast_window', '{"days": [6], "windows": ["12:00", "14:00", "16:00"]}', '{"type": "object"}', 1, 1),
  (7, 'Legacy rest days', 'At least one rest day between games', 'Scheduling', 'hard', 1,
   'rest_days', '{"min_days": 1}', '{"type": "object", "properties": {"min_days": {"type": "integer"}}}', NULL, NULL),
  (8, 'Legacy exam blackout', 'Respect final exam blackouts', 'Academic', 'hard', 1,
   'blackout_dates', '{}', '{"type": "object"}', NULL, 1)
ON CONFLICT DO NOTHING;

INSERT INTO public.schedules
  (id, name, sport_id, season_id, conference_id, status, start_date, end_date, description, created_by) VALUES
  (1, 'Big 12 Men''s Basketball 2025-26', 1, 2, 1, 'review', '2026-01-02', '2026-03-07',
   'Conference play, 18 games per team', 'scheduler@big12sports.com'),
  (2, 'Mountain West Men''s Basketball 2025-26 (border series)', 1, 2, 2, 'draft', '2026-01-01', '2026-02-28',
   'Wyoming / Colorado State', 'ops@themw.com')
ON CONFLICT DO NOTHING;

INSERT INTO public.games
  (id, schedule_id, home_team_id, away_team_id, venue_id, game_date, start_time, round, game_type, status, tv_network) VALUES
  -- Round 1 (Sat 2026-01-03; 2025-26 conference play opened Fri 2 Jan / Sat 3 Jan)
  (1, 1, 1, 2, 1, '2026-01-03', '20:00', 1, 'conference', 'scheduled', 'ESPN'),
  (2, 1, 3, 13, 3, '2026-01-03', '19:00', 1, 'conference', 'scheduled', 'ESPN+'),
  (3, 1, 10, 11, 10, '2026-01-03', '19:00', 1, 'conference', 'scheduled', 'ESPN2'),
  (4, 1, 15, 4, 15, '2026-01-03', '20:00', 1, 'conference', 'scheduled', 'FS1'),
  (5, 1, 5, 6, 5, '2026-01-03', '12:00', 1, 'conference', 'scheduled', 'ESPN+'),
  (6, 1, 8, 14, 8, '2026-01-03', '13:00', 1, 'conference', 'scheduled', 'ESPN'),
  (7, 1, 9, 12, 9, '2026-01-03', '14:00', 1, 'conference', 'scheduled', 'ESPN+'),
  (8, 1, 16, 7, 16, '2026-01-03', '12:00', 1, 'conference', 'scheduled', 'ESPN+'),
  -- Round 2 (Tue 2026-01-06)
  (9, 1, 2, 15, 2, '2026-01-06', '14:00', 2, 'conference', 'scheduled', 'ESPN+'),
  (10, 1, 4, 1, 4, '2026-01-06', '20:00', 2, 'conference', 'scheduled', 'ESPN'),
  (11, 1, 13, 10, 13, '2026-01-06', '13:00', 2, 'conference', 'scheduled', 'CBS'),
  (12, 1, 11, 3, 11, '2026-01-06', '15:00', 2, 'conference', 'scheduled', 'ESPN+'),
  (13, 1, 6, 16, 6, '2026-01-06', '12:00', 2, 'conference', 'scheduled', 'ESPN2'),
  (14, 1, 14, 5, 14, '2026-01-06', '17:00', 2, 'conference', 'scheduled', 'ESPN+'),
  (15, 1, 12, 8, 12, '2026-01-06', '19:00', 2, 'conference', 'scheduled', 'ESPN2'),
  (16, 1, 7, 9, 7, '2026-01-06', '16:00', 2, 'conference', 'scheduled', 'FS1'),
  -- Mountain West border series
  (17, 2, 17, 18, 17, '2026-01-10', '19:00', 1, 'conference', 'scheduled', 'MW Network'),
  (18, 2, 18, 17, 18, '2026-02-14', '19:00', 2, 'conference', 'tentative', 'CBSSN')
ON CONFLICT DO NOTHING;

-- Move the sequences past the explicit ids.
DO $seq$
DECLARE
  t text;
  m bigint;
BEGIN
  FOREACH t IN ARRAY ARRAY['sports', 'seasons', 'conferences', 'institutions', 'teams', 'venues', 'team_profiles',
                           'team_blackouts', 'team_preferences', 'team_travel', 'venue_hours', 'venue_unavailability',
                           'constraints', 'schedules', 'games'] LOOP
    EXECUTE format('SELECT max(id) FROM public.%I', t) INTO m;
    IF m IS NOT NULL THEN
      PERFORM setval(pg_get_serial_sequence('public.' || t, 'id'), m);
    END IF;
  END LOOP;
END
$seq$;

COMMIT;
