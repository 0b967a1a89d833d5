import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type pino from 'pino';
import type { Database, ServiceName } from '../../db/index.ts';
import type { JobQueue } from '../schedule-generation/generation/queue.ts';
import type { Headers, SubgraphPrincipal } from './auth.ts';
import type { Cache } from './cache/index.ts';
import type { EventBus } from './events/types.ts';

export type { Headers } from './auth.ts';
export type { GraphQLResolverMap };

/**
 * What a service needs from its process, created by the composition root (bin/) — or by a test — and handed to
 * startSubgraph: nothing below is created on first use.
 */
export interface ServiceDependencies {
  db: Database;
  /** Where the service publishes the changes it owns (EVENT_TYPES). */
  events: EventBus;
  /** The read-through cache of reference data (and what a change invalidates at once). */
  cache: Cache;
  /** schedule-generation: the queue `generation/start.ts` enqueues on; null where this process runs no generation. */
  generationQueue: JobQueue | null;
}

/** What a service's createContext gets per request: the principal is the gateway's verified statement. */
export interface ContextRequest {
  headers: Headers;
  deps: ServiceDependencies;
  logger?: pino.Logger;
  principal: SubgraphPrincipal | null;
  /** FLEXTIME_INTERNAL_SECRET's key: what a service signs its own tokens with (calendar feed links). */
  internalKey: Uint8Array;
}

export interface SubgraphDefinition {
  name: ServiceName;
  /** Contents of the service's schema.graphql (Federation 2). */
  typeDefs: string;
  /** Per request: the principal (tenant, roles) from the gateway's statement, DataLoaders, the service's database. */
  createContext(req: ContextRequest): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are heterogeneous by nature
  resolvers: GraphQLResolverMap<any>;
}
