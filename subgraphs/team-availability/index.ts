import { withBlackoutAnnouncements } from '../kit/events/announce.ts';
import { subgraphSdl } from '../kit/sdl.ts';
import type { SubgraphDefinition } from '../kit/types.ts';
import { createContext } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** team-availability: teams (the Team entity's owner), institutions, profiles, blackouts, windows, preferences. */
export const subgraph: SubgraphDefinition = {
  name: 'team-availability',
  typeDefs: subgraphSdl(new URL('./', import.meta.url)),
  createContext,
  // blackout changes are announced as team.blackouts.changed events (issue 8)
  resolvers: withBlackoutAnnouncements(resolvers),
};
