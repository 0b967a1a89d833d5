// The four subgraphs, in port order (team-availability 4001 … schedule-generation 4004).
import { subgraph as constraintValidation } from './constraint-validation/index.ts';
import type { SubgraphDefinition } from './kit/types.ts';
import { subgraph as scheduleGeneration } from './schedule-generation/index.ts';
import { subgraph as teamAvailability } from './team-availability/index.ts';
import { subgraph as venueManagement } from './venue-management/index.ts';

export { DEFAULT_PORTS, portEnvName, type RunningSubgraph, type StartOptions, startSubgraph } from './kit/server.ts';
export type { SubgraphDefinition } from './kit/types.ts';

export const subgraphs: readonly SubgraphDefinition[] = Object.freeze([
  teamAvailability,
  venueManagement,
  constraintValidation,
  scheduleGeneration,
]);
