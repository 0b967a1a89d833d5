import { subgraphSdl } from '../kit/sdl.ts';
import type { SubgraphDefinition } from '../kit/types.ts';
import { createContext } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** schedule-generation: schedules, versions, games (Schedule and Game entities), generation requests, algorithms; adds Team.games and Venue.games. */
export const subgraph: SubgraphDefinition = {
  name: 'schedule-generation',
  typeDefs: subgraphSdl(new URL('./', import.meta.url)),
  // the Database handle rides along for the generation jobs runtime (generation/runtime.ts)
  createContext: (req) => ({ ...createContext(req), db: req.db }),
  resolvers,
};
