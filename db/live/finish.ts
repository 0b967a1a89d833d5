// `live finish` (contract): only once the services are live. The reverse log is drained (the monolith then holds every
// write), the monolith tables are backed up by the backup command's code, then the triggers, logs and views go and,
// with --drop-monolith, the legacy tables too. The state row stays, phase 'finished', as the record.
import type { AdminSession } from '../index.ts';
import { drain } from './apply.ts';
import { uninstall } from './install.ts';
import { CAPTURED_SOURCES } from './mapping.ts';
import { readState, setPhaseSql } from './state.ts';

export interface FinishOptions {
  /** Backs up the monolith tables (schema public); returns where the backup is. */
  backup: () => Promise<string>;
  dropMonolith?: boolean;
}

export interface FinishResult {
  already: boolean;
  backup: string | null;
  droppedMonolith: boolean;
}

export async function finishLive(s: AdminSession, options: FinishOptions): Promise<FinishResult> {
  const state = await readState(s);
  if (!state) throw new Error('no live migration was started here');
  if (state.phase === 'finished') {
    const dropped = options.dropMonolith ? await dropMonolith(s) : false;
    return { already: true, backup: null, droppedMonolith: dropped };
  }
  if (state.phase !== 'services') {
    throw new Error(
      `live finish needs the services live (phase '${state.phase}'): run live cutover first, or keep the monolith`,
    );
  }
  const [{ installed }] = await s.query<{ installed: boolean }>(
    "SELECT to_regprocedure('flextime_live.apply_reverse_changes(integer)') IS NOT NULL AS installed",
  );
  if (installed) await drain(s, 'reverse');
  const backup = await options.backup();
  await uninstall(s);
  await s.exec(setPhaseSql('finished'));
  const dropped = options.dropMonolith ? await dropMonolith(s) : false;
  return { already: false, backup, droppedMonolith: dropped };
}

async function dropMonolith(s: AdminSession): Promise<boolean> {
  const tables = [...CAPTURED_SOURCES].reverse().map((t) => `public.${t}`);
  await s.exec(
    `BEGIN; SET LOCAL client_min_messages = warning; DROP TABLE IF EXISTS ${tables.join(', ')} CASCADE; COMMIT;`,
  );
  return true;
}
