// Applying the change logs. Each call of flextime_live.apply_changes / apply_reverse_changes takes the oldest
// batch of a log, maps every touched id again from the current committed row (upsert by legacy id, or delete when
// the row is gone), and deletes the batch — one statement, one transaction: a kill repeats nothing and loses
// nothing, and applying the same id twice gives the same row. A transaction's entries become visible when it
// commits, so a batch is applied in commit order; an entry committed late is simply in a later batch.
import type { AdminSession } from '../index.ts';
import { LIVE_MAPPINGS } from './mapping.ts';
import { APPLY_LOCK_KEY, RECORD_APPLIED_SETTING } from './sql.ts';

export type Direction = 'forward' | 'reverse';

const APPLIER: Record<Direction, string> = {
  forward: 'flextime_live.apply_changes',
  reverse: 'flextime_live.apply_reverse_changes',
};

export interface Lag {
  rows: number;
  seconds: number;
}

/** The appliers' lock was not free within the wait (APPLY_LOCK_WAIT_MS); the message names its holder. */
export class ApplyLockBusyError extends Error {
  override name = 'ApplyLockBusyError';
}

/**
 * Who holds the appliers' lock, for an error instead of a wait for ever: a cutover, rollback or batch still running —
 * or a session-level lock stranded on a server connection that PgBouncer keeps open after its client died.
 */
export async function applyLockBusy(s: AdminSession): Promise<ApplyLockBusyError> {
  const [holder] = await s.query<{
    pid: number;
    app: string | null;
    client: string;
    state: string | null;
    since: string;
  }>(
    `SELECT a.pid, a.application_name AS app, coalesce(host(a.client_addr), 'local') AS client, a.state,
            coalesce(a.state_change, a.backend_start)::text AS since
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND ((l.classid::int8 << 32) | l.objid::int8) = $1::int8
     LIMIT 1`,
    [APPLY_LOCK_KEY.toString()],
  );
  const who = holder
    ? `backend ${holder.pid} (${holder.app || 'no application_name'}, client ${holder.client}, ${holder.state ?? 'unknown state'} since ${holder.since})`
    : 'another session (gone by now: run the command again)';
  return new ApplyLockBusyError(
    `the live migration's apply lock did not come free: it is held by ${who} — a cutover, rollback or follow still ` +
      'running, or a migrator that died left it on a pooled server connection (run the migrator on ' +
      'DIRECT_DATABASE_URL, never through PgBouncer; SELECT pg_terminate_backend(pid) frees it)',
  );
}

/** One batch; returns the number of log entries applied (0: the log was empty). */
export async function applyBatch(s: AdminSession, direction: Direction, maxRows = 5000): Promise<number> {
  try {
    const [row] = await s.query<{ n: number }>(`SELECT ${APPLIER[direction]}($1) AS n`, [maxRows]);
    return Number(row?.n ?? 0);
  } catch (error) {
    // 55P03 in the applier's bounded wait for the lock (not a lock timeout of the caller's in the batch itself)
    const { code, where } = error as { code?: string; where?: string };
    if (code === '55P03' && (where ?? '').includes('pg_advisory_xact_lock')) throw await applyLockBusy(s);
    throw error;
  }
}

/**
 * Applies batches until one is not full: the log is then empty, or holds only what was written while the last batch
 * ran (so a drain ends under a steady write load; once the side is fenced it leaves the log empty).
 */
export async function drain(s: AdminSession, direction: Direction, maxRows = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await applyBatch(s, direction, maxRows);
    total += n;
    if (n < maxRows) return total;
  }
}

/** Entries waiting in a log and the age of the oldest. */
export async function lagOf(s: AdminSession, direction: Direction): Promise<Lag> {
  const log = direction === 'forward' ? 'flextime_live.changes' : 'flextime_live.reverse_changes';
  const [row] = await s.query<{ rows: string | number; seconds: string | number | null }>(
    `SELECT count(*) AS rows, extract(epoch FROM clock_timestamp() - min(captured_at))::float8 AS seconds FROM ${log}`,
  );
  return { rows: Number(row?.rows ?? 0), seconds: Number(row?.seconds ?? 0) };
}

/** Applies whatever the log of the live side holds (forward while the monolith is live, reverse once the services are). */
export async function catchUp(s: AdminSession): Promise<number> {
  const [row] = await s.query<{ phase: string }>('SELECT phase FROM public.live_migration_state WHERE id = 1');
  if (row?.phase === 'monolith' || row?.phase === 'backfill') return drain(s, 'forward');
  if (row?.phase === 'services') return drain(s, 'reverse');
  return 0;
}

/** The ids waiting in a log, by legacy source (a reverse entry names its service table: mapped back to its source). */
export async function pendingIds(s: AdminSession, direction: Direction): Promise<Map<string, number[]>> {
  const log = direction === 'forward' ? 'flextime_live.changes' : 'flextime_live.reverse_changes';
  return idsBySource(
    direction,
    await s.query<{ source: string; ids: string }>(
      `SELECT source, string_agg(DISTINCT legacy_id::text, ',') AS ids FROM ${log} GROUP BY source`,
    ),
  );
}

function idsBySource(direction: Direction, rows: { source: string; ids: string }[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const source = direction === 'forward' ? r.source : LIVE_MAPPINGS.find((m) => m.target === r.source)?.source;
    if (!source) continue;
    out.set(source, [...(out.get(source) ?? []), ...r.ids.split(',').map(Number)]);
  }
  return out;
}

/** A drain that also returns the ids it applied, by legacy source (recorded by the applier itself, so none is missed). */
export async function drainNamingIds(
  s: AdminSession,
  direction: Direction,
): Promise<{ applied: number; ids: Map<string, number[]> }> {
  const clear = `DELETE FROM flextime_live.applied WHERE direction = '${direction}'`;
  await s.exec(`${clear}; SET ${RECORD_APPLIED_SETTING} = on`);
  let applied: number;
  try {
    applied = await drain(s, direction);
  } finally {
    await s.exec(`SET ${RECORD_APPLIED_SETTING} = off`);
  }
  const rows = await s.query<{ source: string; ids: string }>(
    `SELECT source, string_agg(DISTINCT legacy_id::text, ',') AS ids FROM flextime_live.applied WHERE direction = $1 GROUP BY source`,
    [direction],
  );
  await s.exec(clear);
  return { applied, ids: idsBySource(direction, rows) };
}

/** Merges id sets by source. */
export function mergeIds(...sets: Map<string, number[]>[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const set of sets) for (const [k, ids] of set) out.set(k, [...new Set([...(out.get(k) ?? []), ...ids])]);
  return out;
}
