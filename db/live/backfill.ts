// The backfill: every legacy row copied into the service tables in keyset-ordered batches (each batch one statement
// that also moves its checkpoint), while the legacy application keeps writing and capture records what it changes.
// Load first, validate once: the service tables' foreign keys and secondary indexes are set aside (recorded in the
// state row in the same transaction that drops them), the rows loaded, then each index built in one pass and each key
// added back NOT VALID and validated in one pass (a sort and a scan instead of one index insert and one
// foreign-key check per row). Primary keys and unique indexes stay: the upserts by legacy id need them.
import type { AdminSession } from '../index.ts';
import { LIVE_MAPPINGS } from './mapping.ts';
import { backfillStatement, type ColumnTypes } from './sql.ts';
import type { SetAsideForeignKey, SetAsideIndex } from './state.ts';

export interface BackfillOptions {
  batchRows?: number;
  /** Called after each batch (the caller drains the change log now and then, and reports progress). */
  onBatch?: (target: string, copied: number) => Promise<void> | void;
}

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

/** Builds the set-aside indexes again (one sort each) and clears the record. */
export async function restoreIndexes(s: AdminSession, indexes: SetAsideIndex[]): Promise<void> {
  for (const i of new Map(indexes.map((x) => [x.name, x])).values()) {
    await s.exec(i.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
  }
  await s.exec("UPDATE public.live_migration_state SET set_aside_indexes = '[]' WHERE id = 1");
}

/** Adds the set-aside foreign keys back (NOT VALID, then VALIDATE: one scan each) and clears the record. */
export async function restoreForeignKeys(s: AdminSession, fks: SetAsideForeignKey[]): Promise<void> {
  const present = new Set(
    (
      await s.query<{ k: string }>(
        "SELECT c.conrelid::regclass::text || '/' || c.conname AS k FROM pg_constraint c WHERE c.contype = 'f'",
      )
    ).map((r) => r.k),
  );
  const unique = new Map(fks.map((fk) => [`${fk.table}/${fk.name}`, fk]));
  for (const [k, fk] of unique) {
    if (present.has(k)) continue;
    await s.exec(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${quoteName(fk.name)} ${fk.definition} NOT VALID`);
  }
  for (const fk of unique.values()) {
    await s.exec(`ALTER TABLE ${fk.table} VALIDATE CONSTRAINT ${quoteName(fk.name)}`);
  }
  await s.exec("UPDATE public.live_migration_state SET set_aside_foreign_keys = '[]' WHERE id = 1");
}

/** Copies every mapping's remaining rows from its checkpoint on; returns the rows copied by this call. */
export async function backfill(s: AdminSession, types: ColumnTypes, options: BackfillOptions = {}): Promise<number> {
  const batch = options.batchRows ?? 50_000;
  let total = 0;
  for (const m of LIVE_MAPPINGS) {
    const statement = backfillStatement(m, types);
    for (;;) {
      const [done] = await s.query<{ done: boolean }>(
        `SELECT coalesce((backfill -> $1 ->> 'done')::boolean, false) AS done FROM public.live_migration_state WHERE id = 1`,
        [m.target],
      );
      if (done?.done) break;
      const [row] = await s.query<{ copied: number }>(statement, [batch]);
      const copied = Number(row?.copied ?? 0);
      total += copied;
      await options.onBatch?.(m.target, copied);
    }
  }
  return total;
}
