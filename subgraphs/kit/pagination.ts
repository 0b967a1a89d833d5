import { badUserInput } from './errors.ts';

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

export interface PageArgs {
  page?: number | null;
  limit?: number | null;
}

export interface Page {
  page: number;
  limit: number;
  offset: number;
}

/** Validates `page` (≥ 1) and `limit` (1…100); anything else is BAD_USER_INPUT naming the argument. */
export function parsePage(args: PageArgs): Page {
  const page = args.page ?? 1;
  const limit = args.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(page) || page < 1) throw badUserInput('page', `must be an integer ≥ 1, got ${page}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw badUserInput('limit', `must be an integer between 1 and ${MAX_LIMIT}, got ${limit}`);
  return { page, limit, offset: (page - 1) * limit };
}

export interface Connection<T> {
  nodes: T[];
  total: number;
  page: number;
  limit: number;
  totalPages: number;
  hasNextPage: boolean;
}

export function connection<T>(nodes: T[], total: number, page: Page): Connection<T> {
  const totalPages = Math.ceil(total / page.limit);
  return { nodes, total, page: page.page, limit: page.limit, totalPages, hasNextPage: page.page < totalPages };
}

export interface PagedRows<R> {
  rows: R[];
  /** From `count(*) over ()`; null when the page had no row to carry it. */
  total: number | null;
}

/**
 * Runs a page query (rows + window total in ONE statement). Only when a page past the end comes back empty does it
 * ask for the total with a one-row probe of page 1.
 */
export async function paged<R>(fetch: (page: Page) => Promise<PagedRows<R>>, page: Page): Promise<Connection<R>> {
  const result = await fetch(page);
  if (result.total !== null) return connection(result.rows, result.total, page);
  if (page.offset === 0) return connection([], 0, page);
  const probe = await fetch({ page: 1, limit: 1, offset: 0 });
  return connection([], probe.total ?? 0, page);
}
