// Retry-safe writes with an Idempotency-Key, through GraphQL and through REST v2, on PGlite and on PostgreSQL. Each
// test is named after the failure it guards: a retry that writes twice, a key answered for another request body, two
// concurrent requests with one key that both run, a key that matches another tenant's request, a key that outlives
// its expiry, and a failed keyed request that is remembered (so its retry cannot run).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { DB_KINDS, DB_POOLING } from '../support/db.ts';
import { type Json, KEYS, startTestStack, type TestStack, userToken } from '../support/stack.ts';

const CREATE = 'mutation($input: CreateBlackoutInput!) { createBlackout(input: $input) { id reason } }';
const TA = '/api/v2/team-availability';

describe.each(DB_KINDS)('Idempotency-Key (%s)', (kind) => {
  let stack: TestStack;
  let teamId: string;
  let sportId: string;

  beforeAll(async () => {
    stack = await startTestStack({ kind, redisPrefix: 'idempotency', memoryEvents: true, jobs: { worker: false } });
    const teams = await stack.gql<{ teams: { nodes: Array<{ id: string; sport: { id: string } }> } }>(
      '{ teams(sportCode: "MBB", conferenceId: "1", limit: 1) { nodes { id sport { id } } } }',
    );
    teamId = teams.data.teams.nodes[0].id;
    sportId = teams.data.teams.nodes[0].sport.id;
  }, 120_000);
  afterAll(() => stack?.stop());

  async function post(body: unknown, headers: Record<string, string>): Promise<{ status: number; body: Json }> {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }
  const create = (reason: string, headers: Record<string, string>) =>
    post(
      { query: CREATE, variables: { input: { teamId, startDate: '2026-04-01', endDate: '2026-04-02', reason } } },
      headers,
    );
  const stored = async (reason: string) =>
    (
      await stack.db.admin((tx) =>
        rows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from team_availability.team_blackout_dates where reason = ${reason}`,
        ),
      )
    )[0].n;
  const scheduler = { 'x-api-key': KEYS.big12Scheduler };

  it('idempotency-key-replayed: a retry with the key gets the first answer and writes nothing again', async () => {
    const reason = `replayed-${randomUUID()}`;
    const headers = { ...scheduler, 'idempotency-key': randomUUID() };
    const first = await create(reason, headers);
    expect(first.body.errors).toBeUndefined();
    const again = await create(reason, headers);
    expect(again.body).toEqual(first.body);
    expect(await stored(reason)).toBe(1);
    // the draft's structured-field form ("…") names the same key
    const quoted = await create(reason, { ...scheduler, 'idempotency-key': `"${headers['idempotency-key']}"` });
    expect(quoted.body).toEqual(first.body);
    expect(await stored(reason)).toBe(1);
    // without a key the same request is a new write
    await create(reason, scheduler);
    expect(await stored(reason)).toBe(2);
  });

  it('idempotency-key-replayed over REST: the retried POST answers 201 with the same blackout', async () => {
    const reason = `rest-replayed-${randomUUID()}`;
    const key = randomUUID();
    const send = () =>
      stack.request('POST', `${TA}/blackouts`, {
        key: KEYS.big12Scheduler,
        headers: { 'idempotency-key': key },
        body: { team_id: Number(teamId), start_date: '2026-04-03', end_date: '2026-04-04', reason },
      });
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await stored(reason)).toBe(1);
  });

  it('idempotency-key-reused-with-other-body: the key of another request is refused (GraphQL and REST 422)', async () => {
    const key = randomUUID();
    const reason = `reused-${randomUUID()}`;
    expect((await create(reason, { ...scheduler, 'idempotency-key': key })).body.errors).toBeUndefined();
    const other = await create(`${reason}-other`, { ...scheduler, 'idempotency-key': key });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.body.data?.createBlackout ?? null).toBeNull();
    expect(await stored(`${reason}-other`)).toBe(0);
    const rest = await stack.request('POST', `${TA}/blackouts`, {
      key: KEYS.big12Scheduler,
      headers: { 'idempotency-key': key },
      body: { team_id: Number(teamId), start_date: '2026-04-05', end_date: '2026-04-06', reason: `${reason}-rest` },
    });
    expect(rest.status).toBe(422);
    expect(rest.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stored(`${reason}-rest`)).toBe(0);
  });

  it('idempotency-key-concurrent: requests racing with one key write once and answer alike', async () => {
    const reason = `concurrent-${randomUUID()}`;
    const headers = { ...scheduler, 'idempotency-key': randomUUID() };
    const answers = await Promise.all(Array.from({ length: 6 }, () => create(reason, headers)));
    const ids = answers.map((a) => a.body.data?.createBlackout?.id ?? a.body.errors?.[0]?.extensions?.code);
    // each waited for the first one's transaction and replayed it (IN_USE only after a wait of seconds)
    expect(new Set(ids).size, JSON.stringify(ids)).toBe(1);
    expect(ids[0]).toMatch(/^\d+$/);
    expect(await stored(reason)).toBe(1);
  });

  it('idempotency-key-other-tenant: the same caller and key in another conference never gets its answer', async () => {
    const key = randomUUID();
    const reason = `tenant-${randomUUID()}`;
    const as = async (conference: number) => ({
      authorization: `Bearer ${await userToken({ conference_id: conference, roles: ['scheduler'] })}`,
      'idempotency-key': key,
    });
    const big12 = await create(reason, await as(1));
    expect(big12.body.errors).toBeUndefined();
    // the same subject in conference 2 may not write a Big 12 team's blackout: its own answer, not Big 12's replay
    const other = await create(reason, await as(2));
    expect(other.body.data?.createBlackout ?? null).toBeNull();
    expect(other.body.errors?.[0]?.extensions?.code, JSON.stringify(other.body)).toBe('FORBIDDEN');
    expect(await stored(reason)).toBe(1);
    const keys = await stack.db.admin((tx) =>
      rows<{ conference_id: number }>(
        tx,
        sql`select conference_id from team_availability.idempotency_keys where idempotency_key = ${key}
            order by conference_id`,
      ),
    );
    expect(keys.map((k) => k.conference_id)).toEqual([1, 2]);
  });

  it('idempotency-key-expired: a key past its expiry runs the request again', async () => {
    const reason = `expired-${randomUUID()}`;
    const key = randomUUID();
    await create(reason, { ...scheduler, 'idempotency-key': key });
    await stack.db.admin((tx) =>
      tx.execute(
        sql`update team_availability.idempotency_keys
            set created_at = now() - interval '2 days', expires_at = now() - interval '1 day'
            where idempotency_key = ${key}`,
      ),
    );
    await create(reason, { ...scheduler, 'idempotency-key': key });
    expect(await stored(reason)).toBe(2);
  });

  it('idempotency-key-not-stored-on-refusal: a keyed mutation that reaches other services is refused, nothing kept', async () => {
    const key = randomUUID();
    const input = { name: 'keyed', sportId, seasonId: '2', conferenceId: '1', parameters: { seconds: 1 } };
    const started = await post(
      {
        query: 'mutation($input: StartGenerationInput!) { startGeneration(input: $input) { id } }',
        variables: { input },
      },
      { ...scheduler, 'idempotency-key': key },
    );
    expect(started.body.errors?.[0]?.extensions?.code, JSON.stringify(started.body)).toBe(
      'IDEMPOTENCY_KEY_NOT_SUPPORTED',
    );
    const kept = await stack.db.admin((tx) =>
      rows(tx, sql`select 1 from schedule_generation.idempotency_keys where idempotency_key = ${key}`),
    );
    expect(kept).toEqual([]);
  });

  it('idempotency-key-costly: a key adds a bounded number of statements to a write (claim, savepoint, response)', async () => {
    const statements = async (headers: Record<string, string>) => {
      const before = stack.queries.length;
      await create(`cost-${randomUUID()}`, headers); // its audit row is written before the answer leaves
      return stack.queries.slice(before).filter((q) => q.service === 'team-availability').length;
    };
    const plain = await statements(scheduler);
    const keyed = await statements({ ...scheduler, 'idempotency-key': randomUUID() });
    // delete expired, lock_timeout set and restored, insert, savepoint + release, store the response. Through a
    // transaction pool (PgBouncer) SAVEPOINT and RELEASE are postgres.js's own (db/savepoints.ts): on the wire as
    // well, but not in the statement log this counts
    const driverSavepoints = kind === 'postgres' && DB_POOLING === 'transaction';
    expect(keyed - plain).toBe(driverSavepoints ? 5 : 7);
  });

  it('idempotency-key-invalid: an empty or oversized key is refused, not ignored', async () => {
    for (const bad of ['""', 'x'.repeat(256), 'a,b']) {
      const r = await create(`invalid-${randomUUID()}`, { ...scheduler, 'idempotency-key': bad });
      expect(r.body.errors?.[0]?.extensions?.code, bad).toBe('IDEMPOTENCY_KEY_INVALID');
    }
  });
});
