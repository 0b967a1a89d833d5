import { readFileSync } from 'node:fs';
import { withBlackoutAnnouncements } from '../kit/events/announce.ts';
import type { GraphQLResolverMap, SubgraphDefinition } from '../kit/types.ts';
import { createContext } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** team-availability: teams (the Team entity's owner), institutions, profiles, blackouts, windows, preferences. */
export const subgraph: SubgraphDefinition = {
  name: 'team-availability',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  createContext,
  // blackout changes are announced as team.blackouts.changed events (issue 8)
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are heterogeneous
  resolvers: withBlackoutAnnouncements(resolvers) as GraphQLResolverMap<any>,
};
