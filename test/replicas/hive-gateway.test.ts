// The supergraph on Hive Gateway instead of FlexTime's gateway, and the REST shim sending its operations there over
// HTTP (GATEWAY_URL's path) — the failures covered: a swapped gateway that lets a caller in without a credential, shows
// one conference's data to another, or that only works because FlexTime's own gateway checks what the subgraphs
// should (so Hive without the statement hook must get nothing from the subgraphs).
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../../gateway/auth/index.ts';
import { readSupergraphSdl } from '../../gateway/composition.ts';
import { withSubgraphUrls } from '../../gateway/hive.ts';
import { KEYS, testAuth } from '../support/auth.ts';
import { type HiveFront, startHiveFront } from '../support/hive-front.ts';
import { type Json, startTestStack, type TestStack } from '../support/stack.ts';

// one store for Hive and the REST shim, as Redis is for a deployment
const LIMIT = { limit: 20, windowMs: 60_000, store: new MemoryRateLimitStore() };

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

async function gql(url: string, query: string, headers: Record<string, string>, variables = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('Hive Gateway serving the supergraph, the subgraphs enforcing authentication and tenancy', () => {
  let stack: TestStack;
  let hive: HiveFront;
  let bareHive: { server: Server; url: string };
  let hiveRequests = 0;
  let restBase: string;
  let big12ScheduleId: string;

  beforeAll(async () => {
    stack = await startTestStack({ seed: true, memoryEvents: true });
    hive = await startHiveFront({
      subgraphUrls: stack.subgraphUrls,
      auth: testAuth(),
      rateLimit: LIMIT,
      events: stack.deps.events,
      onRequest: () => hiveRequests++,
    });
    restBase = hive.baseUrl;
    // Hive as it comes, without the statement hook: the subgraphs must refuse it on their own
    const bare = createGatewayRuntime({
      supergraph: withSubgraphUrls(readSupergraphSdl(), stack.subgraphUrls),
      logging: false,
      landingPage: false,
    });
    bareHive = await listen(bare);
    const teams = await gql(hive.gatewayUrl, '{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } } } }', {
      'x-api-key': KEYS.big12,
    });
    const created = await gql(
      hive.gatewayUrl,
      'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id conference { id } } }',
      { 'x-api-key': KEYS.big12 },
      { input: { name: 'Hive Big 12', sportId: teams.body.data.teams.nodes[0].sport.id, seasonId: '2' } },
    );
    expect(created.body.errors).toBeUndefined();
    big12ScheduleId = created.body.data.createSchedule.id;
  }, 120_000);

  afterAll(async () => {
    await hive?.close();
    bareHive?.server.closeAllConnections();
    await new Promise((r) => bareHive?.server.close(r));
    await stack?.stop();
  }, 30_000);

  it('GraphQL through Hive without a credential is 401 UNAUTHENTICATED', async () => {
    const r = await gql(hive.gatewayUrl, '{ teams(limit: 1) { nodes { id } } }', {});
    expect(r.status).toBe(401);
    expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await gql(hive.gatewayUrl, '{ teams(limit: 1) { nodes { id } } }', { 'x-api-key': 'not-a-key' });
    expect(bad.status).toBe(401);
  });

  it("GraphQL through Hive: another conference's schedule is invisible, the tenant's own is there", async () => {
    const Q = 'query($id: ID!) { schedule(id: $id) { id name } }';
    const own = await gql(hive.gatewayUrl, Q, { 'x-api-key': KEYS.big12 }, { id: big12ScheduleId });
    expect(own.body.data.schedule).toMatchObject({ id: big12ScheduleId, name: 'Hive Big 12' });
    const other = await gql(hive.gatewayUrl, Q, { 'x-api-key': KEYS.mw }, { id: big12ScheduleId });
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data.schedule).toBeNull();
    // a tenant header sent by the caller changes nothing: Hive forwards no client header
    const spoofed = await gql(
      hive.gatewayUrl,
      Q,
      { 'x-api-key': KEYS.mw, 'x-conference-id': '1' },
      { id: big12ScheduleId },
    );
    expect(spoofed.body.data.schedule).toBeNull();
    // and a viewer may not write, refused at the subgraph (@requiresScopes)
    const write = await gql(hive.gatewayUrl, `mutation { deleteSchedule(id: "${big12ScheduleId}") }`, {
      'x-api-key': KEYS.big12Viewer,
    });
    expect(write.body.errors[0].extensions.code).toMatch(/FORBIDDEN|UNAUTHORIZED/);
  });

  it('Hive without the statement hook gets nothing from the subgraphs, whatever the credential', async () => {
    const r = await gql(bareHive.url, '{ teams(limit: 1) { nodes { id } } }', { 'x-api-key': KEYS.operator });
    expect(r.body.data?.teams ?? null).toBeNull();
    expect(JSON.stringify(r.body.errors)).toMatch(/UNAUTHENTICATED|statement/i);
  });

  it('the REST shim runs its operations on Hive with the caller credential, and Hive/the subgraphs enforce it', async () => {
    const before = hiveRequests;
    const none = await fetch(`${restBase}/api/v1/teams`);
    expect(none.status).toBe(401);
    const teams = await fetch(`${restBase}/api/v1/teams`, { headers: { 'x-api-key': KEYS.big12 } });
    expect(teams.status).toBe(200);
    expect(hiveRequests).toBeGreaterThan(before);
    const own = await fetch(`${restBase}/api/v1/schedules/${big12ScheduleId}`, {
      headers: { 'x-api-key': KEYS.big12 },
    });
    expect(own.status).toBe(200);
    const other = await fetch(`${restBase}/api/v1/schedules/${big12ScheduleId}`, { headers: { 'x-api-key': KEYS.mw } });
    expect(other.status).toBe(404);
    const viewerWrite = await fetch(`${restBase}/api/v1/schedules/${big12ScheduleId}`, {
      method: 'DELETE',
      headers: { 'x-api-key': KEYS.big12Viewer },
    });
    expect(viewerWrite.status).toBe(403);
  });

  // Remotely, the budget is charged per GraphQL operation: a one-operation route costs one, a paged list one per page.
  it("a REST call is counted once (by Hive, not again at the shim's door), and Hive's 429 reaches the caller", async () => {
    const headers = { 'x-api-key': KEYS.big12Admin };
    const one = `${restBase}/api/v1/schedules/${big12ScheduleId}`;
    for (let i = 0; i < LIMIT.limit; i++) {
      const ok = await fetch(one, { headers });
      expect(ok.status, `REST call ${i + 1} of ${LIMIT.limit}`).toBe(200);
    }
    const refused = await fetch(one, { headers });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as Json).code).toBe('RATE_LIMITED');
  });

  // Hive masks a fetch that failed as "Unexpected error." and reports a timeout without the subgraph: the REST caller
  // would get an anonymous 502, or the shim's own 15 s deadline instead of the subgraph's 5 s one.
  it('a subgraph that is down or hangs behind Hive is named (502 / 504 within its deadline), as behind our gateway', async () => {
    const sockets: Socket[] = [];
    const blackHole = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failing = await startHiveFront({
      subgraphUrls: {
        ...stack.subgraphUrls,
        'team-availability': `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}/graphql`,
        'venue-management': `http://127.0.0.1:${closedPort}/graphql`,
      },
      auth: testAuth(),
      rateLimit: { limit: 0, windowMs: 60_000, store: new MemoryRateLimitStore() },
      events: stack.deps.events,
      subgraphTimeoutsMs: { 'team-availability': 300 },
    });
    try {
      const headers = { 'x-api-key': KEYS.big12 };
      const down = await fetch(`${failing.baseUrl}/api/v1/venues`, { headers });
      const downBody = (await down.json()) as Json;
      expect(down.status).toBe(502);
      expect(downBody.details.service).toBe('venue-management');
      const graphql = await gql(failing.gatewayUrl, '{ venues(limit: 1) { nodes { id } } }', headers);
      expect(graphql.body.errors[0]).toMatchObject({
        message: expect.stringMatching(/venue-management.*ECONNREFUSED/),
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'venue-management' },
      });
      expect(JSON.stringify(graphql.body)).not.toContain('"request"');

      const started = Date.now();
      const hung = await fetch(`${failing.baseUrl}/api/v1/teams`, { headers });
      expect(hung.status).toBe(504);
      expect(await hung.json()).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', details: { service: 'team-availability' } });
      expect(Date.now() - started).toBeLessThan(5_000);
      // the others keep answering
      expect((await fetch(`${failing.baseUrl}/api/v1/constraints`, { headers })).status).toBe(200);
    } finally {
      await failing.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => blackHole.close(resolve));
    }
  });
});
