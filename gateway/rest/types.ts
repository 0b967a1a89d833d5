import type { Logger } from 'pino';
import type { EventBus } from '../../subgraphs/kit/events/index.ts';
import type { Principal } from '../auth/index.ts';

export type { Principal } from '../auth/index.ts';

import type { GraphQLErrorLike } from './errors.ts';

export type { GraphQLErrorLike } from './errors.ts';

export interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<GraphQLErrorLike>;
}

/**
 * Runs one GraphQL operation for the caller the front door authenticated: in-process through the gateway's `execute`
 * (which signs it for the subgraphs), or over HTTP with the caller's credential (executor.ts).
 */
export type ExecuteFn = (
  operation: string,
  variables: Record<string, unknown>,
  caller: {
    principal: Principal;
    requestId: string;
    /** The caller's credential headers (Authorization / X-API-Key), for an executor that forwards them. */
    credential?: Record<string, string>;
    /** The caller's Idempotency-Key header (write routes), forwarded as it came. */
    idempotencyKey?: string;
  },
) => Promise<GraphQLResult>;

export interface RestDeps {
  execute: ExecuteFn;
  logger?: Logger;
  /** Upper bound for one REST request's GraphQL work before answering 504 (default 15 s). */
  timeoutMs?: number;
  /** The bus generation progress is published on: serves GET …/generations/{id}/events (SSE) when given. */
  events?: EventBus;
  /** SSE heartbeat interval, ms (default FLEXTIME_SSE_HEARTBEAT_MS, else 15 000). */
  heartbeatMs?: number;
}
