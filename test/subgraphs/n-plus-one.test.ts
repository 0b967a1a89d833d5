// No N+1: a schedule query with every game's home team (+ blackouts), away team and venue costs the same number of
// SQL statements for 10 and for 150 games, and that number equals the subgraph fetches of the gateway's query plan.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryEvent } from '../../db/index.ts';
import { createGatewayApp, type GatewayApp } from '../../gateway/server.ts';
import { testAuth } from '../support/auth.ts';
import {
  countFetches,
  createTestDb,
  type Fixture,
  gql,
  insertFixture,
  KINDS,
  type Stack,
  startStack,
  type TestDb,
} from './support.ts';

const QUERY = /* GraphQL */ `
  query ScheduleWithEverything($id: ID!) {
    schedule(id: $id) {
      id
      name
      games {
        id
        date
        home { name blackouts { startDate } }
        away { name }
        venue { name capacity }
      }
    }
  }
`;

for (const kind of KINDS) {
  describe(`no N+1 across the supergraph (${kind})`, () => {
    let tdb: TestDb;
    let fx: Fixture;
    let stack: Stack;
    let flextime: GatewayApp;
    let flextimeUrl: string;
    const events: QueryEvent[] = [];
    let recording = false;

    beforeAll(async () => {
      tdb = await createTestDb(kind, (e) => {
        // the audit rows these reads without a conference write (subgraphs/kit/audit.ts) are not data statements
        if (recording && e.service !== 'admin' && !e.sql.includes('"audit".')) events.push(e);
      });
      fx = await insertFixture(tdb.db);
      stack = await startStack(tdb.db);
      // the FlexTime gateway (gateway/server.ts) over the same supergraph and subgraphs
      flextime = await createGatewayApp({
        supergraphSdl: stack.supergraphSdl,
        subgraphUrls: Object.fromEntries(stack.subgraphs.map((sg) => [sg.name, sg.url])),
        logger: pino({ level: 'silent' }),
        defaultMetrics: false,
        auth: testAuth(),
      });
      flextimeUrl = await flextime.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await flextime?.close();
      await stack?.stop();
      await tdb?.dispose();
    });

    /** Runs the query through the reference Apollo Gateway (which records its query plan) or the FlexTime gateway. */
    async function measure(scheduleId: number, via: 'apollo' | 'flextime' = 'apollo') {
      events.length = 0;
      stack.plans.length = 0;
      recording = true;
      const res = await gql<{ schedule: { games: { home: { name: string; blackouts: unknown[] } }[] } }>(
        via === 'apollo' ? stack.gatewayUrl : flextimeUrl,
        QUERY,
        { id: String(scheduleId) },
      );
      recording = false;
      expect(res.errors).toBeUndefined();
      const fetches = via === 'apollo' ? countFetches(stack.plans[0]!.node) : Number.NaN;
      if (via === 'apollo') expect(stack.plans).toHaveLength(1);
      return { res, statements: events.length, fetches, events: [...events] };
    }

    it('returns every game with teams, blackouts and venues', async () => {
      const { res } = await measure(fx.schedule150);
      const games = res.data!.schedule.games;
      expect(games).toHaveLength(150);
      for (const g of games) {
        expect(g.home.name).toMatch(/Men's Basketball$/);
        expect(g.home.blackouts.length).toBe(2);
      }
    });

    it('issues the same number of SQL statements for 10 and 150 games, one per subgraph fetch', async () => {
      const small = await measure(fx.schedule10);
      const large = await measure(fx.schedule150);
      expect(small.res.data!.schedule.games).toHaveLength(10);
      expect(large.res.data!.schedule.games).toHaveLength(150);
      // schedule-generation (games with their teams' names: Game.home/away @provides Team.name), then
      // team-availability (home blackouts) and venue-management; the away team needs no fetch of its own
      expect(large.fetches).toBe(3);
      expect(small.fetches).toBe(large.fetches);
      expect(large.statements).toBe(small.statements);
      expect(large.statements).toBe(large.fetches);
      const byService = (evts: QueryEvent[]) =>
        evts.reduce<Record<string, number>>((acc, e) => {
          acc[e.service] = (acc[e.service] ?? 0) + 1;
          return acc;
        }, {});
      expect(byService(large.events)).toEqual({
        'schedule-generation': 1,
        'team-availability': 1,
        'venue-management': 1,
      });
    });

    it('keeps one statement per fetch for teams with venues, next games and their opponents', async () => {
      const TEAMS = `query($limit: Int) { teams(sportCode: "MBB", limit: $limit) { nodes {
        name homeVenue { name capacity } constraintProfile { name }
        games(first: 3) { date home { name } away { name } venue { name } }
      } } }`;
      const run = async (limit: number) => {
        events.length = 0;
        stack.plans.length = 0;
        recording = true;
        const res = await gql<{ teams: { nodes: { games: unknown[] }[] } }>(stack.gatewayUrl, TEAMS, { limit });
        recording = false;
        expect(res.errors).toBeUndefined();
        return { res, statements: events.length, fetches: countFetches(stack.plans[0]!.node) };
      };
      const few = await run(3);
      const all = await run(18);
      expect(few.res.data!.teams.nodes).toHaveLength(3);
      expect(all.res.data!.teams.nodes).toHaveLength(18);
      expect(all.res.data!.teams.nodes[0]!.games).toHaveLength(3);
      expect(all.statements).toBe(few.statements);
      expect(all.statements).toBe(all.fetches);
    });

    it('costs the same statements through the FlexTime gateway', async () => {
      const reference = await measure(fx.schedule150);
      const small = await measure(fx.schedule10, 'flextime');
      const large = await measure(fx.schedule150, 'flextime');
      expect(large.res.data!.schedule.games).toHaveLength(150);
      expect(small.statements).toBe(reference.fetches);
      expect(large.statements).toBe(reference.fetches);
    });
  });
}
