// The gateway's plugins, grouped by what they hook, one shape per group (each file exports one `useX(options)`):
//   http/            HttpPlugin       Fastify hooks and routes around every HTTP request (ids, health, IDE, metrics, traces)
//   execution/       ExecutionPlugin  Apollo Server plugins around each GraphQL operation (limits, logs, operation metrics)
//   subgraph-fetch/  FetchPlugin      around each subgraph fetch of a query plan (fetch metrics, trace propagation)
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.ts';

/** Registers its hooks and routes on the gateway's Fastify app. */
export type HttpPlugin = (app: FastifyInstance) => void;

/** An Apollo Server plugin over the gateway's operations. */
export type ExecutionPlugin = ApolloServerPlugin<GatewayContext>;

export type FetchOutcome = 'ok' | 'graphql_error' | 'http_error' | 'timeout' | 'unavailable';

export interface FetchPlugin {
  /** A fetch to `subgraph` starts (headers may be added); the returned function, if any, is called when it ends. */
  onFetch(fetch: { subgraph: string; headers: Record<string, string> }): ((outcome: FetchOutcome) => void) | undefined;
}
