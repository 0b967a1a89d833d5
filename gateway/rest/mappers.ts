// Small helpers shared by the v1 and v2 mappers: GraphQL ids (strings) back to the integer ids REST
// callers know, connection → pagination envelope, camelCase arguments from snake_case query params.
import { RestError, unprocessable } from './errors.ts';

export type Obj = Record<string, unknown>;

/** A JSON object (not null, not an array): what a JSON-typed field or body value must be to be read by key. */
export function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** GraphQL ID → integer (REST ids are the integer primary keys); null stays null. */
export function intId(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** `{ id }` object → its integer id. */
export function refId(value: { id: unknown } | null | undefined): number | null {
  return value ? intId(value.id) : null;
}

/** Integer id → GraphQL ID argument; undefined stays undefined (argument omitted). */
export function gqlId(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

export interface ConnectionLike<T> {
  nodes: T[];
  total: number;
  page: number;
  limit: number;
  totalPages: number;
}

export function envelope<T, U>(conn: ConnectionLike<T>, map: (item: T) => U) {
  return {
    data: conn.nodes.map(map),
    pagination: { page: conn.page, limit: conn.limit, total: conn.total, total_pages: conn.totalPages },
  };
}

/** `start` ≤ `end` or 422 naming the end field. */
export function assertRange(start: unknown, end: unknown, startField: string, endField: string): void {
  if (typeof start === 'string' && typeof end === 'string' && end < start) {
    throw unprocessable(`'${endField}' (${end}) is before '${startField}' (${start})`, {
      field: endField,
      [startField]: start,
      [endField]: end,
    });
  }
}

/** Days in [from, to], inclusive, for ISO dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export function assertMaxDays(from: string, to: string, max: number, field: string): void {
  if (daysBetween(from, to) > max) {
    throw new RestError(400, `Date range is longer than ${max} days`, {
      code: 'VALIDATION_ERROR',
      details: { field, max_days: max },
    });
  }
}

/** Fetches every page of a paginated operation (limit 100) — for v1 routes that answered whole lists. */
export async function allPages<T>(
  fetchPage: (page: number) => Promise<ConnectionLike<T>>,
  maxPages = 200,
): Promise<{ items: T[]; total: number }> {
  const first = await fetchPage(1);
  const items = [...first.nodes];
  for (let p = 2; p <= Math.min(first.totalPages, maxPages); p++) {
    const next = await fetchPage(p);
    items.push(...next.nodes);
  }
  return { items, total: first.total };
}
