// What the independent Big 12 check needs, read from where a scheduler would look: a schedule's games as the API
// returns them, and the teams' hard blackouts and the arenas' closures (unavailability periods, open booking
// conflicts) as stored (SQL, not the engine's inputs).
import { sql } from 'drizzle-orm';
import { type Database, rows } from '../../db/index.ts';
import { BIG12_BASKETBALL, type Big12Rules, type CheckedGame } from './big12-rules.ts';

/** Runs a GraphQL query through the gateway and returns `data` (throws on errors). */
export type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

const TEAMS = `query($sport: String) {
  teams(sportCode: $sport, limit: 100) { nodes { id abbreviation sport { id } conference { id } homeVenue { id } } }
}`;
const GAMES = `query($id: ID!) { schedule(id: $id) { games { date home { id } away { id } venue { id } } } }`;

export interface Big12Sport {
  sportId: string;
  conferenceId: string;
  /** Team ids (as the API gives them). */
  teams: string[];
  abbreviation: Map<string, string>;
  rules: Big12Rules;
}

/** The teams of a Big 12 sport and the stored data of its hard rules, season 2025-26 (id 2). */
export async function big12Sport(db: Database, gql: Gql, sportCode: 'MBB' | 'WBB'): Promise<Big12Sport> {
  type Node = { id: string; abbreviation: string; sport: { id: string }; conference: { id: string } };
  const data = await gql<{ teams: { nodes: Array<Node & { homeVenue: { id: string } | null }> } }>(TEAMS, {
    sport: sportCode,
  });
  const nodes = data.teams.nodes;
  const ids = nodes.map((n) => Number(n.id));
  const [blackouts, closed] = await db.admin(async (tx) => [
    await rows<{ team_id: number; start_date: string; end_date: string }>(
      tx,
      sql`select team_id, start_date::text, end_date::text from team_availability.team_blackout_dates
          where severity = 'hard' and is_active and team_id in ${sql.raw(`(${ids.join(',')})`)}`,
    ),
    // an arena is closed on the days of its active unavailability periods and of its open booking conflicts
    await rows<{ venue_id: number; start_date: string; end_date: string }>(
      tx,
      sql`select venue_id, start_date::text, end_date::text from venue_management.venue_unavailability_periods
          where is_active
          union all
          select venue_id, conflict_date::text, conflict_date::text from venue_management.venue_booking_conflicts
          where resolution_status = 'open'`,
    ),
  ]);
  return {
    sportId: nodes[0].sport.id,
    conferenceId: nodes[0].conference.id,
    teams: nodes.map((n) => n.id),
    abbreviation: new Map(nodes.map((n) => [n.id, n.abbreviation])),
    rules: {
      ...BIG12_BASKETBALL,
      noSundayTeams: nodes.filter((n) => n.abbreviation === 'BYU').map((n) => n.id),
      blackouts: blackouts.map((b) => ({ team: String(b.team_id), from: b.start_date, to: b.end_date })),
      venueClosed: closed.map((c) => ({ venue: String(c.venue_id), from: c.start_date, to: c.end_date })),
      homeVenue: new Map(nodes.filter((n) => n.homeVenue).map((n) => [n.id, String(n.homeVenue?.id)])),
    },
  };
}

/** A stored schedule's current games, as the API returns them. */
export async function scheduleGames(gql: Gql, scheduleId: string | number): Promise<CheckedGame[]> {
  const data = await gql<{
    schedule: {
      games: Array<{ date: string; home: { id: string }; away: { id: string }; venue: { id: string } | null }>;
    } | null;
  }>(GAMES, { id: String(scheduleId) });
  if (!data.schedule) throw new Error(`no schedule ${scheduleId}`);
  return data.schedule.games.map((g) => ({ home: g.home.id, away: g.away.id, date: g.date, venue: g.venue?.id }));
}
