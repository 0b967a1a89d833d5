// v1: the legacy monolith's REST contract, unchanged for its callers, now answered by the supergraph. One file per
// resource, its response shapes beside their mappers and routes; field names are snake_case as the monolith returned
// them, statuses and error shapes the legacy ones.
import type { RouteSpec } from '../route.ts';
import { constraintRoutes } from './constraints.ts';
import { gameRoutes } from './games.ts';
import { scheduleRoutes } from './schedules.ts';
import { teamRoutes } from './teams.ts';
import { venueRoutes } from './venues.ts';

export const v1Routes: RouteSpec[] = [
  ...scheduleRoutes,
  ...gameRoutes,
  ...teamRoutes,
  ...venueRoutes,
  ...constraintRoutes,
];
