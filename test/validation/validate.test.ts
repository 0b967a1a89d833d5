// validate through the gateway (GraphQL and REST): inline games and stored schedules against the stored Big 12
// constraint profile (engine evaluators configured from the templates), per-constraint results with the games
// involved, hard/soft counts and recommendations; stored runs show in Schedule.evaluation / Schedule.violations;
// a blackout added through the API is reported by the next evaluation, and the team.blackouts.changed event
// re-evaluates the affected stored schedule by itself. PGlite always, real Postgres when DATABASE_URL is set.
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG12_MBB_TEAMS, big12MbbProblem, optimizeSchedule } from '../../scheduling/index.ts';
import { type Background, startBackground } from '../../subgraphs/background.ts';
import { announceChange } from '../../subgraphs/kit/events/announce.ts';
import { MemoryEventBus, setEventBus } from '../../subgraphs/kit/events/index.ts';
import { DB_KINDS } from '../support/db.ts';
import { type TestStack as Stack, startTestStack, waitFor } from '../support/stack.ts';

const VALIDATE = `mutation($input: ValidateScheduleInput!) {
  validateSchedule(input: $input) {
    overallStatus totalViolations hardViolations softViolations softPenalty feasible stored versionId
    schedule { id }
    profile { id name }
    recommendations
    results {
      template { id name } name type severity status penalty weight violationCount
      violations { message teams { id abbreviation } games { game { id } date home { id abbreviation } away { id } } }
    }
  }
}`;

type Check = {
  template: { id: string; name: string } | null;
  name: string;
  type: string;
  severity: 'HARD' | 'SOFT';
  status: string;
  violationCount: number;
  violations: Array<{
    message: string;
    teams: Array<{ id: string }>;
    games: Array<{
      game: { id: string } | null;
      date: string;
      home: { id: string; abbreviation: string };
      away: { id: string };
    }>;
  }>;
};
type Report = {
  overallStatus: string;
  totalViolations: number;
  hardViolations: number;
  softViolations: number;
  feasible: boolean;
  stored: boolean;
  schedule: { id: string } | null;
  profile: { id: string; name: string };
  recommendations: string[];
  results: Check[];
};

for (const kind of DB_KINDS) {
  describe(`validate (${kind})`, () => {
    let stack: Stack;
    let background: Background;
    let sportId: string;
    let teamId: Map<string, string>;
    let games: Array<{ homeTeamId: string; awayTeamId: string; date: string }>;

    beforeAll(async () => {
      stack = await startTestStack({
        kind,
        redisPrefix: 'cache',
        limits: { subgraphTimeoutMs: 30_000 },
        defaultMetrics: false,
      });
      setEventBus(new MemoryEventBus());
      background = await startBackground({ db: stack.db, logger: pino({ level: 'silent' }), jobs: false });
      const t = await stack.gql<{
        teams: { nodes: Array<{ id: string; abbreviation: string; sport: { id: string } }> };
      }>('{ teams(sportCode: "MBB", limit: 100) { nodes { id abbreviation sport { id } } } }');
      sportId = t.data.teams.nodes[0].sport.id;
      teamId = new Map(t.data.teams.nodes.map((n) => [n.abbreviation, n.id]));
      const fixture = optimizeSchedule(big12MbbProblem(), { iterations: 30_000, seed: 3 });
      games = fixture.games.map((g) => ({
        homeTeamId: teamId.get(String(BIG12_MBB_TEAMS[g.home].id)) as string,
        awayTeamId: teamId.get(String(BIG12_MBB_TEAMS[g.away].id)) as string,
        date: fixture.slots[g.slot].date as string,
      }));
    });
    afterAll(async () => {
      await background?.stop();
      await stack?.stop();
      setEventBus(null);
    });

    it('judges inline games: one result per constraint of the profile, counts consistent, violations with games', async () => {
      const r = await stack.gql<{ validateSchedule: Report }>(VALIDATE, {
        input: { games, sportId, seasonId: '2' },
      });
      const rep = r.data.validateSchedule;
      expect(rep.profile.name).toMatch(/Big 12 Men's Basketball 2025-26/);
      expect(rep.stored).toBe(false);
      const types = rep.results.map((c) => c.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'max_consecutive_away',
          'home_away_balance_window',
          'rematch_separation',
          'blackout_dates',
          'venue_unavailability',
          'rest_days',
        ]),
      );
      expect(types).toContain('round_robin_format'); // the 18-game format is a hard rule like any other, checked too
      for (const c of rep.results) {
        expect(c.template?.name).toBe(c.name);
        expect(c.violationCount).toBe(c.violations.length);
        expect(c.status).toBe(c.violations.length > 0 && c.type !== 'travel_distance' ? 'failed' : c.status);
        for (const v of c.violations.filter((x) => x.games.length)) {
          for (const g of v.games)
            expect(games.some((x) => x.date === g.date && x.homeTeamId === g.home.id)).toBe(true);
        }
      }
      const hard = rep.results.filter((c) => c.severity === 'HARD').reduce((n, c) => n + c.violationCount, 0);
      const soft = rep.results.filter((c) => c.severity === 'SOFT').reduce((n, c) => n + c.violationCount, 0);
      expect(rep.hardViolations).toBe(hard);
      expect(rep.softViolations).toBe(soft);
      expect(rep.totalViolations).toBe(hard + soft);
      expect(rep.feasible).toBe(hard === 0);
      expect(rep.overallStatus).toBe(hard > 0 ? 'failed' : soft > 0 ? 'warning' : 'passed');
      expect(rep.recommendations.length).toBeGreaterThan(0);

      // a second run is served from the read-through cache; the counters show in the gateway's /metrics
      await stack.gql(VALIDATE, { input: { games, sportId, seasonId: '2' } });
      const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/flextime_cache_requests_total\{cache="templates",result="hit"\} [1-9]/);
      expect(metrics).toMatch(/flextime_cache_requests_total\{cache="availability",result="miss"\} [1-9]/);
    });

    it('reports a rest-day violation with the two games involved', async () => {
      const [a, b, c] = ['KU', 'KSU', 'ISU'].map((x) => teamId.get(x) as string);
      const r = await stack.gql<{ validateSchedule: Report }>(VALIDATE, {
        input: {
          sportId,
          seasonId: '2',
          games: [
            { homeTeamId: a, awayTeamId: b, date: '2026-01-13' },
            { homeTeamId: c, awayTeamId: a, date: '2026-01-14' },
          ],
        },
      });
      const rest = r.data.validateSchedule.results.find((x) => x.type === 'rest_days') as Check;
      expect(rest.status).toBe('failed');
      expect(rest.severity).toBe('HARD');
      const v = rest.violations.find((x) => x.teams.some((t) => t.id === a));
      expect(v?.games.map((g) => g.date).sort()).toEqual(['2026-01-13', '2026-01-14']);
      expect(r.data.validateSchedule.overallStatus).toBe('failed');
      expect(r.data.validateSchedule.recommendations.join(' ')).toMatch(/rest/i);
    });

    it('rejects bad requests with clear errors', async () => {
      const none = await stack.gql(VALIDATE, { input: { sportId } }, { allowErrors: true });
      expect(none.errors?.[0].message).toMatch(/scheduleId or games/);
      expect(none.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const [a, b, c] = ['KU', 'KSU', 'ISU'].map((x) => teamId.get(x) as string);
      const twice = await stack.gql(
        VALIDATE,
        {
          input: {
            sportId,
            games: [
              { homeTeamId: a, awayTeamId: b, date: '2026-01-13' },
              { homeTeamId: c, awayTeamId: a, date: '2026-01-13' },
            ],
          },
        },
        { allowErrors: true },
      );
      expect(twice.errors?.[0].message).toMatch(/has two games on 2026-01-13/);
      const stranger = await stack.gql(
        VALIDATE,
        { input: { sportId, games: [{ homeTeamId: '999999', awayTeamId: a, date: '2026-01-13' }] } },
        { allowErrors: true },
      );
      expect(stranger.errors?.[0].message).toMatch(/team 999999 is not a team of sport/);
      const unknown = await stack.gql(VALIDATE, { input: { scheduleId: '999999' } }, { allowErrors: true });
      expect(unknown.errors?.[0].message).toMatch(/no schedule with id 999999/);
      const rest = await stack.rest('POST', '/api/v2/constraint-validation/validate', { schedule_id: 999999 });
      expect(rest.status).toBe(400);
    });

    it('stores the evaluation of a stored schedule; Schedule.evaluation/violations show it; a new blackout is reported', async () => {
      const created = await stack.gql<{ createSchedule: { id: string } }>(
        'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }',
        { input: { name: 'Validation test', sportId, seasonId: '2', conferenceId: '1' } },
      );
      const scheduleId = created.data.createSchedule.id;
      const fields = games.map(
        (g, i) =>
          `g${i}: createGame(input: { scheduleId: "${scheduleId}", homeTeamId: "${g.homeTeamId}", awayTeamId: "${g.awayTeamId}", date: "${g.date}" }) { id }`,
      );
      // 15 aliases per document: the gateway refuses more than GRAPHQL_MAX_ALIASES (15) before parsing
      for (let i = 0; i < fields.length; i += 15) await stack.gql(`mutation { ${fields.slice(i, i + 15).join('\n')} }`);

      const res = await stack.rest('POST', '/api/v2/constraint-validation/validate', {
        schedule_id: Number(scheduleId),
      });
      expect(res.status).toBe(200);
      expect(res.body.stored).toBe(true);
      expect(res.body.schedule_id).toBe(Number(scheduleId));
      const results = res.body.results as Array<{
        type: string;
        violations: Array<{ games: Array<{ game_id: number }> }>;
      }>;

      const SCHEDULE = `query($id: ID!) { schedule(id: $id) {
        evaluation { status totalViolations hardViolations softViolations results { template { name } status violationCount } }
        violations(resolved: false) { message template { validationLogic } game { id date home { id } } }
      } }`;
      type Stored = {
        schedule: {
          evaluation: { status: string; totalViolations: number; results: unknown[] };
          violations: Array<{
            message: string;
            template: { validationLogic: { type: string } };
            game: { id: string; date: string; home: { id: string } } | null;
          }>;
        };
      };
      const stored = (await stack.gql<Stored>(SCHEDULE, { id: scheduleId })).data.schedule;
      expect(stored.evaluation.totalViolations).toBe(res.body.total_violations);
      expect(stored.evaluation.results).toHaveLength(results.length);
      expect(stored.violations).toHaveLength(res.body.total_violations as number);

      // a home game whose team has no blackout that day yet
      const blackoutResult = results.find((r) => r.type === 'blackout_dates');
      const flagged = new Set(blackoutResult?.violations.flatMap((v) => v.games.map((g) => g.game_id)) ?? []);
      const gameRows = (
        await stack.gql<{ schedule: { games: Array<{ id: string; date: string; home: { id: string } }> } }>(
          'query($id: ID!) { schedule(id: $id) { games { id date home { id } } } }',
          { id: scheduleId },
        )
      ).data.schedule.games;
      const target = gameRows.find((g) => !flagged.has(Number(g.id))) as (typeof gameRows)[number];

      const added = await stack.rest('POST', '/api/v2/team-availability/blackouts', {
        team_id: Number(target.home.id),
        season_id: 2,
        start_date: target.date,
        end_date: target.date,
        severity: 'hard',
        blackout_type: 'facility',
        reason: 'validation test',
      });
      expect(added.status).toBe(201);

      // the event re-evaluates the affected schedule by itself (eventually) …
      const seen = await waitFor(
        async () => {
          const s = (await stack.gql<Stored>(SCHEDULE, { id: scheduleId })).data.schedule;
          return s.violations.find(
            (v) => v.game?.id === target.id && v.template.validationLogic.type === 'blackout_dates',
          );
        },
        30_000,
        'the re-evaluation triggered by team.blackouts.changed',
      );
      expect(seen.message).toMatch(/blackout/);

      // … and the next explicit evaluation reports it too
      const again = await stack.gql<{ validateSchedule: Report }>(VALIDATE, { input: { scheduleId } });
      const blackouts = again.data.validateSchedule.results.find((c) => c.type === 'blackout_dates') as Check;
      expect(blackouts.status).toBe('failed');
      expect(blackouts.violations.some((v) => v.games.some((g) => g.game?.id === target.id))).toBe(true);
      expect(again.data.validateSchedule.overallStatus).toBe('failed');
    });

    it('venue.unavailability.changed re-evaluates the schedules with games at that venue', async () => {
      const venues = await stack.gql<{ teams: { nodes: Array<{ id: string; homeVenue: { id: string } | null }> } }>(
        '{ teams(sportCode: "MBB", limit: 100) { nodes { id homeVenue { id } } } }',
      );
      const venueOf = new Map(venues.data.teams.nodes.map((t) => [t.id, t.homeVenue?.id ?? null]));
      const created = await stack.gql<{ createSchedule: { id: string; conference: { id: string } | null } }>(
        'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id conference { id } } }',
        { input: { name: 'Venue event test', sportId, seasonId: '2', conferenceId: '1' } },
      );
      const scheduleId = created.data.createSchedule.id;
      const fields = games.map((g, i) => {
        const venue = venueOf.get(g.homeTeamId);
        return `g${i}: createGame(input: { scheduleId: "${scheduleId}", homeTeamId: "${g.homeTeamId}", awayTeamId: "${g.awayTeamId}", date: "${g.date}"${venue ? `, venueId: "${venue}"` : ''} }) { id }`;
      });
      // 15 aliases per document: the gateway refuses more than GRAPHQL_MAX_ALIASES (15) before parsing
      for (let i = 0; i < fields.length; i += 15) await stack.gql(`mutation { ${fields.slice(i, i + 15).join('\n')} }`);
      const first = await stack.gql<{ validateSchedule: Report }>(VALIDATE, { input: { scheduleId } });
      const flagged = new Set(
        (first.data.validateSchedule.results.find((c) => c.type === 'venue_unavailability')?.violations ?? []).flatMap(
          (v) => v.games.map((g) => g.game?.id),
        ),
      );
      const rowsOf = await stack.gql<{
        schedule: { games: Array<{ id: string; date: string; venue: { id: string } | null }> };
      }>('query($id: ID!) { schedule(id: $id) { games { id date venue { id } } } }', { id: scheduleId });
      const target = rowsOf.data.schedule.games.find((g) => g.venue && !flagged.has(g.id)) as {
        id: string;
        date: string;
        venue: { id: string };
      };
      // venue-management has no API for unavailability yet: the row is written as that service, then announced
      await stack.db.service('venue-management').run((tx) =>
        tx.execute(sql`insert into venue_management.venue_unavailability_periods
          (venue_id, conference_id, start_date, end_date, unavailability_type, reason)
          values (${Number(target.venue.id)}, 1, ${target.date}, ${target.date}, 'maintenance', 'venue event test')`),
      );
      await announceChange('venue.unavailability.changed', {
        venueId: Number(target.venue.id),
        from: target.date,
        to: target.date,
        conferenceId: 1,
      });
      const seen = await waitFor(
        async () => {
          const v = await stack.gql<{
            schedule: {
              violations: Array<{ game: { id: string } | null; template: { validationLogic: { type: string } } }>;
            };
          }>(
            'query($id: ID!) { schedule(id: $id) { violations(resolved: false) { game { id } template { validationLogic } } } }',
            {
              id: scheduleId,
            },
          );
          return v.data.schedule.violations.find(
            (x) => x.game?.id === target.id && x.template.validationLogic.type === 'venue_unavailability',
          );
        },
        30_000,
        'the re-evaluation triggered by venue.unavailability.changed',
      );
      expect(seen).toBeDefined();
    });
  });
}
