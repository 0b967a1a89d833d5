import pino from 'pino';
import type { ServiceName, ServiceTx } from '../../db/index.ts';
import type { SubgraphPrincipal } from './auth.ts';
import type { ContextRequest } from './types.ts';

export interface BaseContext {
  service: ServiceName;
  /** Who is calling, from the gateway's verified statement (null only outside a request). */
  principal: SubgraphPrincipal | null;
  /** The principal's conference (the RLS tenant, app.conference_id); null → operator, no tenant filter. */
  tenant: number | null;
  requestId: string | undefined;
  logger: pino.Logger;
  /** Runs fn in one transaction as this service's own role, scoped to the request's tenant. */
  run<T>(fn: (tx: ServiceTx) => Promise<T>): Promise<T>;
}

const silent = pino({ level: 'silent' });

/**
 * The context every service builds on. The tenant is the principal's conference: a client-sent `x-conference-id` is
 * never read (the gateway drops it, and a direct caller without the gateway's statement never gets this far).
 */
export function baseContext(service: ServiceName, req: ContextRequest): BaseContext {
  const principal = req.principal;
  const tenant = principal?.conferenceId ?? null;
  const header = req.headers['x-request-id'];
  const requestId = principal?.requestId ?? (Array.isArray(header) ? header[0] : header);
  const serviceDb = req.db.service(service);
  return {
    service,
    principal,
    tenant,
    requestId,
    logger: (req.logger ?? silent).child({ reqId: requestId }),
    run: (fn) => serviceDb.run(fn, { tenant }),
  };
}
