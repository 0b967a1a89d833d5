// Big 12 basketball 2025-26 generated as a user does it — the seeded database, generateSchedule through the gateway,
// the job, the stored schedule — and every hard rule recomputed from the games the API returns by code in
// test/support/big12-rules.ts (not the engine): 18 games, 3 home-and-away opponents, 9 home / 9 away, ≤ 2 road games
// in a row, first-four / last-four balance, rematches ≥ 3 games and 10 days apart, one rest day, ≤ 2 games a week,
// BYU never on Sunday, stored hard blackouts and arena closures. Both sports are ONE request: the men's generation names
// women's basketball in sharedArenaSportIds, its job queues the women's generation around the stored men's schedule
// (its follow-up): no arena hosts two games on one day, recomputed from both schedules' games. Then open booking
// conflicts stored in venue-management keep a new generation off their arena-days (read through the gateway), and
// aroundSchedules refuses a missing schedule and another conference's.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema/index.ts';
import { closeJobs, configureJobs, type JobsRuntime } from '../../subgraphs/schedule-generation/generation/runtime.ts';
import { arenaConflicts, big12HardViolations, type CheckedGame, homeAwayCounts } from '../support/big12-rules.ts';
import { type Big12Sport, big12Sport, type Gql, scheduleGames } from '../support/big12-schedule.ts';
import { DB_KINDS } from '../support/db.ts';
import { type TestStack as Stack, startTestStack, uniquePrefix, waitFor } from '../support/stack.ts';

const START = `mutation($input: StartGenerationInput!) { startGeneration(input: $input) { id } }`;
const REQUEST = `query($id: ID!) {
  generationRequest(id: $id) {
    status errorMessage schedule { id currentVersion { hardViolations } }
    aroundSchedules { id }
    followUps { id sport { id } }
  }
}`;
const VALIDATE = `mutation($id: ID!) {
  validateSchedule(input: { scheduleId: $id }) { hardViolations results { type severity status } }
}`;
const REOPEN = `mutation($id: ID!) { resolveBookingConflict(id: $id, status: "open") { id resolutionStatus } }`;
// a generation of 400k iterations takes ~20 s on an idle core, minutes on a loaded shared machine
const GENERATION_TIMEOUT_MS = 300_000;
// an iteration budget (not seconds) keeps the test's result independent of the machine's load
const BUDGET = { iterations: 400_000, seed: 1 };

type Request = {
  status: string;
  errorMessage: string | null;
  schedule: { id: string; currentVersion: { hardViolations: number } | null } | null;
  aroundSchedules: Array<{ id: string }>;
  followUps: Array<{ id: string; sport: { id: string } }>;
};

for (const kind of DB_KINDS) {
  describe(`Big 12 basketball generated through the API, rules recomputed from its games (${kind})`, () => {
    let stack: Stack;
    let runtime: JobsRuntime;
    let gql: Gql;
    let mbb: Big12Sport;
    let mbbScheduleId: string;

    let mbbRequestId: string;

    async function finished(id: string, what: string): Promise<Request> {
      return waitFor(
        async () => {
          const s = await gql<{ generationRequest: Request }>(REQUEST, { id });
          return ['completed', 'failed', 'cancelled'].includes(s.generationRequest.status)
            ? s.generationRequest
            : undefined;
        },
        300_000,
        `${what} to finish`,
      );
    }

    async function start(sport: Big12Sport, name: string, extra: Record<string, unknown>): Promise<string> {
      const r = await gql<{ startGeneration: { id: string } }>(START, {
        input: { name, sportId: sport.sportId, seasonId: '2', conferenceId: sport.conferenceId, ...extra },
      });
      return r.startGeneration.id;
    }

    beforeAll(async () => {
      stack = await startTestStack({
        kind,
        redisPrefix: 'cache',
        limits: { subgraphTimeoutMs: 30_000 },
        defaultMetrics: false,
      });
      runtime = configureJobs(stack.db, {
        prefix: uniquePrefix('big12-generation'),
        logger: pino({ level: 'silent' }),
        worker: false,
      });
      runtime.startWorker();
      gql = async <T>(query: string, variables?: Record<string, unknown>) =>
        (await stack.gql<T>(query, variables)).data;
      mbb = await big12Sport(stack.db, gql, 'MBB');
    });
    afterAll(async () => {
      if (stack) await closeJobs(stack.db);
      await stack?.stop();
    });

    it(
      'men, then women as its follow-up (one request): every hard rule holds in the games the API returns, 9 home / 9 away for every team',
      async () => {
        const wbb = await big12Sport(stack.db, gql, 'WBB');
        mbbRequestId = await start(mbb, 'Big 12 MBB + WBB 2025-26 (test)', {
          parameters: BUDGET,
          sharedArenaSportIds: [wbb.sportId],
        });
        const done = await finished(mbbRequestId, 'the men');
        expect(done.errorMessage).toBeNull();
        expect(done.status).toBe('completed');
        mbbScheduleId = done.schedule?.id as string;
        expect(done.schedule?.currentVersion?.hardViolations).toBe(0);

        const games = await scheduleGames(gql, mbbScheduleId);
        expect(games).toHaveLength(16 * 9);
        expect(big12HardViolations(mbb.teams, games, mbb.rules)).toEqual([]);
        for (const [team, [home, away]] of homeAwayCounts(mbb.teams, games)) {
          expect([home, away], mbb.abbreviation.get(team)).toEqual([9, 9]);
        }
        expect(games.map((g) => g.date).sort()[0] >= '2026-01-02').toBe(true);
        expect(games.every((g) => g.date <= '2026-03-07')).toBe(true);

        // the service's own evaluation agrees, with the format among its results
        const v = await gql<{ validateSchedule: { hardViolations: number; results: Array<{ type: string }> } }>(
          VALIDATE,
          { id: mbbScheduleId },
        );
        expect(v.validateSchedule.hardViolations).toBe(0);
        expect(v.validateSchedule.results.map((r) => r.type)).toContain('round_robin_format');
      },
      GENERATION_TIMEOUT_MS,
    );

    it(
      "women, the men's follow-up around the men's schedule: the rules hold and no arena hosts two games on one day",
      async () => {
        expect(mbbScheduleId).toBeDefined();
        const wbb = await big12Sport(stack.db, gql, 'WBB');
        const menRequest = (await gql<{ generationRequest: Request }>(REQUEST, { id: mbbRequestId })).generationRequest;
        expect(menRequest.followUps.map((f) => f.sport.id)).toEqual([wbb.sportId]);
        const done = await finished(menRequest.followUps[0].id, 'the women (follow-up)');
        expect(done.aroundSchedules).toEqual([{ id: mbbScheduleId }]);
        expect(done.followUps).toEqual([]);
        expect(done.errorMessage).toBeNull();
        expect(done.status).toBe('completed');
        expect(done.schedule?.currentVersion?.hardViolations).toBe(0);

        const women = await scheduleGames(gql, done.schedule?.id as string);
        const men = await scheduleGames(gql, mbbScheduleId);
        expect(big12HardViolations(wbb.teams, women, wbb.rules)).toEqual([]);
        expect(women.every((g) => g.date >= '2025-12-20' && g.date <= '2026-03-01')).toBe(true);
        const atArena = (g: CheckedGame, sport: Big12Sport) => ({
          ...g,
          venue: g.venue ?? sport.rules.homeVenue.get(g.home),
        });
        // the two sports really share arenas, so the check below is not vacuous
        expect(new Set(women.map((g) => atArena(g, wbb).venue))).toEqual(
          new Set(men.map((g) => atArena(g, mbb).venue)),
        );
        expect(arenaConflicts([...men.map((g) => atArena(g, mbb)), ...women.map((g) => atArena(g, wbb))])).toEqual([]);
      },
      GENERATION_TIMEOUT_MS,
    );

    it(
      'open booking conflicts (venue-management) keep a new generation off their arena-days, read through the gateway',
      async () => {
        expect(mbbScheduleId).toBeDefined();
        const men = await scheduleGames(gql, mbbScheduleId);
        // the arena-days of the men's home games on three dates: each hosts a game in the schedule generated without them
        const dates = [...new Set(men.map((g) => g.date))].sort().slice(3, 6);
        const taken = men
          .filter((g) => dates.includes(g.date))
          .map((g) => ({ venue: Number(g.venue ?? mbb.rules.homeVenue.get(g.home)), date: g.date }));
        expect(taken.length).toBeGreaterThanOrEqual(8);
        const conflicts = await stack.db.admin((tx) =>
          tx
            .insert(schema.venueBookingConflicts)
            .values(
              taken.map((t) => ({
                venueId: t.venue,
                conferenceId: Number(mbb.conferenceId),
                conflictDate: t.date,
                conflictType: 'double_booking',
                description: 'arena booked for another event (test)',
                resolutionStatus: 'resolved',
              })),
            )
            .returning({ id: schema.venueBookingConflicts.conflictId }),
        );
        // opened through the API, as a venue manager would: the change is announced and cached availability dropped
        for (const c of conflicts) {
          const r = await gql<{ resolveBookingConflict: { resolutionStatus: string } }>(REOPEN, { id: String(c.id) });
          expect(r.resolveBookingConflict.resolutionStatus).toBe('open');
        }
        // validation reads them too: the men's schedule now plays on closed arena-days
        const old = await gql<{ validateSchedule: { hardViolations: number } }>(VALIDATE, { id: mbbScheduleId });
        expect(old.validateSchedule.hardViolations).toBeGreaterThanOrEqual(taken.length);

        const done = await finished(
          await start(mbb, 'Big 12 MBB 2025-26 around booking conflicts (test)', { parameters: BUDGET }),
          'the men with conflicts',
        );
        expect(done.errorMessage).toBeNull();
        expect(done.status).toBe('completed');
        expect(done.schedule?.currentVersion?.hardViolations).toBe(0);
        const games = await scheduleGames(gql, done.schedule?.id as string);
        const onTaken = games.filter((g) =>
          taken.some((t) => t.date === g.date && String(t.venue) === (g.venue ?? mbb.rules.homeVenue.get(g.home))),
        );
        expect(onTaken).toEqual([]);
        const rules = (await big12Sport(stack.db, gql, 'MBB')).rules; // re-read: the closures now include the conflicts
        expect(big12HardViolations(mbb.teams, games, rules)).toEqual([]);
        for (const [team, [home, away]] of homeAwayCounts(mbb.teams, games)) {
          expect([home, away], mbb.abbreviation.get(team)).toEqual([9, 9]);
        }
      },
      GENERATION_TIMEOUT_MS,
    );

    it("aroundSchedules refuses a missing schedule, another conference's and the name as a parameter", async () => {
      const refused = async (input: Record<string, unknown>) => {
        const r = await stack.gql(
          START,
          {
            input: { name: 'refused', sportId: mbb.sportId, seasonId: '2', conferenceId: mbb.conferenceId, ...input },
          },
          { allowErrors: true },
        );
        expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        return r.errors?.[0]?.message ?? '';
      };
      expect(await refused({ aroundSchedules: ['999999'] })).toMatch(/no schedule with id 999999/);
      expect(await refused({ parameters: { aroundSchedules: [mbbScheduleId] } })).toMatch(
        /parameters\.aroundSchedules.*input\.aroundSchedules/,
      );
      expect(await refused({ sharedArenaSportIds: [mbb.sportId] })).toMatch(/generation's own sport/);
      const otherScheduleId = await stack.db.admin(async (tx) => {
        const [conference] = await tx
          .insert(schema.conferences)
          .values({ name: 'Other Conference (test)', abbreviation: 'OTH' })
          .returning();
        const [schedule] = await tx
          .insert(schema.schedules)
          .values({
            name: 'other conference schedule',
            sportId: Number(mbb.sportId),
            seasonId: 2,
            conferenceId: conference.conferenceId,
          })
          .returning();
        return schedule.scheduleId;
      });
      expect(await refused({ aroundSchedules: [String(otherScheduleId)] })).toMatch(
        new RegExp(`schedule ${otherScheduleId} belongs to conference \\d+, not ${mbb.conferenceId}`),
      );
      // REST v2 says the same, as a 400
      const rest = await stack.rest('POST', '/api/v2/schedule-generation/requests', {
        request_name: 'refused',
        sport_id: Number(mbb.sportId),
        season_id: 2,
        conference_id: Number(mbb.conferenceId),
        around_schedules: [otherScheduleId],
      });
      expect(rest.status).toBe(400);
      expect(JSON.stringify(rest.body)).toMatch(/belongs to conference/);
    });
  });
}
