import pino from 'pino';
import type { ServiceName, ServiceTx } from '../../db/index.ts';
import type { SubgraphPrincipal } from './auth.ts';
import type { Cache } from './cache/index.ts';
import { announceChange } from './events/announce.ts';
import type { EventBus, EventType } from './events/types.ts';
import { RequestTransactions } from './idempotency/request-transactions.ts';
import type { ContextRequest } from './types.ts';

export interface BaseContext {
  service: ServiceName;
  /** Who is calling, from the gateway's verified statement (null only outside a request). */
  principal: SubgraphPrincipal | null;
  /** The principal's conference (the RLS tenant, app.conference_id); null → operator, no tenant filter. */
  tenant: number | null;
  requestId: string | undefined;
  logger: pino.Logger;
  /**
   * Runs fn in one transaction as this service's own role, scoped to the request's tenant (inside the request's one
   * transaction, under a savepoint, when the request is a mutation with an Idempotency-Key).
   */
  run<T>(fn: (tx: ServiceTx) => Promise<T>): Promise<T>;
  /** Where this request's transactions run (kit/idempotency/). */
  transactions: RequestTransactions;
  events: EventBus;
  cache: Cache;
  /** After a committed change: drops the cache namespaces it makes stale, then publishes the event (never throws). */
  announce(type: EventType, payload: Record<string, unknown>): Promise<void>;
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
  const transactions = new RequestTransactions(req.deps.db.service(service), tenant);
  const logger = (req.logger ?? silent).child({ reqId: requestId });
  const { events, cache } = req.deps;
  return {
    service,
    principal,
    tenant,
    requestId,
    logger,
    run: (fn) => transactions.run(fn),
    transactions,
    events,
    cache,
    // a keyed mutation's changes are announced once they are committed
    announce: (type, payload) =>
      transactions.afterCommit(() => announceChange({ events, cache }, type, payload, logger)),
  };
}
