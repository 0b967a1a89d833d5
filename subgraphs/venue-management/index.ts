import { readFileSync } from 'node:fs';
import type { GraphQLResolverMap, SubgraphDefinition } from '../kit/types.ts';
import { createContext } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** venue-management: venues (the Venue entity), hours, availability, conflicts; adds Team.homeVenue/venues. */
export const subgraph: SubgraphDefinition = {
  name: 'venue-management',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  createContext,
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are heterogeneous
  resolvers: resolvers as GraphQLResolverMap<any>,
};
