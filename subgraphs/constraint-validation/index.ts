import { subgraphSdl } from '../kit/sdl.ts';
import type { SubgraphDefinition } from '../kit/types.ts';
import { createContext } from './loaders.ts';
import { resolvers } from './resolvers.ts';

/** constraint-validation: categories, templates, profiles; adds Team.constraintProfile and Schedule.evaluation/violations. */
export const subgraph: SubgraphDefinition = {
  name: 'constraint-validation',
  typeDefs: subgraphSdl(new URL('./', import.meta.url)),
  createContext,
  resolvers,
};
