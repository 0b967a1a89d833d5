// `live status`: the phase, which side takes writes, backfill progress per service table, change-log lag (rows and
// seconds, both directions) and the last switch's write pause; as text (a progress bar on a terminal) or JSON.
import type { AdminSession } from '../index.ts';
import { type Lag, lagOf } from './apply.ts';
import { LIVE_MAPPINGS } from './mapping.ts';
import { type LiveState, readState } from './state.ts';

export interface LiveStatus {
  state: LiveState | null;
  installed: boolean;
  fences: { monolith: boolean; services: boolean } | null;
  forwardLag: Lag | null;
  reverseLag: Lag | null;
  /** Service table → legacy rows to copy (the mapping view's count) and rows copied so far. */
  backfill: { table: string; copied: number; total: number; done: boolean }[];
}

export async function liveStatus(s: AdminSession): Promise<LiveStatus> {
  const state = await readState(s);
  const [{ installed }] = await s.query<{ installed: boolean }>(
    "SELECT to_regclass('flextime_live.fences') IS NOT NULL AS installed",
  );
  if (!state || !installed) {
    return { state, installed, fences: null, forwardLag: null, reverseLag: null, backfill: [] };
  }
  const fenceRows = await s.query<{ side: string; fenced: boolean }>('SELECT side, fenced FROM flextime_live.fences');
  const fenced = (side: string) => fenceRows.some((r) => r.side === side && r.fenced);
  const backfill: LiveStatus['backfill'] = [];
  if (state.phase === 'backfill') {
    for (const m of LIVE_MAPPINGS) {
      const progress = state.backfill[m.target];
      const [{ n }] = await s.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM flextime_live.map_${m.target.replace('.', '__')}`,
      );
      backfill.push({ table: m.target, copied: progress?.rows ?? 0, total: Number(n), done: progress?.done ?? false });
    }
  }
  return {
    state,
    installed,
    fences: { monolith: fenced('monolith'), services: fenced('services') },
    forwardLag: await lagOf(s, 'forward'),
    reverseLag: await lagOf(s, 'reverse'),
    backfill,
  };
}

const bar = (done: number, total: number, width = 30) => {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%`;
};

export function formatLiveStatus(st: LiveStatus, tty: boolean): string {
  if (!st.state) return 'no live migration (start one with: npm run migrate -- live start)';
  const lines = [`phase: ${st.state.phase} (since ${st.state.updatedAt}; started ${st.state.startedAt})`];
  if (st.fences) {
    const live = !st.fences.monolith ? 'monolith' : !st.fences.services ? 'services' : 'none (switch in progress)';
    lines.push(`writes go to: ${live}`);
  }
  const lag = (l: Lag | null) => (l ? `${l.rows} row(s), ${l.seconds.toFixed(1)} s` : '-');
  lines.push(`change log lag: monolith → services ${lag(st.forwardLag)}; services → monolith ${lag(st.reverseLag)}`);
  if (st.backfill.length > 0) {
    const copied = st.backfill.reduce((n, b) => n + b.copied, 0);
    const total = st.backfill.reduce((n, b) => n + b.total, 0);
    lines.push(`backfill: ${tty ? `${bar(copied, total)} ` : ''}${copied}/${total} rows`);
    const width = Math.max(...st.backfill.map((b) => b.table.length));
    for (const b of st.backfill) {
      lines.push(
        `  ${b.table.padEnd(width)} ${tty ? `${bar(b.copied, b.total, 20)} ` : ''}${b.copied}/${b.total}${b.done ? ' done' : ''}`,
      );
    }
  }
  const last = st.state.lastSwitch;
  if (last) lines.push(`last switch: ${last.kind} at ${last.at}, writes paused ${last.pauseMs} ms`);
  return lines.join('\n');
}
