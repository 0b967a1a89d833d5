// Compatibility: legacy v1 callers must not notice the split. The expected answers are computed the way the old
// monolith API computed them — SQL straight on the monolith tables (public.schedules, games, teams, venues,
// constraints) of the fixture db/legacy/monolith.sql — and must equal, field for field and in order, what the REST
// shim answers after the migrations carved that database into the four services (whose data it reaches only
// through the gateway). On embedded PGlite always, and on real Postgres when DATABASE_URL is set.
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { KEYS, REST_SUITE, startTestStack, type TestStack } from '../support/stack.ts';

type Row = Record<string, unknown>;

const iso = (column: string) => sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

async function legacy(stack: TestStack, query: SQL): Promise<Row[]> {
  return stack.db.admin((tx) => rows<Row>(tx, query));
}

/** The monolith's GET /api/v1/schedules rows (newest first), with what it joined in. */
async function legacySchedules(stack: TestStack, where: SQL = sql`true`): Promise<Row[]> {
  const schedules = await legacy(
    stack,
    sql`SELECT s.id, s.name, s.sport_id, s.season_id, s.conference_id, s.status,
               s.start_date::text AS start_date, s.end_date::text AS end_date, s.description, s.created_by,
               ${iso('s.created_at')} AS created_at, ${iso('s.updated_at')} AS updated_at,
               se.start_year AS year, sp.name AS sport_name,
               (SELECT count(*)::int FROM public.games g WHERE g.schedule_id = s.id) AS game_count
          FROM public.schedules s
          JOIN public.seasons se ON se.id = s.season_id
          JOIN public.sports sp ON sp.id = s.sport_id
         WHERE ${where}
         ORDER BY s.created_at DESC, s.id DESC`,
  );
  const teams = await legacy(
    stack,
    sql`SELECT DISTINCT g.schedule_id, t.id, t.name
          FROM public.games g JOIN public.teams t ON t.id IN (g.home_team_id, g.away_team_id)
         ORDER BY g.schedule_id, t.id`,
  );
  const venues = await legacy(
    stack,
    sql`SELECT DISTINCT g.schedule_id, v.id, v.name
          FROM public.games g JOIN public.venues v ON v.id = g.venue_id
         ORDER BY g.schedule_id, v.id`,
  );
  return schedules.map((s) => ({
    ...s,
    teams: teams.filter((t) => t.schedule_id === s.id).map((t) => ({ id: t.id, name: t.name })),
    venues: venues.filter((v) => v.schedule_id === s.id).map((v) => ({ id: v.id, name: v.name })),
    evaluation: null, // the monolith never evaluated schedules
  }));
}

async function legacyGames(stack: TestStack, scheduleId: unknown): Promise<Row[]> {
  return legacy(
    stack,
    sql`SELECT g.id, g.schedule_id, g.home_team_id, g.away_team_id, g.venue_id, g.game_date::text AS game_date,
               g.start_time::text AS start_time, g.round, g.game_type, g.status, g.neutral_site, g.tv_network, g.notes,
               ht.name AS home_team_name, at.name AS away_team_name, v.name AS venue_name
          FROM public.games g
          JOIN public.teams ht ON ht.id = g.home_team_id
          JOIN public.teams at ON at.id = g.away_team_id
          LEFT JOIN public.venues v ON v.id = g.venue_id
         WHERE g.schedule_id = ${scheduleId}
         ORDER BY g.game_date, g.start_time NULLS LAST, g.id`,
  );
}

function compatibility(kind: 'pglite' | 'postgres') {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ ...REST_SUITE, kind });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('GET /api/v1/schedules equals the monolith’s answer (all, and filtered)', async () => {
    const expected = await legacySchedules(stack);
    expect(expected.length).toBeGreaterThan(0);
    const res = await stack.request('GET', '/api/v1/schedules?limit=100');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ schedules: expected, total: expected.length, page: 1, limit: 100 });

    const review = await stack.request('GET', '/api/v1/schedules?status=review&sport_id=1&season_id=2');
    const expectedReview = await legacySchedules(
      stack,
      sql`s.status = 'review' AND s.sport_id = 1 AND s.season_id = 2`,
    );
    expect(review.body.schedules).toEqual(expectedReview);
    expect(review.body.total).toBe(expectedReview.length);

    const page2 = await stack.request('GET', '/api/v1/schedules?limit=1&page=2');
    expect(page2.body).toEqual({ schedules: expected.slice(1, 2), total: expected.length, page: 2, limit: 1 });
  });

  it('GET /api/v1/schedules/{id} and /{id}/games equal the monolith’s rows', async () => {
    for (const schedule of await legacySchedules(stack)) {
      const one = await stack.request('GET', `/api/v1/schedules/${schedule.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(schedule);
      const expectedGames = await legacyGames(stack, schedule.id);
      const games = await stack.request('GET', `/api/v1/schedules/${schedule.id}/games`);
      expect(games.body).toEqual({ games: expectedGames, total: expectedGames.length });
    }
  });

  it('a tenant key sees exactly its conference’s schedules, as the monolith filtered by conference', async () => {
    const res = await stack.request('GET', '/api/v1/schedules?limit=100', { key: KEYS.big12 });
    expect(res.body.schedules).toEqual(await legacySchedules(stack, sql`s.conference_id = 1`));
    const mw = await stack.request('GET', '/api/v1/schedules?limit=100', { key: KEYS.mw });
    expect(mw.body.schedules).toEqual(await legacySchedules(stack, sql`s.conference_id = 2`));
    // Row-level security under the service roles: another conference's schedule does not exist for this tenant.
    const other = await stack.request('GET', '/api/v1/schedules/1', { key: KEYS.mw });
    expect(other.status).toBe(404);
    expect((await stack.request('GET', '/api/v1/schedules/1/games', { key: KEYS.mw })).status).toBe(404);
  });

  it('GET /api/v1/teams equals public.teams (with the institution name)', async () => {
    const expected = await legacy(
      stack,
      sql`SELECT t.id, t.institution_id, t.sport_id, t.conference_id, t.name, t.abbreviation, t.is_active,
                 i.name AS institution_name
            FROM public.teams t JOIN public.institutions i ON i.id = t.institution_id
           ORDER BY t.id`,
    );
    const res = await stack.request('GET', '/api/v1/teams');
    expect(res.body).toEqual({ teams: expected });
    const mbb = await stack.request('GET', '/api/v1/teams?sport_id=1');
    expect(mbb.body.teams).toEqual(expected.filter((t) => t.sport_id === 1));
  });

  it('GET /api/v1/venues equals public.venues', async () => {
    const expected = await legacy(
      stack,
      sql`SELECT id, institution_id, name, venue_type, capacity, surface, is_indoor, address, city, state,
                 latitude::float8 AS latitude, longitude::float8 AS longitude, amenities, primary_sport_id, is_active
            FROM public.venues ORDER BY id`,
    );
    const res = await stack.request('GET', '/api/v1/venues');
    expect(res.body).toEqual({ venues: expected });
  });

  it('GET /api/v1/constraints equals public.constraints', async () => {
    const expected = await legacy(
      stack,
      sql`SELECT id, name, description, category, constraint_type, weight::float8 AS weight, rule_type, logic,
                 parameters, sport_id, conference_id, is_active, ${iso('created_at')} AS created_at
            FROM public.constraints ORDER BY id`,
    );
    const res = await stack.request('GET', '/api/v1/constraints');
    expect(res.body).toEqual({ constraints: expected });
  });
}

describe('v1 compatibility with the monolith (PGlite)', () => compatibility('pglite'));

describe.runIf(process.env.DATABASE_URL)('v1 compatibility with the monolith (PostgreSQL)', () =>
  compatibility('postgres'),
);
