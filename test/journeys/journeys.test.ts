// The three users of DESIGN.md, over real HTTP against the whole stack (subgraphs, gateway, REST shim, generation
// jobs), on PGlite and on real Postgres. Each checks what its user would check by hand, recomputed here from the
// returned games (recompute.ts), not taken from the engine:
// - a dashboard: teams with venues and hard blackouts → generate → poll → the schedule with games, teams, venues,
//   its evaluation and its fairness figures (recomputed: home/away, breaks, road trips, weekend home games, travel);
// - a scheduler's cross-service query: games inside either team's blackout, venue capacity per game, agreeing with
//   what team-availability and venue-management answer on their own;
// - a legacy REST caller: v1 list, POST, PUT, optimize → job → the SAME schedule's new version (locked games as they
//   were, no worse by validation), DELETE.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Background, startBackground } from '../../subgraphs/background.ts';
import { DB_KINDS } from '../support/db.ts';
import { type Json, startTestStack, type TestStack, uniquePrefix, waitFor } from '../support/stack.ts';
import { type Coordinates, figuresOf, inside, type JourneyGame, miles } from './recompute.ts';

type Period = { startDate: string; endDate: string; severity?: string };
type Team = {
  id: string;
  name: string;
  sport: { id: string };
  conference: { id: string };
  institution: Coordinates;
  homeVenue: { id: string; name: string; capacity: number | null } | null;
  blackouts: Period[];
};
type Game = JourneyGame & {
  home: { id: string; blackouts: Period[] };
  away: { id: string; blackouts: Period[] };
  venue: { id: string; capacity: number | null } | null;
  locked: boolean;
};

const TEAMS = `{ teams(sportCode: "MBB", limit: 100) { nodes {
  id name sport { id } conference { id } institution { latitude longitude } homeVenue { id name capacity }
  blackouts(severity: HARD) { startDate endDate }
} } }`;

const DASHBOARD = `query($id: ID!) { schedule(id: $id) {
  id name status currentVersion { id }
  games { id date locked home { id name blackouts(severity: HARD) { startDate endDate } }
          away { id name blackouts(severity: HARD) { startDate endDate } } venue { id name capacity } }
  evaluation { versionId hardViolations softViolations }
  fairness { totalTravelMiles maxHomeAwayImbalance
    teams { team { id } games home away breaks longestRoadTrip weekendHomeGames travelMiles } }
} }`;

async function mbbTeams(stack: TestStack): Promise<Team[]> {
  return (await stack.gql<{ teams: { nodes: Team[] } }>(TEAMS)).data.teams.nodes;
}

/** Polls a generation until it ends; returns it. */
async function generationDone(stack: TestStack, id: string | number): Promise<Json> {
  return waitFor(
    async () => {
      const r = await stack.request('GET', `/api/v2/schedule-generation/requests/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(r.body?.status) ? r.body : undefined;
    },
    120_000,
    `generation ${id}`,
  );
}

for (const kind of DB_KINDS) {
  describe(`journeys (${kind})`, () => {
    let stack: TestStack;
    let teams: Team[];
    let generated: string;
    let background: Background;
    beforeAll(async () => {
      stack = await startTestStack({
        kind,
        redisPrefix: 'journeys',
        memoryEvents: true,
        limits: { subgraphTimeoutMs: 30_000 },
        jobs: {
          redisUrl: null,
          prefix: uniquePrefix('journeys'),
          logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
          worker: true,
        },
      });
      // the event consumers npm start runs beside the services: re-evaluation of a generated schedule among them
      background = await startBackground({ deps: stack.deps, logger: pino({ level: 'silent' }) });
      teams = await mbbTeams(stack);
    });
    afterAll(async () => {
      await background?.stop();
      await stack?.stop();
    });

    it('dashboard: generates a schedule whose games, venues, evaluation and fairness add up', async () => {
      expect(teams.length).toBeGreaterThanOrEqual(4);
      for (const t of teams) expect(t.homeVenue, `${t.name} has a home venue`).not.toBeNull();
      // a hard blackout the dashboard adds before generating
      const blackout = await stack.gql<{ createBlackout: { id: string } }>(
        `mutation($input: CreateBlackoutInput!) { createBlackout(input: $input) { id } }`,
        {
          input: {
            teamId: teams[0].id,
            seasonId: '2',
            startDate: '2026-01-14',
            endDate: '2026-01-18',
            reason: 'journey',
          },
        },
      );
      expect(blackout.data.createBlackout.id).toBeTruthy();
      const started = await stack.gql<{ startGeneration: { id: string; status: string } }>(
        `mutation($input: StartGenerationInput!) { startGeneration(input: $input) { id status } }`,
        {
          input: {
            name: 'Dashboard journey',
            sportId: teams[0].sport.id,
            conferenceId: teams[0].conference.id,
            seasonId: '2',
            timeLimitSeconds: 8,
          },
        },
      );
      expect(['queued', 'running']).toContain(started.data.startGeneration.status);
      const done = await generationDone(stack, started.data.startGeneration.id);
      expect(done.status, done.error_message).toBe('completed');
      generated = String(done.schedule_id);

      // the evaluation of the stored version arrives through the schedule.generated event
      const schedule = await waitFor(
        async () => {
          const s = (await stack.gql<{ schedule: Json }>(DASHBOARD, { id: generated })).data.schedule;
          return s.evaluation?.versionId === s.currentVersion.id ? s : undefined;
        },
        60_000,
        'the evaluation of the generated version',
      );
      const games = schedule.games as Game[];
      const byId = new Map(teams.map((t) => [t.id, t]));
      expect(games.length).toBeGreaterThan(0);
      for (const g of games) {
        const home = byId.get(g.home.id) as Team;
        expect(home, `game ${g.id}'s home team is a conference team`).toBeDefined();
        expect(byId.has(g.away.id)).toBe(true);
        // played at the home team's arena, whose capacity the dashboard shows
        expect(g.venue?.id).toBe(home.homeVenue?.id);
        expect(g.venue?.capacity).toBe(home.homeVenue?.capacity);
      }
      // "0 hard violations" is only claimed when no game falls inside a team's hard blackout
      const blackedOut = games.filter((g) => inside(g.date, g.home.blackouts) || inside(g.date, g.away.blackouts));
      if (blackedOut.length > 0) expect(schedule.evaluation.hardViolations).toBeGreaterThan(0);
      if (schedule.evaluation.hardViolations === 0) expect(blackedOut).toEqual([]);

      // fairness, recomputed here from the games and the campuses' coordinates
      const campus = new Map(teams.map((t) => [t.id, t.institution]));
      let total = 0;
      for (const f of schedule.fairness.teams) {
        const mine = figuresOf(f.team.id, games, campus);
        expect({ ...f, team: undefined, games: undefined, travelMiles: undefined }).toEqual({
          ...mine,
          team: undefined,
          games: undefined,
          travelMiles: undefined,
        });
        expect(f.travelMiles).toBeCloseTo(mine.travelMiles, 3);
        total += mine.travelMiles;
      }
      expect(schedule.fairness.totalTravelMiles).toBeCloseTo(total, 2);
      // one team's travel (GraphQL and REST v2) is the same figure, trip by trip home → hosts → home
      const team = teams[1];
      const travel = await stack.gql<{ team: { travel: { miles: number; trips: Array<Json> } } }>(
        `query($t: ID!, $s: ID!) { team(id: $t) { travel(scheduleId: $s) { miles trips { from to miles hosts { id } } } } }`,
        { t: team.id, s: generated },
      );
      expect(travel.data.team.travel.miles).toBeCloseTo(figuresOf(team.id, games, campus).travelMiles, 3);
      for (const trip of travel.data.team.travel.trips) {
        const stops = [team.id, ...trip.hosts.map((h: { id: string }) => h.id), team.id].map((id) => campus.get(id)!);
        const legs = stops.slice(1).reduce((sum, c, i) => sum + miles(stops[i], c), 0);
        expect(trip.miles).toBeCloseTo(legs, 3);
      }
      const rest = await stack.request('GET', `/api/v2/schedule-generation/schedules/${generated}/fairness`);
      expect(rest.status).toBe(200);
      expect(rest.body.teams.map((t: Json) => [String(t.team_id), t.home, t.away, t.breaks])).toEqual(
        schedule.fairness.teams.map((t: Json) => [t.team.id, t.home, t.away, t.breaks]),
      );
      const restTravel = await stack.request(
        'GET',
        `/api/v2/schedule-generation/schedules/${generated}/teams/${team.id}/travel`,
      );
      expect(restTravel.body.miles).toBeCloseTo(travel.data.team.travel.miles, 6);
    }, 300_000);

    it('scheduler: one cross-service query answers blackout clashes and venue capacity as the services do alone', async () => {
      expect(generated, 'the dashboard journey generated a schedule').toBeDefined();
      const answer = await stack.gql<{ schedule: { games: Game[] } }>(
        `query($id: ID!) { schedule(id: $id) { games { id date
          home { id blackouts { startDate endDate severity } } away { id blackouts { startDate endDate severity } }
          venue { id capacity } } } }`,
        { id: generated },
      );
      const games = answer.data.schedule.games;
      const clashes = games.filter((g) => inside(g.date, g.home.blackouts) || inside(g.date, g.away.blackouts));
      // the same question asked of team-availability and venue-management alone (REST v2)
      const blackoutsOf = new Map<string, Period[]>();
      for (const t of teams) {
        const r = await stack.request('GET', `/api/v2/team-availability/blackouts?team_id=${t.id}&limit=100`);
        expect(r.status).toBe(200);
        blackoutsOf.set(
          t.id,
          (r.body.data as Json[]).map((b) => ({ startDate: b.start_date, endDate: b.end_date })),
        );
      }
      const alone = games.filter(
        (g) => inside(g.date, blackoutsOf.get(g.home.id) ?? []) || inside(g.date, blackoutsOf.get(g.away.id) ?? []),
      );
      expect(clashes.map((g) => g.id)).toEqual(alone.map((g) => g.id));
      const venues = await stack.request('GET', '/api/v2/venue-management/venues?limit=100');
      const capacity = new Map((venues.body.data as Json[]).map((v) => [String(v.venue_id), v.capacity]));
      for (const g of games) expect(g.venue?.capacity, `game ${g.id}`).toBe(capacity.get(String(g.venue?.id)));
    }, 120_000);

    it('legacy REST caller: list, create, update, optimise into a new version of the same schedule, delete', async () => {
      const before = (await stack.request('GET', '/api/v1/schedules?limit=100')).body.total as number;
      const created = await stack.request('POST', '/api/v1/schedules', {
        body: {
          name: 'Legacy journey',
          sport_id: Number(teams[0].sport.id),
          year: 2025,
          conference_id: Number(teams[0].conference.id),
        },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      const renamed = await stack.request('PUT', `/api/v1/schedules/${id}`, {
        body: { name: 'Legacy journey 2025-26' },
      });
      expect(renamed.status).toBe(200);
      expect((await stack.request('GET', `/api/v1/schedules/${id}`)).body.name).toBe('Legacy journey 2025-26');

      const optimise = async (seconds: number) => {
        const res = await stack.request('POST', `/api/v1/schedules/${id}/optimize`, {
          body: { time_limit_seconds: seconds },
        });
        expect(res.status).toBe(202);
        expect(res.body.schedule_id).toBe(id);
        const done = await generationDone(stack, res.body.job_id);
        expect(done.status, done.error_message).toBe('completed');
        expect(done.schedule_id).toBe(id);
        return done.jobs[0].result_version_id as number;
      };
      const gamesOf = async () => (await stack.request('GET', `/api/v1/schedules/${id}/games`)).body.games as Json[];
      const first = await optimise(8);
      const v1 = await gamesOf();
      expect(v1.length).toBeGreaterThan(0);
      expect((await stack.request('GET', '/api/v1/schedules?limit=100')).body.total).toBe(before + 1);

      // the scheduler locks two games; optimise again
      const ids = (await stack.gql<{ schedule: { games: Game[] } }>(DASHBOARD, { id: String(id) })).data.schedule.games;
      const locked = [ids[1], ids[ids.length - 2]];
      for (const g of locked)
        await stack.gql('mutation($id: ID!) { updateGame(id: $id, input: { locked: true }) { id } }', { id: g.id });
      const second = await optimise(6);
      expect(second).not.toBe(first);
      const v2 = (await stack.gql<{ schedule: { games: Game[] } }>(DASHBOARD, { id: String(id) })).data.schedule.games;
      expect((await gamesOf()).length).toBe(v1.length);
      for (const g of locked)
        expect(
          v2.some((n) => n.locked && n.date === g.date && n.home.id === g.home.id && n.away.id === g.away.id),
          `locked game ${g.home.id}-${g.away.id} on ${g.date} kept`,
        ).toBe(true);
      // no worse, judged by constraint-validation on each stored version
      const validate = async (versionId: number) =>
        (
          await stack.gql<{ validateSchedule: { hardViolations: number; softPenalty: number } }>(
            `mutation($input: ValidateScheduleInput!) { validateSchedule(input: $input) { hardViolations softPenalty } }`,
            { input: { scheduleId: String(id), versionId: String(versionId), store: false } },
          )
        ).data.validateSchedule;
      const [a, b] = [await validate(first), await validate(second)];
      expect(b.hardViolations).toBeLessThanOrEqual(a.hardViolations);
      if (b.hardViolations === a.hardViolations) expect(b.softPenalty).toBeLessThanOrEqual(a.softPenalty + 1e-6);

      expect((await stack.request('DELETE', `/api/v1/schedules/${id}`)).status).toBe(204);
      expect((await stack.request('GET', `/api/v1/schedules/${id}`)).status).toBe(404);
      expect((await stack.request('GET', '/api/v1/schedules?limit=100')).body.total).toBe(before);
    }, 300_000);
  });
}
