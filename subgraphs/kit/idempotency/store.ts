// The SQL of idempotency keys (<service>.idempotency_keys, migration 010), run inside the keyed request's transaction.
// Claiming inserts the key's row, still without a response: a concurrent request with the same key waits on that row
// (Postgres' unique check) until this transaction ends — at most LOCK_WAIT_MS, then IDEMPOTENCY_KEY_IN_USE — and then
// either finds it committed (replay) or gone (rolled back, killed: it runs). No state outside the transaction, so it
// works through PgBouncer in transaction mode.
import { sql } from 'drizzle-orm';
import type { GraphQLFormattedError } from 'graphql';
import { rows, type ServiceName, type ServiceTx, schemaOf } from '../../../db/index.ts';
import { keyInUse } from './key.ts';

/** How long a request waits for another one holding the same key before answering IDEMPOTENCY_KEY_IN_USE. */
const LOCK_WAIT_MS = 5000;
/** Expired keys deleted per claim: a bounded, index-driven chore that keeps the table at about a day of keys. */
const EXPIRED_PER_CLAIM = 20;

export interface KeyIdentity {
  /** The request's tenant; null for an operator (keys of operators are theirs only). */
  conferenceId: number | null;
  caller: string;
  key: string;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse } | { kind: 'reused' };

export interface StoredResponse {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<GraphQLFormattedError>;
}

const LOCK_NOT_AVAILABLE = '55P03';

function table(service: ServiceName) {
  return sql`${sql.identifier(schemaOf(service))}.idempotency_keys`;
}

function isLockTimeout(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; i++) {
    if (e.code === LOCK_NOT_AVAILABLE) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Claims the key for this request, or says what the earlier request with it left (its response, or another body). */
export async function claimKey(
  tx: ServiceTx,
  service: ServiceName,
  id: KeyIdentity,
  requestSha256: string,
  ttlSeconds: number,
): Promise<Claim> {
  const t = table(service);
  await tx.execute(
    sql`delete from ${t} where ctid = any(array(select ctid from ${t} where expires_at < now()
        limit ${EXPIRED_PER_CLAIM} for update skip locked))`,
  );
  const [{ before }] = await rows<{ before: string }>(
    tx,
    sql`select current_setting('lock_timeout') as before, set_config('lock_timeout', ${`${LOCK_WAIT_MS}ms`}, true)`,
  );
  let claimed: unknown[];
  try {
    claimed = await rows(
      tx,
      sql`insert into ${t} as k (conference_id, caller, idempotency_key, request_sha256, expires_at)
          values (${id.conferenceId}::int, ${id.caller}, ${id.key}, ${requestSha256},
                  now() + ${ttlSeconds}::int * interval '1 second')
          on conflict on constraint idempotency_keys_key do update
            set request_sha256 = excluded.request_sha256, response = null, created_at = now(),
                expires_at = excluded.expires_at
            where k.expires_at <= now()
          returning 1 as claimed`,
    );
  } catch (error) {
    if (isLockTimeout(error)) throw keyInUse();
    throw error;
  }
  await tx.execute(sql`select set_config('lock_timeout', ${before}, true)`);
  if (claimed.length > 0) return { kind: 'claimed' };
  const [earlier] = await rows<{ request_sha256: string; response: StoredResponse | string | null }>(
    tx,
    sql`select request_sha256, response from ${t}
        where conference_id is not distinct from ${id.conferenceId}::int and caller = ${id.caller}
          and idempotency_key = ${id.key}`,
  );
  if (!earlier || earlier.request_sha256 !== requestSha256) return { kind: 'reused' };
  const response = typeof earlier.response === 'string' ? JSON.parse(earlier.response) : earlier.response;
  return { kind: 'replay', response: response ?? {} };
}

/** Stores the response a retry with this key will get (same transaction as the writes, just before COMMIT). */
export async function storeResponse(
  tx: ServiceTx,
  service: ServiceName,
  id: KeyIdentity,
  response: StoredResponse,
): Promise<void> {
  await tx.execute(
    sql`update ${table(service)} set response = ${JSON.stringify(response)}::jsonb
        where conference_id is not distinct from ${id.conferenceId}::int and caller = ${id.caller}
          and idempotency_key = ${id.key}`,
  );
}
