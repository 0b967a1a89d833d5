// cross-tenant-read: a second conference seeded beside the Big 12 (its teams, venues, blackouts, a schedule with
// games). A Big 12 key sees 0 of its blackouts, schedules and games through GraphQL AND REST, and none of its teams or
// venues in lists — except the opponent of a Big 12 game, reached through that game. The second conference's own
// credential sees every one of its rows, so the zeros mean something. PGlite always; real Postgres when DATABASE_URL
// is set.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema/index.ts';
import { KEYS, userToken } from '../support/auth.ts';
import { DB_KINDS } from '../support/db.ts';
import { type Json, startTestStack, type TestStack } from '../support/stack.ts';

const SECRET = 'MWC-PRIVATE';

interface Seeded {
  conferenceId: number;
  teamIds: number[];
  venueIds: number[];
  blackoutIds: number[];
  scheduleId: number;
  gameIds: number[];
  /** A Big 12 schedule whose one game is against the other conference's first team. */
  big12ScheduleId: number;
}

/** The other conference's rows, inserted as the migration owner (no API involved). */
async function seedOtherConference(t: TestStack): Promise<Seeded> {
  return t.db.admin(async (tx) => {
    const [conference] = await tx
      .insert(s.conferences)
      .values({ name: 'Mountain West Conference', abbreviation: 'MWC', region: 'West' })
      .returning();
    const [mbb] = await tx.select().from(s.sports).where(eq(s.sports.sportCode, 'MBB'));
    const [season] = await tx.select().from(s.seasons).where(eq(s.seasons.isCurrent, true));
    const [big12Team] = await tx.select().from(s.teams).where(eq(s.teams.conferenceId, 1)).limit(1);
    const insts = await tx
      .insert(s.institutions)
      .values(
        ['San Diego State', 'Boise State'].map((name, i) => ({
          name: `${name} University`,
          shortName: name,
          abbreviation: `MW${i}`,
          conferenceId: conference!.conferenceId,
        })),
      )
      .returning();
    const teams = await tx
      .insert(s.teams)
      .values(
        insts.map((inst) => ({
          institutionId: inst.institutionId,
          sportId: mbb!.sportId,
          conferenceId: conference!.conferenceId,
          // not secret: a Big 12 schedule plays one of them, so its name shows there
          name: `${inst.shortName} MW-TEAM`,
          abbreviation: inst.abbreviation,
        })),
      )
      .returning();
    const venues = await tx
      .insert(s.venues)
      .values(
        insts.map((inst) => ({
          institutionId: inst.institutionId,
          conferenceId: conference!.conferenceId,
          name: `${inst.shortName} Arena`,
        })),
      )
      .returning();
    const blackouts = await tx
      .insert(s.teamBlackoutDates)
      .values(
        teams.map((team) => ({
          teamId: team.teamId,
          seasonId: season!.seasonId,
          conferenceId: conference!.conferenceId,
          startDate: '2026-01-20',
          endDate: '2026-01-22',
          blackoutType: 'exam',
          severity: 'hard',
          reason: `${SECRET} hard blackout`,
        })),
      )
      .returning();
    const [schedule] = await tx
      .insert(s.schedules)
      .values({
        name: `${SECRET} schedule`,
        sportId: mbb!.sportId,
        seasonId: season!.seasonId,
        conferenceId: conference!.conferenceId,
      })
      .returning();
    const games = await tx
      .insert(s.games)
      .values(
        [0, 1].map((i) => ({
          scheduleId: schedule!.scheduleId,
          conferenceId: conference!.conferenceId,
          homeTeamId: teams[i]!.teamId,
          awayTeamId: teams[1 - i]!.teamId,
          venueId: venues[i]!.venueId,
          gameDate: `2026-01-0${3 + i}`,
          slot: i + 1,
        })),
      )
      .returning();
    const [big12Schedule] = await tx
      .insert(s.schedules)
      .values({ name: 'Big 12 non-conference', sportId: mbb!.sportId, seasonId: season!.seasonId, conferenceId: 1 })
      .returning();
    await tx.insert(s.games).values({
      scheduleId: big12Schedule!.scheduleId,
      conferenceId: 1,
      homeTeamId: big12Team!.teamId,
      awayTeamId: teams[0]!.teamId,
      gameDate: '2026-01-10',
      slot: 1,
    });
    return {
      conferenceId: conference!.conferenceId,
      teamIds: teams.map((x) => x.teamId),
      venueIds: venues.map((x) => x.venueId),
      blackoutIds: blackouts.map((x) => x.blackoutId),
      scheduleId: schedule!.scheduleId,
      gameIds: games.map((x) => x.gameId),
      big12ScheduleId: big12Schedule!.scheduleId,
    };
  });
}

const ids = (nodes: Array<{ id: string }>) => nodes.map((n) => Number(n.id));

describe.each(DB_KINDS)('cross-tenant-read on %s', (kind) => {
  let t: TestStack;
  let other: Seeded;
  let otherToken: string;

  const big12 = <T = Json>(query: string, variables?: Record<string, unknown>) =>
    t.gql<T>(query, variables, { headers: { 'x-api-key': KEYS.big12 }, allowErrors: true });
  const asOther = <T = Json>(query: string, variables?: Record<string, unknown>) =>
    t.gql<T>(query, variables, { headers: { authorization: `Bearer ${otherToken}` }, allowErrors: true });

  beforeAll(async () => {
    t = await startTestStack({ kind, defaultMetrics: false });
    other = await seedOtherConference(t);
    otherToken = await userToken({ conference_id: other.conferenceId, roles: ['viewer'] });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const READ = `query ($schedule: ID!) {
    blackouts(limit: 100) { total nodes { id reason } }
    schedules(limit: 100) { total nodes { id name } }
    schedule(id: $schedule) { id games { id } }
    games(scheduleId: $schedule, limit: 100) { total nodes { id } }
    teams(limit: 100) { nodes { id } }
    venues(limit: 100) { nodes { id } }
  }`;

  it('the other conference’s own credential sees all of its rows (the baseline)', async () => {
    const { data, errors } = await asOther(READ, { schedule: String(other.scheduleId) });
    expect(errors).toBeUndefined();
    expect(ids(data.blackouts.nodes).sort()).toEqual([...other.blackoutIds].sort());
    expect(ids(data.schedules.nodes)).toContain(other.scheduleId);
    expect(ids(data.games.nodes).sort()).toEqual([...other.gameIds].sort());
    expect(ids(data.teams.nodes).sort()).toEqual([...other.teamIds].sort());
    expect(ids(data.venues.nodes).sort()).toEqual([...other.venueIds].sort());
  });

  it('GraphQL: a Big 12 key sees 0 of its blackouts, schedules and games, and none of its teams or venues in lists', async () => {
    const { data, errors } = await big12(READ, { schedule: String(other.scheduleId) });
    expect(errors).toBeUndefined();
    expect(data.blackouts.total).toBeGreaterThan(0);
    expect(ids(data.blackouts.nodes).filter((id) => other.blackoutIds.includes(id))).toEqual([]);
    expect(JSON.stringify(data)).not.toContain(SECRET);
    expect(ids(data.schedules.nodes)).not.toContain(other.scheduleId);
    expect(data.schedule).toBeNull();
    expect(data.games.total).toBe(0);
    expect(ids(data.teams.nodes).filter((id) => other.teamIds.includes(id))).toEqual([]);
    expect(ids(data.venues.nodes).filter((id) => other.venueIds.includes(id))).toEqual([]);
    const byId = await big12('query ($g: ID!, $b: ID!) { game(id: $g) { id } blackout(id: $b) { id } }', {
      g: String(other.gameIds[0]),
      b: String(other.blackoutIds[0]),
    });
    expect(byId.data).toEqual({ game: null, blackout: null });
    // naming the other conference is refused, not answered
    const named = await big12('query ($c: ID) { teams(conferenceId: $c) { total } }', {
      c: String(other.conferenceId),
    });
    expect(named.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('GraphQL: the opponent of a Big 12 game is reached through that game, its blackouts still hidden', async () => {
    const { data, errors } = await big12(
      'query ($id: ID!) { schedule(id: $id) { games { away { id name blackouts { id } } } } }',
      {
        id: String(other.big12ScheduleId),
      },
    );
    expect(errors).toBeUndefined();
    expect(data.schedule.games).toHaveLength(1);
    expect(Number(data.schedule.games[0].away.id)).toBe(other.teamIds[0]);
    expect(data.schedule.games[0].away.blackouts).toEqual([]);
  });

  it('REST: a Big 12 key sees 0 of its blackouts, schedules and games, none of its teams or venues', async () => {
    const asBig12 = (path: string) => t.request('GET', path, { key: KEYS.big12 });
    const blackouts = await asBig12('/api/v2/team-availability/blackouts?limit=100');
    expect(blackouts.status).toBe(200);
    expect(blackouts.body.pagination.total).toBeGreaterThan(0);
    expect(blackouts.text).not.toContain(SECRET);
    const schedules = await asBig12('/api/v1/schedules');
    expect(schedules.status).toBe(200);
    expect(schedules.text).not.toContain(SECRET);
    expect((await asBig12(`/api/v1/schedules/${other.scheduleId}`)).status).toBe(404);
    expect((await asBig12(`/api/v1/schedules/${other.scheduleId}/games`)).status).toBe(404);
    const teams = await asBig12('/api/v1/teams');
    expect(teams.status).toBe(200);
    expect(teams.text).not.toContain('MW-TEAM');
    const venues = await asBig12('/api/v1/venues');
    expect(venues.status).toBe(200);
    expect(venues.text).not.toMatch(/San Diego State Arena|Boise State Arena/);
    // the other conference sees its own schedule through the same routes
    const own = await t.request('GET', `/api/v1/schedules/${other.scheduleId}`, {
      key: null,
      headers: { authorization: `Bearer ${otherToken}` },
    });
    expect(own.status).toBe(200);
  });
});
