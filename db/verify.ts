// The migration guide's verification, in one call: public.microservice_health and every service schema's
// check_data_consistency(). Used by `flextime migrate verify`.
import { sql } from 'drizzle-orm';
import { type Database, rows, SERVICES, schemaOf } from './index.ts';

export interface HealthRow {
  service: string;
  status: string;
  tables: number;
  rlsTables: number;
  rows: number;
  migration: string;
}

export interface ConsistencyRow {
  schema: string;
  check: string;
  status: 'ok' | 'warning' | 'error' | string;
  affectedRows: number;
  details: string;
}

export interface Verification {
  health: HealthRow[];
  checks: ConsistencyRow[];
  /** Every service healthy and no consistency check in 'error'. */
  ok: boolean;
}

export async function verifyDatabase(db: Database): Promise<Verification> {
  return db.admin(async (tx) => {
    const health = (
      await rows<Record<string, unknown>>(
        tx,
        sql`select service_name, status, table_count, rls_tables, total_rows, migration_status
            from public.microservice_health`,
      )
    ).map((h) => ({
      service: String(h.service_name),
      status: String(h.status),
      tables: Number(h.table_count),
      rlsTables: Number(h.rls_tables),
      rows: Number(h.total_rows),
      migration: String(h.migration_status),
    }));
    const checks: ConsistencyRow[] = [];
    for (const service of SERVICES) {
      const schema = schemaOf(service);
      const found = await rows<{ f: string | null }>(
        tx,
        sql`select to_regprocedure(${`${schema}.check_data_consistency()`})::text as f`,
      );
      if (!found[0]?.f) continue;
      for (const c of await rows<Record<string, unknown>>(
        tx,
        sql`select * from ${sql.identifier(schema)}.check_data_consistency()`,
      )) {
        checks.push({
          schema,
          check: String(c.check_name),
          status: String(c.status),
          affectedRows: Number(c.affected_rows),
          details: String(c.details),
        });
      }
    }
    const ok = health.every((h) => h.status === 'healthy') && checks.every((c) => c.status !== 'error');
    return { health, checks, ok };
  });
}

/** Fixed-width text table of string cells (first row = header). */
export function formatTable(table: string[][]): string {
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(table[0]), line(widths.map((w) => '-'.repeat(w))), ...table.slice(1).map(line)].join('\n');
}

export function formatVerification(v: Verification): string {
  const health = formatTable([
    ['service', 'status', 'migration', 'tables', 'rls', 'rows'],
    ...v.health.map((h) => [h.service, h.status, h.migration, String(h.tables), String(h.rlsTables), String(h.rows)]),
  ]);
  const checks = formatTable([
    ['schema', 'check', 'status', 'rows', 'details'],
    ...v.checks.map((c) => [c.schema, c.check, c.status, String(c.affectedRows), c.details]),
  ]);
  return `${health}\n\n${checks}\n\n${v.ok ? 'verification passed' : 'verification FAILED'}`;
}
