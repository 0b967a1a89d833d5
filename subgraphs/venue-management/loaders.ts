// Per-request DataLoaders of venue-management: each batch is ONE statement (`inArray`), results in key order.
import type DataLoader from 'dataloader';
import { type BaseContext, baseContext } from '../kit/context.ts';
import { groupLoader, keyLoader } from '../kit/loaders.ts';
import { referenceLoaders } from '../kit/reference.ts';
import type { ContextRequest } from '../kit/types.ts';
import * as repo from './repository.ts';

export function createLoaders(run: BaseContext['run']) {
  const venueLoaders = new Map<string, DataLoader<number, repo.VenueRow | null>>();
  const base = {
    ...referenceLoaders(run),
    hoursByVenue: groupLoader(
      (ids) => run((tx) => repo.hoursByVenues(tx, ids)),
      (r) => r.venueId,
    ),
    configsByVenue: groupLoader(
      (ids) => run((tx) => repo.configsByVenues(tx, ids)),
      (r) => r.venueId,
    ),
    rulesByVenue: groupLoader(
      (ids) => run((tx) => repo.rulesByVenues(tx, ids)),
      (r) => r.venueId,
    ),
    unavailabilityByVenue: groupLoader(
      (ids) => run((tx) => repo.unavailabilityByVenues(tx, ids)),
      (r) => r.venueId,
    ),
    conflictsByVenue: groupLoader(
      (ids) => run((tx) => repo.conflictsByVenues(tx, ids)),
      (r) => r.venueId,
    ),
    venuesOfTeam: groupLoader(
      (ids) => run((tx) => repo.venuesOfTeams(tx, ids)),
      (r) => r.teamId,
    ),
  };
  const primeVenues = (rows: repo.VenueRow[]) => {
    for (const v of rows) {
      if (v.hours) base.hoursByVenue.prime(v.venueId, v.hours);
      if (v.configs) base.configsByVenue.prime(v.venueId, v.configs);
      if (v.rules) base.rulesByVenue.prime(v.venueId, v.rules);
      if (v.unavailability) base.unavailabilityByVenue.prime(v.venueId, v.unavailability);
      if (v.conflicts) base.conflictsByVenue.prime(v.venueId, v.conflicts);
      for (const loader of venueLoaders.values()) loader.prime(v.venueId, v);
    }
  };
  return {
    ...base,
    primeVenues,
    /** Venues by id, bringing the selected child relations in the same statement (they prime their own loaders). */
    venue(include: readonly repo.VenueRelation[] = []): DataLoader<number, repo.VenueRow | null> {
      const sig = [...include].sort().join(',');
      let loader = venueLoaders.get(sig);
      if (!loader) {
        loader = keyLoader(
          async (ids) => {
            const rows = await run((tx) => repo.venuesByIds(tx, ids, include));
            primeVenues(rows);
            return rows;
          },
          (r) => r.venueId,
        );
        venueLoaders.set(sig, loader);
      }
      return loader;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context extends BaseContext {
  loaders: Loaders;
}

export function createContext(req: ContextRequest): Context {
  const base = baseContext('venue-management', req);
  return { ...base, loaders: createLoaders(base.run) };
}
