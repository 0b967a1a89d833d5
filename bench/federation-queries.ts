// bench:federation's data: the three queries (as GraphQL and as one hand-written SQL statement each) and the
// scratch database they run on (migrated, seeded with the Big 12, plus a 240-game schedule).
import { pino } from 'pino';
import postgres from 'postgres';
import { openDatabase } from '../db/index.ts';
import { migrate } from '../db/migrate.ts';
import { seed } from '../seeding/index.ts';

const quiet = pino({ level: 'warn' });

export interface Ids {
  teamId: number;
  scheduleId: number;
  conferenceId: number;
}

export const QUERIES = {
  team: {
    label: 'one team + profile, blackouts, home venue',
    graphql: `query Team($id: ID!) { team(id: $id) { name abbreviation
      profile { maxGamesPerWeek minRestDays } blackouts { startDate endDate severity } homeVenue { name capacity city } } }`,
    variables: (ids: Ids) => ({ id: String(ids.teamId) }),
    sql: `select t.name, t.abbreviation,
        (select json_build_object('maxGamesPerWeek', p.max_games_per_week, 'minRestDays', p.min_rest_days)
           from team_availability.team_scheduling_profiles p join shared_data.seasons s on s.season_id = p.season_id
          where p.team_id = t.team_id and p.is_active order by s.is_current desc, s.start_date desc limit 1) as profile,
        coalesce((select json_agg(json_build_object('startDate', b.start_date, 'endDate', b.end_date,
                   'severity', upper(b.severity)) order by b.start_date)
           from team_availability.team_blackout_dates b where b.team_id = t.team_id and b.is_active), '[]') as blackouts,
        (select json_build_object('name', v.name, 'capacity', vp.capacity, 'city', vp.city)
           from shared_data.venues v
           join venue_management.venue_sport_configurations c on c.venue_id = v.venue_id and c.sport_id = t.sport_id
           left join venue_management.venue_profiles vp on vp.venue_id = v.venue_id
          where v.institution_id = t.institution_id order by c.is_primary desc, v.venue_id limit 1) as "homeVenue"
      from shared_data.teams t where t.team_id = $1`,
    params: (ids: Ids) => [ids.teamId],
  },
  schedule: {
    label: 'full schedule: 240 games, teams, venues',
    graphql: `query Schedule($id: ID!) { schedule(id: $id) { name
      games { date home { name } away { name } venue { name capacity } } } }`,
    variables: (ids: Ids) => ({ id: String(ids.scheduleId) }),
    sql: `select s.name, coalesce(json_agg(json_build_object('date', g.game_date,
          'home', json_build_object('name', ht.name), 'away', json_build_object('name', at.name),
          'venue', json_build_object('name', v.name, 'capacity', vp.capacity)) order by g.game_date, g.slot, g.game_id)
          filter (where g.game_id is not null), '[]') as games
      from schedule_generation.schedules s
      left join schedule_generation.games g on g.schedule_id = s.schedule_id
      left join shared_data.teams ht on ht.team_id = g.home_team_id
      left join shared_data.teams at on at.team_id = g.away_team_id
      left join shared_data.venues v on v.venue_id = g.venue_id
      left join venue_management.venue_profiles vp on vp.venue_id = v.venue_id
      where s.schedule_id = $1 group by s.schedule_id`,
    params: (ids: Ids) => [ids.scheduleId],
  },
  teams: {
    label: 'all Big 12 MBB teams + venues + next 3 games',
    graphql: `query Teams($c: ID) { teams(sportCode: "MBB", conferenceId: $c, limit: 100) { nodes { name
      homeVenue { name capacity } games(from: "2026-01-01", first: 3) { date away { name } } } } }`,
    variables: (ids: Ids) => ({ c: String(ids.conferenceId) }),
    sql: `select t.name,
        (select json_build_object('name', v.name, 'capacity', vp.capacity)
           from shared_data.venues v
           join venue_management.venue_sport_configurations c on c.venue_id = v.venue_id and c.sport_id = t.sport_id
           left join venue_management.venue_profiles vp on vp.venue_id = v.venue_id
          where v.institution_id = t.institution_id order by c.is_primary desc, v.venue_id limit 1) as "homeVenue",
        coalesce((select json_agg(json_build_object('date', x.game_date, 'away', json_build_object('name', x.away)))
           from (select g.game_date, at.name as away from schedule_generation.games g
                   join shared_data.teams at on at.team_id = g.away_team_id
                  where (g.home_team_id = t.team_id or g.away_team_id = t.team_id) and g.game_date >= '2026-01-01'
                  order by g.game_date, g.game_id limit 3) x), '[]') as games
      from shared_data.teams t join shared_data.sports sp on sp.sport_id = t.sport_id
      where sp.sport_code = 'MBB' and t.conference_id = $1 order by t.name`,
    params: (ids: Ids) => [ids.conferenceId],
  },
} as const;
export type QueryName = keyof typeof QUERIES;

export async function prepareDatabase(baseUrl: string): Promise<{ url: string; ids: Ids; drop: () => Promise<void> }> {
  const name = `flextime_bench_${Date.now()}_${process.pid}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.end();
  };
  try {
    const db = await openDatabase({ url: url.toString() });
    await migrate(db, { log: quiet });
    await seed(db, { log: quiet });
    await db.close();
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const [conf] = await sql`select conference_id from shared_data.conferences where name = 'Big 12 Conference'`;
    const [season] =
      await sql`select season_id from shared_data.seasons order by is_current desc, start_date desc limit 1`;
    const teams = await sql`
      select t.team_id, t.sport_id, t.abbreviation,
        (select v.venue_id from shared_data.venues v
           join venue_management.venue_sport_configurations c on c.venue_id = v.venue_id and c.sport_id = t.sport_id
          where v.institution_id = t.institution_id order by c.is_primary desc, v.venue_id limit 1) as venue_id
      from shared_data.teams t join shared_data.sports s on s.sport_id = t.sport_id
      where s.sport_code = 'MBB' and t.conference_id = ${conf.conference_id} order by t.team_id`;
    // A double round robin (circle method): 2 × 15 rounds of 8 games = 240 games, one round every other day.
    const [schedule] = await sql`
      insert into schedule_generation.schedules (name, sport_id, season_id, conference_id, status)
      values ('Big 12 MBB benchmark', ${teams[0].sport_id}, ${season.season_id}, ${conf.conference_id}, 'draft')
      returning schedule_id`;
    const n = teams.length;
    const rows: Record<string, unknown>[] = [];
    for (let round = 0; round < 2 * (n - 1); round++) {
      const r = round % (n - 1);
      const order = [0, ...Array.from({ length: n - 1 }, (_, i) => 1 + ((i + r) % (n - 1)))];
      const date = new Date(Date.UTC(2026, 0, 1 + 2 * round)).toISOString().slice(0, 10);
      for (let i = 0; i < n / 2; i++) {
        let [home, away] = [teams[order[i]], teams[order[n - 1 - i]]];
        if (round >= n - 1 !== (i % 2 === 1)) [home, away] = [away, home];
        rows.push({
          schedule_id: schedule.schedule_id,
          conference_id: conf.conference_id,
          home_team_id: home.team_id,
          away_team_id: away.team_id,
          venue_id: home.venue_id,
          game_date: date,
          slot: round + 1,
        });
      }
    }
    await sql`insert into schedule_generation.games ${sql(rows)}`;
    const ku = teams.find((t) => t.abbreviation === 'KU') ?? teams[0];
    await sql.end();
    return {
      url: url.toString(),
      ids: { teamId: ku.team_id, scheduleId: schedule.schedule_id, conferenceId: conf.conference_id },
      drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}
