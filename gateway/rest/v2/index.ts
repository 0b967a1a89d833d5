// v2: per-service REST routes, one file per resource (each shape beside its mapper), in the order the OpenAPI document
// lists them. Lists answer `{ data, pagination: { page, limit (≤ 100), total, total_pages } }`.
import type { RouteSpec } from '../route.ts';
import { algorithmRoutes } from './algorithms.ts';
import { blackoutRoutes } from './blackouts.ts';
import { constraintCategoryRoutes } from './constraint-categories.ts';
import { constraintTemplateRoutes } from './constraint-templates.ts';
import { exportRoutes } from './exports.ts';
import { fairnessRoutes } from './fairness.ts';
import { generationRequestRoutes } from './generation-requests.ts';
import { profileRoutes } from './profiles.ts';
import { validationRoutes } from './validation.ts';
import { venueRoutes } from './venues.ts';
import { versionComparisonRoutes } from './version-comparisons.ts';

export const v2Routes: RouteSpec[] = [
  // team-availability
  ...profileRoutes,
  ...blackoutRoutes,
  // venue-management
  ...venueRoutes,
  // constraint-validation
  ...constraintCategoryRoutes,
  ...constraintTemplateRoutes,
  ...validationRoutes,
  // schedule-generation
  ...generationRequestRoutes,
  ...algorithmRoutes,
  ...versionComparisonRoutes,
  ...fairnessRoutes,
  ...exportRoutes,
];
