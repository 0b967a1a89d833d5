// Per-request DataLoaders of schedule-generation: each batch is ONE statement (`inArray`), results in key order.
import type DataLoader from 'dataloader';
import { type BaseContext, baseContext } from '../kit/context.ts';
import { groupLoader, keyLoader } from '../kit/loaders.ts';
import { referenceLoaders } from '../kit/reference.ts';
import type { ContextRequest, ServiceDependencies } from '../kit/types.ts';
import * as repo from './repository.ts';

export function createLoaders(run: BaseContext['run']) {
  const scheduleLoaders = new Map<string, DataLoader<number, repo.ScheduleRow | null>>();
  const windowLoaders = new Map<string, DataLoader<number, repo.GameRow[]>>();
  const base = {
    ...referenceLoaders(run),
    game: keyLoader(
      (ids) => run((tx) => repo.gamesByIds(tx, ids)),
      (r) => r.gameId,
    ),
    gamesBySchedule: groupLoader(
      (ids) => run((tx) => repo.gamesBySchedules(tx, ids)),
      (r) => r.scheduleId,
    ),
    gamesByVersion: groupLoader(
      (ids) => run((tx) => repo.gamesByVersions(tx, ids)),
      (r) => r.versionId ?? 0,
    ),
    versionsBySchedule: groupLoader(
      (ids) => run((tx) => repo.versionsBySchedules(tx, ids)),
      (r) => r.scheduleId,
    ),
    version: keyLoader(
      (ids) => run((tx) => repo.versionsByIds(tx, ids)),
      (r) => r.versionId,
    ),
    campus: keyLoader(
      (ids) => run((tx) => repo.campusesOf(tx, ids)),
      (r) => r.teamId,
    ),
    teamName: keyLoader(
      (ids) => run((tx) => repo.teamNames(tx, ids)),
      (r) => r.teamId,
    ),
    algorithm: keyLoader(
      (ids) => run((tx) => repo.algorithmsByIds(tx, ids)),
      (r) => r.algorithmId,
    ),
    request: keyLoader(
      (ids) => run((tx) => repo.requestsByIds(tx, ids)),
      (r) => r.requestId,
    ),
    jobsByRequest: groupLoader(
      (ids) => run((tx) => repo.jobsByRequests(tx, ids)),
      (r) => r.requestId,
    ),
  };
  const gameCounts = new Map<number, number>();
  const primeSchedules = (rows: repo.ScheduleRow[]) => {
    for (const s of rows) {
      if (s.games) base.gamesBySchedule.prime(s.scheduleId, s.games);
      if (s.versions) base.versionsBySchedule.prime(s.scheduleId, s.versions);
      if (s.gameCount !== undefined) gameCounts.set(s.scheduleId, s.gameCount);
      for (const loader of scheduleLoaders.values()) loader.prime(s.scheduleId, s);
    }
  };
  return {
    ...base,
    primeSchedules,
    gameCounts,
    /** Schedules by id, bringing the selected relations (games, versions, gameCount) in the same statement. */
    schedule(include: readonly repo.ScheduleRelation[] = []): DataLoader<number, repo.ScheduleRow | null> {
      const sig = [...include].sort().join(',');
      let loader = scheduleLoaders.get(sig);
      if (!loader) {
        loader = keyLoader(
          async (ids) => {
            const rows = await run((tx) => repo.schedulesByIds(tx, ids, include));
            primeSchedules(rows);
            return rows;
          },
          (r) => r.scheduleId,
        );
        scheduleLoaders.set(sig, loader);
      }
      return loader;
    },
    /** Games of teams or venues within a window (same window → one loader → one statement for every parent). */
    gamesOf(kind: 'team' | 'venue', w: repo.GameWindow): DataLoader<number, repo.GameRow[]> {
      const sig = JSON.stringify([kind, w.scheduleId ?? null, w.from ?? null, w.to ?? null, w.first ?? null]);
      let loader = windowLoaders.get(sig);
      if (!loader) {
        loader = groupLoader(
          (ids) => run((tx) => (kind === 'team' ? repo.gamesOfTeams(tx, ids, w) : repo.gamesOfVenues(tx, ids, w))),
          (r) => (r as repo.GameRow & { forId: number }).forId,
        );
        windowLoaders.set(sig, loader);
      }
      return loader;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context extends BaseContext {
  loaders: Loaders;
  /** Where generations are enqueued (the composition root's jobs runtime); null when this process runs none. */
  generationQueue: ServiceDependencies['generationQueue'];
  /** Signs calendar feed tokens (calendar-resolvers.ts). */
  internalKey: Uint8Array;
}

export function createContext(req: ContextRequest): Context {
  const base = baseContext('schedule-generation', req);
  return {
    ...base,
    loaders: createLoaders(base.run),
    generationQueue: req.deps.generationQueue,
    internalKey: req.internalKey,
  };
}
