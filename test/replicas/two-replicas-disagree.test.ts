// Two replicas of every service behind round-robin proxies, on one PostgreSQL database and one Redis — the failures
// covered: replicas that disagree (a persisted document or a rate-limit window known to one gateway only, a generation
// visible only where it started) and a subgraph replica dying under load (requests a retry could save are lost, or a
// write is lost or doubled: every write carries an Idempotency-Key and is retried with it). Real processes (`flextime serve`), real HTTP, real Postgres and Redis; skipped without
// DATABASE_URL and REDIS_URL.
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../seeding/index.ts';
import { JWT_SECRET, KEYS } from '../support/auth.ts';
import { createTestDatabase, databaseEnv, type TestDatabase } from '../support/db.ts';
import { type ReplicaDeployment, startReplicaDeployment } from '../support/replicas.ts';
import { type Json, uniquePrefix, waitFor } from '../support/stack.ts';

const ready = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const RATE_LIMIT = 40;

interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Json = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body: parsed };
}

/** A Big 12 scheduler with a subject of its own (rate limits count per subject). */
async function scheduler(subject: string): Promise<Record<string, string>> {
  const token = await new SignJWT({ conference_id: 1, roles: ['scheduler'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(JWT_SECRET));
  return { authorization: `Bearer ${token}` };
}

describe.skipIf(!ready)('two replicas of every service behind round-robin proxies', () => {
  let t: TestDatabase;
  let admin: postgres.Sql;
  let d: ReplicaDeployment;
  let gatewayA: string;
  let gatewayB: string;

  beforeAll(async () => {
    t = await createTestDatabase({ kind: 'postgres', prefix: 'flextime_replicas' });
    await seed(t.db);
    admin = postgres(t.url ?? '', { max: 1, onnotice: () => {} });
    d = await startReplicaDeployment({
      databaseUrl: t.url ?? '',
      redisUrl: process.env.REDIS_URL ?? '',
      prefix: uniquePrefix('replicas'),
      // the test database's pooling mode (CI's second pass: through PgBouncer in transaction mode)
      env: { FLEXTIME_RATE_LIMIT: String(RATE_LIMIT), ...databaseEnv(t) },
    });
    [gatewayA, gatewayB] = d.replicasOf('gateway').map((g) => `${g.origin}/graphql`);
  }, 240_000);

  afterAll(async () => {
    await d?.stop();
    await admin?.end();
    await t?.dispose();
  }, 60_000);

  it('a document persisted through one gateway replica runs by its hash through the other', async () => {
    const query = `query ReplicaTeams { teams(sportCode: "MBB", limit: 2) { nodes { id name } } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = { persistedQuery: { version: 1, sha256Hash } };
    const headers = { 'x-api-key': KEYS.operator };

    const unknownOnB = await post(gatewayB, { extensions: persisted }, headers);
    expect(unknownOnB.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await post(gatewayA, { query, extensions: persisted }, headers);
    expect(registered.status).toBe(200);
    expect(registered.body.data.teams.nodes).toHaveLength(2);

    const byHashOnB = await post(gatewayB, { extensions: persisted }, headers);
    expect(byHashOnB.status).toBe(200);
    expect(byHashOnB.body).toEqual(registered.body);
  });

  it('a rate limit spent on one gateway replica is refused by the other with 429 and Retry-After', async () => {
    const headers = { 'x-api-key': KEYS.big12Viewer };
    for (let i = 0; i < RATE_LIMIT; i++) {
      const ok = await post(gatewayA, { query: '{ __typename }' }, headers);
      expect(ok.status, `request ${i + 1} of ${RATE_LIMIT} on replica A`).toBe(200);
    }
    const refused = await post(gatewayB, { query: '{ __typename }' }, headers);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // the REST door of the other replica counts the same window
    const rest = await fetch(gatewayB.replace(/\/graphql$/, '/api/v1/teams'), { headers });
    expect(rest.status).toBe(429);
    expect(rest.headers.get('retry-after')).toMatch(/^\d+$/);
    // another caller is not affected
    expect((await post(gatewayB, { query: '{ __typename }' }, { 'x-api-key': KEYS.big12 })).status).toBe(200);
  });

  it('a generation started through one gateway replica reports progress and completion through the other', async () => {
    const headers = await scheduler(`generation-${randomUUID()}`);
    const teams = await post(
      gatewayA,
      { query: '{ teams(sportCode: "MBB", limit: 1) { nodes { sport { id } } } }' },
      headers,
    );
    const sportId = teams.body.data.teams.nodes[0].sport.id;
    const started = await post(
      gatewayA,
      {
        query: `mutation($input: StartGenerationInput!) { startGeneration(input: $input) { id status } }`,
        variables: {
          input: { name: 'replicas', sportId, seasonId: '2', conferenceId: '1', parameters: { seconds: 4, seed: 3 } },
        },
      },
      headers,
    );
    expect(started.body.errors).toBeUndefined();
    const id = started.body.data.startGeneration.id;
    const STATUS = `query($id: ID!) { generation(id: $id) { status jobs { status progress bestCost } } }`;
    const seen = new Set<string>();
    let maxProgress = 0;
    const done = await waitFor(
      async () => {
        const r = await post(gatewayB, { query: STATUS, variables: { id } }, headers);
        const job = r.body.data?.generation?.jobs?.[0];
        if (!job) return undefined;
        seen.add(job.status);
        if (job.status === 'running') maxProgress = Math.max(maxProgress, job.progress);
        return job.status === 'completed' || job.status === 'failed' ? job : undefined;
      },
      90_000,
      'the generation to finish, seen through replica B',
    );
    expect(done).toMatchObject({ status: 'completed', progress: 100 });
    expect(seen.has('running'), `statuses seen through B: ${[...seen].join(', ')}`).toBe(true);
    expect(maxProgress).toBeGreaterThan(0);
  }, 120_000);

  it('killing one team-availability replica mid-load loses no retryable request and no write, and doubles none', async () => {
    const teamsQuery = '{ teams(sportCode: "MBB", limit: 4) { nodes { id blackouts { startDate } } } }';
    const first = await post(d.gatewayUrl, { query: teamsQuery }, await scheduler('load-setup'));
    const teamId = first.body.data.teams.nodes[0].id;
    const run = randomUUID().slice(0, 8);
    const writes = new Map<string, 'ok' | 'failed'>();
    const unsaved: string[] = [];
    const failures: string[] = [];
    let reads = 0;
    let readRetries = 0;
    let writeRetries = 0;
    let writesInFlight = 0;
    let stopping = false;
    const ATTEMPTS = 3;

    const worker = async (w: number) => {
      for (let i = 0; !stopping; i++) {
        const headers = await scheduler(`load-${run}-${w}-${i}`);
        // a read: retried (safe) until it succeeds, at most 3 times
        let read: Answer | undefined;
        for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
          read = await post(d.gatewayUrl, { query: teamsQuery }, headers).catch(() => undefined);
          if (read?.status === 200 && !read.body.errors) break;
          readRetries++;
        }
        if (read?.status === 200 && !read.body.errors) reads++;
        else unsaved.push(`read ${w}/${i}: ${JSON.stringify(read?.body).slice(0, 300)}`);
        // a write with an Idempotency-Key: retried with the same key (safe: a retry after a committed attempt gets its
        // stored answer, one after an attempt that never committed runs it), at most 3 times
        const reason = `replica-load-${run}-${w}-${i}`;
        const keyed = { ...headers, 'idempotency-key': randomUUID() };
        let write: Answer | undefined;
        for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
          if (attempt > 0) writeRetries++;
          writesInFlight++;
          write = await post(
            d.gatewayUrl,
            {
              query: 'mutation($input: CreateBlackoutInput!) { createBlackout(input: $input) { id } }',
              variables: { input: { teamId, startDate: '2026-03-02', endDate: '2026-03-03', reason } },
            },
            keyed,
          )
            .catch(() => undefined)
            .finally(() => writesInFlight--);
          if (write?.status === 200 && write.body.data?.createBlackout?.id) break;
          failures.push(
            `${reason} attempt ${attempt + 1}: ${write?.status ?? 'no answer'} ` +
              JSON.stringify(write?.body?.errors?.[0] ?? write?.body).slice(0, 200),
          );
        }
        writes.set(reason, write?.status === 200 && write.body.data?.createBlackout?.id ? 'ok' : 'failed');
      }
    };

    const load = Promise.all([0, 1, 2, 3].map(worker));
    await waitFor(async () => writes.size >= 12, 60_000, 'load to be under way');
    // kill while writes are in flight, so some are taken by the replica that dies (their retries are the point)
    await waitFor(async () => writesInFlight >= 3, 10_000, 'writes in flight').catch(() => {});
    const victim = d.replicasOf('team-availability')[0];
    await victim.kill('SIGKILL');
    const writesAtKill = writes.size;
    await waitFor(async () => writes.size >= writesAtKill + 24, 60_000, 'load to go on after the kill');
    stopping = true;
    await load;

    expect(unsaved, 'reads a retry could have saved').toEqual([]);
    const proxy = d.proxies['team-availability'].stats;
    expect(proxy.skippedRefused, 'requests sent on to the live replica').toBeGreaterThan(0);
    expect(proxy.noBackend, 'requests refused although a replica was alive').toBe(0);
    // the only attempts that may fail are those the dead replica had taken (in flight at the kill)
    expect(failures.length, failures.join('\n')).toBeLessThanOrEqual(proxy.failedAfterSend);
    const unacknowledged = [...writes].filter(([, s]) => s === 'failed').map(([r]) => r);
    expect(unacknowledged, `writes not acknowledged after ${ATTEMPTS} attempts`).toEqual([]);
    const stored = await admin<{ reason: string; n: number }[]>`
      select reason, count(*)::int as n from team_availability.team_blackout_dates
      where reason like ${`replica-load-${run}-%`} group by reason`;
    const count = new Map(stored.map((r) => [r.reason, r.n]));
    const doubled = stored.filter((r) => r.n > 1).map((r) => r.reason);
    expect(doubled, 'writes stored twice').toEqual([]);
    const lost = [...writes.keys()].filter((r) => !count.has(r));
    expect(lost, 'acknowledged writes missing from the database').toEqual([]);
    expect(stored.length).toBe(writes.size);
    for (const r of count.keys()) expect(writes.has(r)).toBe(true);
    console.log(
      `replica kill: ${reads} reads (${readRetries} retries), ${writes.size} writes all acknowledged and stored once ` +
        `(${writeRetries} retries with their Idempotency-Key), ` +
        `proxy skipped the dead replica ${proxy.skippedRefused}×, ` +
        `${proxy.failedAfterSend} in flight at the kill, ${proxy.noBackend} refused for want of a replica`,
      failures,
    );
  }, 180_000);
});
