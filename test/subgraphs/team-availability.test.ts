// team-availability on its own over HTTP: queries, pagination and filters, mutations, bad arguments, unknown ids,
// the tenant header (RLS), entity resolution and health/readiness.
import { describe, expect, it } from 'vitest';
import { type Data, firstError, KINDS, useSubgraph } from './support.ts';

for (const kind of KINDS) {
  describe(`team-availability subgraph (${kind})`, () => {
    const sub = useSubgraph(kind, 'team-availability');
    const q = sub.q;

    it('serves /health and /ready', async () => {
      const base = sub.sg.url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', service: 'team-availability' });
    });

    it('paginates teams with totals', async () => {
      const res = await q('{ teams(limit: 5, page: 4) { nodes { id name } total page limit totalPages hasNextPage } }');
      expect(res.errors).toBeUndefined();
      expect(res.data!.teams).toMatchObject({ total: 19, page: 4, limit: 5, totalPages: 4, hasNextPage: false });
      expect(res.data!.teams.nodes).toHaveLength(4);
      const past = await q('{ teams(limit: 5, page: 9) { nodes { id } total totalPages } }');
      expect(past.data!.teams).toEqual({ nodes: [], total: 19, totalPages: 4 });
    });

    it('filters teams by sport, season and conference', async () => {
      const res = await q(
        `query($c: ID, $s: ID, $o: ID) {
          big12: teams(conferenceId: $c, limit: 100) { total nodes { conference { abbreviation } } }
          mbb: teams(sportCode: "mbb") { total }
          fb: teams(sportId: "${sub.fx.fb}") { total nodes { name sport { code } } }
          season: teams(seasonId: $s) { total }
          old: teams(seasonId: $o) { total }
        }`,
        { c: String(sub.fx.big12), s: String(sub.fx.season), o: String(sub.fx.oldSeason) },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.big12.total).toBe(17);
      expect(res.data!.big12.nodes.every((n: Data) => n.conference.abbreviation === 'Big 12')).toBe(true);
      expect(res.data!.mbb.total).toBe(18);
      expect(res.data!.fb).toEqual({ total: 1, nodes: [{ name: 'Kansas Football', sport: { code: 'FB' } }] });
      expect(res.data!.season.total).toBe(18);
      expect(res.data!.old.total).toBe(0);
    });

    it('resolves a team with institution, profile and filtered blackouts', async () => {
      const res = await q(
        `query($id: ID!) { team(id: $id) {
          id name abbreviation institution { name city state conference { name } teams { name } }
          sport { name code } profile { maxGamesPerWeek season { name isCurrent } }
          all: blackouts { startDate endDate severity reason }
          soft: blackouts(severity: SOFT) { startDate }
          december: blackouts(from: "2025-12-01", to: "2025-12-31") { blackoutType }
        } }`,
        { id: String(sub.fx.teams[9]) },
      );
      expect(res.errors).toBeUndefined();
      const t = res.data!.team;
      expect(t).toMatchObject({
        id: String(sub.fx.teams[9]),
        name: "Kansas Men's Basketball",
        abbreviation: 'KU',
        institution: { city: 'Lawrence', state: 'KS', conference: { name: 'Big 12 Conference' } },
        sport: { code: 'MBB' },
        profile: { maxGamesPerWeek: 2, season: { name: '2025-26', isCurrent: true } },
      });
      expect(t.institution.teams.map((x: Data) => x.name).sort()).toEqual([
        'Kansas Football',
        "Kansas Men's Basketball",
      ]);
      expect(t.all).toHaveLength(2);
      expect(t.all[0]).toEqual({
        startDate: '2025-12-08',
        endDate: '2025-12-12',
        severity: 'HARD',
        reason: 'Finals week',
      });
      expect(t.soft).toEqual([{ startDate: '2026-01-10' }]);
      expect(t.december).toEqual([{ blackoutType: 'exam' }]);
    });

    it('answers null for unknown ids', async () => {
      const res = await q(
        '{ team(id: "999999") { id } nonNumeric: team(id: "abc") { id } blackout(id: "424242") { id } teamProfile(id: "0") { id } }',
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ team: null, nonNumeric: null, blackout: null, teamProfile: null });
    });

    it('rejects bad arguments with BAD_USER_INPUT naming the argument', async () => {
      const tooMany = await q('{ teams(limit: 101) { total } }');
      expect(firstError(tooMany)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'limit' });
      expect(firstError(tooMany).message).toContain('limit');
      const negative = await q('{ blackouts(limit: -1) { total } }');
      expect(firstError(negative)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'limit' });
      const page0 = await q('{ teams(page: 0) { total } }');
      expect(firstError(page0)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'page' });
      const badDate = await q(`{ team(id: "${sub.fx.teams[0]}") { blackouts(from: "2025-02-30") { id } } }`);
      expect(firstError(badDate)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
      expect(firstError(badDate).message).toContain('2025-02-30');
      const badVar = await q('query($to: Date) { blackouts(to: $to) { total } }', { to: '2025-13-01' });
      expect(firstError(badVar)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
      const reversed = await q('{ blackouts(from: "2026-01-02", to: "2026-01-01") { total } }');
      expect(firstError(reversed)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
      const badId = await q('{ teams(sportId: "x1") { total } }');
      expect(firstError(badId)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'sportId' });
      // x-conference-id is not read at all: without the gateway's signed statement the call is refused (401)
      const badHeader = await q('{ teams { total } }', undefined, {
        'x-conference-id': 'big12',
        'x-flextime-principal': '',
      });
      expect(badHeader.status).toBe(401);
      expect(firstError(badHeader).code).toBe('UNAUTHENTICATED');
    });

    it('creates, updates and deletes blackouts', async () => {
      const teamId = String(sub.fx.teams[2]);
      const created = await q(
        `mutation($input: CreateBlackoutInput!) { createBlackout(input: $input) { id startDate endDate severity blackoutType reason team { id } season { name } } }`,
        {
          input: {
            teamId,
            seasonId: String(sub.fx.season),
            startDate: '2026-02-14',
            endDate: '2026-02-15',
            severity: 'PREFERENCE',
            blackoutType: 'religious',
            reason: 'Test',
          },
        },
      );
      expect(created.errors).toBeUndefined();
      const b = created.data!.createBlackout;
      expect(b).toMatchObject({
        startDate: '2026-02-14',
        severity: 'PREFERENCE',
        team: { id: teamId },
        season: { name: '2025-26' },
      });
      const listed = await q(`{ team(id: "${teamId}") { blackouts(from: "2026-02-01") { id } } }`);
      expect(listed.data!.team.blackouts).toEqual([{ id: b.id }]);

      const updated = await q(
        `mutation { updateBlackout(id: "${b.id}", input: { endDate: "2026-02-16", reason: "Changed" }) { endDate reason } }`,
      );
      expect(updated.data!.updateBlackout).toEqual({ endDate: '2026-02-16', reason: 'Changed' });
      const backwards = await q(`mutation { updateBlackout(id: "${b.id}", input: { endDate: "2026-02-01" }) { id } }`);
      expect(firstError(backwards)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.endDate' });
      const missing = await q('mutation { updateBlackout(id: "987654", input: { reason: "x" }) { id } }');
      expect(missing.errors).toBeUndefined();
      expect(missing.data!.updateBlackout).toBeNull();

      expect((await q(`mutation { deleteBlackout(id: "${b.id}") }`)).data).toEqual({ deleteBlackout: true });
      expect((await q(`mutation { deleteBlackout(id: "${b.id}") }`)).data).toEqual({ deleteBlackout: false });
      expect((await q(`{ blackout(id: "${b.id}") { id } }`)).data).toEqual({ blackout: null });
    });

    it('validates blackout input', async () => {
      const m = 'mutation($input: CreateBlackoutInput!) { createBlackout(input: $input) { id } }';
      const base = { teamId: String(sub.fx.teams[0]), startDate: '2026-03-02', endDate: '2026-03-01' };
      expect(firstError(await q(m, { input: base }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'input.endDate',
      });
      const unknownTeam = await q(m, { input: { ...base, endDate: '2026-03-03', teamId: '99999' } });
      expect(firstError(unknownTeam)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.teamId' });
      const badDate = await q(m, { input: { ...base, startDate: '2026-02-31' } });
      expect(firstError(badDate)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.startDate' });
      const defaults = await q(
        'mutation($input: CreateBlackoutInput!) { createBlackout(input: $input) { severity blackoutType } }',
        { input: { ...base, endDate: '2026-03-03' } },
      );
      expect(defaults.data!.createBlackout).toEqual({ severity: 'HARD', blackoutType: 'other' });
      const foreignTenant = await q(
        m,
        { input: { ...base, endDate: '2026-03-03' } },
        { 'x-conference-id': String(sub.fx.other) },
      );
      expect(firstError(foreignTenant).code).toBe('FORBIDDEN');
      expect(firstError(foreignTenant).message).not.toMatch(/insert into/i);
      const badType = await q(m, { input: { ...base, endDate: '2026-03-03', blackoutType: 'party' } });
      expect(firstError(badType)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.blackoutType' });
    });

    it('creates, updates and deletes team profiles', async () => {
      const teamId = String(sub.fx.teams[5]);
      const create = `mutation($input: CreateTeamProfileInput!) { createTeamProfile(input: $input) { id maxGamesPerWeek minRestDays season { name } sport { code } team { id } } }`;
      const created = await q(create, {
        input: { teamId, seasonId: String(sub.fx.oldSeason), maxGamesPerWeek: 3, minRestDays: 2 },
      });
      expect(created.errors).toBeUndefined();
      const p = created.data!.createTeamProfile;
      expect(p).toMatchObject({
        maxGamesPerWeek: 3,
        minRestDays: 2,
        season: { name: '2024-25' },
        sport: { code: 'MBB' },
      });
      const dup = await q(create, { input: { teamId, seasonId: String(sub.fx.oldSeason) } });
      expect(firstError(dup)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.seasonId' });
      const bad = await q(create, { input: { teamId, seasonId: String(sub.fx.season), maxGamesPerWeek: 0 } });
      expect(firstError(bad)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.maxGamesPerWeek' });

      const updated = await q(
        `mutation { updateTeamProfile(id: "${p.id}", input: { notes: "n", maxGamesPerWeek: 4 }) { notes maxGamesPerWeek } }`,
      );
      expect(updated.data!.updateTeamProfile).toEqual({ notes: 'n', maxGamesPerWeek: 4 });
      const both = await q(
        `{ team(id: "${teamId}") { profiles { season { name } } profile(seasonId: "${sub.fx.oldSeason}") { id } } }`,
      );
      expect(both.data!.team.profiles).toHaveLength(2);
      expect(both.data!.team.profile).toEqual({ id: p.id });
      expect((await q(`mutation { deleteTeamProfile(id: "${p.id}") }`)).data).toEqual({ deleteTeamProfile: true });
      expect((await q(`{ teamProfile(id: "${p.id}") { id } }`)).data).toEqual({ teamProfile: null });
    });

    it('filters rows by the tenant header (RLS on app.conference_id)', async () => {
      const query = '{ blackouts(limit: 100) { total nodes { team { conference { id } } } } }';
      const all = await q(query);
      const big12 = await q(query, undefined, { 'x-conference-id': String(sub.fx.big12) });
      const other = await q(query, undefined, { 'x-conference-id': String(sub.fx.other) });
      expect(all.data!.blackouts.total).toBe(37);
      expect(big12.data!.blackouts.total).toBe(33);
      expect(other.data!.blackouts.total).toBe(4);
      expect(other.data!.blackouts.nodes.every((n: Data) => n.team.conference.id === String(sub.fx.other))).toBe(true);
      // a team of another conference keeps its identity (shared_data) but shows none of its blackouts
      const foreign = await q(`{ team(id: "${sub.fx.teams[0]}") { name blackouts { id } } }`, undefined, {
        'x-conference-id': String(sub.fx.other),
      });
      expect(foreign.data!.team.blackouts).toEqual([]);
    });

    it('resolves Team and Institution references in key order, unknown keys as null', async () => {
      const res = await q(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Team { id name blackouts { id } } ... on Institution { id name } } }`,
        {
          r: [
            { __typename: 'Team', id: String(sub.fx.teams[1]) },
            { __typename: 'Team', id: '999999' },
            { __typename: 'Institution', id: String(sub.fx.institutions[0]) },
            { __typename: 'Team', id: String(sub.fx.teams[0]) },
          ],
        },
      );
      expect(res.errors).toBeUndefined();
      const e = res.data!._entities;
      expect(e[0]).toMatchObject({ id: String(sub.fx.teams[1]) });
      expect(e[0].blackouts).toHaveLength(2);
      expect(e[1]).toBeNull();
      expect(e[2]).toMatchObject({ id: String(sub.fx.institutions[0]) });
      expect(e[3]).toMatchObject({ id: String(sub.fx.teams[0]), name: "Arizona Men's Basketball" });
    });

    it('lists reference data', async () => {
      const res = await q('{ sports { code } seasons { name isCurrent } conferences { abbreviation } }');
      expect(res.data!.sports.map((s: Data) => s.code).sort()).toEqual(['FB', 'MBB']);
      expect(res.data!.seasons).toHaveLength(2);
      expect(res.data!.conferences.map((c: Data) => c.abbreviation).sort()).toEqual(['Big 12', 'MWC']);
    });
  });
}
