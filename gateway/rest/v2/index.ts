// v2: per-service REST routes, one file per service's resources, each shape beside its mapper. Lists answer
// `{ data, pagination: { page, limit (≤ 100), total, total_pages } }`.
import type { RouteSpec } from '../route.ts';
import { constraintRoutes } from './constraint-validation.ts';
import { exportRoutes } from './exports.ts';
import { fairnessRoutes } from './fairness.ts';
import { scheduleGenerationRoutes } from './schedule-generation.ts';
import { teamAvailabilityRoutes } from './team-availability.ts';
import { venueManagementRoutes } from './venue-management.ts';

export const v2Routes: RouteSpec[] = [
  ...teamAvailabilityRoutes,
  ...venueManagementRoutes,
  ...constraintRoutes,
  ...scheduleGenerationRoutes,
  ...fairnessRoutes,
  ...exportRoutes,
];
