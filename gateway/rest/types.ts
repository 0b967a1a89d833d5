import type { Logger } from 'pino';
import type { Principal } from '../auth/index.ts';

export type { Principal } from '../auth/index.ts';

/** A GraphQL error as formatted on the wire (GraphQLFormattedError-compatible). */
export interface GraphQLErrorLike {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

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
  },
) => Promise<GraphQLResult>;

export interface RestDeps {
  execute: ExecuteFn;
  logger?: Logger;
  /** Upper bound for one REST request's GraphQL work before answering 504 (default 15 s). */
  timeoutMs?: number;
}
