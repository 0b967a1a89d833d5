// `live verify`: for each service table, the row count and an order-independent checksum (sum of the rows' md5 prefix)
// of the mapped columns, computed on the legacy side through the mapping views and on the service side from the
// table itself; where they differ, the first 20 ids whose rows differ (missing on one side or with other values).
import type { AdminSession } from '../index.ts';
import { LIVE_MAPPINGS } from './mapping.ts';
import { type ColumnTypes, checksumQuery, differingKeysQuery } from './sql.ts';

export interface TableVerification {
  table: string;
  legacyRows: number;
  serviceRows: number;
  equal: boolean;
  /** Up to 20 ids whose mapped rows differ. */
  differingIds: number[];
}

export interface Verification {
  ok: boolean;
  tables: TableVerification[];
}

/** Compares every non-derived mapping; `only` restricts it to some service tables. */
export async function verifyLive(s: AdminSession, types: ColumnTypes, only?: string[]): Promise<Verification> {
  const tables: TableVerification[] = [];
  for (const m of LIVE_MAPPINGS) {
    if (m.derived || (only && !only.includes(m.target))) continue;
    const [r] = await s.query<{ source_rows: string; target_rows: string; source_sum: string; target_sum: string }>(
      checksumQuery(m, types),
    );
    const equal = r.source_rows === r.target_rows && r.source_sum === r.target_sum;
    const differingIds = equal
      ? []
      : (await s.query<{ k: number }>(differingKeysQuery(m, types))).map((x) => Number(x.k));
    tables.push({
      table: m.target,
      legacyRows: Number(r.source_rows),
      serviceRows: Number(r.target_rows),
      equal,
      differingIds,
    });
  }
  return { ok: tables.every((t) => t.equal), tables };
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
