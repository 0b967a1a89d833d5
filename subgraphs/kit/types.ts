import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type pino from 'pino';
import type { Database, ServiceName } from '../../db/index.ts';
import type { Headers, SubgraphPrincipal } from './auth.ts';

export type { Headers } from './auth.ts';
export type { GraphQLResolverMap };

/** What a service's createContext gets per request: the principal is the gateway's verified statement. */
export interface ContextRequest {
  headers: Headers;
  db: Database;
  logger?: pino.Logger;
  principal: SubgraphPrincipal | null;
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
