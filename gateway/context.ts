// What every gateway operation carries: its request id, the authenticated principal, the signed statement of that
// principal every subgraph fetch sends (signed once per operation, on first use), a child logger.
import type { FastifyBaseLogger } from 'fastify';
import type { InternalSigner, Principal } from './auth/index.ts';
import { effectiveScopes, STATEMENT_HEADER } from './auth/index.ts';

/** The request id header: honoured when well-formed, echoed, and sent on every subgraph fetch. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A client's Idempotency-Key (IETF draft "The Idempotency-Key HTTP Header Field"): forwarded unchanged on every
 * subgraph fetch of the operation; the subgraph whose mutation runs records it (subgraphs/kit/idempotency/).
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The header's value as one string (several headers joined, which the subgraph refuses as invalid). */
export function idempotencyKeyHeader(value: string | string[] | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

export interface GatewayContext {
  requestId: string;
  principal: Principal;
  /** Same for two operations whose principals see the same data (in-flight sharing keys on it). */
  principalKey: string;
  /** Headers for every subgraph fetch: the request id, the signed statement of the principal, the Idempotency-Key. */
  subgraphHeaders(): Promise<Record<string, string>>;
  log: FastifyBaseLogger;
}

export function createContext(
  requestId: string,
  principal: Principal,
  /** null only for bench:federation's unauthenticated baseline: fetches then carry no statement. */
  signer: InternalSigner | null,
  log: FastifyBaseLogger,
  idempotencyKey?: string,
): GatewayContext {
  let headers: Promise<Record<string, string>> | undefined;
  const key: Record<string, string> = idempotencyKey === undefined ? {} : { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey };
  return {
    requestId,
    principal,
    principalKey: `${principal.conferenceId ?? '*'}\u0000${effectiveScopes(principal).join(' ')}`,
    subgraphHeaders() {
      headers ??= signer
        ? signer
            .statement(principal)
            .then((statement) => ({ [REQUEST_ID_HEADER]: requestId, [STATEMENT_HEADER]: statement, ...key }))
        : Promise.resolve({ [REQUEST_ID_HEADER]: requestId, ...key });
      return headers;
    },
    log,
  };
}
