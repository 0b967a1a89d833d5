import type { Logger } from 'pino';
import type { AuthOptions } from './auth.ts';

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
 * Runs one GraphQL operation against the gateway in-process (the gateway helper's `execute`).
 * `headers` are the ones the gateway propagates to subgraphs: x-request-id, x-conference-id, authorization.
 */
export type ExecuteFn = (
  operation: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) => Promise<GraphQLResult>;

export interface RestDeps {
  execute: ExecuteFn;
  /** Auth settings; defaults to `authOptionsFromEnv(process.env)`. */
  auth?: AuthOptions;
  logger?: Logger;
  /** Upper bound for one REST request's GraphQL work before answering 504 (default 15 s). */
  timeoutMs?: number;
}

/** Who is calling: the tenant (conference) the credential is bound to; null = every conference. */
export interface Principal {
  kind: 'api-key' | 'jwt';
  subject: string;
  conferenceId: number | null;
  scopes: readonly string[] | null;
}
