// `live start`: capture on (triggers first, so nothing written from now on is missed), foreign keys set aside,
// backfill from the checkpoints, change log drained, keys back and validated, reverse capture installed fenced, phase
// 'monolith'. Safe to kill anywhere and run again: every step is idempotent or checkpointed in the state row.
import type { AdminSession } from '../index.ts';
import { drain } from './apply.ts';
import { backfill, restoreForeignKeys, restoreIndexes, setAsideForeignKeys, setAsideIndexes } from './backfill.ts';
import { installCapture, installReverseCapture, readColumnTypes } from './install.ts';
import { readState, setPhaseSql } from './state.ts';
import { type LiveLog, timed } from './timing.ts';

export type { LiveLog } from './timing.ts';

export interface StartOptions {
  batchRows?: number;
  /** Drain the change log after this many backfill batches (keeps the lag small during a long backfill). */
  drainEveryBatches?: number;
  log?: LiveLog;
  /** Called after each backfill batch with the service table and the rows copied by it. */
  onBatch?: (target: string, copied: number) => Promise<void> | void;
}

export interface StartResult {
  copied: number;
  applied: number;
  alreadyLive: boolean;
}

/** While indexes are built and keys validated, the change log is drained when this long has passed since the last drain. */
const DRAIN_EVERY_MS = 1000;

export async function startLive(s: AdminSession, options: StartOptions = {}): Promise<StartResult> {
  const log = options.log;
  const before = await readState(s);
  if (before && before.phase !== 'backfill' && before.phase !== 'monolith' && before.phase !== 'finished') {
    throw new Error(
      `a live migration is in phase '${before.phase}': use live cutover / rollback / finish (live status shows it)`,
    );
  }
  const types = await readColumnTypes(s);
  await timed(log, 'install capture', {}, () => installCapture(s, types));
  await s.exec(`INSERT INTO public.live_migration_state (id, phase) VALUES (1, 'backfill')
    ON CONFLICT (id) DO UPDATE SET phase = 'backfill', backfill = '{}', set_aside_foreign_keys = '[]', set_aside_indexes = '[]', last_switch = NULL,
      started_at = now(), updated_at = now()
    WHERE public.live_migration_state.phase = 'finished'`);
  const state = await readState(s);
  if (state?.phase === 'monolith') {
    const applied = await drain(s, 'forward');
    log?.info({ applied }, 'already backfilled: the monolith is live and its changes are applied');
    return { copied: 0, applied, alreadyLive: true };
  }
  const setAside = await timed(log, 'set aside foreign keys', {}, () => setAsideForeignKeys(s));
  const indexes = await timed(log, 'set aside indexes', {}, () => setAsideIndexes(s));
  log?.info(
    { foreignKeys: setAside, indexes },
    'capture installed; foreign keys and indexes set aside for the backfill',
  );
  let batches = 0;
  let applied = 0;
  const every = options.drainEveryBatches ?? 1;
  const drainForward = (when: string) =>
    timed(
      log,
      'drain',
      { when },
      () => drain(s, 'forward'),
      (n) => ({ applied: n }),
    );
  const copied = await backfill(s, types, {
    batchRows: options.batchRows,
    log,
    onBatch: async (target, n) => {
      await options.onBatch?.(target, n);
      if (++batches % every === 0) applied += await drainForward('between batches');
    },
  });
  applied += await drainForward('after the backfill');
  const loaded = await readState(s);
  // the index builds and validations take a while at scale: the log is drained between them once a second has passed
  let drainedAt = performance.now();
  const drainNowAndThen = async () => {
    if (performance.now() - drainedAt < DRAIN_EVERY_MS) return;
    applied += await drainForward('between index builds and validations');
    drainedAt = performance.now();
  };
  await restoreIndexes(s, loaded?.setAsideIndexes ?? [], log, drainNowAndThen);
  const fks = loaded?.setAsideForeignKeys ?? [];
  await restoreForeignKeys(s, fks, log, drainNowAndThen);
  log?.info({ copied, foreignKeys: fks.length }, 'backfill done; indexes built, foreign keys validated');
  applied += await drainForward('after validation');
  await timed(log, 'install reverse capture', {}, () => installReverseCapture(s));
  await s.exec(setPhaseSql('monolith'));
  return { copied, applied, alreadyLive: false };
}
