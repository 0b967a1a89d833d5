// Shared reference data (shared_data.sports/seasons/conferences): every service role may read it; value types in
// every subgraph that shows them (@shareable), each loaded per request in one statement per batch.
import type DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { ServiceTx } from '../../db/index.ts';
import { conferences, seasons, sports } from '../../db/schema/index.ts';
import type { BaseContext } from './context.ts';
import { idOf } from './ids.ts';
import { keyLoader } from './loaders.ts';

export type SportRow = typeof sports.$inferSelect;
export type SeasonRow = typeof seasons.$inferSelect;
export type ConferenceRow = typeof conferences.$inferSelect;

export interface ReferenceLoaders {
  sport: DataLoader<number, SportRow | null>;
  season: DataLoader<number, SeasonRow | null>;
  conference: DataLoader<number, ConferenceRow | null>;
}

export function referenceLoaders(run: BaseContext['run']): ReferenceLoaders {
  return {
    sport: keyLoader(
      (ids) => run((tx: ServiceTx) => tx.select().from(sports).where(inArray(sports.sportId, ids))),
      (r) => r.sportId,
    ),
    season: keyLoader(
      (ids) => run((tx: ServiceTx) => tx.select().from(seasons).where(inArray(seasons.seasonId, ids))),
      (r) => r.seasonId,
    ),
    conference: keyLoader(
      (ids) => run((tx: ServiceTx) => tx.select().from(conferences).where(inArray(conferences.conferenceId, ids))),
      (r) => r.conferenceId,
    ),
  };
}

/** Resolvers of the @shareable value types (identical in every subgraph that declares them). */
export const referenceResolvers = {
  Sport: {
    id: (s: SportRow) => idOf(s.sportId),
    name: (s: SportRow) => s.sportName,
    code: (s: SportRow) => s.sportCode,
  },
  Season: {
    id: (s: SeasonRow) => idOf(s.seasonId),
    name: (s: SeasonRow) => s.seasonName,
  },
  Conference: {
    id: (c: ConferenceRow) => idOf(c.conferenceId),
  },
};

/** Loads a nullable reference by id through the request's loader. */
export function refOrNull<T>(
  loader: DataLoader<number, T | null>,
  id: number | null | undefined,
): Promise<T | null> | null {
  return id === null || id === undefined ? null : loader.load(id);
}

/**
 * Loads a reference the schema declares non-null (a foreign key guarantees the row). Should it be missing all the
 * same, the field fails with an error naming it instead of handing GraphQL a null it would reject less clearly.
 */
export async function loadRequired<T>(loader: DataLoader<number, T | null>, id: number, what: string): Promise<T> {
  const row = await loader.load(id);
  if (row === null) throw new Error(`${what} ${id} not found`);
  return row;
}
