// Per-request DataLoaders of team-availability: each batch is ONE statement (`inArray`), results in key order.
import type DataLoader from 'dataloader';
import { type BaseContext, baseContext } from '../kit/context.ts';
import { groupLoader, keyLoader } from '../kit/loaders.ts';
import { type ReferenceLoaders, referenceLoaders } from '../kit/reference.ts';
import type { ContextRequest } from '../kit/types.ts';
import * as repo from './repository.ts';

export function createLoaders(run: BaseContext['run']) {
  const teamLoaders = new Map<string, DataLoader<number, repo.TeamRow | null>>();
  const loaders = {
    ...referenceLoaders(run),
    institution: keyLoader(
      (ids) => run((tx) => repo.institutionsByIds(tx, ids)),
      (r) => r.institutionId,
    ),
    institutionTeams: groupLoader(
      (ids) => run((tx) => repo.teamsByInstitution(tx, ids)),
      (r) => r.institutionId,
    ),
    blackoutsByTeam: groupLoader(
      (ids) => run((tx) => repo.blackoutsByTeams(tx, ids)),
      (r) => r.teamId,
    ),
    windowsByTeam: groupLoader(
      (ids) => run((tx) => repo.windowsByTeams(tx, ids)),
      (r) => r.teamId,
    ),
    preferencesByTeam: groupLoader(
      (ids) => run((tx) => repo.preferencesByTeams(tx, ids)),
      (r) => r.teamId,
    ),
    profilesByTeam: groupLoader(
      (ids) => run((tx) => repo.profilesByTeams(tx, ids)),
      (r) => r.teamId,
    ),
    restByTeam: groupLoader(
      (ids) => run((tx) => repo.restByTeams(tx, ids)),
      (r) => r.teamId,
    ),
    travelByTeam: groupLoader(
      (ids) => run((tx) => repo.travelByTeams(tx, ids)),
      (r) => r.teamId,
    ),
    profile: keyLoader(
      (ids) => run((tx) => repo.profilesByIds(tx, ids)),
      (r) => r.profileId,
    ),
    blackout: keyLoader(
      (ids) => run((tx) => repo.blackoutsByIds(tx, ids)),
      (r) => r.blackoutId,
    ),
    /**
     * Teams by id, bringing the selected child relations in the same statement; the children prime their own
     * loaders so `Team.blackouts` etc. resolve without another query.
     */
    team(include: readonly repo.TeamRelation[] = []): DataLoader<number, repo.TeamRow | null> {
      const sig = [...include].sort().join(',');
      let loader = teamLoaders.get(sig);
      if (!loader) {
        loader = keyLoader(
          async (ids) => {
            const rows = await run((tx) => repo.teamsByIds(tx, ids, include));
            primeTeams(rows);
            return rows;
          },
          (r) => r.teamId,
        );
        teamLoaders.set(sig, loader);
      }
      return loader;
    },
  };
  const primeTeams = (rows: repo.TeamRow[]) => {
    for (const t of rows) {
      if (t.blackouts) loaders.blackoutsByTeam.prime(t.teamId, t.blackouts);
      if (t.windows) loaders.windowsByTeam.prime(t.teamId, t.windows);
      if (t.preferences) loaders.preferencesByTeam.prime(t.teamId, t.preferences);
      if (t.profiles) loaders.profilesByTeam.prime(t.teamId, t.profiles);
      if (t.restRequirements) loaders.restByTeam.prime(t.teamId, t.restRequirements);
      if (t.travelConstraints) loaders.travelByTeam.prime(t.teamId, t.travelConstraints);
      for (const loader of teamLoaders.values()) loader.prime(t.teamId, t);
    }
  };
  return { ...loaders, primeTeams };
}

export type Loaders = ReturnType<typeof createLoaders> & ReferenceLoaders;

export interface Context extends BaseContext {
  loaders: Loaders;
}

export function createContext(req: ContextRequest): Context {
  const base = baseContext('team-availability', req);
  return { ...base, loaders: createLoaders(base.run) };
}
