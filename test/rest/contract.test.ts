// Contract tests on real HTTP: every v1 and v2 route, its statuses and shapes (each success body is checked against
// the route's documented response schema, each failure against the legacy error shape), the auth matrix, the
// OpenAPI document and docs page, and what callers see when a subgraph is down, slow, or the gateway not ready.
// The stack: the legacy monolith fixture, migrated, behind four real subgraphs and the real gateway.
import { createServer, type Server } from 'node:net';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.ts';
import { hashApiKey, parseApiKeys, registerRestRoutes, restFrameworkErrors, routes } from '../../gateway/rest/index.ts';
import { createGatewayApp } from '../../gateway/server.ts';
import { subgraphs } from '../../subgraphs/index.ts';
import { registerTestDoor } from '../support/auth.ts';
import { type Json, JWT_SECRET, KEYS, REST_SUITE, startTestStack, type TestStack } from '../support/stack.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

/** The documented response schema of a route (`/api/v1/schedules/:id`) for a status. */
function schemaFor(method: string, url: string, status: number) {
  const spec = routes.find((r) => r.method === method && r.url === url);
  if (!spec) throw new Error(`no route ${method} ${url}`);
  const schema = spec.responses[status];
  if (schema === undefined) throw new Error(`${method} ${url} documents no ${status}`);
  return schema;
}

function expectShape(
  method: string,
  url: string,
  status: number,
  res: { status: number; body: unknown; text: string },
) {
  expect(res.status, res.text.slice(0, 400)).toBe(status);
  const schema = schemaFor(method, url, status);
  if (schema === null) return;
  const validate = ajv.compile(schema);
  expect(validate(res.body), JSON.stringify(validate.errors)).toBe(true);
}

function expectError(
  res: { status: number; body: Json; text: string; headers: Headers },
  status: number,
  field?: string,
) {
  expect(res.status, res.text.slice(0, 400)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(['code', 'details', 'error', 'message']);
  expect(typeof res.body.error).toBe('string');
  expect(typeof res.body.message).toBe('string');
  expect(typeof res.body.code).toBe('string');
  expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/); // never a stack trace
  if (field) expect(res.body.details?.field).toBe(field);
}

async function jwt(claims: Record<string, unknown>, exp: string | number = '5m') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('tester')
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(JWT_SECRET));
}

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

  describe('v2 team-availability', () => {
    it('profiles: list (filters, pagination envelope) and create (201 / 400)', async () => {
      const res = await stack.request('GET', '/api/v2/team-availability/profiles?limit=5');
      expectShape('GET', '/api/v2/team-availability/profiles', 200, res);
      expect(res.body.pagination).toMatchObject({ page: 1, limit: 5, total: 16, total_pages: 4 });
      const one = await stack.request('GET', '/api/v2/team-availability/profiles?team_id=4');
      expect(one.body.data.map((p: Json) => p.team_id)).toEqual([4]);
      const created = await stack.request('POST', '/api/v2/team-availability/profiles', {
        body: { team_id: 20, season_id: 2, max_games_per_week: 2, preferred_game_times: { saturday: ['14:00'] } },
      });
      expectShape('POST', '/api/v2/team-availability/profiles', 201, created);
      expect(created.body).toMatchObject({ team_id: 20, season_id: 2, max_games_per_week: 2 });
      // A second profile for the same team and season is a conflict.
      const duplicate = await stack.request('POST', '/api/v2/team-availability/profiles', {
        body: { team_id: 20, season_id: 2 },
      });
      expectError(duplicate, 409, 'season_id');
      expect(duplicate.body.code).toBe('CONFLICT');
      expectError(
        await stack.request('POST', '/api/v2/team-availability/profiles', { body: { team_id: 20 } }),
        400,
        'season_id',
      );
      expectError(
        await stack.request('POST', '/api/v2/team-availability/profiles', {
          body: { team_id: 20, season_id: 2, max_games_per_week: 99 },
        }),
        400,
        'max_games_per_week',
      );
      expectError(await stack.request('GET', '/api/v2/team-availability/profiles?limit=1000'), 400, 'limit');
    });

    it('blackouts: list with severity/date filters and create (201 / 400 / 422)', async () => {
      const hard = await stack.request('GET', '/api/v2/team-availability/blackouts?severity=hard&limit=100');
      expectShape('GET', '/api/v2/team-availability/blackouts', 200, hard);
      expect(hard.body.data.length).toBeGreaterThan(0);
      expect(hard.body.data.every((b: Json) => b.severity === 'hard')).toBe(true);
      const window = await stack.request('GET', '/api/v2/team-availability/blackouts?from=2026-03-01&to=2026-03-31');
      expect(window.body.data.map((b: Json) => b.blackout_id)).toEqual([7]);
      expectError(
        await stack.request('GET', '/api/v2/team-availability/blackouts?from=2026-03-31&to=2026-03-01'),
        422,
        'to',
      );
      expectError(await stack.request('GET', '/api/v2/team-availability/blackouts?severity=maybe'), 400, 'severity');

      const created = await stack.request('POST', '/api/v2/team-availability/blackouts', {
        body: {
          team_id: 10,
          season_id: 2,
          start_date: '2026-02-10',
          end_date: '2026-02-11',
          severity: 'soft',
          blackout_type: 'facility',
        },
      });
      expectShape('POST', '/api/v2/team-availability/blackouts', 201, created);
      expect(created.body).toMatchObject({ team_id: 10, severity: 'soft', team_name: 'Kansas Jayhawks' });
      expectError(
        await stack.request('POST', '/api/v2/team-availability/blackouts', {
          body: { team_id: 10, start_date: '2026-02-11', end_date: '2026-02-10' },
        }),
        422,
        'end_date',
      );
      expectError(
        await stack.request('POST', '/api/v2/team-availability/blackouts', { body: { team_id: 10 } }),
        400,
        'start_date',
      );
    });
  });

  describe('v2 venue-management', () => {
    it('venues list', async () => {
      const res = await stack.request('GET', '/api/v2/venue-management/venues?limit=100');
      expectShape('GET', '/api/v2/venue-management/venues', 200, res);
      expect(res.body.pagination.total).toBe(18);
    });

    it('availability GET and POST: free days and why the others are not', async () => {
      const get = await stack.request(
        'GET',
        '/api/v2/venue-management/venues/10/availability?from=2025-12-19&to=2025-12-23',
      );
      expectShape('GET', '/api/v2/venue-management/venues/:id/availability', 200, get);
      expect(get.body.available).toBe(false);
      expect(get.body.available_dates).toEqual(['2025-12-19', '2025-12-23']);
      expect(get.body.unavailable[0].reasons.join(' ')).toMatch(/concert/i);
      const post = await stack.request('POST', '/api/v2/venue-management/venues/10/availability', {
        body: { start_date: '2025-12-19', end_date: '2025-12-23' },
      });
      expectShape('POST', '/api/v2/venue-management/venues/:id/availability', 200, post);
      expect(post.body.days).toEqual(get.body.days);
      // BYU's arena hosts no games on Sunday (2026-01-04 is a Sunday).
      const byu = await stack.request('POST', '/api/v2/venue-management/venues/4/availability', {
        body: { start_date: '2026-01-04', end_date: '2026-01-04' },
      });
      expect(byu.body.available).toBe(false);

      expectError(
        await stack.request('GET', '/api/v2/venue-management/venues/987654/availability?from=2026-01-01&to=2026-01-02'),
        404,
      );
      expectError(
        await stack.request('GET', '/api/v2/venue-management/venues/10/availability?from=2026-01-01'),
        400,
        'to',
      );
      expectError(
        await stack.request('GET', '/api/v2/venue-management/venues/10/availability?from=2026-01-01&to=2027-06-01'),
        400,
        'to',
      );
      expectError(
        await stack.request('POST', '/api/v2/venue-management/venues/10/availability', {
          body: { start_date: '2026-01-05', end_date: '2026-01-01' },
        }),
        422,
        'end_date',
      );
    });

    it('conflicts list; unknown venue 404', async () => {
      const res = await stack.request('GET', '/api/v2/venue-management/venues/10/conflicts');
      expectShape('GET', '/api/v2/venue-management/venues/:id/conflicts', 200, res);
      expectError(await stack.request('GET', '/api/v2/venue-management/venues/987654/conflicts'), 404);
      expectError(
        await stack.request('GET', '/api/v2/venue-management/venues/10/conflicts?status=pending'),
        400,
        'status',
      );
    });
  });

  describe('v2 constraint-validation', () => {
    it('categories by priority, templates with filters', async () => {
      const cats = await stack.request('GET', '/api/v2/constraint-validation/categories');
      expectShape('GET', '/api/v2/constraint-validation/categories', 200, cats);
      expect(cats.body.data.map((c: Json) => [c.name, c.priority])).toEqual([
        ['scheduling', 100],
        ['venue', 90],
        ['travel', 80],
        ['competitive', 70],
        ['broadcast', 60],
        ['academic', 50],
      ]);
      const soft = await stack.request('GET', '/api/v2/constraint-validation/templates?constraint_type=soft&limit=100');
      expectShape('GET', '/api/v2/constraint-validation/templates', 200, soft);
      expect(soft.body.data.length).toBeGreaterThan(0);
      expect(soft.body.data.every((t: Json) => t.constraint_type === 'soft')).toBe(true);
      expectError(
        await stack.request('GET', '/api/v2/constraint-validation/templates?constraint_type=medium'),
        400,
        'constraint_type',
      );
    });

    it('validate: bad body → 400; without a constraint profile for the sport → 400 naming it', async () => {
      expectError(
        await stack.request('POST', '/api/v2/constraint-validation/validate', { body: {} }),
        400,
        'schedule_id',
      );
      expectError(
        await stack.request('POST', '/api/v2/constraint-validation/validate', { body: { schedule_id: 'one' } }),
        400,
        'schedule_id',
      );
      // The monolith fixture has templates but no constraint profiles (the seed brings them: see engine-routes.test.ts).
      const res = await stack.request('POST', '/api/v2/constraint-validation/validate', { body: { schedule_id: 1 } });
      expectError(res, 400, 'sport_id');
      expectError(
        await stack.request('POST', '/api/v2/constraint-validation/validate', { body: { schedule_id: 987654 } }),
        res.status,
      );
    });
  });

  describe('v2 schedule-generation', () => {
    it('requests: POST 202 + Location, GET list and one, 404 unknown', async () => {
      const res = await stack.request('POST', '/api/v2/schedule-generation/requests', {
        key: KEYS.big12,
        body: {
          request_name: 'Big 12 MBB 2025-26',
          sport_id: 1,
          season_id: 2,
          primary_objectives: ['minimize_travel'],
        },
      });
      expectShape('POST', '/api/v2/schedule-generation/requests', 202, res);
      expect(res.body).toMatchObject({
        request_name: 'Big 12 MBB 2025-26',
        conference_id: 1,
        primary_objectives: ['minimize_travel'],
      });
      expect(res.headers.get('location')).toBe(`/api/v2/schedule-generation/requests/${res.body.request_id}`);
      const list = await stack.request('GET', '/api/v2/schedule-generation/requests?sport_id=1&limit=100');
      expectShape('GET', '/api/v2/schedule-generation/requests', 200, list);
      expect(list.body.data.map((r: Json) => r.request_id)).toContain(res.body.request_id);
      const one = await stack.request('GET', `/api/v2/schedule-generation/requests/${res.body.request_id}`);
      expectShape('GET', '/api/v2/schedule-generation/requests/:id', 200, one);
      // The job runs off the request path: its status may have moved on since the 202.
      expect(one.body).toMatchObject({
        request_id: res.body.request_id,
        request_name: res.body.request_name,
        conference_id: 1,
      });
      expectError(await stack.request('GET', '/api/v2/schedule-generation/requests/987654'), 404);
      const cancelled = await stack.request(
        'POST',
        `/api/v2/schedule-generation/requests/${res.body.request_id}/cancel`,
      );
      expectShape('POST', '/api/v2/schedule-generation/requests/:id/cancel', 200, cancelled);
      expect(cancelled.body.request_id).toBe(res.body.request_id);
      expectError(await stack.request('POST', '/api/v2/schedule-generation/requests/987654/cancel'), 404);
      expectError(
        await stack.request('POST', '/api/v2/schedule-generation/requests', { body: { sport_id: 1 } }),
        400,
        'request_name',
      );
      expectError(await stack.request('GET', '/api/v2/schedule-generation/requests?status=done'), 400, 'status');
    });

    it('algorithms list; compare: bad body and identical versions → 400', async () => {
      expectShape(
        'GET',
        '/api/v2/schedule-generation/algorithms',
        200,
        await stack.request('GET', '/api/v2/schedule-generation/algorithms'),
      );
      expectError(
        await stack.request('POST', '/api/v2/schedule-generation/compare', { body: { version_a_id: 1 } }),
        400,
        'version_b_id',
      );
      expectError(
        await stack.request('POST', '/api/v2/schedule-generation/compare', {
          body: { version_a_id: 1, version_b_id: 1 },
        }),
        400,
        'version_b_id',
      );
    });
  });

  describe('routing, OpenAPI and docs', () => {
    it('unknown routes and methods under /api → 404 in legacy shape', async () => {
      expectError(await stack.request('GET', '/api/v1/nothing-here'), 404);
      expectError(await stack.request('PATCH', '/api/v1/schedules/1', { body: {} }), 404);
      expectError(await stack.request('GET', '/api/v3/schedules'), 404);
      // Framework-level refusals keep the legacy shape too: unsupported media type, oversized body.
      expectError(
        await stack.request('POST', '/api/v1/schedules', {
          rawBody: '<schedule/>',
          headers: { 'content-type': 'application/xml' },
        }),
        415,
      );
      expectError(
        await stack.request('POST', '/api/v1/schedules', { body: { name: 'x'.repeat(2 * 1024 * 1024) } }),
        413,
      );
    });

    it('/openapi.json is OpenAPI 3.1 built from the validation schemas', async () => {
      const res = await stack.request('GET', '/openapi.json', { key: null });
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe('3.1.0');
      for (const r of routes) {
        const path = r.url.replace(/:(\w+)/g, '{$1}');
        const op = res.body.paths[path]?.[r.method.toLowerCase()];
        expect(op, `${r.method} ${path}`).toBeTruthy();
        if (r.body)
          expect(op.requestBody.content['application/json'].schema.required ?? []).toEqual(r.body.required ?? []);
        const documentedParams = (op.parameters ?? []).map((p: Json) => p.name).sort();
        const declared = [
          ...Object.keys((r.params?.properties as object) ?? {}),
          ...Object.keys((r.querystring?.properties as object) ?? {}),
        ].sort();
        expect(documentedParams).toEqual(declared);
        for (const status of Object.keys(r.responses)) expect(op.responses[status], `${r.url} ${status}`).toBeTruthy();
      }
      expect(res.body.components.securitySchemes).toHaveProperty('apiKey');
      // The document itself is valid OpenAPI 3.1 (checked against the specification's JSON Schema).
      const validator = new Validator();
      const verdict = await validator.validate(res.body);
      expect(verdict.valid, JSON.stringify(verdict.errors)).toBe(true);
    });

    it('the docs page and its assets are served locally (no CDN)', async () => {
      const page = await fetch(`${stack.baseUrl}/docs/static/index.html`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/swagger-ui/i);
      expect(html).not.toMatch(/https?:\/\/(?!localhost|127\.0\.0\.1)[^"']*\.(js|css)/);
      const bundle = await fetch(`${stack.baseUrl}/docs/static/swagger-ui-bundle.js`);
      expect(bundle.status).toBe(200);
      expect((await bundle.text()).length).toBeGreaterThan(10_000);
    });
  });

  describe('upstream failures', () => {
    it('a subgraph that is down → 502 naming it; the others keep answering', async () => {
      const venue = stack.subgraphs.find((s) => s.name === 'venue-management')!;
      await venue.stop();
      const res = await stack.request('GET', '/api/v1/venues');
      expectError(res, 502);
      expect(res.body.details.service).toBe('venue-management');
      expectError(await stack.request('GET', '/api/v1/schedules/1/games'), 502);
      expect((await stack.request('GET', '/api/v1/teams')).status).toBe(200);
    });

    it('a subgraph that hangs → 504 naming it within the timeout; a stopped gateway → 503', async () => {
      // A TCP server that accepts connections and never answers stands in for a stuck subgraph.
      const sockets: import('node:net').Socket[] = [];
      const blackHole: Server = createServer((s) => sockets.push(s));
      await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
      const port = (blackHole.address() as import('node:net').AddressInfo).port;
      const urls = Object.fromEntries(stack.subgraphs.map((s) => [s.name, s.url]));
      urls['team-availability'] = `http://127.0.0.1:${port}/graphql`;
      const logger = pino({ level: 'silent' });
      const gw = await createGatewayApp({
        supergraphSdl: composeSupergraph(
          subgraphs.map((s) => ({ name: s.name, url: urls[s.name], typeDefs: s.typeDefs })),
        ).supergraphSdl,
        subgraphUrls: urls,
        subgraphTimeoutsMs: { 'team-availability': 300 },
        logger,
        defaultMetrics: false,
      });
      // Registered on an app built with restFrameworkErrors, as the gateway should be (see the report).
      const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, frameworkErrors: restFrameworkErrors });
      registerTestDoor(app, { apiKeys: parseApiKeys(`${hashApiKey('k')}:*`), jwt: null });
      await registerRestRoutes(app, { execute: gw.execute, logger });
      try {
        const started = Date.now();
        const res = await app.inject({ method: 'GET', url: '/api/v1/teams', headers: { 'x-api-key': 'k' } });
        expect(res.statusCode).toBe(504);
        expect(res.json()).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', details: { service: 'team-availability' } });
        expect(Date.now() - started).toBeLessThan(5_000);

        const badUrl = await app.inject({ method: 'GET', url: '/api/v1/schedules/%zz', headers: { 'x-api-key': 'k' } });
        expect(badUrl.statusCode).toBe(400);
        expect(Object.keys(badUrl.json()).sort()).toEqual(['code', 'details', 'error', 'message']);
        const long = await app.inject({
          method: 'GET',
          url: `/api/v1/schedules/${'9'.repeat(150)}`,
          headers: { 'x-api-key': 'k' },
        });
        expect(long.statusCode).toBeLessThan(500);
        expect(Object.keys(long.json()).sort()).toEqual(['code', 'details', 'error', 'message']);

        await gw.apollo.stop();
        const down = await app.inject({ method: 'GET', url: '/api/v1/constraints', headers: { 'x-api-key': 'k' } });
        expect(down.statusCode).toBe(503);
        expect(Object.keys(down.json()).sort()).toEqual(['code', 'details', 'error', 'message']);
      } finally {
        await app.close();
        await gw.close().catch(() => {});
        for (const s of sockets) s.destroy();
        await new Promise<void>((r) => blackHole.close(() => r()));
      }
    });
  });
}

describe('REST contract (PGlite)', () => contract('pglite'));

describe.runIf(process.env.DATABASE_URL)('REST contract (PostgreSQL)', () => contract('postgres'));
