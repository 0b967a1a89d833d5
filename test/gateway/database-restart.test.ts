// database-restart, end to end: the four subgraphs and the gateway over real HTTP, their database reached through a
// TCP proxy (test/support/pg-proxy.ts) that can drop every connection or refuse new ones, as a restarting or
// failing-over PostgreSQL does. Reads in flight survive a restart; while the database is down every call answers
// DATABASE_UNAVAILABLE (GraphQL) / 503 (REST) well within the gateway's timeout and nothing is written; afterwards the
// same calls work again and nothing was doubled. Real PostgreSQL only (PGlite runs in process).

import { pino } from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL_PORTS, type RunningStack, startStack } from '../../bin/commands/start.ts';
import { type Database, openDatabase } from '../../db/index.ts';
import { MemoryRateLimitStore } from '../../gateway/auth/index.ts';
import { seed } from '../../seeding/index.ts';
import { createProcessDependencies, type ProcessDependencies } from '../../subgraphs/dependencies.ts';
import { withCredentials } from '../support/auth.ts';
import { createTestDatabase, REAL_DATABASE_URL, type TestDatabase } from '../support/db.ts';
import { type PgProxy, startPgProxy } from '../support/pg-proxy.ts';
import { type Json, KEYS, testAuth } from '../support/stack.ts';

const GATEWAY_TIMEOUT_MS = 5000;

describe.runIf(REAL_DATABASE_URL)('database-restart under the running stack (postgres)', () => {
  let t: TestDatabase;
  let proxy: PgProxy;
  let db: Database;
  let stack: RunningStack;
  let deps: ProcessDependencies;
  let admin: postgres.Sql;
  let teamId: string;

  async function gql(query: string, variables?: Record<string, unknown>) {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        // a Big 12 scheduler's credential (test/support/auth.ts)
        ...(await withCredentials({ 'x-conference-id': '1' })),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  const TEAMS =
    '{ teams(sportCode: "MBB", limit: 16) { nodes { id name homeVenue { name } blackouts { startDate } } } }';
  const CREATE_BLACKOUT = `mutation ($input: CreateBlackoutInput!) { createBlackout(input: $input) { id reason } }`;
  const blackout = (reason: string) => ({ input: { teamId, startDate: '2026-02-02', endDate: '2026-02-03', reason } });
  const rowsWithReason = async (reason: string) =>
    Number(
      (await admin`select count(*)::int as n from team_availability.team_blackout_dates where reason = ${reason}`)[0].n,
    );

  beforeAll(async () => {
    t = await createTestDatabase({ kind: 'postgres', prefix: 'flextime_restart_e2e' });
    await seed(t.db);
    admin = postgres(t.url ?? '', { max: 1, onnotice: () => {} });
    const target = new URL(t.url ?? '');
    proxy = await startPgProxy({ host: target.hostname, port: Number(target.port || 5432) });
    db = await openDatabase({ url: proxy.urlFor(t.url ?? ''), poolSize: 6 });
    deps = createProcessDependencies(db, { generation: { worker: false } });
    stack = await startStack({
      deps,
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      ports: EPHEMERAL_PORTS,
      limits: { subgraphTimeoutMs: GATEWAY_TIMEOUT_MS },
      auth: testAuth(),
      rateLimit: { limit: 0, windowMs: 60_000, store: new MemoryRateLimitStore() },
      defaultMetrics: false,
    });
    const first = await gql(TEAMS);
    teamId = first.body.data.teams.nodes[0].id;
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await deps?.close();
    await db?.close();
    await proxy?.close();
    await admin?.end();
    await t?.dispose();
  });

  it('reads in flight when every connection drops are answered in full', async () => {
    const inFlight = Array.from({ length: 12 }, () => gql(TEAMS));
    await new Promise((resolve) => setTimeout(resolve, 5));
    proxy.cut();
    for (const { status, body } of await Promise.all(inFlight)) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data.teams.nodes).toHaveLength(16);
      expect(body.data.teams.nodes.every((n: Json) => n.homeVenue?.name)).toBe(true);
    }
  });

  it('database down: a write answers DATABASE_UNAVAILABLE naming the service and saying nothing was written, within the timeout', async () => {
    proxy.down();
    try {
      const started = performance.now();
      const { body } = await gql(CREATE_BLACKOUT, blackout('written-during-outage'));
      expect(performance.now() - started).toBeLessThan(GATEWAY_TIMEOUT_MS);
      expect(body.data).toBeNull();
      expect(body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
      expect(body.errors[0].extensions.outcome).toBe('rolled-back');
      expect(body.errors[0].message).toMatch(/team-availability database is unavailable.*nothing was written/);
    } finally {
      proxy.up();
    }
    expect(await rowsWithReason('written-during-outage')).toBe(0);
  });

  it('database down: reads answer DATABASE_UNAVAILABLE (GraphQL) and 503 in the legacy shape naming the cause (REST), never a timeout', async () => {
    proxy.down();
    try {
      const started = performance.now();
      const { body } = await gql(TEAMS);
      expect(body.errors.map((e: Json) => e.extensions.code)).toContain('DATABASE_UNAVAILABLE');
      expect(body.errors.map((e: Json) => e.extensions.code)).not.toContain('SUBGRAPH_TIMEOUT');
      const rest = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/api/v2/team-availability/blackouts`, {
        headers: { 'x-api-key': KEYS.operator },
      });
      expect(rest.status).toBe(503);
      expect(rest.headers.get('retry-after')).toBe('1');
      const error = (await rest.json()) as Json;
      // the legacy code set has no database code: SERVICE_UNAVAILABLE, with the GraphQL code and service in details
      expect(error).toMatchObject({
        error: 'Service Unavailable',
        code: 'SERVICE_UNAVAILABLE',
        details: { graphql_code: 'DATABASE_UNAVAILABLE', service: 'team-availability' },
      });
      expect(error.message).toMatch(/team-availability database is unavailable/);
      expect(performance.now() - started).toBeLessThan(2 * GATEWAY_TIMEOUT_MS);
    } finally {
      proxy.up();
    }
  });

  it('back up: the same write succeeds once, reads answer again', async () => {
    const { body } = await gql(CREATE_BLACKOUT, blackout('written-after-outage'));
    expect(body.errors).toBeUndefined();
    expect(body.data.createBlackout.reason).toBe('written-after-outage');
    expect(await rowsWithReason('written-after-outage')).toBe(1);
    const read = await gql(TEAMS);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.teams.nodes).toHaveLength(16);
  });
});
