// The front door over real HTTP against the whole stack (seeded Big 12): every door refuses a missing, bad, expired,
// wrong-audience or wrong-issuer credential (401, GraphQL UNAUTHENTICATED / the legacy REST shape) and counts it in
// /metrics; /health, /ready, /metrics stay open; the tenant is the credential's whatever headers say; a subgraph
// answers only the gateway's signed statement. PGlite always; real Postgres when DATABASE_URL is set.
import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { hashApiKey, parseApiKeys } from '../../gateway/auth/index.ts';
import { KEYS, operatorFetch, statementHeaders, userToken } from '../support/auth.ts';
import { DB_KINDS } from '../support/db.ts';
import { itOnFlexTimeGateway } from '../support/hive-front.ts';
import { type Json, JWT_SECRET, startTestStack, type TestStack } from '../support/stack.ts';

const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'flextime-api';

/** A token signed with the stack's secret, with the given issuer/audience/expiry. */
function token(claims: Record<string, unknown>, o: { iss?: string; aud?: string; exp?: string | number } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('user-7').setIssuedAt();
  if (o.iss !== undefined) jwt = jwt.setIssuer(o.iss);
  if (o.aud !== undefined) jwt = jwt.setAudience(o.aud);
  return jwt.setExpirationTime(o.exp ?? '5m').sign(new TextEncoder().encode(JWT_SECRET));
}

const TEAMS = '{ teams(limit: 3) { total nodes { name } } }';
const BLACKOUTS = '{ blackouts(limit: 100) { total nodes { id team { id } } } }';

describe.each(DB_KINDS)('front door on %s', (kind) => {
  let t: TestStack;

  async function graphql(headers: Record<string, string>, query = TEAMS, method: 'POST' | 'GET' = 'POST') {
    const res =
      method === 'POST'
        ? await fetch(t.gatewayUrl, {
            method,
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ query }),
          })
        : await fetch(`${t.gatewayUrl}?query=${encodeURIComponent(query)}`, {
            headers: { accept: 'application/json', ...headers },
          });
    return { status: res.status, body: (await res.json()) as Json, headers: res.headers };
  }

  async function authFailures(): Promise<number> {
    const metric = await t.gateway.metrics.registry.getSingleMetric('flextime_gateway_auth_failures_total')?.get();
    return (metric?.values ?? []).reduce((n, v) => n + v.value, 0);
  }

  beforeAll(async () => {
    // the test credentials, with JWTs that must name this issuer and audience
    const keys = `${hashApiKey(KEYS.big12)}:1,${hashApiKey(KEYS.mw)}:2,${hashApiKey(KEYS.operator)}:*`;
    t = await startTestStack({
      kind,
      defaultMetrics: false,
      auth: {
        apiKeys: parseApiKeys(keys),
        jwt: {
          key: new TextEncoder().encode(JWT_SECRET),
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          conferenceClaim: 'conference_id',
        },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('no-credentials: /graphql (POST, GET), /api/v1 and /api/v2 answer 401; /health, /ready, /metrics stay open', async () => {
    for (const method of ['POST', 'GET'] as const) {
      const res = await graphql({}, TEAMS, method);
      expect(res.status).toBe(401);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
    const mutation = await graphql({}, 'mutation { deleteSchedule(id: "1") }');
    expect(mutation.status).toBe(401);
    for (const path of [
      '/api/v1/schedules',
      '/api/v1/teams',
      '/api/v2/team-availability/blackouts',
      '/api/v9/nothing',
    ]) {
      const res = await t.request('GET', path, { key: null });
      expect(res.status).toBe(401);
      expect(Object.keys(res.body).sort()).toEqual(['code', 'details', 'error', 'message']);
      expect(res.body.code).toBe('AUTH_REQUIRED');
    }
    const garbage = await graphql({ authorization: 'Bearer garbage' });
    expect(garbage.status).toBe(401);
    const unknownKey = await graphql({ 'x-api-key': 'not-a-key' });
    expect(unknownKey.status).toBe(401);
    expect(unknownKey.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_API_KEY' });
    for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(`${t.baseUrl}${path}`)).status).toBe(200);
    // the same request with a credential succeeds
    const ok = await graphql({ 'x-api-key': KEYS.big12 });
    expect(ok.status).toBe(200);
    expect(ok.body.data.teams.total).toBeGreaterThan(0);
  });

  // the counter lives in FlexTime's gateway process, which Hive replaces in the Hive pass
  itOnFlexTimeGateway('every refused credential is counted by its code in the gateway’s /metrics', async () => {
    const before = await authFailures();
    for (const method of ['POST', 'GET'] as const) expect((await graphql({}, TEAMS, method)).status).toBe(401);
    expect((await graphql({}, 'mutation { deleteSchedule(id: "1") }')).status).toBe(401);
    for (const path of ['/api/v1/schedules', '/api/v1/teams', '/api/v2/team-availability/blackouts', '/api/v9/nothing'])
      expect((await t.request('GET', path, { key: null })).status).toBe(401);
    expect((await graphql({ authorization: 'Bearer garbage' })).status).toBe(401);
    expect((await graphql({ 'x-api-key': 'not-a-key' })).status).toBe(401);
    expect(await authFailures()).toBe(before + 9);
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/flextime_gateway_auth_failures_total\{code="AUTH_REQUIRED"\} \d+/);
    expect(metrics).toMatch(/flextime_gateway_auth_failures_total\{code="INVALID_API_KEY"\} \d+/);
  });

  it('expired-token: an expired JWT → 401 TOKEN_EXPIRED on GraphQL and REST', async () => {
    const expired = await token(
      { conference_id: 1 },
      { iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) - 30 },
    );
    const gql = await graphql({ authorization: `Bearer ${expired}` });
    expect(gql.status).toBe(401);
    expect(gql.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    const rest = await t.request('GET', '/api/v1/schedules', {
      key: null,
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(rest.status).toBe(401);
    expect(rest.body.code).toBe('TOKEN_EXPIRED');
    const valid = await token({ conference_id: 1 }, { iss: ISSUER, aud: AUDIENCE });
    expect((await graphql({ authorization: `Bearer ${valid}` })).status).toBe(200);
  });

  it('wrong-audience (and wrong issuer): a token for another audience or from another issuer → 401', async () => {
    const cases = [
      await token({ conference_id: 1 }, { iss: ISSUER, aud: 'another-api' }),
      await token({ conference_id: 1 }, { iss: ISSUER }),
      await token({ conference_id: 1 }, { iss: 'https://evil.example.test/', aud: AUDIENCE }),
      await token({ conference_id: 1 }, { aud: AUDIENCE }),
    ];
    for (const bad of cases) {
      const gql = await graphql({ authorization: `Bearer ${bad}` });
      expect(gql.status).toBe(401);
      expect(gql.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const rest = await t.request('GET', '/api/v2/team-availability/blackouts', {
        key: null,
        headers: { authorization: `Bearer ${bad}` },
      });
      expect(rest.status).toBe(401);
      expect(rest.body.code).toBe('INVALID_TOKEN');
    }
  });

  it('spoofed-tenant-header: x-conference-id from the caller changes nothing, on GraphQL and REST', async () => {
    const [{ n: big12Blackouts }] = await t.db.admin((tx) =>
      rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from team_availability.team_blackout_dates where conference_id = 1`,
      ),
    );
    expect(big12Blackouts).toBeGreaterThan(0);
    // a Mountain West key claiming the Big 12
    const spoofed = await graphql({ 'x-api-key': KEYS.mw, 'x-conference-id': '1' }, BLACKOUTS);
    expect(spoofed.status).toBe(200);
    expect(spoofed.body.data.blackouts.total).toBe(0);
    const rest = await t.request('GET', '/api/v2/team-availability/blackouts?limit=100', {
      key: KEYS.mw,
      headers: { 'x-conference-id': '1' },
    });
    expect(rest.status).toBe(200);
    expect(rest.body.pagination.total).toBe(0);
    // and the internal statement header cannot be smuggled in either
    const smuggled = await graphql({ 'x-api-key': KEYS.mw, ...(await statementHeaders(1)) }, BLACKOUTS);
    expect(smuggled.body.data.blackouts.total).toBe(0);
    // the Big 12's own key sees its rows
    const own = await graphql({ 'x-api-key': KEYS.big12, 'x-conference-id': '2' }, BLACKOUTS);
    expect(own.body.data.blackouts.total).toBe(big12Blackouts);
  });

  it('direct-subgraph-call: every subgraph refuses a caller without the gateway’s statement (401), whatever it sends', async () => {
    for (const url of Object.values(t.subgraphUrls)) {
      const attempts: Record<string, string>[] = [
        {},
        { 'x-conference-id': '1' },
        { 'x-api-key': KEYS.operator },
        { authorization: `Bearer ${await userToken({ conference_id: 1, roles: ['admin'] })}` },
      ];
      for (const headers of attempts) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        expect(res.status).toBe(401);
        const body = (await res.json()) as Json;
        expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
        expect(body.data).toBeUndefined();
      }
      // health and readiness stay open
      expect((await fetch(url.replace(/\/graphql$/, '/health'))).status).toBe(200);
    }
  });

  it('forged-gateway-signature: a statement signed with another secret, expired, or another kind of token → 401', async () => {
    const url = t.subgraphUrls['team-availability'];
    const wrongKey = new TextEncoder().encode('not-the-internal-secret-0123456789abcdef');
    const forge = (o: { key?: Uint8Array; iss?: string; aud?: string; exp?: string | number }) =>
      new SignJWT({ conf: 1, scopes: ['viewer', 'scheduler', 'admin'], rid: 'forged' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(o.iss ?? 'flextime-gateway')
        .setAudience(o.aud ?? 'flextime-subgraphs')
        .setSubject('mallory')
        .setExpirationTime(o.exp ?? '60s')
        .sign(o.key ?? new TextEncoder().encode(process.env.FLEXTIME_INTERNAL_SECRET));
    const valid = (await statementHeaders(1))['x-flextime-principal'];
    const [header, payload] = valid.split('.');
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), conf: 2 }),
    );
    const statements = [
      await forge({ key: wrongKey }),
      await forge({ exp: Math.floor(Date.now() / 1000) - 5 }),
      // a service credential (meant for the gateway) replayed to a subgraph
      await forge({ iss: 'flextime-service', aud: 'flextime-gateway' }),
      // a user's token, even a valid one
      await userToken({ conference_id: 1, roles: ['admin'] }),
      `${header}.${tampered.toString('base64url')}.${valid.split('.')[2]}`,
      `${header}.${payload}.`,
    ];
    for (const statement of statements) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-flextime-principal': statement },
        body: JSON.stringify({ query: '{ blackouts { total } }' }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as Json).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    // the genuine article is accepted
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-flextime-principal': valid },
      body: JSON.stringify({ query: '{ blackouts { total } }' }),
    });
    expect(ok.status).toBe(200);
  });

  // the redirect to the workspace's GraphiQL is FlexTime's gateway's (Hive serves no IDE: landingPage off)
  itOnFlexTimeGateway("a browser's GET /graphql goes to GraphiQL without a credential outside production", async () => {
    const page = await fetch(t.gatewayUrl, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/#/graphiql');
  });

  it('GraphiQL’s requests need a credential like any other: an operator may introspect outside production', async () => {
    const introspection = await operatorFetch(t.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(introspection.status).toBe(200);
  });
});
