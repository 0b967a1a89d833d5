// The backfill: every legacy row copied into the service tables in keyset-ordered batches (each batch one statement
// that also moves its checkpoint), while the legacy application keeps writing and capture records what it changes.
// Load first, validate once: the service tables' foreign keys are set aside (recorded in the state row in the same
// transaction that drops them), the rows loaded, then the keys added back NOT VALID and validated in one pass each.
import type { AdminSession } from '../index.ts';
import { LIVE_MAPPINGS } from './mapping.ts';
import { backfillStatement, type ColumnTypes } from './sql.ts';
import type { SetAsideForeignKey } from './state.ts';

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
  const batch = options.batchRows ?? 20_000;
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
