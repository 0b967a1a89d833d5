// The backfill: every legacy row copied into the service tables in keyset-ordered batches (each batch one statement
// that also moves its checkpoint, in a transaction of its own), while the legacy application keeps writing and capture records what it changes.
// Load first, validate once: the service tables' foreign keys and secondary indexes are set aside (recorded in the
// state row in the same transaction that drops them), the rows loaded, then each index built in one pass and each key
// added back NOT VALID and validated in one pass (a sort and a scan instead of one index insert and one
// foreign-key check per row). Primary keys and unique indexes stay: the upserts by legacy id need them.
import type { AdminSession } from '../index.ts';
import { applyLockBusy } from './apply.ts';
import { LIVE_MAPPINGS } from './mapping.ts';
import {
  APPLY_LOCK_KEY,
  APPLY_LOCK_WAIT_MS,
  type BackfillMode,
  backfillModeStatement,
  backfillStatement,
  type ColumnTypes,
} from './sql.ts';
import type { SetAsideForeignKey, SetAsideIndex } from './state.ts';
import { type LiveLog, timed } from './timing.ts';

export interface BackfillOptions {
  batchRows?: number;
  log?: LiveLog;
  /** Called after each batch (the caller drains the change log now and then, and reports progress). */
  onBatch?: (target: string, copied: number) => Promise<void> | void;
}

/** Memory for one sort, hash or batch of the loader (session default: 4MB, which spills to disk). */
const SORT_MEMORY = '256MB';
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const targets = () => [...new Set(LIVE_MAPPINGS.map((m) => m.target))];

/** Drops the service tables' foreign keys, recording each definition first (same transaction). */
export async function setAsideForeignKeys(s: AdminSession): Promise<number> {
  const fks = await s.query<SetAsideForeignKey>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
     WHERE c.contype = 'f' AND n.nspname || '.' || r.relname = ANY(string_to_array($1::text, ','))
     ORDER BY 1, 2`,
    [targets().join(',')],
  );
  if (fks.length === 0) return 0;
  const drops = fks.map((fk) => `ALTER TABLE ${fk.table} DROP CONSTRAINT ${quoteName(fk.name)}`).join(';\n');
  await s.exec(`BEGIN;
UPDATE public.live_migration_state SET set_aside_foreign_keys = set_aside_foreign_keys || ${sqlString(JSON.stringify(fks))}::jsonb
WHERE id = 1;
${drops};
COMMIT;`);
  return fks.length;
}

const quoteName = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Drops the service tables' secondary indexes (not primary, unique or a constraint's), recording each first. */
export async function setAsideIndexes(s: AdminSession): Promise<number> {
  const indexes = await s.query<SetAsideIndex>(
    `SELECT r.oid::regclass::text AS table, n.nspname || '.' || quote_ident(c.relname) AS name,
            pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class r ON r.oid = i.indrelid
     JOIN pg_namespace n ON n.oid = r.relnamespace
     WHERE NOT i.indisprimary AND NOT i.indisunique
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
       -- built again from its own definition, a predicate or expression with casts comes back re-nested (same
       -- meaning, other text in the catalogue): such an index stays, so the schema is exactly the migrations'
       AND coalesce(pg_get_expr(i.indpred, i.indrelid), '') NOT LIKE '%::%'
       AND coalesce(pg_get_expr(i.indexprs, i.indrelid), '') NOT LIKE '%::%'
       AND n.nspname || '.' || r.relname = ANY(string_to_array($1::text, ','))
     ORDER BY 1, 2`,
    [targets().join(',')],
  );
  if (indexes.length === 0) return 0;
  await s.exec(`BEGIN;
UPDATE public.live_migration_state SET set_aside_indexes = set_aside_indexes || ${sqlString(JSON.stringify(indexes))}::jsonb
WHERE id = 1;
${indexes.map((i) => `DROP INDEX IF EXISTS ${i.name}`).join(';\n')};
COMMIT;`);
  return indexes.length;
}

/** A script as one transaction, rolled back when a statement fails (the session stays usable). */
async function inTransaction(s: AdminSession, script: string): Promise<void> {
  try {
    await s.exec(`BEGIN; ${script}; COMMIT;`);
  } catch (error) {
    await s.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * One statement with maintenance_work_mem raised for its transaction: an index build sorts in memory instead of
 * spilling, and a foreign key's validation (its anti-join runs with work_mem = maintenance_work_mem) hashes in memory.
 */
const withSortMemory = (s: AdminSession, statement: string) =>
  inTransaction(s, `SET LOCAL maintenance_work_mem = '${SORT_MEMORY}'; ${statement}`);

/** Builds the set-aside indexes again (one sort each; `between` runs after each) and clears the record. */
export async function restoreIndexes(
  s: AdminSession,
  indexes: SetAsideIndex[],
  log?: LiveLog,
  between: () => Promise<unknown> = async () => {},
): Promise<void> {
  for (const i of new Map(indexes.map((x) => [x.name, x])).values()) {
    await timed(log, 'build index', { index: i.name }, () =>
      withSortMemory(s, i.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ')),
    );
    await between();
  }
  await s.exec("UPDATE public.live_migration_state SET set_aside_indexes = '[]' WHERE id = 1");
}

/** Adds the set-aside foreign keys back (NOT VALID, then VALIDATE: one scan each; `between` after each) and clears the record. */
export async function restoreForeignKeys(
  s: AdminSession,
  fks: SetAsideForeignKey[],
  log?: LiveLog,
  between: () => Promise<unknown> = async () => {},
): Promise<void> {
  const present = new Set(
    (
      await s.query<{ k: string }>(
        "SELECT c.conrelid::regclass::text || '/' || c.conname AS k FROM pg_constraint c WHERE c.contype = 'f'",
      )
    ).map((r) => r.k),
  );
  const unique = new Map(fks.map((fk) => [`${fk.table}/${fk.name}`, fk]));
  const missing = [...unique].filter(([k]) => !present.has(k)).map(([, fk]) => fk);
  // added back in one transaction (one commit, not one per key): NOT VALID checks nothing, it only takes locks
  if (missing.length > 0) {
    await timed(log, 'add foreign keys not valid', { count: missing.length }, () =>
      inTransaction(
        s,
        missing
          .map((fk) => `ALTER TABLE ${fk.table} ADD CONSTRAINT ${quoteName(fk.name)} ${fk.definition} NOT VALID`)
          .join(';\n'),
      ),
    );
  }
  for (const fk of unique.values()) {
    await timed(log, 'validate foreign key', { table: fk.table, name: fk.name }, () =>
      withSortMemory(s, `ALTER TABLE ${fk.table} VALIDATE CONSTRAINT ${quoteName(fk.name)}`),
    );
    await between();
  }
  await s.exec("UPDATE public.live_migration_state SET set_aside_foreign_keys = '[]' WHERE id = 1");
}

/** Batch sizes when none is given: the first, then adapted towards targetMs per batch, between min and max. */
const ADAPTIVE = { first: 50_000, min: 5_000, max: 400_000, targetMs: 1_500 };

/** The next batch size: a fixed one as given, else scaled towards the target duration (at most ×2 or ÷2 a step). */
export function nextBatchRows(rows: number, ms: number, fixed: boolean): number {
  if (fixed || ms <= 0) return rows;
  const scaled = rows * Math.min(2, Math.max(0.5, ADAPTIVE.targetMs / ms));
  return Math.round(Math.min(ADAPTIVE.max, Math.max(ADAPTIVE.min, scaled)));
}

/**
 * One batch in a transaction of its own: holding the appliers' lock (so a `live follow` cannot insert a row between
 * this batch's snapshot and its insert), with synchronous_commit off (a crash loses at most the last batches, and
 * their checkpoint with them: a rerun copies them again), the batch's rows held in memory (work_mem).
 */
async function runBatch(s: AdminSession, statement: string, rows: number): Promise<number> {
  try {
    // the lock waited for as long as an applier would (then its holder is named), the batch itself without a limit
    await s.exec(`BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '${SORT_MEMORY}';
SET LOCAL lock_timeout = '${APPLY_LOCK_WAIT_MS}ms'; SELECT pg_advisory_xact_lock(${APPLY_LOCK_KEY}); SET LOCAL lock_timeout = 0`);
    const [row] = await s.query<{ copied: number }>(statement, [rows]);
    await s.exec('COMMIT');
    return Number(row?.copied ?? 0);
  } catch (error) {
    await s.exec('ROLLBACK').catch(() => {});
    if ((error as { code?: string }).code === '55P03') throw await applyLockBusy(s);
    throw error;
  }
}

/** Copies every mapping's remaining rows from its checkpoint on; returns the rows copied by this call. */
export async function backfill(s: AdminSession, types: ColumnTypes, options: BackfillOptions = {}): Promise<number> {
  const fixed = options.batchRows !== undefined;
  let rows = options.batchRows ?? ADAPTIVE.first;
  let total = 0;
  for (const m of LIVE_MAPPINGS) {
    await s.exec(backfillModeStatement(m));
    const progress = () =>
      s.query<{ done: boolean; mode: BackfillMode }>(
        `SELECT coalesce((backfill -> $1 ->> 'done')::boolean, false) AS done,
                coalesce(backfill -> $1 ->> 'mode', 'upsert') AS mode
         FROM public.live_migration_state WHERE id = 1`,
        [m.target],
      );
    const [first] = await progress();
    const mode: BackfillMode = first?.mode === 'insert' ? 'insert' : 'upsert';
    const statement = backfillStatement(m, types, mode);
    for (let done = first?.done ?? true; !done; done = (await progress())[0]?.done ?? true) {
      const started = performance.now();
      const copied = await timed(
        options.log,
        'batch',
        { target: m.target, mode, size: rows },
        () => runBatch(s, statement, rows),
        (n) => ({ rows: n }),
      );
      if (copied === rows) rows = nextBatchRows(rows, performance.now() - started, fixed);
      total += copied;
      await options.onBatch?.(m.target, copied);
    }
  }
  return total;
}
