// A realistic synthetic FlexTime history in the LEGACY monolith tables (public.*), for the migration at scale:
// 30 conferences of 12 institutions, 10 sports, 26 seasons (2000-01 … 2025-26), and at scale N about
// N × 1,000,000 games — 7,576 × N conference schedules (double round robins of 12 teams: 132 games each, circle
// method, one game per team per round, rounds three days apart), plus proportional team profiles, travel limits,
// blackouts (12 per schedule), preferences (6 per schedule), venues with hours and unavailability, and legacy
// constraints. Everything is generated server-side with generate_series (INSERT … SELECT), the games in chunks so
// progress can be shown. Ids continue after the existing rows; the fixture db/legacy/monolith.sql is loaded
// first when the legacy tables are missing.
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { type Log, silentLog } from './log.ts';

export const CONFERENCES = 30;
export const INSTITUTIONS_PER_CONFERENCE = 12;
export const GAMES_PER_SCHEDULE = INSTITUTIONS_PER_CONFERENCE * (INSTITUTIONS_PER_CONFERENCE - 1); // 132
export const SCHEDULES_PER_SCALE = 7576; // × 132 ≈ 1,000,000 games
const SEASONS = 26; // 2000-01 … 2025-26

/** The ten sports (code, name, gender, season type, indoor, first-game offset in days from Aug 1). */
const SPORTS: [string, string, string, string, boolean, number][] = [
  ['MBB', "Men's Basketball", 'men', 'winter', true, 120],
  ['WBB', "Women's Basketball", 'women', 'winter', true, 121],
  ['FB', 'Football', 'men', 'fall', false, 31],
  ['VB', 'Volleyball', 'women', 'fall', true, 45],
  ['BSB', 'Baseball', 'men', 'spring', false, 213],
  ['SB', 'Softball', 'women', 'spring', false, 214],
  ['MSOC', "Men's Soccer", 'men', 'fall', false, 40],
  ['WSOC', "Women's Soccer", 'women', 'fall', false, 41],
  ['WRES', 'Wrestling', 'men', 'winter', true, 130],
  ['MHKY', "Men's Ice Hockey", 'men', 'winter', true, 70],
];

export interface GenerateOptions {
  /** 1 ≈ 1,000,000 games. */
  scale: number;
  log?: Log;
  /** Called after each chunk: done / total rows of the current phase. */
  onProgress?: (phase: string, done: number, total: number) => void;
  /** Schedules per games chunk (default 200 = 26,400 games). */
  chunkSchedules?: number;
}

export interface GenerateResult {
  scale: number;
  schedules: number;
  counts: Record<string, number>;
  seconds: number;
}

/** The legacy tables the generator fills (and the migration copies). */
export const LEGACY_TABLES = [
  'sports',
  'seasons',
  'conferences',
  'institutions',
  'teams',
  'venues',
  'team_profiles',
  'team_blackouts',
  'team_preferences',
  'team_travel',
  'venue_hours',
  'venue_unavailability',
  'constraints',
  'schedules',
  'games',
] as const;

/** Row counts of the legacy monolith tables. */
export async function legacyCounts(db: Database): Promise<Record<string, number>> {
  const query = LEGACY_TABLES.map((t) => `select '${t}' as t, count(*) as n from public.${t}`).join(' union all ');
  const found = await db.admin((tx) => rows<{ t: string; n: string | number }>(tx, sql.raw(query)));
  return Object.fromEntries(found.map((r) => [r.t, Number(r.n)]));
}

const one = async <T>(db: Database, text: string): Promise<T> =>
  (await db.admin((tx) => rows<T>(tx, sql.raw(text))))[0];
// The generated rows are consistent by construction (the tests check it), so when the migration owner is a
// superuser the legacy tables' foreign-key triggers are skipped while generating (session_replication_role
// = replica, transaction-local): several times faster at scale.
let fastPrefix = '';
const exec = (db: Database, text: string) => db.execScript(`${fastPrefix}${text}`);

/** Fills the legacy monolith tables with a synthetic history of about scale × 1,000,000 games. */
export async function generateMonolith(db: Database, options: GenerateOptions): Promise<GenerateResult> {
  const log = options.log ?? silentLog;
  const { scale } = options;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 100))
    throw new Error(`--scale must be a number in (0, 100], got ${scale}`);
  const started = performance.now();
  const schedules = Math.max(1, Math.round(scale * SCHEDULES_PER_SCALE));
  const chunk = options.chunkSchedules ?? 200;

  const superuser = await one<{ su: boolean }>(db, `select rolsuper as su from pg_roles where rolname = current_user`);
  fastPrefix = superuser?.su ? 'SET LOCAL session_replication_role = replica;\n' : '';
  const legacy = await one<{ games: string | null }>(db, `select to_regclass('public.games')::text as games`);
  if (legacy.games === null) {
    log.info({ fixture: 'db/legacy/monolith.sql' }, 'loading the legacy monolith fixture');
    await db.execScript(await readFile(new URL('../db/legacy/monolith.sql', import.meta.url), 'utf8'));
  }
  const marker = await one<{ t: string | null }>(
    db,
    `select to_regclass('public.flextime_synthetic_history')::text as t`,
  );
  if (marker.t !== null) {
    const prev = await one<{ scale: number; status: string }>(
      db,
      `select scale, status from public.flextime_synthetic_history`,
    );
    throw new Error(
      `this database already holds a synthetic history (scale ${prev.scale}, ${prev.status}); generate into a fresh database`,
    );
  }

  // Parameters: id bases (ids continue after the existing rows), sport and season ids.
  const sportValues = SPORTS.map(
    ([code, name, gender, type, indoor, offset], i) =>
      `(${i}, '${code}', '${name.replaceAll("'", "''")}', '${gender}', '${type}', ${indoor}, ${offset})`,
  ).join(', ');
  await exec(
    db,
    `create table public.flextime_synthetic_history (
       scale double precision not null, schedules integer not null, status text not null,
       created_at timestamptz not null default now(),
       conf_base integer not null, inst_base integer not null, team_base integer not null, venue_base integer not null,
       schedule_base integer not null, game_base bigint not null, profile_base integer not null, travel_base integer not null,
       blackout_base integer not null, preference_base integer not null, hours_base integer not null,
       unavailability_base integer not null, constraint_base integer not null)`,
  );
  await exec(
    db,
    `insert into public.flextime_synthetic_history
     select ${scale}, ${schedules}, 'generating', now(),
       (select coalesce(max(id), 0) from public.conferences), (select coalesce(max(id), 0) from public.institutions),
       (select coalesce(max(id), 0) from public.teams), (select coalesce(max(id), 0) from public.venues),
       (select coalesce(max(id), 0) from public.schedules), (select coalesce(max(id), 0) from public.games),
       (select coalesce(max(id), 0) from public.team_profiles), (select coalesce(max(id), 0) from public.team_travel),
       (select coalesce(max(id), 0) from public.team_blackouts), (select coalesce(max(id), 0) from public.team_preferences),
       (select coalesce(max(id), 0) from public.venue_hours), (select coalesce(max(id), 0) from public.venue_unavailability),
       (select coalesce(max(id), 0) from public.constraints)`,
  );
  await exec(
    db,
    `create table public.flextime_synthetic_sports (idx integer primary key, sport_id integer not null,
       indoor boolean not null, day_offset integer not null);
     insert into public.sports (id, name, code, gender, season_type)
     select (select coalesce(max(id), 0) from public.sports) + row_number() over (order by s.idx), s.name, s.code, s.gender, s.season_type
     from (values ${sportValues}) as s(idx, code, name, gender, season_type, indoor, day_offset)
     where not exists (select 1 from public.sports x where x.code = s.code or x.name = s.name);
     insert into public.flextime_synthetic_sports
     select s.idx, x.id, s.indoor, s.day_offset
     from (values ${sportValues}) as s(idx, code, name, gender, season_type, indoor, day_offset)
     join public.sports x on x.code = s.code or x.name = s.name`,
  );
  await exec(
    db,
    `create table public.flextime_synthetic_seasons (idx integer primary key, season_id integer not null, start_year integer not null);
     insert into public.seasons (id, name, start_year, end_year, start_date, end_date, is_current)
     select (select coalesce(max(id), 0) from public.seasons) + row_number() over (order by y), y || '-' || lpad(((y + 1) % 100)::text, 2, '0'),
            y, y + 1, make_date(y, 7, 1), make_date(y + 1, 6, 30), false
     from generate_series(2000, 2000 + ${SEASONS - 1}) as y
     where not exists (select 1 from public.seasons x where x.name = y || '-' || lpad(((y + 1) % 100)::text, 2, '0'));
     insert into public.flextime_synthetic_seasons
     select y - 2000, x.id, y
     from generate_series(2000, 2000 + ${SEASONS - 1}) as y
     join public.seasons x on x.name = y || '-' || lpad(((y + 1) % 100)::text, 2, '0')`,
  );

  const I = INSTITUTIONS_PER_CONFERENCE;
  const NI = CONFERENCES * I;
  const phase = async (name: string, text: string) => {
    const t0 = performance.now();
    await exec(db, text);
    log.info({ table: name, ms: Math.round(performance.now() - t0) }, 'generated');
  };
  const P = 'public.flextime_synthetic_history p';

  await phase(
    'conferences',
    `insert into public.conferences (id, name, abbreviation, region)
     select p.conf_base + c + 1, 'Synthetic Conference ' || lpad((c + 1)::text, 2, '0'), 'SYN' || lpad((c + 1)::text, 2, '0'),
            (array['East', 'West', 'South', 'Midwest', 'National'])[c % 5 + 1]
     from ${P}, generate_series(0, ${CONFERENCES - 1}) as c`,
  );
  await phase(
    'institutions',
    `insert into public.institutions (id, name, short_name, abbreviation, mascot, city, state, timezone, latitude, longitude, conference_id)
     select p.inst_base + k + 1, 'Synthetic University ' || lpad((k + 1)::text, 3, '0'), 'Synthetic ' || (k + 1),
            'S' || lpad((k + 1)::text, 3, '0'), (array['Eagles', 'Tigers', 'Bears', 'Hawks', 'Lions', 'Owls'])[k % 6 + 1],
            'City ' || (k + 1), (array['TX', 'OH', 'CA', 'FL', 'NY', 'IL', 'KS', 'CO', 'UT', 'AZ'])[k % 10 + 1],
            (array['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'])[k % 4 + 1],
            round((26 + (k * 37 % 220) / 10.0)::numeric, 6), round((-122 + (k * 53 % 480) / 10.0)::numeric, 6),
            p.conf_base + k / ${I} + 1
     from ${P}, generate_series(0, ${NI - 1}) as k`,
  );
  await phase(
    'teams',
    `insert into public.teams (id, institution_id, sport_id, conference_id, name, abbreviation)
     select p.team_base + k * 10 + s.idx + 1, p.inst_base + k + 1, s.sport_id, p.conf_base + k / ${I} + 1,
            'Synthetic ' || (k + 1) || ' ' || x.name, 'S' || lpad((k + 1)::text, 3, '0')
     from ${P}, generate_series(0, ${NI - 1}) as k, public.flextime_synthetic_sports s join public.sports x on x.id = s.sport_id`,
  );
  await phase(
    'venues',
    `insert into public.venues (id, institution_id, name, venue_type, capacity, surface, is_indoor, city, state, latitude, longitude, amenities)
     select p.venue_base + k * 2 + v + 1, p.inst_base + k + 1,
            'Synthetic ' || (k + 1) || case v when 0 then ' Stadium' else ' Arena' end,
            case v when 0 then 'stadium' else 'arena' end, case v when 0 then 20000 + k * 97 % 40000 else 5000 + k * 31 % 12000 end,
            case v when 0 then 'FieldTurf' else 'hardwood' end, v = 1, 'City ' || (k + 1), 'TX', null, null,
            jsonb_build_object('broadcast_ready', k % 3 = 0)
     from ${P}, generate_series(0, ${NI - 1}) as k, generate_series(0, 1) as v`,
  );
  await phase(
    'venue_hours',
    `insert into public.venue_hours (id, venue_id, day_of_week, open_time, close_time, allows_games)
     select p.hours_base + (k * 2 + v) * 7 + d + 1, p.venue_base + k * 2 + v + 1, d,
            case when d in (0, 6) then time '09:00' else time '07:00' end, time '23:00', true
     from ${P}, generate_series(0, ${NI - 1}) as k, generate_series(0, 1) as v, generate_series(0, 6) as d`,
  );
  await phase(
    'venue_unavailability',
    `insert into public.venue_unavailability (id, venue_id, start_date, end_date, unavailability_type, reason)
     select p.unavailability_base + (k * 2 + v) * 2 + j + 1, p.venue_base + k * 2 + v + 1,
            make_date(2025, 5 + j * 7, 10 + k % 10), make_date(2025, 5 + j * 7, 12 + k % 10),
            (array['maintenance', 'event'])[j + 1], case j when 0 then 'Commencement' else 'Holiday closure' end
     from ${P}, generate_series(0, ${NI - 1}) as k, generate_series(0, 1) as v, generate_series(0, 1) as j`,
  );
  // Schedule k: conference k % 30, sport (k / 30) % 10, season (k / 300) % 26; k >= 7800 are later drafts.
  const combos = CONFERENCES * SPORTS.length * SEASONS;
  await phase(
    'schedules',
    `insert into public.schedules (id, name, sport_id, season_id, conference_id, status, start_date, end_date, description, created_by)
     select p.schedule_base + k + 1,
            'SYN' || lpad((k % 30 + 1)::text, 2, '0') || ' ' || x.code || ' ' || se.start_year || case when k >= ${combos} then ' draft ' || (k / ${combos} + 1) else '' end,
            s.sport_id, se.season_id, p.conf_base + k % 30 + 1,
            case when k >= ${combos} then 'draft' when se.start_year < 2025 then 'archived' else 'published' end,
            make_date(se.start_year, 8, 1) + s.day_offset, make_date(se.start_year, 8, 1) + s.day_offset + 63,
            'Synthetic conference schedule', 'gen-monolith'
     from ${P}, generate_series(0, ${schedules - 1}) as k
     join public.flextime_synthetic_sports s on s.idx = (k / 30) % 10
     join public.flextime_synthetic_seasons se on se.idx = (k / 300) % ${SEASONS}
     join public.sports x on x.id = s.sport_id`,
  );

  // Games, chunked. Circle method for 12 teams (0..11): i, j < 11 meet in round (i + j) mod 11, team 11 meets i
  // in round 2i mod 11; the second half of the double round robin swaps homes, 11 rounds later.
  let done = 0;
  const gamesTotal = schedules * GAMES_PER_SCHEDULE;
  for (let from = 0; from < schedules; from += chunk) {
    const to = Math.min(schedules, from + chunk) - 1;
    await exec(
      db,
      `insert into public.games (id, schedule_id, home_team_id, away_team_id, venue_id, game_date, start_time, round, game_type, status, neutral_site, tv_network)
       select p.game_base + k::bigint * ${GAMES_PER_SCHEDULE} + pr.n * 2 + half + 1, p.schedule_base + k + 1,
              p.team_base + (c * ${I} + case when half = 0 then pr.h else pr.a end) * 10 + s.idx + 1,
              p.team_base + (c * ${I} + case when half = 0 then pr.a else pr.h end) * 10 + s.idx + 1,
              p.venue_base + (c * ${I} + case when half = 0 then pr.h else pr.a end) * 2 + case when s.indoor then 1 else 0 end + 1,
              make_date(se.start_year, 8, 1) + s.day_offset + (pr.r + half * 11) * 3,
              (array[time '12:00', time '15:30', time '19:00'])[(k + pr.n) % 3 + 1], pr.r + half * 11 + 1,
              'conference', case when se.start_year < 2025 then 'completed' else 'scheduled' end, false,
              (array['ESPN', 'FOX', 'CBS', 'ESPN+', null])[(k + pr.n) % 5 + 1]
       from ${P}, generate_series(${from}, ${to}) as k
       cross join lateral (select k % 30 as c) cc(c)
       join public.flextime_synthetic_sports s on s.idx = (k / 30) % 10
       join public.flextime_synthetic_seasons se on se.idx = (k / 300) % ${SEASONS}
       cross join (
         select row_number() over (order by i, j)::int - 1 as n, i, j,
                case when j = 11 then (2 * i) % 11 else (i + j) % 11 end as r,
                case when (i + j) % 2 = 0 then i else j end as h, case when (i + j) % 2 = 0 then j else i end as a
         from generate_series(0, 10) as i, generate_series(1, 11) as j where i < j
       ) pr
       cross join generate_series(0, 1) as half`,
    );
    done += (to - from + 1) * GAMES_PER_SCHEDULE;
    options.onProgress?.('games', done, gamesTotal);
  }
  log.info({ games: done }, 'generated games');

  // Proportional team data: one profile and one travel limit per team and season (first draft only),
  // 12 blackouts and 6 preferences per schedule, 3 legacy constraints per conference and sport.
  const teamOf = `p.team_base + ((k % 30) * ${I} + i) * 10 + s.idx + 1`;
  const scheduleJoins = `join public.flextime_synthetic_sports s on s.idx = (k / 30) % 10
     join public.flextime_synthetic_seasons se on se.idx = (k / 300) % ${SEASONS}`;
  const firstDrafts = Math.min(schedules, combos);
  await phase(
    'team_profiles',
    `insert into public.team_profiles (id, team_id, season_id, preferred_game_times, max_games_per_week, min_rest_days, notes)
     select p.profile_base + k * ${I} + i + 1, ${teamOf}, se.season_id,
            jsonb_build_object('saturday', jsonb_build_array('13:00', '19:00')), 2 + i % 2, 1, null
     from ${P}, generate_series(0, ${firstDrafts - 1}) as k ${scheduleJoins}, generate_series(0, ${I - 1}) as i`,
  );
  await phase(
    'team_travel',
    `insert into public.team_travel (id, team_id, season_id, max_travel_distance_miles, max_consecutive_road_games, travel_mode)
     select p.travel_base + k * ${I} + i + 1, ${teamOf}, se.season_id, 1500 + (i * 100), 2 + i % 2,
            (array['charter', 'bus', 'commercial', 'mixed'])[i % 4 + 1]
     from ${P}, generate_series(0, ${firstDrafts - 1}) as k ${scheduleJoins}, generate_series(0, ${I - 1}) as i`,
  );
  await phase(
    'team_blackouts',
    `insert into public.team_blackouts (id, team_id, season_id, start_date, end_date, blackout_type, severity, reason)
     select p.blackout_base + k::bigint * ${I} + i + 1, ${teamOf}, se.season_id,
            make_date(se.start_year, 11, 1) + (i % 5) * 2 + (k / ${combos}) * 9,
            make_date(se.start_year, 11, 1) + (i % 5) * 2 + (k / ${combos}) * 9 + 2,
            (array['exam', 'academic', 'holiday', 'religious', 'facility'])[i % 5 + 1],
            (array['hard', 'soft', 'preference'])[i % 3 + 1], 'Synthetic blackout'
     from ${P}, generate_series(0, ${schedules - 1}) as k ${scheduleJoins}, generate_series(0, ${I - 1}) as i`,
  );
  await phase(
    'team_preferences',
    `insert into public.team_preferences (id, team_id, season_id, preference_type, preference_value, weight)
     select p.preference_base + k::bigint * 6 + i + 1, ${teamOf}, se.season_id,
            (array['preferred_game_times', 'travel_partner', 'home_date_request'])[i % 3 + 1],
            jsonb_build_object('value', i), 1 + i
     from ${P}, generate_series(0, ${schedules - 1}) as k ${scheduleJoins}, generate_series(0, 5) as i`,
  );
  const perConferenceSport = Math.min(schedules, CONFERENCES * SPORTS.length);
  await phase(
    'constraints',
    `insert into public.constraints (id, name, description, category, constraint_type, weight, rule_type, logic, parameters, sport_id, conference_id)
     select p.constraint_base + k * 3 + j + 1,
            'SYN' || lpad((k % 30 + 1)::text, 2, '0') || ' ' || x.code || ' ' || (array['max consecutive road games', 'rest days', 'rematch separation'])[j + 1],
            'Synthetic legacy rule', (array['Scheduling', 'Scheduling', 'Competitive'])[j + 1], (array['hard', 'hard', 'soft'])[j + 1], 1 + j,
            (array['max_consecutive_away', 'rest_days', 'rematch_separation'])[j + 1],
            (array['{"max": 2}', '{"min_days": 1}', '{"min_games": 3, "min_days": 10}'])[j + 1]::jsonb,
            '{"type": "object"}'::jsonb, s.sport_id, p.conf_base + k % 30 + 1
     from ${P}, generate_series(0, ${perConferenceSport - 1}) as k
     join public.flextime_synthetic_sports s on s.idx = (k / 30) % 10
     join public.sports x on x.id = s.sport_id, generate_series(0, 2) as j`,
  );
  await exec(
    db,
    `do $seq$
     declare t text; m bigint;
     begin
       foreach t in array array[${LEGACY_TABLES.map((t) => `'${t}'`).join(', ')}] loop
         execute format('select max(id) from public.%I', t) into m;
         if m is not null then perform setval(pg_get_serial_sequence('public.' || t, 'id'), m); end if;
       end loop;
     end
     $seq$;
     update public.flextime_synthetic_history set status = 'complete';
     analyze public.games; analyze public.schedules; analyze public.teams`,
  );
  const counts = await legacyCounts(db);
  const seconds = (performance.now() - started) / 1000;
  log.info(
    { scale, schedules, games: counts.games, seconds: Math.round(seconds * 10) / 10 },
    'synthetic history generated',
  );
  return { scale, schedules, counts, seconds };
}
