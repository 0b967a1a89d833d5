// The role and tenant of a transaction (SET LOCAL ROLE and app.conference_id, which the RLS policies read), and the
// statement log that leaves this plumbing out.
import { type SQL, sql } from 'drizzle-orm';
import type { OpenOptions } from './database.ts';
import type { ServiceName } from './services.ts';

// Statements carrying this marker are connection plumbing and are not reported to onQuery.
export const PLUMBING = '/* flextime:session */';

export function tenantSetting(tenant: number | null | undefined): string {
  if (tenant !== null && tenant !== undefined && !Number.isFinite(Number(tenant))) {
    throw new Error(`invalid tenant (conference id): ${String(tenant)}`);
  }
  return tenant === null || tenant === undefined ? '' : String(Math.trunc(Number(tenant)));
}

export function sessionStatement(role: string | null, tenant: number | null | undefined): SQL {
  const tenantText = tenantSetting(tenant);
  if (role === null) {
    return sql`${sql.raw(PLUMBING)} select set_config('app.conference_id', ${tenantText}, true)`;
  }
  return sql`${sql.raw(PLUMBING)} select set_config('role', ${role}, true), set_config('app.conference_id', ${tenantText}, true)`;
}

export function makeLogger(service: ServiceName | 'admin', onQuery: OpenOptions['onQuery']) {
  if (!onQuery) return undefined;
  return {
    logQuery(query: string, params: unknown[]) {
      if (query.startsWith(PLUMBING)) return;
      onQuery({ service, sql: query, params });
    },
  };
}
