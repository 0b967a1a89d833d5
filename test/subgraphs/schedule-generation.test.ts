// schedule-generation on its own over HTTP: schedules, games, versions, requests, algorithms, the Team.games and
// Venue.games it adds, mutations, bad arguments, unknown ids and the tenant header.
import { describe, expect, it } from 'vitest';
import { type Data, firstError, KINDS, useSubgraph } from './support.ts';

for (const kind of KINDS) {
  describe(`schedule-generation subgraph (${kind})`, () => {
    const sub = useSubgraph(kind, 'schedule-generation');
    const q = sub.q;

    it('lists schedules filtered by sport, season, conference and status', async () => {
      const res = await q(
        `query($c: ID, $s: ID, $o: ID) {
          all: schedules { total nodes { name status sport { code } season { name } conference { abbreviation } gameCount } }
          big12: schedules(conferenceId: $c, seasonId: $s, sportCode: "MBB") { total }
          old: schedules(seasonId: $o) { total }
          published: schedules(status: PUBLISHED) { total }
          paged: schedules(limit: 2, page: 2) { nodes { name } totalPages hasNextPage }
        }`,
        { c: String(sub.fx.big12), s: String(sub.fx.season), o: String(sub.fx.oldSeason) },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.all.total).toBe(3);
      const full = res.data!.all.nodes.find((n: Data) => n.name === '2025-26 Big 12 MBB (full)');
      expect(full).toMatchObject({
        status: 'DRAFT',
        sport: { code: 'MBB' },
        season: { name: '2025-26' },
        gameCount: 150,
      });
      expect(res.data!.big12.total).toBe(2);
      expect(res.data!.old.total).toBe(0);
      expect(res.data!.published.total).toBe(0);
      expect(res.data!.paged).toEqual({ nodes: [expect.any(Object)], totalPages: 2, hasNextPage: false });
    });

    it('resolves a schedule with ordered games referencing teams and venues', async () => {
      const res = await q(
        `query($id: ID!) { schedule(id: $id) { id name gameCount games { id date slot home { id } away { id } venue { id } status gameType } } }`,
        { id: String(sub.fx.schedule10) },
      );
      expect(res.errors).toBeUndefined();
      const s = res.data!.schedule;
      expect(s.gameCount).toBe(10);
      expect(s.games).toHaveLength(10);
      expect(s.games[0]).toMatchObject({
        date: '2026-01-03',
        slot: 1,
        home: { id: String(sub.fx.teams[0]) },
        status: 'scheduled',
        gameType: 'conference',
      });
      const dates = s.games.map((g: Data) => g.date);
      expect([...dates].sort()).toEqual(dates);
    });

    it('pages and filters games', async () => {
      const res = await q(
        `query($t: ID, $v: ID, $s: ID) {
          byTeam: games(teamId: $t, scheduleId: $s, limit: 100) { total nodes { home { id } away { id } } }
          byVenue: games(venueId: $v, limit: 5) { total totalPages nodes { venue { id } } }
          window: games(from: "2026-01-03", to: "2026-01-03", scheduleId: $s) { total }
        }`,
        { t: String(sub.fx.teams[1]), v: String(sub.fx.venues[0]), s: String(sub.fx.schedule150) },
      );
      expect(res.errors).toBeUndefined();
      // in the 150-game schedule team 1 plays its 15 home games and 10 away games (vs teams 0, 2…10 as home)
      const byTeam = res.data!.byTeam;
      expect(
        byTeam.nodes.every((g: Data) => g.home.id === String(sub.fx.teams[1]) || g.away.id === String(sub.fx.teams[1])),
      ).toBe(true);
      expect(byTeam.total).toBe(byTeam.nodes.length);
      // venue 0 hosts team 0's home games: 10 in the 10-game schedule, 15 in the 150-game one
      expect(res.data!.byVenue.total).toBe(25);
      expect(res.data!.window.total).toBe(8);
    });

    it('adds Team.games and Venue.games (first N by date, per parent, in one batch)', async () => {
      const res = await q(
        `query($r: [_Any!]!, $s: ID) { _entities(representations: $r) {
          ... on Team { id games(scheduleId: $s, first: 2) { date home { id } away { id } } }
          ... on Venue { id games(scheduleId: $s, from: "2026-01-04") { date } }
        } }`,
        {
          r: [
            { __typename: 'Team', id: String(sub.fx.teams[0]) },
            { __typename: 'Team', id: String(sub.fx.teams[15]) },
            { __typename: 'Venue', id: String(sub.fx.venues[0]) },
          ],
          s: String(sub.fx.schedule150),
        },
      );
      expect(res.errors).toBeUndefined();
      const [t0, t15, v0] = res.data!._entities;
      expect(t0.games).toHaveLength(2);
      expect(t15.games).toHaveLength(2);
      expect(
        t15.games.every((g: Data) => g.home.id === String(sub.fx.teams[15]) || g.away.id === String(sub.fx.teams[15])),
      ).toBe(true);
      expect(v0.games.every((g: Data) => g.date >= '2026-01-04')).toBe(true);
      const badFirst = await q(
        `{ _entities(representations: [{ __typename: "Team", id: "1" }]) { ... on Team { games(first: 0) { id } } } }`,
      );
      expect(firstError(badFirst)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    });

    it("Team.games lists each team's games in date order, the same as Query.games by team, cut at first", async () => {
      const teams = [sub.fx.teams[0], sub.fx.teams[7]].map(String);
      const byTeam = await q(
        `query($r: [_Any!]!, $s: ID) { _entities(representations: $r) {
          ... on Team { all: games(scheduleId: $s) { id } firstThree: games(first: 3, from: "2026-01-05") { id date } }
        } }`,
        { r: teams.map((id) => ({ __typename: 'Team', id })), s: String(sub.fx.schedule150) },
      );
      expect(byTeam.errors).toBeUndefined();
      for (const [i, teamId] of teams.entries()) {
        const listed = await q(
          `query($t: ID, $s: ID) { inSchedule: games(teamId: $t, scheduleId: $s, limit: 100) { total nodes { id } }
            fromDay: games(teamId: $t, from: "2026-01-05", limit: 3) { nodes { id } } }`,
          { t: teamId, s: String(sub.fx.schedule150) },
        );
        const entity = byTeam.data!._entities[i];
        expect(entity.all.length).toBeGreaterThan(3);
        expect(entity.firstThree).toHaveLength(3);
        expect(entity.all.length).toBe(listed.data!.inSchedule.total);
        expect(entity.all).toEqual(listed.data!.inSchedule.nodes);
        expect(entity.firstThree.map((g: Data) => ({ id: g.id }))).toEqual(listed.data!.fromDay.nodes);
        expect(entity.firstThree.every((g: Data) => g.date >= '2026-01-05')).toBe(true);
      }
    });

    it('creates, updates and deletes schedules and games', async () => {
      const created = await q(
        `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id name status conference { id } games { id } gameCount } }`,
        {
          input: {
            name: 'Test schedule',
            sportId: String(sub.fx.mbb),
            seasonId: String(sub.fx.season),
            conferenceId: String(sub.fx.big12),
          },
        },
      );
      expect(created.errors).toBeUndefined();
      const s = created.data!.createSchedule;
      expect(s).toMatchObject({
        name: 'Test schedule',
        status: 'DRAFT',
        conference: { id: String(sub.fx.big12) },
        games: [],
        gameCount: 0,
      });

      const game = await q(
        `mutation($input: CreateGameInput!) { createGame(input: $input) { id date startTime home { id } away { id } venue { id } schedule { id } } }`,
        {
          input: {
            scheduleId: s.id,
            homeTeamId: String(sub.fx.teams[9]),
            awayTeamId: String(sub.fx.teams[8]),
            venueId: String(sub.fx.venues[9]),
            date: '2026-02-07',
            startTime: '19:00',
          },
        },
      );
      expect(game.errors).toBeUndefined();
      const g = game.data!.createGame;
      expect(g).toMatchObject({
        date: '2026-02-07',
        startTime: '19:00:00',
        home: { id: String(sub.fx.teams[9]) },
        schedule: { id: s.id },
      });

      const moved = await q(
        `mutation { updateGame(id: "${g.id}", input: { date: "2026-02-08", status: "confirmed" }) { date status } }`,
      );
      expect(moved.data!.updateGame).toEqual({ date: '2026-02-08', status: 'confirmed' });
      const renamed = await q(
        `mutation { updateSchedule(id: "${s.id}", input: { name: "Renamed", status: PUBLISHED }) { name status gameCount } }`,
      );
      expect(renamed.data!.updateSchedule).toEqual({ name: 'Renamed', status: 'PUBLISHED', gameCount: 1 });
      expect((await q('mutation { updateSchedule(id: "987654", input: { name: "x" }) { id } }')).data).toEqual({
        updateSchedule: null,
      });

      expect((await q(`mutation { deleteGame(id: "${g.id}") }`)).data).toEqual({ deleteGame: true });
      expect((await q(`{ game(id: "${g.id}") { id } }`)).data).toEqual({ game: null });
      expect((await q(`mutation { deleteSchedule(id: "${s.id}") }`)).data).toEqual({ deleteSchedule: true });
      expect((await q(`mutation { deleteSchedule(id: "${s.id}") }`)).data).toEqual({ deleteSchedule: false });
      expect((await q(`{ schedule(id: "${s.id}") { id } }`)).data).toEqual({ schedule: null });
    });

    it('rejects bad mutation input with BAD_USER_INPUT naming the field', async () => {
      const m = 'mutation($input: CreateGameInput!) { createGame(input: $input) { id } }';
      const base = {
        scheduleId: String(sub.fx.schedule10),
        homeTeamId: String(sub.fx.teams[0]),
        awayTeamId: String(sub.fx.teams[1]),
        date: '2026-02-01',
      };
      const cases: [Record<string, unknown>, string][] = [
        [{ date: '2026-02-30' }, 'input.date'],
        [{ awayTeamId: String(sub.fx.teams[0]) }, 'input.awayTeamId'],
        [{ homeTeamId: '99999' }, 'input.homeTeamId'],
        [{ scheduleId: '99999' }, 'input.scheduleId'],
        [{ venueId: '99999' }, 'input.venueId'],
        [{ startTime: '25:00' }, 'input.startTime'],
        [{ status: 'maybe' }, 'input.status'],
      ];
      for (const [patch, argumentName] of cases) {
        expect(firstError(await q(m, { input: { ...base, ...patch } }))).toMatchObject({
          code: 'BAD_USER_INPUT',
          argumentName,
        });
      }
      const sched = 'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }';
      const sBase = {
        name: 'x',
        sportId: String(sub.fx.mbb),
        seasonId: String(sub.fx.season),
        conferenceId: String(sub.fx.big12),
      };
      expect(firstError(await q(sched, { input: { ...sBase, sportId: '777' } }))).toMatchObject({
        argumentName: 'input.sportId',
      });
      expect(firstError(await q(sched, { input: { ...sBase, name: '  ' } }))).toMatchObject({
        argumentName: 'input.name',
      });
      expect(
        firstError(await q(sched, { input: { ...sBase, startDate: '2026-03-01', endDate: '2026-01-01' } })),
      ).toMatchObject({ argumentName: 'input.endDate' });
      const badLimit = await q('{ games(limit: 101) { total } }');
      expect(firstError(badLimit)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'limit' });
      const badEnum = await q('{ schedules(status: FINISHED) { total } }');
      expect(badEnum.status).toBe(400);
    });

    it('records generation requests and lists algorithms', async () => {
      const created = await q(
        `mutation($input: CreateGenerationRequestInput!) { createGenerationRequest(input: $input) { id name status sport { code } parameters jobs { id } } }`,
        {
          input: {
            name: 'MBB 2025-26',
            sportId: String(sub.fx.mbb),
            seasonId: String(sub.fx.season),
            conferenceId: String(sub.fx.big12),
            parameters: { seed: 7 },
          },
        },
      );
      expect(created.errors).toBeUndefined();
      const r = created.data!.createGenerationRequest;
      expect(r).toMatchObject({
        name: 'MBB 2025-26',
        status: 'pending',
        sport: { code: 'MBB' },
        parameters: { seed: 7 },
        jobs: [],
      });
      const listed = await q(
        '{ generationRequests(status: "pending") { total nodes { id } } generationRequest(id: "5555") { id } algorithms { name } }',
      );
      expect(listed.errors).toBeUndefined();
      expect(listed.data!.generationRequests.nodes).toEqual([{ id: r.id }]);
      expect(listed.data!.generationRequest).toBeNull();
      expect(Array.isArray(listed.data!.algorithms)).toBe(true);
    });

    it('answers null for unknown ids and filters by the tenant header (RLS)', async () => {
      const unknown = await q('{ schedule(id: "424242") { id } game(id: "x") { id } }');
      expect(unknown.data).toEqual({ schedule: null, game: null });
      const other = await q(
        '{ schedules { total nodes { conference { abbreviation } } } games(limit: 100) { total } }',
        undefined,
        {
          'x-conference-id': String(sub.fx.other),
        },
      );
      expect(other.data!.schedules.total).toBe(1);
      expect(other.data!.schedules.nodes[0].conference.abbreviation).toBe('MWC');
      expect(other.data!.games.total).toBe(1);
      const hidden = await q(`{ schedule(id: "${sub.fx.schedule10}") { id } }`, undefined, {
        'x-conference-id': String(sub.fx.other),
      });
      expect(hidden.data).toEqual({ schedule: null });
    });
  });
}
