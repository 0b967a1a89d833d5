// Cross-service behaviour through a real Apollo Gateway over HTTP: entity fields from every service in one query,
// mutations of one service visible through another's entities, tenant header propagation, errors and nulls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDb,
  type Data,
  type Fixture,
  firstError,
  gql,
  insertFixture,
  KINDS,
  type Stack,
  startStack,
  type TestDb,
} from './support.ts';

for (const kind of KINDS) {
  describe(`the supergraph over a real gateway (${kind})`, () => {
    let tdb: TestDb;
    let fx: Fixture;
    let stack: Stack;
    const q = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
      gql<Data>(stack.gatewayUrl, query, variables, headers);

    beforeAll(async () => {
      tdb = await createTestDb(kind);
      fx = await insertFixture(tdb.db);
      stack = await startStack(tdb.db);
    });
    afterAll(async () => {
      await stack?.stop();
      await tdb?.dispose();
    });

    it('joins all four services in one query', async () => {
      const res = await q(
        `query($id: ID!) { team(id: $id) {
          name homeVenue { name capacity games(first: 1) { date } }
          constraintProfile { name }
          games(first: 2) { date schedule { name evaluation { status } } home { abbreviation } venue { name } }
        } }`,
        { id: String(fx.teams[0]) },
      );
      expect(res.errors).toBeUndefined();
      const t = res.data!.team;
      expect(t.homeVenue).toMatchObject({ name: 'Arizona Arena', capacity: 10000 });
      expect(t.homeVenue.games).toHaveLength(1);
      expect(t.constraintProfile).toEqual({ name: 'Big 12 MBB default' });
      expect(t.games).toHaveLength(2);
      expect(t.games[0]).toMatchObject({ home: { abbreviation: 'ARIZ' }, venue: { name: 'Arizona Arena' } });
      expect(['failed', null]).toContain(t.games[0].schedule.evaluation?.status ?? null);
    });

    it("shows one service's mutation through another service's entities in the next query", async () => {
      const created = await q(`mutation($input: CreateBlackoutInput!) { createBlackout(input: $input) { id } }`, {
        input: {
          teamId: String(fx.teams[1]),
          startDate: '2026-01-05',
          endDate: '2026-01-05',
          reason: 'Federation test',
        },
      });
      expect(created.errors).toBeUndefined();
      const game = await q(
        `mutation($input: CreateGameInput!) { createGame(input: $input) { id home { name blackouts(from: "2026-01-05", to: "2026-01-05") { reason } } } }`,
        {
          input: {
            scheduleId: String(fx.schedule10),
            homeTeamId: String(fx.teams[1]),
            awayTeamId: String(fx.teams[2]),
            venueId: String(fx.venues[1]),
            date: '2026-01-05',
          },
        },
      );
      expect(game.errors).toBeUndefined();
      expect(game.data!.createGame.home.blackouts).toEqual([{ reason: 'Federation test' }]);
      const after = await q(
        `query($id: ID!) { schedule(id: $id) { gameCount games { id home { blackouts(from: "2026-01-05", to: "2026-01-05") { reason } } } } }`,
        { id: String(fx.schedule10) },
      );
      expect(after.data!.schedule.gameCount).toBe(11);
      const mine = after.data!.schedule.games.find((g: Data) => g.id === game.data!.createGame.id);
      expect(mine.home.blackouts).toEqual([{ reason: 'Federation test' }]);
    });

    it("names a game's teams as team-availability does, on reads and in a mutation's answer", async () => {
      // Game.home/away provide Team.name from schedule-generation; the names must be team-availability's own.
      const [home, away, other] = [fx.teams[3], fx.teams[4], fx.teams[5]].map(String);
      const names = await q(
        `{ h: team(id: "${home}") { name } a: team(id: "${away}") { name } o: team(id: "${other}") { name } }`,
      );
      expect(names.errors).toBeUndefined();
      const { h, a, o } = names.data!;
      const created = await q(
        `mutation($input: CreateGameInput!) { createGame(input: $input) { id home { id name } away { id name } } }`,
        { input: { scheduleId: String(fx.schedule150), homeTeamId: home, awayTeamId: away, date: '2026-03-01' } },
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.createGame.id;
      expect(created.data!.createGame).toMatchObject({
        home: { id: home, name: h.name },
        away: { id: away, name: a.name },
      });
      const updated = await q(
        `mutation($id: ID!) { updateGame(id: $id, input: { awayTeamId: "${other}" }) { away { name } } }`,
        { id },
      );
      expect(updated.data!.updateGame).toEqual({ away: { name: o.name } });
      const read = await q('query($id: ID!) { game(id: $id) { home { name } away { name abbreviation } } }', { id });
      expect(read.data!.game).toMatchObject({ home: { name: h.name }, away: { name: o.name } });
      expect((await q('mutation($id: ID!) { deleteGame(id: $id) }', { id })).data!.deleteGame).toBe(true);
    });

    it('propagates the tenant header to every subgraph', async () => {
      const query = `query($id: ID!) { team(id: $id) { blackouts { id } homeVenue { capacity } constraintProfile { name } } schedules { total } }`;
      const own = await q(query, { id: String(fx.teams[0]) }, { 'x-conference-id': String(fx.big12) });
      const foreign = await q(query, { id: String(fx.teams[0]) }, { 'x-conference-id': String(fx.other) });
      expect(own.data!.team.blackouts.length).toBeGreaterThan(0);
      expect(own.data!.team.homeVenue.capacity).toBe(10000);
      expect(own.data!.schedules.total).toBe(2);
      // every service's rows of another conference are hidden (RLS); identities in shared_data stay visible
      expect(foreign.data!.team).toEqual({ blackouts: [], homeVenue: null, constraintProfile: null });
      expect(foreign.data!.schedules.total).toBe(1);
    });

    it('passes BAD_USER_INPUT naming the argument and answers null for unknown ids', async () => {
      const bad = await q(
        `{ venue(id: "${fx.venues[0]}") { availability(from: "2026-02-30", to: "2026-03-01") { date } } }`,
      );
      expect(firstError(bad)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
      const negative = await q('{ schedules(limit: -1) { total } }');
      expect(firstError(negative)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'limit' });
      const unknown = await q(
        '{ team(id: "999999") { name homeVenue { name } } schedule(id: "999999") { evaluation { status } } }',
      );
      expect(unknown.errors).toBeUndefined();
      expect(unknown.data).toEqual({ team: null, schedule: null });
    });
  });
}
