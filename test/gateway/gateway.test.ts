// The gateway against two tiny real federation subgraphs over real HTTP: propagation, limits, partial failures,
// health/readiness, metrics, in-process execution, the browser redirect to GraphiQL and the GraphQL-over-HTTP audits.

import { serverAudits } from 'graphql-http';
import { jwtVerify } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../gateway/composition.ts';
import { createGatewayApp, type GatewayApp } from '../../gateway/server.ts';
import { INTERNAL_SECRET, OPERATOR, operatorFetch, principalOf, testAuth, withCredentials } from '../support/auth.ts';
import { type MiniSubgraph, startMiniSubgraphs } from './mini-subgraphs.ts';

const TIMEOUT_MS = 400;
let teams: MiniSubgraph;
let venues: MiniSubgraph;
let gw: GatewayApp;
let url: string;
let base: string;

async function gql(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(await withCredentials(headers)),
    },
    body: JSON.stringify({ query, variables }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON responses are inspected field by field
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const requestsSeen = () => teams.seen.length + venues.seen.length;

beforeAll(async () => {
  ({ teams, venues } = await startMiniSubgraphs());
  const { supergraphSdl } = composeSupergraph([
    { name: 'teams', url: teams.url, typeDefs: teams.typeDefs },
    { name: 'venues', url: venues.url, typeDefs: venues.typeDefs },
  ]);
  gw = await createGatewayApp({
    supergraphSdl,
    subgraphUrls: { teams: teams.url, venues: venues.url },
    logger: pino({ level: 'silent' }),
    limits: { subgraphTimeoutMs: TIMEOUT_MS, maxDepth: 6, maxCost: 200 },
    readyTimeoutMs: 1000,
    auth: testAuth(),
  });
  url = await gw.listen({ port: 0 });
  base = url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await gw?.close();
  await teams?.stop();
  await venues?.stop();
});

describe('gateway over real subgraphs', () => {
  it('answers a cross-service query (Team from teams, homeVenue from venues)', async () => {
    const { status, body } = await gql('{ team(id: "t1") { name homeVenue { name capacity } rival { name } } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.team).toEqual({
      name: 'Kansas Jayhawks',
      homeVenue: { name: 'Allen Fieldhouse', capacity: 15300 },
      rival: { name: 'Kansas State Wildcats' },
    });
  });

  it('returns null for an unknown id', async () => {
    const { body } = await gql('{ team(id: "nope") { name homeVenue { name } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.team).toBeNull();
  });

  it('sends every subgraph fetch the signed statement of the caller and the request id; the caller’s credential, tenant header and anything else stay at the gateway', async () => {
    const before = venues.seen.length;
    const { headers, body } = await gql(
      '{ whoami { authorization conference requestId statementConference } team(id: "t2") { homeVenue { name } } }',
      undefined,
      {
        'x-api-key': 'key-big12-test',
        'x-conference-id': '2',
        'x-flextime-principal': 'forged',
        'x-request-id': 'req-123',
        cookie: 'secret=1',
      },
    );
    expect(body.data.whoami).toEqual({
      authorization: null,
      conference: null,
      requestId: 'req-123',
      statementConference: '1',
    });
    expect(headers.get('x-request-id')).toBe('req-123');
    const venueFetch = venues.seen.at(-1)!;
    expect(venues.seen.length).toBe(before + 1);
    expect(venueFetch.headers['x-request-id']).toBe('req-123');
    expect(venueFetch.headers['x-conference-id']).toBeUndefined();
    expect(venueFetch.headers['x-api-key']).toBeUndefined();
    expect(venueFetch.headers.cookie).toBeUndefined();
    const { payload } = await jwtVerify(
      String(venueFetch.headers['x-flextime-principal']),
      new TextEncoder().encode(INTERNAL_SECRET),
      { issuer: 'flextime-gateway', audience: 'flextime-subgraphs' },
    );
    expect(payload).toMatchObject({ conf: 1, scopes: ['viewer', 'scheduler'] });
    expect(payload.sub).toMatch(/^key:[0-9a-f]{8}$/);
    expect(Number(payload.exp) - Date.now() / 1000).toBeLessThanOrEqual(60);
  });

  it('generates a request id when the caller sends none (or a malformed one)', async () => {
    const a = await gql('{ whoami { requestId } }');
    const id = a.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.body.data.whoami.requestId).toBe(id);
    const b = await gql('{ whoami { requestId } }', undefined, { 'x-request-id': 'bad id\twith spaces' });
    expect(b.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('malformed query → 400 GRAPHQL_PARSE_FAILED; unknown field → 400 GRAPHQL_VALIDATION_FAILED; no subgraph call', async () => {
    const before = requestsSeen();
    const parseErr = await gql('{ team(id: "t1") { name ');
    expect(parseErr.status).toBe(400);
    expect(parseErr.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const validation = await gql('{ team(id: "t1") { nickname } }');
    expect(validation.status).toBe(400);
    expect(validation.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(validation.body.errors[0].message).toContain('nickname');
    const badVar = await gql('query ($id: ID!) { team(id: $id) { name } }', { id: { not: 'an id' } });
    expect(badVar.status).toBe(400);
    expect(badVar.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badVar.body.errors[0].message).toContain('$id');
    expect(requestsSeen()).toBe(before);
  });

  it('passes a subgraph BAD_USER_INPUT through with the field named', async () => {
    const { body } = await gql('{ teams(limit: -1) { name } }');
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].extensions.field).toBe('limit');
  });

  it('rejects a too-deep query before any subgraph is called', async () => {
    const before = requestsSeen();
    const { status, body } = await gql(
      '{ team(id: "t1") { rival { rival { rival { rival { rival { rival { name } } } } } } } }',
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect(body.data).toBeUndefined();
    expect(requestsSeen()).toBe(before);
  });

  it('rejects a too-costly query before any subgraph is called (sizes from literal and variable limits)', async () => {
    const before = requestsSeen();
    const literal = await gql('{ teams(limit: 500) { name homeVenue { name } } }');
    expect(literal.status).toBe(400);
    expect(literal.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    const viaVariable = await gql('query ($n: Int) { teams(limit: $n) { rival { name } } }', { n: 1000 });
    expect(viaVariable.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(requestsSeen()).toBe(before);
    const small = await gql('query ($n: Int) { teams(limit: $n) { rival { name } } }', { n: 2 });
    expect(small.body.data.teams).toHaveLength(2);
  });

  it('runs operations in-process through execute() with the same plugins and the principal’s statement', async () => {
    const ok = await gw.execute(
      'query Me { whoami { statementConference requestId } }',
      {},
      { principal: principalOf(7) },
    );
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ whoami: { statementConference: '7', requestId: ok.requestId } });
    const named = await gw.execute(
      { query: 'query A { team(id: "t3") { name } } query B { team(id: "t4") { name } }', operationName: 'B' },
      {},
      OPERATOR,
    );
    expect(named.data).toEqual({ team: { name: 'TCU Horned Frogs' } });
    const deep = await gw.execute(
      '{ team(id: "t1") { rival { rival { rival { rival { rival { rival { name } } } } } } } }',
      {},
      OPERATOR,
    );
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('identical queries in flight share one subgraph round trip, per tenant and scopes', async () => {
    teams.delayMs = 200;
    try {
      const before = teams.seen.length;
      const same = await Promise.all(Array.from({ length: 5 }, () => gql('{ team(id: "t3") { name } }')));
      for (const r of same) expect(r.body).toEqual({ data: { team: { name: 'Baylor Bears' } } });
      expect(teams.seen.length).toBe(before + 1);
      const tenants = await Promise.all(
        ['1', '2', '1'].map((c) => gql('{ whoami { statementConference } }', undefined, { 'x-conference-id': c })),
      );
      expect(tenants.map((r) => r.body.data.whoami.statementConference)).toEqual(['1', '2', '1']);
      expect(teams.seen.length).toBe(before + 3);
    } finally {
      teams.delayMs = 0;
    }
  });

  it('sends each distinct entity representation once and hands every occurrence its own result and errors', async () => {
    const before = venues.seen.length;
    const { body } = await gql('{ roster { id homeVenue { name } } }');
    const sent = JSON.parse(venues.seen.at(-1)?.body ?? '{}');
    expect(venues.seen.length).toBe(before + 1);
    expect(sent.variables.representations).toEqual([
      { __typename: 'Team', id: 't1' },
      { __typename: 'Team', id: 't5' },
      { __typename: 'Team', id: 't2' },
    ]);
    expect(body.data.roster).toEqual([
      { id: 't1', homeVenue: { name: 'Allen Fieldhouse' } },
      { id: 't5', homeVenue: null },
      { id: 't1', homeVenue: { name: 'Allen Fieldhouse' } },
      { id: 't2', homeVenue: { name: 'Bramlage Coliseum' } },
      { id: 't5', homeVenue: null },
      { id: 't1', homeVenue: { name: 'Allen Fieldhouse' } },
    ]);
    expect(body.errors.map((e: { path: unknown[] }) => e.path)).toEqual([
      ['roster', 1, 'homeVenue'],
      ['roster', 4, 'homeVenue'],
    ]);
    expect(body.errors[0].extensions).toMatchObject({ code: 'VENUE_BROKEN', serviceName: 'venues' });
  });

  it("sends browsers at GET /graphql to the workspace's GraphiQL (bundled, no CDN)", async () => {
    const res = await fetch(url, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/#/graphiql');
  });

  it('passes every MUST of the graphql-http server audits', async () => {
    const failures: string[] = [];
    for (const audit of serverAudits({ url, fetchFn: operatorFetch })) {
      const result = await audit.fn();
      if (result.status !== 'ok' && audit.name.startsWith('MUST')) failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });

  it('/health answers and /ready is 200 while every subgraph is ready', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', subgraphs: { teams: 'ready', venues: 'ready' } });
  });

  it('/ready is 503 naming the subgraph whose own /ready fails (e.g. its database)', async () => {
    venues.ready = false;
    try {
      const res = await fetch(`${base}/ready`);
      expect(res.status).toBe(503);
      // biome-ignore lint/suspicious/noExplicitAny: JSON body inspected field by field
      const body = (await res.json()) as any;
      expect(body.notReady).toEqual(['venues']);
      expect(body.subgraphs.teams).toBe('ready');
    } finally {
      venues.ready = true;
    }
  });

  it('upstream-timeout: a slow subgraph yields partial data and an error naming it, well before the subgraph answers', async () => {
    venues.delayMs = 60_000;
    const started = Date.now();
    try {
      const { status, body } = await gql('{ team(id: "t1") { name homeVenue { name } } }');
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(status).toBe(200);
      expect(body.data.team.name).toBe('Kansas Jayhawks');
      expect(body.data.team.homeVenue).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'venues' });
      expect(body.errors[0].message).toContain('venues');
    } finally {
      venues.delayMs = 0;
    }
  });

  it('/metrics exposes request counts, latency histograms and per-subgraph fetch latency and errors', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /flextime_gateway_http_requests_total\{method="POST",route="\/graphql",status_code="200"\} \d+/,
    );
    expect(text).toContain('flextime_gateway_http_request_duration_seconds_bucket');
    expect(text).toMatch(/flextime_gateway_subgraph_fetch_duration_seconds_count\{subgraph="venues"\} \d+/);
    expect(text).toMatch(/flextime_gateway_subgraph_fetch_errors_total\{subgraph="venues",kind="timeout"\} 1/);
    expect(text).toMatch(/flextime_gateway_rejected_operations_total\{reason="depth"\} [1-9]/);
    expect(text).toMatch(/flextime_gateway_graphql_operations_total\{operation_type="query",outcome="partial"\} [1-9]/);
  });

  it('subgraph-down: a stopped subgraph yields partial data naming it, /ready flips to 503, recovery after restart', async () => {
    await venues.stop();
    try {
      const { status, body } = await gql('{ team(id: "t2") { name homeVenue { name } } }');
      expect(status).toBe(200);
      expect(body.data.team).toEqual({ name: 'Kansas State Wildcats', homeVenue: null });
      expect(body.errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'venues' });
      const onlyVenues = await gql('{ venues { name } }');
      expect(onlyVenues.body.data).toBeNull();
      expect(onlyVenues.body.errors[0].extensions.serviceName).toBe('venues');
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { notReady: string[] }).notReady).toEqual(['venues']);
    } finally {
      await venues.start();
    }
    const again = await gql('{ team(id: "t2") { homeVenue { name } } }');
    expect(again.body).toEqual({ data: { team: { homeVenue: { name: 'Bramlage Coliseum' } } } });
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });
});

describe('production mode', () => {
  it('turns introspection off when NODE_ENV=production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    let prod: GatewayApp | undefined;
    try {
      const { supergraphSdl } = composeSupergraph([
        { name: 'teams', url: teams.url, typeDefs: teams.typeDefs },
        { name: 'venues', url: venues.url, typeDefs: venues.typeDefs },
      ]);
      prod = await createGatewayApp({
        supergraphSdl,
        subgraphUrls: { teams: teams.url, venues: venues.url },
        logger: pino({ level: 'silent' }),
        defaultMetrics: false,
      });
      const res = await prod.execute('{ __schema { queryType { name } } }', {}, OPERATOR);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].message).toMatch(/introspection/i);
      const ok = await prod.execute('{ team(id: "t1") { name } }', {}, OPERATOR);
      expect(ok.data).toEqual({ team: { name: 'Kansas Jayhawks' } });
    } finally {
      process.env.NODE_ENV = previous;
      await prod?.close();
    }
  });
});
