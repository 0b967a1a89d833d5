import { GraphQLError } from 'graphql';
import pino from 'pino';
import type { Database, ServiceName, ServiceTx } from '../../db/index.ts';
import type { Headers } from './types.ts';

export interface BaseContext {
  service: ServiceName;
  /** Conference id from `x-conference-id` (the RLS tenant, app.conference_id); null → no tenant filter. */
  tenant: number | null;
  requestId: string | undefined;
  authorization: string | undefined;
  logger: pino.Logger;
  /** Runs fn in one transaction as this service's own role, scoped to the request's tenant. */
  run<T>(fn: (tx: ServiceTx) => Promise<T>): Promise<T>;
}

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses the tenant header; a value that is not a positive integer is rejected (400, BAD_USER_INPUT). */
export function tenantFrom(headers: Headers): number | null {
  const raw = header(headers, 'x-conference-id')?.trim();
  if (raw === undefined || raw === '') return null;
  if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) {
    throw new GraphQLError(`Invalid header "x-conference-id": must be a positive integer conference id, got "${raw}"`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'x-conference-id', http: { status: 400 } },
    });
  }
  return Number(raw);
}

const silent = pino({ level: 'silent' });

export function baseContext(
  service: ServiceName,
  req: { headers: Headers; db: Database; logger?: pino.Logger },
): BaseContext {
  const tenant = tenantFrom(req.headers);
  const requestId = header(req.headers, 'x-request-id');
  const serviceDb = req.db.service(service);
  return {
    service,
    tenant,
    requestId,
    authorization: header(req.headers, 'authorization'),
    logger: (req.logger ?? silent).child({ reqId: requestId }),
    run: (fn) => serviceDb.run(fn, { tenant }),
  };
}
