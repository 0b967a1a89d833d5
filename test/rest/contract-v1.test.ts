import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, KEYS, REST_SUITE, startTestStack, type TestStack } from '../support/stack.ts';
import { expectError, expectShape, jwt } from './contract-support.ts';

function contract(kind: 'pglite' | 'postgres') {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ ...REST_SUITE, kind });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('v1 schedules', () => {
    it('GET /api/v1/schedules lists schedules with teams, venues and evaluation aggregated', async () => {
      const res = await stack.request('GET', '/api/v1/schedules');
      expectShape('GET', '/api/v1/schedules', 200, res);
      expect(res.body).toMatchObject({ page: 1, limit: 20 });
      const big12 = res.body.schedules.find((s: Json) => s.id === 1);
      expect(big12).toMatchObject({
        name: "Big 12 Men's Basketball 2025-26",
        status: 'review',
        year: 2025,
        game_count: 16,
      });
      expect(big12.teams).toHaveLength(16);
      expect(big12.teams[0]).toEqual({ id: 1, name: 'Arizona Wildcats' });
      expect(big12.venues.map((v: Json) => v.name)).toContain('Allen Fieldhouse');
    });

    it('filters by status, sport and season, and paginates', async () => {
      const review = await stack.request('GET', '/api/v1/schedules?status=review');
      expect(review.body.schedules.map((s: Json) => s.id)).toEqual([1]);
      const wbb = await stack.request('GET', '/api/v1/schedules?sport_id=2');
      expect(wbb.body).toMatchObject({ schedules: [], total: 0 });
      const page = await stack.request('GET', '/api/v1/schedules?season_id=2&limit=1&page=2');
      expectShape('GET', '/api/v1/schedules', 200, page);
      expect(page.body).toMatchObject({ page: 2, limit: 1 });
      expect(page.body.schedules).toHaveLength(1);
    });

    it('rejects bad query parameters with 400 naming the field', async () => {
      expectError(await stack.request('GET', '/api/v1/schedules?limit=101'), 400, 'limit');
      expectError(await stack.request('GET', '/api/v1/schedules?limit=0'), 400, 'limit');
      expectError(await stack.request('GET', '/api/v1/schedules?status=bogus'), 400, 'status');
      expectError(await stack.request('GET', '/api/v1/schedules?sport_id=abc'), 400, 'sport_id');
      expectError(await stack.request('GET', '/api/v1/schedules?page=-1'), 400, 'page');
    });

    it('POST creates (201 + Location), GET reads it back; bad input → 400/422', async () => {
      const body = {
        name: 'Big 12 WBB 2025-26',
        sport_id: 2,
        year: 2025,
        start_date: '2025-12-30',
        end_date: '2026-03-07',
        conference_id: 1, // the error cases below use the operator key, which must name the conference
      };
      const res = await stack.request('POST', '/api/v1/schedules', { body, key: KEYS.big12 });
      expectShape('POST', '/api/v1/schedules', 201, res);
      expect(res.body).toMatchObject({
        name: body.name,
        sport_id: 2,
        season_id: 2,
        year: 2025,
        conference_id: 1,
        status: 'draft',
      });
      expect(res.headers.get('location')).toBe(`/api/v1/schedules/${res.body.id}`);
      const again = await stack.request('GET', `/api/v1/schedules/${res.body.id}`);
      expect(again.body).toEqual(res.body);

      expectError(await stack.request('POST', '/api/v1/schedules', { body: { sport_id: 2, year: 2025 } }), 400, 'name');
      expectError(await stack.request('POST', '/api/v1/schedules', { body: { ...body, year: 'x' } }), 400, 'year');
      expectError(
        await stack.request('POST', '/api/v1/schedules', { body: { ...body, start_date: '2025-02-30' } }),
        400,
        'start_date',
      );
      expectError(
        await stack.request('POST', '/api/v1/schedules', { body: { ...body, colour: 'red' } }),
        400,
        'colour',
      );
      expectError(await stack.request('POST', '/api/v1/schedules', { body: { ...body, name: '   ' } }), 400, 'name');
      expectError(await stack.request('POST', '/api/v1/schedules', { body: { ...body, year: 1999 } }), 422, 'year');
      expectError(
        await stack.request('POST', '/api/v1/schedules', {
          body: { ...body, start_date: '2026-03-07', end_date: '2025-12-30' },
        }),
        422,
        'end_date',
      );
      const malformed = await stack.request('POST', '/api/v1/schedules', {
        rawBody: '{"name": "x",',
        headers: { 'content-type': 'application/json' },
      });
      expectError(malformed, 400, 'body');
      expect(malformed.body.code).toBe('MALFORMED_JSON');
      expectError(
        await stack.request('POST', '/api/v1/schedules', {
          rawBody: 'null',
          headers: { 'content-type': 'application/json' },
        }),
        400,
      );
      expectError(
        await stack.request('POST', '/api/v1/schedules', {
          rawBody: 'name=x',
          headers: { 'content-type': 'text/plain' },
        }),
        400,
      );
      // PostgreSQL cannot store U+0000: refused up front, naming the field (also inside JSON objects).
      expectError(
        await stack.request('POST', '/api/v1/schedules', { body: { ...body, name: 'a\u0000b' } }),
        400,
        'name',
      );
      expectError(
        await stack.request('POST', '/api/v2/schedule-generation/requests', {
          body: { request_name: 'x', sport_id: 1, generation_parameters: { note: 'a\u0000' } },
        }),
        400,
        'generation_parameters.note',
      );
      // An unknown sport is the caller's mistake, never a server error.
      expectError(
        await stack.request('POST', '/api/v1/schedules', { body: { ...body, sport_id: 999 } }),
        400,
        'sport_id',
      );
    });

    it('the caller’s x-request-id is kept (and echoed) for the whole federated request', async () => {
      const res = await stack.request('GET', '/api/v1/schedules/1', { headers: { 'x-request-id': 'rest-trace-0042' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('rest-trace-0042');
      const err = await stack.request('GET', '/api/v1/schedules/987654', {
        headers: { 'x-request-id': 'rest-trace-0043' },
      });
      expect(err.headers.get('x-request-id')).toBe('rest-trace-0043');
    });

    it('GET /api/v1/schedules/{id}: 200, 404 unknown, 400 not an id', async () => {
      expectShape('GET', '/api/v1/schedules/:id', 200, await stack.request('GET', '/api/v1/schedules/1'));
      expectError(await stack.request('GET', '/api/v1/schedules/987654'), 404);
      expectError(await stack.request('GET', '/api/v1/schedules/abc'), 400, 'id');
      expectError(await stack.request('GET', '/api/v1/schedules/0'), 400, 'id');
    });

    it('PUT updates (200), 404 unknown, 400 empty or bad body, 422 end before start', async () => {
      const created = await stack.request('POST', '/api/v1/schedules', {
        body: { name: 'To update', sport_id: 1, year: 2025, conference_id: 1 },
      });
      const id = created.body.id;
      const res = await stack.request('PUT', `/api/v1/schedules/${id}`, {
        body: { name: 'Updated', status: 'published' },
      });
      expectShape('PUT', '/api/v1/schedules/:id', 200, res);
      expect(res.body).toMatchObject({ id, name: 'Updated', status: 'published' });
      expectError(await stack.request('PUT', '/api/v1/schedules/987654', { body: { name: 'x' } }), 404);
      expectError(await stack.request('PUT', `/api/v1/schedules/${id}`, { body: {} }), 400);
      expectError(await stack.request('PUT', `/api/v1/schedules/${id}`, { body: { status: 'done' } }), 400, 'status');
      expectError(
        await stack.request('PUT', `/api/v1/schedules/${id}`, {
          body: { start_date: '2026-03-01', end_date: '2026-01-01' },
        }),
        422,
        'end_date',
      );
    });

    it('DELETE answers 204, then the schedule is gone (404), a second DELETE is 404', async () => {
      const created = await stack.request('POST', '/api/v1/schedules', {
        body: { name: 'To delete', sport_id: 1, year: 2025, conference_id: 1 },
      });
      const del = await stack.request('DELETE', `/api/v1/schedules/${created.body.id}`);
      expect(del.status).toBe(204);
      expect(del.text).toBe('');
      expectError(await stack.request('GET', `/api/v1/schedules/${created.body.id}`), 404);
      expectError(await stack.request('DELETE', `/api/v1/schedules/${created.body.id}`), 404);
    });

    it('POST …/optimize answers 202 with a job id whose status the v2 route reports', async () => {
      const res = await stack.request('POST', '/api/v1/schedules/1/optimize');
      expectShape('POST', '/api/v1/schedules/:id/optimize', 202, res);
      expect(res.body.schedule_id).toBe(1);
      expect(Date.parse(res.body.estimated_completion)).toBeGreaterThan(Date.now() - 60_000);
      const job = await stack.request('GET', `/api/v2/schedule-generation/requests/${res.body.job_id}`);
      expectShape('GET', '/api/v2/schedule-generation/requests/:id', 200, job);
      expect(job.body.generation_parameters).toMatchObject({ mode: 'optimize', schedule_id: 1 });
      expectShape(
        'POST',
        '/api/v1/schedules/:id/optimize',
        202,
        await stack.request('POST', '/api/v1/schedules/1/optimize', { body: { time_limit_seconds: 30 } }),
      );
      expectError(await stack.request('POST', '/api/v1/schedules/987654/optimize'), 404);
      expectError(
        await stack.request('POST', '/api/v1/schedules/1/optimize', { body: { time_limit_seconds: 0 } }),
        400,
        'time_limit_seconds',
      );
    });

    it('GET …/games lists the games with team names (team-availability) and venue names (venue-management)', async () => {
      const res = await stack.request('GET', '/api/v1/schedules/1/games');
      expectShape('GET', '/api/v1/schedules/:id/games', 200, res);
      expect(res.body.total).toBe(16);
      expect(res.body.games[0]).toMatchObject({
        schedule_id: 1,
        // the fixture's round 1 is Sat 3 Jan 2026 (2025-26 conference play); legacy order: day, time, id
        game_date: '2026-01-03',
        home_team_name: 'UCF Knights',
        away_team_name: 'Cincinnati Bearcats',
        venue_name: 'Addition Financial Arena',
        round: 1,
      });
      expectError(await stack.request('GET', '/api/v1/schedules/987654/games'), 404);
    });
  });

  describe('v1 reference lists', () => {
    it('GET /api/v1/teams, /venues, /constraints answer the whole list in legacy shape', async () => {
      const teams = await stack.request('GET', '/api/v1/teams');
      expectShape('GET', '/api/v1/teams', 200, teams);
      expect(teams.body.teams).toHaveLength(34);
      expect(teams.body.teams.map((t: Json) => t.id)).toEqual(
        [...teams.body.teams.map((t: Json) => t.id)].sort((a, b) => a - b),
      );
      const venues = await stack.request('GET', '/api/v1/venues');
      expectShape('GET', '/api/v1/venues', 200, venues);
      expect(venues.body.venues.find((v: Json) => v.id === 10)).toMatchObject({
        name: 'Allen Fieldhouse',
        capacity: 15300,
      });
      const constraints = await stack.request('GET', '/api/v1/constraints');
      expectShape('GET', '/api/v1/constraints', 200, constraints);
      expect(constraints.body.constraints.find((c: Json) => c.id === 1)).toMatchObject({
        rule_type: 'max_consecutive_away',
        logic: { max: 2 },
        category: 'Scheduling',
      });
    });

    it('filters by sport; a conference other than the credential’s is 403', async () => {
      const wbb = await stack.request('GET', '/api/v1/teams?sport_id=2');
      expect(wbb.body.teams.every((t: Json) => t.sport_id === 2)).toBe(true);
      expect(wbb.body.teams).toHaveLength(16);
      expectError(
        await stack.request('GET', '/api/v1/teams?conference_id=2', { key: KEYS.big12 }),
        403,
        'conference_id',
      );
      expectError(
        await stack.request('GET', '/api/v1/venues?conference_id=2', { key: KEYS.big12 }),
        403,
        'conference_id',
      );
    });
  });

  describe('auth matrix', () => {
    const path = '/api/v1/schedules/1';

    it('no credential → 401', async () => {
      const res = await stack.request('GET', path, { key: null });
      expectError(res, 401);
      expect(res.body.code).toBe('AUTH_REQUIRED');
    });

    it('unknown API key → 401', async () => {
      expectError(await stack.request('GET', path, { key: 'not-a-key' }), 401);
    });

    it('good key of another tenant: the other conference’s rows are invisible (404), naming it is 403', async () => {
      expectError(await stack.request('GET', path, { key: KEYS.mw }), 404);
      const list = await stack.request('GET', '/api/v1/schedules', { key: KEYS.mw });
      expect(list.status).toBe(200);
      expect(list.body.schedules.map((s: Json) => s.id)).not.toContain(1);
      expectError(
        await stack.request('POST', '/api/v1/schedules', {
          key: KEYS.mw,
          body: { name: 'x', sport_id: 1, year: 2025, conference_id: 1 },
        }),
        403,
        'conference_id',
      );
      expectError(await stack.request('DELETE', path, { key: KEYS.mw }), 404);
      expect((await stack.request('GET', path, { key: KEYS.big12 })).status).toBe(200);
    });

    it('expired JWT → 401 TOKEN_EXPIRED; forged JWT → 401', async () => {
      const expired = await jwt({ conference_id: 1 }, Math.floor(Date.now() / 1000) - 10);
      const res = await stack.request('GET', path, { key: null, headers: { authorization: `Bearer ${expired}` } });
      expectError(res, 401);
      expect(res.body.code).toBe('TOKEN_EXPIRED');
      const forged = `${expired.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
      expectError(await stack.request('GET', path, { key: null, headers: { authorization: `Bearer ${forged}` } }), 401);
    });

    it('good JWT → 200 for its own conference, 404 for another’s; read-only scope cannot write (403)', async () => {
      const big12 = await jwt({ conference_id: 1 });
      const res = await stack.request('GET', path, { key: null, headers: { authorization: `Bearer ${big12}` } });
      expectShape('GET', '/api/v1/schedules/:id', 200, res);
      const mw = await jwt({ conference_id: 2 });
      expectError(await stack.request('GET', path, { key: null, headers: { authorization: `Bearer ${mw}` } }), 404);
      const reader = await jwt({ conference_id: 1, scope: 'read' });
      expectError(
        await stack.request('PUT', path, {
          key: null,
          headers: { authorization: `Bearer ${reader}` },
          body: { name: 'x' },
        }),
        403,
      );
    });
  });
}

describe('REST contract v1 (PGlite)', () => contract('pglite'));

describe.runIf(process.env.DATABASE_URL)('REST contract v1 (PostgreSQL)', () => contract('postgres'));
