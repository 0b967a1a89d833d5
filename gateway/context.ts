// What every gateway operation carries: its request id, the headers to forward to subgraphs, a child logger.
import type { FastifyBaseLogger } from 'fastify';
import { type IncomingHeaders, invalidTenantHeader, propagatedHeaders } from './plugins/headers.ts';

export interface GatewayContext {
  requestId: string;
  /** Headers forwarded to every subgraph fetch (authorization, x-conference-id, x-request-id). */
  propagate: Record<string, string>;
  log: FastifyBaseLogger;
}

export function createContext(requestId: string, headers: IncomingHeaders, log: FastifyBaseLogger): GatewayContext {
  const invalid = invalidTenantHeader(headers);
  if (invalid) throw invalid;
  return { requestId, propagate: propagatedHeaders(headers, requestId), log };
}
