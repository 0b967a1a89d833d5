// Big 12 basketball 2025-26 generated as a user does it — the seeded database, generateSchedule through the gateway,
// the job, the stored schedule — and every hard rule recomputed from the games the API returns by code in
// test/support/big12-rules.ts (not the engine): 18 games, 3 home-and-away opponents, 9 home / 9 away, ≤ 2 road games
// in a row, first-four / last-four balance, rematches ≥ 3 games and 10 days apart, one rest day, ≤ 2 games a week,
// BYU never on Sunday, stored hard blackouts and arena closures. Then women's basketball generated around the stored
// men's schedule (aroundSchedules): no arena hosts two games on one day, recomputed from both schedules' games.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsRuntime } from '../../subgraphs/schedule-generation/generation/runtime.ts';
import { arenaConflicts, big12HardViolations, type CheckedGame, homeAwayCounts } from '../support/big12-rules.ts';
import { type Big12Sport, big12Sport, type Gql, scheduleGames } from '../support/big12-schedule.ts';
import { DB_KINDS } from '../support/db.ts';
import { type TestStack as Stack, startTestStack, uniquePrefix, waitFor } from '../support/stack.ts';

const GENERATE = `mutation($input: CreateGenerationRequestInput!) { generateSchedule(input: $input) { id } }`;
const REQUEST = `query($id: ID!) {
  generationRequest(id: $id) {
    status errorMessage schedule { id currentVersion { hardViolations } }
  }
}`;
const VALIDATE = `mutation($id: ID!) {
  validateSchedule(input: { scheduleId: $id }) { hardViolations results { type severity status } }
}`;
// an iteration budget (not seconds) keeps the test's result independent of the machine's load
const BUDGET = { iterations: 400_000, seed: 1 };

type Request = {
  status: string;
  errorMessage: string | null;
  schedule: { id: string; currentVersion: { hardViolations: number } | null } | null;
};

for (const kind of DB_KINDS) {
  describe(`Big 12 basketball generated through the API, rules recomputed from its games (${kind})`, () => {
    let stack: Stack;
    let runtime: JobsRuntime;
    let gql: Gql;
    let mbb: Big12Sport;
    let mbbScheduleId: string;

    async function generate(sport: Big12Sport, name: string, parameters: Record<string, unknown>): Promise<Request> {
      const r = await gql<{ generateSchedule: { id: string } }>(GENERATE, {
        input: { name, sportId: sport.sportId, seasonId: '2', conferenceId: sport.conferenceId, parameters },
      });
      return waitFor(
        async () => {
          const s = await gql<{ generationRequest: Request }>(REQUEST, { id: r.generateSchedule.id });
          return ['completed', 'failed', 'cancelled'].includes(s.generationRequest.status)
            ? s.generationRequest
            : undefined;
        },
        300_000,
        `${name} to finish`,
      );
    }

    beforeAll(async () => {
      stack = await startTestStack({
        kind,
        redisPrefix: 'cache',
        limits: { subgraphTimeoutMs: 30_000 },
        defaultMetrics: false,
        jobs: { prefix: uniquePrefix('big12-generation'), logger: pino({ level: 'silent' }), worker: false },
      });
      runtime = stack.generation;
      runtime.startWorker();
      gql = async <T>(query: string, variables?: Record<string, unknown>) =>
        (await stack.gql<T>(query, variables)).data;
      mbb = await big12Sport(stack.db, gql, 'MBB');
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('men: every hard rule holds in the games the API returns, 9 home / 9 away for every team', async () => {
      const done = await generate(mbb, 'Big 12 MBB 2025-26 (test)', BUDGET);
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
    });

    it("women around the men's schedule: the rules hold and no arena hosts two games on one day", async () => {
      expect(mbbScheduleId).toBeDefined();
      const wbb = await big12Sport(stack.db, gql, 'WBB');
      const done = await generate(wbb, 'Big 12 WBB 2025-26 (test)', { ...BUDGET, aroundSchedules: [mbbScheduleId] });
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
      expect(new Set(women.map((g) => atArena(g, wbb).venue))).toEqual(new Set(men.map((g) => atArena(g, mbb).venue)));
      expect(arenaConflicts([...men.map((g) => atArena(g, mbb)), ...women.map((g) => atArena(g, wbb))])).toEqual([]);
    });
  });
}
