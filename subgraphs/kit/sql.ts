import { type Column, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * `json_build_object('<prop>', <column>, …)` over a table's columns, keyed by the Drizzle (camelCase) property names,
 * so a row aggregated in a subquery has the same shape as one selected by Drizzle (dates as 'YYYY-MM-DD' strings,
 * timestamps as ISO strings).
 */
export function jsonRow(table: PgTable, extra: Record<string, SQL | Column> = {}): SQL {
  const entries = [...Object.entries(getTableColumns(table)), ...Object.entries(extra)];
  const parts = entries.map(([key, col]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`unsafe json key ${key}`);
    return sql`${sql.raw(`'${key}'`)}, ${col}`;
  });
  return sql`json_build_object(${sql.join(parts, sql`, `)})`;
}

/** A correlated subquery: the table's matching rows as a JSON array (never null), in the given order. */
export function jsonAgg<T>(
  table: PgTable,
  where: SQL,
  orderBy: SQL,
  extra: Record<string, SQL | Column> = {},
): SQL<T[]> {
  return sql<
    T[]
  >`(select coalesce(json_agg(${jsonRow(table, extra)} order by ${orderBy}), '[]'::json) from ${table} where ${where})`;
}

/** The page total in the same statement as the page: `count(*) over ()`. */
export const totalOver = sql<number>`(count(*) over ())::int`;
