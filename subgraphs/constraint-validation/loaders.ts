// Per-request DataLoaders of constraint-validation: each batch is ONE statement (`inArray`), results in key order.
import type DataLoader from 'dataloader';
import { type BaseContext, baseContext } from '../kit/context.ts';
import { groupLoader, keyLoader } from '../kit/loaders.ts';
import { referenceLoaders } from '../kit/reference.ts';
import type { ContextRequest } from '../kit/types.ts';
import * as repo from './repository.ts';

export function createLoaders(run: BaseContext['run']) {
  const teamProfileLoaders = new Map<number, DataLoader<number, repo.ProfileRow | null>>();
  return {
    ...referenceLoaders(run),
    category: keyLoader(
      (ids) => run((tx) => repo.categoriesByIds(tx, ids)),
      (r) => r.categoryId,
    ),
    template: keyLoader(
      (ids) => run((tx) => repo.templatesByIds(tx, ids)),
      (r) => r.templateId,
    ),
    templatesByCategory: groupLoader(
      (ids) => run((tx) => repo.templatesByCategories(tx, ids)),
      (r) => r.categoryId,
    ),
    profile: keyLoader(
      (ids) => run((tx) => repo.profilesByIds(tx, ids)),
      (r) => r.profileId,
    ),
    policiesByProfile: groupLoader(
      (ids) => run((tx) => repo.policiesByProfiles(tx, ids)),
      (r) => r.profileId ?? 0,
    ),
    evaluationsBySchedule: groupLoader(
      (ids) => run((tx) => repo.latestEvaluationsBySchedules(tx, ids)),
      (r) => r.scheduleId,
    ),
    violationsBySchedule: groupLoader(
      (ids) => run((tx) => repo.violationsBySchedules(tx, ids)),
      (r) => r.scheduleId,
    ),
    /** A team's effective constraint profile (per season argument: one loader, one statement per batch). */
    teamProfile(seasonId: number | undefined): DataLoader<number, repo.ProfileRow | null> {
      const sig = seasonId ?? 0;
      let loader = teamProfileLoaders.get(sig);
      if (!loader) {
        loader = keyLoader(
          (ids) => run((tx) => repo.constraintProfilesOfTeams(tx, ids, seasonId)),
          (r) => (r as repo.ProfileRow & { forTeamId: number }).forTeamId,
        );
        teamProfileLoaders.set(sig, loader);
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
  const base = baseContext('constraint-validation', req);
  return { ...base, loaders: createLoaders(base.run) };
}
