// `live cutover` and `live rollback`: fence the live side (its tables locked SHARE — waiting for the writes in flight —
// while the fence is set, so every later write is refused), drain the change log into the other side, verify, move
// the sequences past every id, open the other side. The write pause (fence to open) is measured. Killed half-way,
// the phase says where: running the same command again continues; a failed verify reopens the side that was live.
import type { AdminSession } from '../index.ts';
import { applyLockBusy, type Direction, drain, drainNamingIds, mergeIds, pendingIds } from './apply.ts';
import { CAPTURED_SOURCES, LIVE_MAPPINGS, REVERSED_MAPPINGS } from './mapping.ts';
import { APPLY_LOCK_KEY, APPLY_LOCK_WAIT_MS, type ColumnTypes, RECORD_APPLIED_SETTING } from './sql.ts';
import { type LivePhase, recordSwitchSql, requireState, setPhaseSql } from './state.ts';
import { type Verification, verifyChanged, verifyLive } from './verify.ts';

type Side = 'monolith' | 'services';

/** Ids named by the verify before the fence (the legacy writes in flight while it ran); more: compare all in the pause. */
const SUSPECTS_LIMIT = 50_000;

export interface SwitchResult {
  kind: 'cutover' | 'rollback';
  /** Nothing to do: that side was live already. */
  already: boolean;
  /** Writes refused from the fence to the opening of the other side, ms. */
  pauseMs: number;
  drained: number;
  verification: Verification | null;
  /** Set when the switch was refused (verify found differences): the side that was live is open again. */
  failed?: string;
  /** Where the pause went, ms: fence (locks + fence set), drain of the tail, verify, open (sequences + fences). */
  steps?: { fence: number; drain: number; verify: number; open: number };
}

const SERVICE_SCHEMAS = [
  'shared_data',
  'team_availability',
  'venue_management',
  'constraint_validation',
  'schedule_generation',
];

const fencedTables = (side: Side) =>
  side === 'monolith' ? CAPTURED_SOURCES.map((t) => `public.${t}`) : REVERSED_MAPPINGS.map((m) => m.target);

/** Locks the side's tables SHARE (waits for writers in flight), fences it and moves the phase: one transaction. */
async function fence(s: AdminSession, side: Side, phase: LivePhase): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await s.exec(`BEGIN;
SET LOCAL lock_timeout = '5s';
LOCK TABLE ${fencedTables(side).join(', ')} IN SHARE MODE;
UPDATE flextime_live.fences SET fenced = true WHERE side = '${side}';
${setPhaseSql(phase)};
COMMIT;`);
      return;
    } catch (error) {
      await s.exec('ROLLBACK').catch(() => {});
      if ((error as { code?: string }).code !== '55P03' || attempt >= 5) throw error;
    }
  }
}

/** Opens a side (and keeps the other fenced), moving the phase; optionally records the switch. */
function openSql(side: Side, phase: LivePhase): string {
  const other: Side = side === 'monolith' ? 'services' : 'monolith';
  return `UPDATE flextime_live.fences SET fenced = (side = '${other}');
${setPhaseSql(phase)}`;
}

/**
 * The sequences of the side that opens, read before the fence (the catalogue query is the slow part): the services'
 * columns with a nextval default (what public.flextime_sync_sequences() moves), or the monolith's id columns.
 */
async function sequencesOf(s: AdminSession, side: Side): Promise<{ table: string; column: string; seq: string }[]> {
  return s.query(
    `SELECT format('%I.%I', n.nspname, c.relname) AS table, a.attname AS column,
            pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS seq
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
       AND pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) IS NOT NULL
       AND ${
         side === 'services'
           ? "n.nspname = ANY(string_to_array($1, ',')) AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'"
           : "n.nspname = 'public' AND c.relname = ANY(string_to_array($1, ',')) AND a.attname = 'id'"
       }
     ORDER BY 1, 2`,
    [(side === 'services' ? SERVICE_SCHEMAS : CAPTURED_SOURCES).join(',')],
  );
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Sequences past every id the other side handed out, so the side that opens never reuses one: one block. */
function syncSequencesSql(sequences: { table: string; column: string; seq: string }[]): string {
  if (sequences.length === 0) return 'SELECT 1';
  const steps = sequences.map(
    (q) => `  SELECT max("${q.column.replaceAll('"', '""')}") INTO m FROM ${q.table};
  SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO last_id FROM ${q.seq};
  IF m > last_id THEN PERFORM setval(${literal(q.seq)}, m); END IF;`,
  );
  return `DO $do$
DECLARE
  m bigint;
  last_id bigint;
BEGIN
${steps.join('\n')}
END
$do$`;
}

/** Whether the installed appliers record what they apply (installed by an earlier version: not until live start reruns). */
async function appliersNameIds(s: AdminSession): Promise<boolean> {
  const [row] = await s.query<{ ok: boolean }>(
    `SELECT to_regclass('flextime_live.applied') IS NOT NULL
        AND (SELECT bool_and(p.prosrc LIKE '%${RECORD_APPLIED_SETTING}%') FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'flextime_live' AND p.proname IN ('apply_changes', 'apply_reverse_changes')) AS ok`,
  );
  return row?.ok === true;
}

/** Rounds of drain-then-compare before the fence; a round that applied fewer ids than this is the last. */
const NARROWING = { rounds: 3, settledIds: 50 };

/** The differing ids by legacy source (a service key is the legacy id); null when a table had too many to name. */
function differingBySource(v: Verification): Map<string, number[]> | null {
  if (v.tables.some((t) => t.differingIds.length >= SUSPECTS_LIMIT)) return null;
  const out = new Map<string, number[]>();
  for (const t of v.tables) {
    const source = LIVE_MAPPINGS.find((m) => m.target === t.table)!.source;
    out.set(source, [...(out.get(source) ?? []), ...t.differingIds]);
  }
  return out;
}

/**
 * While the old side is still open: drain the log, naming exactly the ids applied (the applier records them), and
 * compare those and the suspects; what still differs is carried. Every change after the full verify is either applied
 * by one of these drains (and compared after it) or still in the log at the fence, so the pause need only compare the
 * carried ids and the log's tail — which these rounds keep to the writes of the last fraction of a second.
 */
async function narrowBeforeFence(
  s: AdminSession,
  types: ColumnTypes,
  direction: Direction,
  suspects: Map<string, number[]>,
): Promise<Map<string, number[]>> {
  let carried = suspects;
  for (let round = 0; round < NARROWING.rounds; round++) {
    const { ids } = await drainNamingIds(s, direction);
    const compared = mergeIds(carried, ids);
    // too many differing to name: the union compared is still a superset of what may differ
    carried = differingBySource(await verifyChanged(s, types, compared, SUSPECTS_LIMIT)) ?? compared;
    if ([...ids.values()].reduce((n, x) => n + x.length, 0) < NARROWING.settledIds) break;
  }
  return carried;
}

/**
 * The appliers' lock for a whole switch: a session-level advisory lock, which dies with its connection, so a migrator
 * killed half-way frees it at once — on a direct connection only. Through PgBouncer in transaction mode the server
 * connection outlives its client (the lock would stay there for good) and each statement may land on another server
 * connection (the switch's own batches would wait for its own lock). db.session() is therefore direct in transaction
 * pooling (DIRECT_DATABASE_URL) and refuses without it. A holder that does not let go within APPLY_LOCK_WAIT_MS is
 * named in an error rather than waited for.
 */
async function takeApplyLock(s: AdminSession, waitMs: number): Promise<void> {
  const until = Date.now() + waitMs;
  for (;;) {
    const [row] = await s.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${APPLY_LOCK_KEY}) AS locked`);
    if (row?.locked) return;
    if (Date.now() >= until) throw await applyLockBusy(s);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function switchSides(
  s: AdminSession,
  types: ColumnTypes,
  kind: 'cutover' | 'rollback',
  options: SwitchOptions,
): Promise<SwitchResult> {
  // Most of the log is applied, and every row compared, while the old side is still open. The pause then covers the
  // tail: the ids waiting in the log at the fence, plus the ids that differed just before it, are compared again once
  // drained. (Rerun after an interruption, or with too many differences to name, the pause compares everything.)
  // No other applier (live follow) may drain the log between this verify and the fence: hold the appliers' lock.
  await takeApplyLock(s, options.lockWaitMs ?? APPLY_LOCK_WAIT_MS);
  let result: SwitchResult;
  try {
    result = await switchLocked(s, types, kind);
  } catch (error) {
    await s.query(`SELECT pg_advisory_unlock(${APPLY_LOCK_KEY})`).catch(() => {});
    throw error;
  }
  const [released] = await s.query<{ ok: boolean }>(`SELECT pg_advisory_unlock(${APPLY_LOCK_KEY}) AS ok`);
  if (!released?.ok) {
    throw new Error(
      `${kind} done, but the apply lock was no longer this connection's: the migrator's session goes through a ` +
        'transaction pooler, which may keep the lock on a server connection (run it on DIRECT_DATABASE_URL)',
    );
  }
  return result;
}

async function switchLocked(s: AdminSession, types: ColumnTypes, kind: 'cutover' | 'rollback'): Promise<SwitchResult> {
  const from: Side = kind === 'cutover' ? 'monolith' : 'services';
  const to: Side = kind === 'cutover' ? 'services' : 'monolith';
  const direction: Direction = kind === 'cutover' ? 'forward' : 'reverse';
  const [fromPhase, midPhase, toPhase]: LivePhase[] =
    kind === 'cutover' ? ['monolith', 'cutover', 'services'] : ['services', 'rollback', 'monolith'];
  // the full verify before the fence: its differences are compared again in the pause (they may be the log's tail)
  let suspects: Map<string, number[]> | null = null;
  if ((await requireState(s)).phase === fromPhase) {
    await drain(s, direction);
    suspects = differingBySource(await verifyLive(s, types, SUSPECTS_LIMIT));
    if (suspects && (await appliersNameIds(s))) suspects = await narrowBeforeFence(s, types, direction, suspects);
  }
  const sync = syncSequencesSql(await sequencesOf(s, to));
  const started = performance.now();
  const mark = (() => {
    let last = started;
    return () => {
      const now = performance.now();
      const ms = Math.round(now - last);
      last = now;
      return ms;
    };
  })();
  await fence(s, from, midPhase);
  const fenceMs = mark();
  const changed = suspects ? mergeIds(suspects, await pendingIds(s, direction)) : null;
  const drained = await drain(s, direction);
  const drainMs = mark();
  const verification = changed ? await verifyChanged(s, types, changed) : await verifyLive(s, types);
  const verifyMs = mark();
  if (!verification.ok) {
    await s.exec(`BEGIN; ${openSql(from, fromPhase)}; COMMIT;`);
    const pauseMs = Math.round(performance.now() - started);
    return {
      kind,
      already: false,
      pauseMs,
      drained,
      verification,
      failed: `verify found differences; the ${from} stay live`,
    };
  }
  await s.exec(`BEGIN; ${sync}; ${openSql(to, toPhase)}; COMMIT;`);
  const steps = { fence: fenceMs, drain: drainMs, verify: verifyMs, open: mark() };
  const pauseMs = Math.round(performance.now() - started);
  await s.exec(recordSwitchSql({ kind, pauseMs, at: new Date().toISOString() }));
  return { kind, already: false, pauseMs, drained, verification, steps };
}

export interface SwitchOptions {
  /** How long to wait for the appliers' lock (a batch or another switch holding it), ms; default APPLY_LOCK_WAIT_MS. */
  lockWaitMs?: number;
}

/** Moves the writes from the monolith to the services. */
export async function cutover(s: AdminSession, types: ColumnTypes, options: SwitchOptions = {}): Promise<SwitchResult> {
  const state = await requireState(s);
  if (state.phase === 'services') {
    return { kind: 'cutover', already: true, pauseMs: 0, drained: 0, verification: null };
  }
  if (state.phase === 'backfill') throw new Error('the backfill has not finished: run live start again first');
  if (state.phase === 'rollback') throw new Error('a rollback was interrupted: run live rollback again first');
  return switchSides(s, types, 'cutover', options);
}

/** Moves the writes back to the monolith (the services keep their rows for a later cutover). */
export async function rollback(
  s: AdminSession,
  types: ColumnTypes,
  options: SwitchOptions = {},
): Promise<SwitchResult> {
  const state = await requireState(s);
  if (state.phase === 'monolith' || state.phase === 'backfill') {
    return { kind: 'rollback', already: true, pauseMs: 0, drained: 0, verification: null };
  }
  if (state.phase === 'cutover') {
    // interrupted cutover: the services never opened, the monolith holds every write; just reopen it
    const started = performance.now();
    await s.exec(`BEGIN; ${openSql('monolith', 'monolith')}; COMMIT;`);
    return {
      kind: 'rollback',
      already: false,
      pauseMs: Math.round(performance.now() - started),
      drained: 0,
      verification: null,
    };
  }
  return switchSides(s, types, 'rollback', options);
}
