// End to end over real HTTP: a migrated + seeded database, the four real subgraphs and the gateway on ephemeral
// ports. PGlite always; real Postgres too when DATABASE_URL is set.
import { createServer, type Socket } from 'node:net';
import { serverAudits } from 'graphql-http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp } from '../../gateway/server.ts';
import { KEYS, OPERATOR, operatorFetch, withCredentials } from '../support/auth.ts';
import { DB_KINDS } from '../support/db.ts';
import { itOnFlexTimeGateway } from '../support/hive-front.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

// biome-ignore lint/suspicious/noExplicitAny: GraphQL JSON responses are inspected field by field
type Json = any;

describe.each(DB_KINDS)('e2e on %s', (kind) => {
  let t: TestStack;
  let mbb: { sportId: string; seasonId: string; conferenceId: string };
  let teams: Json[];
  let scheduleId: string;

  async function gql(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
    const res = await fetch(t.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(await withCredentials(headers)),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** Subgraph fetches the gateway has made so far (from its own Prometheus registry). */
  async function subgraphFetches(): Promise<number> {
    const metric = await t.stack.gateway.metrics.registry
      .getSingleMetric('flextime_gateway_subgraph_fetch_duration_seconds')
      ?.get();
    return (metric?.values ?? [])
      .filter((v) => (v as { metricName?: string }).metricName?.endsWith('_count'))
      .reduce((n, v) => n + v.value, 0);
  }

  beforeAll(async () => {
    t = await startTestStack({ kind, limits: { maxDepth: 10, maxCost: 5000, subgraphTimeoutMs: 5000 } });
    const ids = await gql('{ sports { id code } seasons { id isCurrent } conferences { id name } }');
    const d = ids.body.data;
    mbb = {
      sportId: d.sports.find((s: Json) => s.code === 'MBB').id,
      seasonId: d.seasons.find((s: Json) => s.isCurrent).id,
      conferenceId: d.conferences.find((c: Json) => c.name === 'Big 12 Conference').id,
    };
    const list = await gql(
      'query ($c: ID) { teams(sportCode: "MBB", conferenceId: $c, limit: 100) { nodes { id abbreviation homeVenue { id } } } }',
      {
        c: mbb.conferenceId,
      },
    );
    teams = list.body.data.teams.nodes;
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('one team with its profile, blackouts and home venue (team-availability + venue-management)', async () => {
    const ku = teams.find((x) => x.abbreviation === 'KU');
    const { status, body } = await gql(
      'query ($id: ID!) { team(id: $id) { name abbreviation profile { maxGamesPerWeek season { name } } blackouts { startDate endDate severity } homeVenue { name capacity city } } }',
      { id: ku.id },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.team.name).toMatch(/Kansas Jayhawks/);
    expect(body.data.team.homeVenue).toMatchObject({ name: 'Allen Fieldhouse', capacity: 15300 });
    expect(body.data.team.profile.maxGamesPerWeek).toBeGreaterThan(0);
    expect(body.data.team.blackouts.length).toBeGreaterThan(0);
    for (const b of body.data.team.blackouts) expect(['HARD', 'SOFT', 'PREFERENCE']).toContain(b.severity);
  });

  it('all 16 Big 12 men’s basketball teams with their home venues', async () => {
    const { body } = await gql(
      'query ($c: ID) { teams(sportCode: "MBB", conferenceId: $c, limit: 100) { total nodes { abbreviation homeVenue { name capacity } } } }',
      { c: mbb.conferenceId },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.teams.total).toBe(16);
    expect(body.data.teams.nodes.filter((n: Json) => n.homeVenue?.name).length).toBe(16);
  });

  it('mutations in schedule-generation and team-availability are visible through entity fields of the others', async () => {
    const created = await gql(
      'mutation ($input: CreateScheduleInput!) { createSchedule(input: $input) { id name status } }',
      { input: { name: 'E2E MBB', sportId: mbb.sportId, seasonId: mbb.seasonId, conferenceId: mbb.conferenceId } },
    );
    expect(created.body.errors).toBeUndefined();
    scheduleId = created.body.data.createSchedule.id;
    for (let i = 0; i < 8; i++) {
      const home = teams[(2 * i) % teams.length];
      const away = teams[(2 * i + 1) % teams.length];
      const game = await gql('mutation ($input: CreateGameInput!) { createGame(input: $input) { id } }', {
        input: {
          scheduleId,
          homeTeamId: home.id,
          awayTeamId: away.id,
          venueId: home.homeVenue.id,
          date: `2026-01-${String(10 + i).padStart(2, '0')}`,
        },
      });
      expect(game.body.errors).toBeUndefined();
    }
    const home = teams[0];
    const blackout = await gql('mutation ($input: CreateBlackoutInput!) { createBlackout(input: $input) { id } }', {
      input: {
        teamId: home.id,
        startDate: '2026-02-01',
        endDate: '2026-02-03',
        severity: 'HARD',
        reason: 'e2e arena concert',
      },
    });
    expect(blackout.body.errors).toBeUndefined();

    // One follow-up query: schedule-generation's games, team-availability's blackouts and names, venue-management's venues.
    const { body } = await gql(
      `query ($id: ID!, $team: ID!) {
        schedule(id: $id) { name gameCount games { date home { id name blackouts { reason } } away { name } venue { name capacity } } }
        team(id: $team) { games(scheduleId: $id) { date } homeVenue { games(scheduleId: $id) { date } } }
      }`,
      { id: scheduleId, team: home.id },
    );
    expect(body.errors).toBeUndefined();
    const s = body.data.schedule;
    expect(s.gameCount).toBe(8);
    expect(s.games).toHaveLength(8);
    for (const g of s.games) {
      expect(g.home.name).toBeTruthy();
      expect(g.away.name).toBeTruthy();
      expect(g.venue.name).toBeTruthy();
    }
    const first = s.games.find((g: Json) => g.home.id === home.id);
    expect(first.home.blackouts.map((b: Json) => b.reason)).toContain('e2e arena concert');
    expect(body.data.team.games.map((g: Json) => g.date)).toContain('2026-01-10');
    expect(body.data.team.homeVenue.games.map((g: Json) => g.date)).toContain('2026-01-10');
  });

  it('the tenant is the credential’s in every subgraph: another conference sees none of the Big 12 blackouts, whatever x-conference-id says', async () => {
    const ku = teams.find((x) => x.abbreviation === 'KU');
    const query = 'query ($id: ID!) { team(id: $id) { name blackouts { id } homeVenue { name } } }';
    const own = await gql(query, { id: ku.id }, { 'x-conference-id': mbb.conferenceId });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.team.blackouts.length).toBeGreaterThan(0);
    const other = await gql(query, { id: ku.id }, { 'x-conference-id': '999999' });
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data.team.blackouts).toEqual([]);
    // a Mountain West key claiming the Big 12 in the header still sees the Mountain West's rows only
    const spoofed = await gql(query, { id: ku.id }, { 'x-api-key': KEYS.mw, 'x-conference-id': mbb.conferenceId });
    expect(spoofed.body.errors).toBeUndefined();
    expect(spoofed.body.data.team.blackouts).toEqual([]);
  });

  it('unknown ids → null', async () => {
    const { body } = await gql(
      '{ team(id: "987654") { name } venue(id: "987654") { name } schedule(id: "987654") { name } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ team: null, venue: null, schedule: null });
  });

  it('malformed query → 400 GRAPHQL_PARSE_FAILED; unknown field → 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const parse = await gql('{ teams { nodes { name }');
    expect(parse.status).toBe(400);
    expect(parse.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await gql('{ teams { nodes { mascotColour } } }');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknown.body.errors[0].message).toContain('mascotColour');
  });

  it('bad arguments → BAD_USER_INPUT naming the field: invalid date, negative limit, unknown enum', async () => {
    const date = await gql('{ games(from: "2025-13-45") { nodes { id } } }');
    expect(date.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(date.body.errors[0])).toContain('from');
    const limit = await gql('{ teams(limit: -1) { nodes { id } } }');
    expect(limit.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(limit.body.errors[0])).toContain('limit');
    const severity = await gql('query ($s: BlackoutSeverity) { blackouts(severity: $s) { nodes { id } } }', {
      s: 'EXTREME',
    });
    expect(severity.status).toBe(400);
    expect(severity.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(severity.body.errors[0].message).toContain('$s');
  });

  // FlexTime's limits plugin: Hive in front has no depth or cost limit configured (docs/gateways.md)
  itOnFlexTimeGateway('too deep or too costly → rejected before any subgraph is called', async () => {
    const fetchesBefore = await subgraphFetches();
    const sqlBefore = t.queries.length;
    const deep = await gql(
      '{ schedules { nodes { games { home { homeVenue { games { away { homeVenue { games { home { name } } } } } } } } } } }',
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
    const costly = await gql(
      '{ teams(limit: 100) { nodes { games(first: 100) { home { name } away { name } venue { name } } } } }',
    );
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(await subgraphFetches()).toBe(fetchesBefore);
    expect(t.queries.length).toBe(sqlBefore);
  });

  it('passes every MUST of the graphql-http server audits', async () => {
    const failures: string[] = [];
    for (const audit of serverAudits({ url: t.gatewayUrl, fetchFn: operatorFetch })) {
      const result = await audit.fn();
      if (result.status !== 'ok' && audit.name.startsWith('MUST')) failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });

  // the gateway process's own probes and counters (subgraph fetches, /graphql requests); Hive serves neither
  itOnFlexTimeGateway('/health, /ready (every subgraph and its database) and /metrics', async () => {
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${t.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as Json).subgraphs).toEqual({
      'team-availability': 'ready',
      'venue-management': 'ready',
      'constraint-validation': 'ready',
      'schedule-generation': 'ready',
    });
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /flextime_gateway_subgraph_fetch_duration_seconds_count\{subgraph="venue-management"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /flextime_gateway_http_requests_total\{method="POST",route="\/graphql",status_code="200"\} [1-9]/,
    );
  });

  it('upstream-timeout: a venue-management that accepts but never answers → partial data naming it within the timeout', async () => {
    // A black hole: takes the connection and the request, never replies.
    const sockets = new Set<Socket>();
    const hole = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => {});
    });
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    const port = (hole.address() as { port: number }).port;
    const gw = await createGatewayApp({
      subgraphUrls: { ...t.subgraphUrls, 'venue-management': `http://127.0.0.1:${port}/graphql` },
      logger: pino({ level: 'silent' }),
      limits: { subgraphTimeoutMs: 500 },
      defaultMetrics: false,
    });
    try {
      const ku = teams.find((x) => x.abbreviation === 'KU');
      const started = Date.now();
      const res = await gw.execute(
        'query ($id: ID!) { team(id: $id) { name homeVenue { name } } }',
        { id: ku.id },
        OPERATOR,
      );
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(res.data).toEqual({ team: { name: expect.stringMatching(/Kansas Jayhawks/), homeVenue: null } });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'venue-management' });
      expect(res.errors?.[0].message).toContain('venue-management');
    } finally {
      await gw.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => hole.close(resolve));
    }
  });

  it('subgraph-down: venue-management stopped → partial data naming it, /ready 503; back after restart', async () => {
    const ku = teams.find((x) => x.abbreviation === 'KU');
    await t.stopSubgraph('venue-management');
    try {
      const { status, body } = await gql('query ($id: ID!) { team(id: $id) { name homeVenue { name } } }', {
        id: ku.id,
      });
      expect(status).toBe(200);
      expect(body.data.team.name).toMatch(/Kansas Jayhawks/);
      expect(body.data.team.homeVenue).toBeNull();
      expect(body.errors[0].extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        serviceName: 'venue-management',
      });
      expect(body.errors[0].message).toContain('venue-management');
      const ready = await fetch(`${t.baseUrl}/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as Json).notReady).toEqual(['venue-management']);
    } finally {
      await t.restartSubgraph('venue-management');
    }
    const again = await gql('query ($id: ID!) { team(id: $id) { homeVenue { name } } }', { id: ku.id });
    expect(again.body).toEqual({ data: { team: { homeVenue: { name: 'Allen Fieldhouse' } } } });
  });
});
