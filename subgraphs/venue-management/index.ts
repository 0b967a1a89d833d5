import { subgraphSdl } from '../kit/sdl.ts';
import type { SubgraphDefinition } from '../kit/types.ts';
import { createContext } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** venue-management: venues (the Venue entity), hours, availability, conflicts; adds Team.homeVenue/venues. */
export const subgraph: SubgraphDefinition = {
  name: 'venue-management',
  typeDefs: subgraphSdl(new URL('./', import.meta.url)),
  createContext,
  resolvers,
};
