import { readFileSync } from 'node:fs';
import type { GraphQLResolverMap, SubgraphDefinition } from '../kit/types.ts';
import { createContext } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** constraint-validation: categories, templates, profiles; adds Team.constraintProfile and Schedule.evaluation/violations. */
export const subgraph: SubgraphDefinition = {
  name: 'constraint-validation',
  typeDefs: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'),
  createContext,
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are heterogeneous
  resolvers: resolvers as GraphQLResolverMap<any>,
};
