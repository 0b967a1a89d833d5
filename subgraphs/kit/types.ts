import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type pino from 'pino';
import type { Database, ServiceName } from '../../db/index.ts';

export type { GraphQLResolverMap };

export type Headers = Record<string, string | string[] | undefined>;

export interface SubgraphDefinition {
  name: ServiceName;
  /** Contents of the service's schema.graphql (Federation 2). */
  typeDefs: string;
  /** Per request: tenant from `x-conference-id`, DataLoaders, the service's database handle. */
  createContext(req: { headers: Headers; db: Database; logger?: pino.Logger }): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are heterogeneous by nature
  resolvers: GraphQLResolverMap<any>;
}

/** A service's resolver map as written (entity resolvers take (reference, context, info)); cast once in index.ts. */
export type Resolvers = Record<string, object>;
