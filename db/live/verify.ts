// `live verify`: for each service table, the row count and an order-independent checksum (sum of the rows' md5 prefix)
// of the mapped columns, computed on the legacy side through the mapping views and on the service side from the
// table itself; where they differ, the first 20 ids whose rows differ (missing on one side or with other values).
import type { AdminSession } from '../index.ts';
import { LIVE_MAPPINGS } from './mapping.ts';
import { type ColumnTypes, changedRowsFilter, checksumQuery, differingKeysQuery, type RowFilter } from './sql.ts';

export interface TableVerification {
  table: string;
  legacyRows: number;
  serviceRows: number;
  equal: boolean;
  /** The ids whose mapped rows differ (up to the verification's limit, 20 by default). */
  differingIds: number[];
}

export interface Verification {
  ok: boolean;
  tables: TableVerification[];
}

/** Compares every non-derived mapping, naming up to `limit` differing ids per table (default 20). */
export async function verifyLive(s: AdminSession, types: ColumnTypes, limit = 20): Promise<Verification> {
  const tables: TableVerification[] = [];
  for (const m of LIVE_MAPPINGS) {
    if (!m.derived) tables.push(await verifyMapping(s, types, m, undefined, limit));
  }
  return { ok: tables.every((t) => t.equal), tables };
}

/**
 * Compares only the rows that changed legacy ids touch (legacy source → ids): what a switch verifies while writes are
 * paused, after a full verify ran before the pause and the change log has been drained since.
 */
export async function verifyChanged(
  s: AdminSession,
  types: ColumnTypes,
  changed: Map<string, number[]>,
  limit = 20,
): Promise<Verification> {
  const tables: TableVerification[] = [];
  for (const m of LIVE_MAPPINGS) {
    const filter = m.derived ? null : changedRowsFilter(m, changed);
    if (filter) tables.push(await verifyMapping(s, types, m, filter, limit));
  }
  return { ok: tables.every((t) => t.equal), tables };
}

async function verifyMapping(
  s: AdminSession,
  types: ColumnTypes,
  m: (typeof LIVE_MAPPINGS)[number],
  filter?: RowFilter,
  limit = 20,
): Promise<TableVerification> {
  const [r] = await s.query<{ source_rows: string; target_rows: string; source_sum: string; target_sum: string }>(
    checksumQuery(m, types, filter),
  );
  const equal = r.source_rows === r.target_rows && r.source_sum === r.target_sum;
  const differingIds = equal
    ? []
    : (await s.query<{ k: number }>(differingKeysQuery(m, types, filter, limit))).map((x) => Number(x.k));
  return {
    table: m.target,
    legacyRows: Number(r.source_rows),
    serviceRows: Number(r.target_rows),
    equal,
    differingIds,
  };
}

export function formatVerification(v: Verification): string {
  const width = Math.max(...v.tables.map((t) => t.table.length));
  const lines = v.tables.map((t) => {
    const head = `${t.table.padEnd(width)}  legacy ${String(t.legacyRows).padStart(9)}  service ${String(t.serviceRows).padStart(9)}`;
    return t.equal ? `${head}  equal` : `${head}  DIFFERENT: ids ${t.differingIds.join(', ')}`;
  });
  lines.push(v.ok ? 'live verify: no difference' : 'live verify: differences found');
  return lines.join('\n');
}
