// The key's claim in the database, without HTTP around it: an attempt that never committed (its process killed — the
// server rolls its transaction back — or rolled back on purpose) leaves nothing, so a retry with the key runs; a retry
// arriving while the first attempt still holds the key waits for it and then gets its response; keys of one
// conference are invisible to another under the service role's RLS.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/index.ts';
import { RequestTransactions } from '../../subgraphs/kit/idempotency/request-transactions.ts';
import { type Claim, claimKey, type KeyIdentity, storeResponse } from '../../subgraphs/kit/idempotency/store.ts';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/db.ts';

const SERVICE = 'team-availability';
const HASH = 'a'.repeat(64);
const TTL = 3600;

describe.each(DB_KINDS)('an idempotency key claimed in the database (%s)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ kind, prefix: 'flextime_idem_claim' });
  }, 60_000);
  afterAll(() => t?.dispose());

  const identity = (key: string, conferenceId: number | null = 1): KeyIdentity => ({ conferenceId, caller: 'c', key });
  /** A request's transaction that claims `id` and keeps it open (claimed) until released. */
  async function claim(id: KeyIdentity, hash = HASH) {
    const transactions = new RequestTransactions(t.db.service(SERVICE), id.conferenceId);
    const held = await transactions.hold(
      (tx) => claimKey(tx, SERVICE, id, hash, TTL),
      (c: Claim) => c.kind === 'claimed',
    );
    return { transactions, claim: held.claim };
  }

  it("idempotency-key-uncommitted-attempt: a claim rolled back (as a killed replica's) leaves the key free", async () => {
    const id = identity('rolled-back');
    const first = await claim(id);
    expect(first.claim.kind).toBe('claimed');
    await first.transactions.release(null);
    const retry = await claim(id);
    expect(retry.claim.kind).toBe('claimed');
    await retry.transactions.release((tx) => storeResponse(tx, SERVICE, id, { data: { ok: 1 } }));
    expect((await claim(id)).claim).toEqual({ kind: 'replay', response: { data: { ok: 1 } } });
  });

  it('idempotency-key-concurrent: a claim made while another holds the key waits, then replays its response', async () => {
    const id = identity('held');
    const first = await claim(id);
    let settled = false;
    const second = claim(id).then((c) => {
      settled = true;
      return c;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled, 'the second claim waits for the first transaction').toBe(false);
    await first.transactions.release((tx) => storeResponse(tx, SERVICE, id, { data: { n: 1 } }));
    expect((await second).claim).toEqual({ kind: 'replay', response: { data: { n: 1 } } });
  });

  it('idempotency-key-reused-with-other-body: the same key with another request hash is refused', async () => {
    const id = identity('other-body');
    const first = await claim(id);
    await first.transactions.release((tx) => storeResponse(tx, SERVICE, id, { data: {} }));
    expect((await claim(id, 'b'.repeat(64))).claim).toEqual({ kind: 'reused' });
  });

  it('idempotency-key-other-tenant: another conference neither matches nor sees the key', async () => {
    const mine = identity('tenant', 1);
    const first = await claim(mine);
    await first.transactions.release((tx) => storeResponse(tx, SERVICE, mine, { data: { mine: true } }));
    const theirs = await claim(identity('tenant', 2));
    expect(theirs.claim.kind).toBe('claimed');
    await theirs.transactions.release(null);
    const visible = await t.db
      .service(SERVICE)
      .run(
        (tx) =>
          rows(tx, sql`select conference_id from team_availability.idempotency_keys where idempotency_key = 'tenant'`),
        { tenant: 2 },
      );
    expect(visible).toEqual([]);
  });
});
