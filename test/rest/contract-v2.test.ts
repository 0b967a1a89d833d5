// REST contract on real HTTP, v2 and the edges: every per-service route's statuses and shapes, the OpenAPI document
// and docs page, and what callers see when a subgraph is down, slow, or the gateway not ready. The stack: the legacy
// monolith fixture, migrated, behind four real subgraphs and the real gateway.
import { createServer, type Server } from 'node:net';
import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.ts';
import { hashApiKey, parseApiKeys, registerRestRoutes, restFrameworkErrors, routes } from '../../gateway/rest/index.ts';
import { createGatewayApp } from '../../gateway/server.ts';
import { subgraphs } from '../../subgraphs/index.ts';
import { registerTestDoor } from '../support/auth.ts';
import { type Json, KEYS, REST_SUITE, startTestStack, type TestStack } from '../support/stack.ts';
import { expectError, expectShape } from './contract-support.ts';

function contract(kind: 'pglite' | 'postgres') {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ ...REST_SUITE, kind });
  });

  afterAll(async () => {
    await stack?.stop();
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
          // every write route documents the Idempotency-Key header that makes it retry-safe
          ...(r.write ? ['idempotency-key'] : []),
        ].sort();
        expect(documentedParams).toEqual(declared);
        if (r.write) {
          const header = op.parameters.find((p: Json) => p.name === 'idempotency-key');
          expect(header.in).toBe('header');
          expect(header.description).toMatch(/IDEMPOTENCY_KEY_REUSED/);
        }
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

describe('REST contract v2 (PGlite)', () => contract('pglite'));

describe.runIf(process.env.DATABASE_URL)('REST contract v2 (PostgreSQL)', () => contract('postgres'));
