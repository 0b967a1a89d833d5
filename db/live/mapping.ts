// The monolith → services mapping of a live migration: for each service table, the expression of each of its
// columns over the legacy public.* tables. It states the same mapping as db/migrations/001–005's one-shot copies
// (which are applied files and never edited); test/db/live-migration-mapping.test.ts proves the two equal by running
// 001–005 over the legacy fixture and comparing every copied row with this mapping's view of the same monolith.
// Differences from the files' SQL are only where they read a service table that the live path may not have
// filled yet: conference/sport/timezone come from the legacy public.teams / public.institutions / public.schedules
// rows that shared_data and the service tables were copied from.
//
// `reverse` is the inverse used once the services are live (reverse capture): each monolith column as an
// expression over the service row (alias t). Tables without `reverse` are reference data the services cannot write.

import { SCHEDULE_CONSTRAINT_MAPPINGS } from './mapping-schedules.ts';
import type { LiveMapping } from './mapping-shape.ts';
import { SHARED_DATA_MAPPINGS } from './mapping-shared-data.ts';
import { TEAM_VENUE_MAPPINGS } from './mapping-team-venue.ts';

export type { LiveMapping } from './mapping-shape.ts';

/** Every mapping, parents before children (the order upserts run in; deletes run in reverse). */
export const LIVE_MAPPINGS: LiveMapping[] = [
  ...SHARED_DATA_MAPPINGS,
  ...TEAM_VENUE_MAPPINGS,
  ...SCHEDULE_CONSTRAINT_MAPPINGS,
];

/** The legacy tables the capture triggers watch (every source of a mapping), parents first. */
export const CAPTURED_SOURCES = [...new Set(LIVE_MAPPINGS.map((m) => m.source))];

/** The service tables whose writes reverse capture carries back, parents first. */
export const REVERSED_MAPPINGS = LIVE_MAPPINGS.filter((m) => m.reverse);

/** `schema.table` → `schema__table`, the suffix of a mapping's views. */
export const viewSuffix = (target: string) => target.replace('.', '__');
export const mapView = (m: LiveMapping) => `flextime_live.map_${viewSuffix(m.target)}`;
export const unmapView = (m: LiveMapping) => `flextime_live.unmap_${viewSuffix(m.target)}`;
