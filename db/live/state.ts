// The live migration's state: one row of public.live_migration_state (phase, backfill checkpoints, the foreign keys
// set aside during the backfill, the last switch's write pause). Every step of every command moves it in the same
// transaction as the work it records, so a command killed at any moment is continued by running it again.
import type { AdminSession } from '../index.ts';

/**
 * backfill: capture on, copying · monolith: the monolith is live, changes applied to the services ·
 * cutover: both sides fenced, draining towards the services · services: the services are live, reverse capture on ·
 * rollback: both fenced, draining back to the monolith · finished: contracted (capture removed).
 */
export type LivePhase = 'backfill' | 'monolith' | 'cutover' | 'services' | 'rollback' | 'finished';

export interface BackfillProgress {
  last: number;
  rows: number;
  done: boolean;
  /** How its batches write (db/live/sql.ts BackfillMode); absent: 'upsert'. */
  mode?: 'upsert' | 'insert';
}

export interface SetAsideForeignKey {
  table: string;
  name: string;
  definition: string;
}

/** A secondary index dropped for the backfill (built again in one pass afterwards): its CREATE INDEX statement. */
export interface SetAsideIndex {
  table: string;
  name: string;
  definition: string;
}

export interface SwitchRecord {
  kind: 'cutover' | 'rollback';
  pauseMs: number;
  at: string;
}

export interface LiveState {
  phase: LivePhase;
  backfill: Record<string, BackfillProgress>;
  setAsideForeignKeys: SetAsideForeignKey[];
  setAsideIndexes: SetAsideIndex[];
  lastSwitch: SwitchRecord | null;
  startedAt: string;
  updatedAt: string;
}

export const STATE_DDL = `CREATE TABLE IF NOT EXISTS public.live_migration_state (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  phase text NOT NULL CHECK (phase IN ('backfill', 'monolith', 'cutover', 'services', 'rollback', 'finished')),
  backfill jsonb NOT NULL DEFAULT '{}',
  set_aside_foreign_keys jsonb NOT NULL DEFAULT '[]',
  last_switch jsonb,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE public.live_migration_state ADD COLUMN IF NOT EXISTS set_aside_indexes jsonb NOT NULL DEFAULT '[]'`;

interface StateRow {
  phase: LivePhase;
  backfill: Record<string, BackfillProgress> | string;
  set_aside_foreign_keys: SetAsideForeignKey[] | string;
  set_aside_indexes: SetAsideIndex[] | string;
  last_switch: SwitchRecord | string | null;
  started_at: string | Date;
  updated_at: string | Date;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const iso = (v: string | Date) => new Date(v).toISOString();

/** The state, or null when no live migration was ever started here. */
export async function readState(s: AdminSession): Promise<LiveState | null> {
  const [{ exists }] = await s.query<{ exists: boolean }>(
    "SELECT to_regclass('public.live_migration_state') IS NOT NULL AS exists",
  );
  if (!exists) return null;
  const [row] = await s.query<StateRow>(
    'SELECT phase, backfill, set_aside_foreign_keys, set_aside_indexes, last_switch, started_at, updated_at FROM public.live_migration_state WHERE id = 1',
  );
  if (!row) return null;
  return {
    phase: row.phase,
    backfill: json(row.backfill),
    setAsideForeignKeys: json(row.set_aside_foreign_keys),
    setAsideIndexes: json(row.set_aside_indexes),
    lastSwitch: row.last_switch === null ? null : json(row.last_switch),
    startedAt: iso(row.started_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The state, failing with a clear message when there is no live migration. */
export async function requireState(s: AdminSession): Promise<LiveState> {
  const state = await readState(s);
  if (!state || state.phase === 'finished') {
    throw new Error('no live migration in progress (start one with: npm run migrate -- live start)');
  }
  return state;
}

/** SQL that moves the phase (to run inside the transaction doing the phase's work). */
export const setPhaseSql = (phase: LivePhase) =>
  `UPDATE public.live_migration_state SET phase = '${phase}', updated_at = now() WHERE id = 1`;

export const recordSwitchSql = (record: SwitchRecord) =>
  `UPDATE public.live_migration_state SET last_switch = '${JSON.stringify(record).replaceAll("'", "''")}'::jsonb WHERE id = 1`;
