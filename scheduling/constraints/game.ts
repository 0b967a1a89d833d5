/** RobinX / ITC2021 game constraint GA1: how many of given meetings take place in given slots. */

import type { Game, Grid } from '../model.ts';
import { resolveTeam } from '../model.ts';
import { minMaxDev } from './capacity.ts';
import type { EvaluatorFactory, EvaluatorFamily } from './family.ts';
import { slotSet } from './params.ts';
import { READS_CALENDAR, READS_HOME_AWAY, READS_HOME_OPPONENT } from './types.ts';
import { gameAt } from './violations.ts';

/** GA1: at least `min` and at most `max` of the `meetings` (home,away pairs) take place in `slots`. */
const ga1: EvaluatorFactory = (p, ctx) => {
  const raw = p.raw.meetings;
  const pairs: Array<[number, number]> = [];
  const list = Array.isArray(raw) ? raw : String(raw ?? '').split(';');
  for (const m of list) {
    const parts = Array.isArray(m)
      ? m
      : String(m)
          .split(',')
          .filter((x) => x.trim() !== '');
    if (parts.length === 0) continue;
    if (parts.length !== 2) throw new Error(`constraint GA1: invalid meeting '${String(m)}'`);
    pairs.push([
      resolveTeam(ctx.teams, /^\d+$/.test(String(parts[0]).trim()) ? Number(parts[0]) : String(parts[0])),
      resolveTeam(ctx.teams, /^\d+$/.test(String(parts[1]).trim()) ? Number(parts[1]) : String(parts[1])),
    ]);
  }
  if (pairs.length === 0) throw new Error(`constraint GA1: parameter 'meetings' is required`);
  const slots = slotSet(p);
  const max = p.num('max', Number.POSITIVE_INFINITY);
  const min = p.num('min', 0);
  const byHome: number[][] = Array.from({ length: ctx.n }, () => []);
  for (const [h, a] of pairs) byHome[h].push(a);
  const inSet = (g: Grid, t: number, s: number) => {
    const v = g.cell[t * g.slots + s];
    return v > 0 && byHome[t].includes(v - 1) && (slots === null || slots[s] === 1);
  };
  return {
    kind: 'aggregate',
    dims: 1,
    teams: Uint8Array.from(byHome, (hosted) => (hosted.length > 0 ? 1 : 0)),
    reads: READS_CALENDAR | READS_HOME_AWAY | READS_HOME_OPPONENT,
    slotMask: slots ?? undefined,
    contrib(g, t, out, off) {
      if (byHome[t].length === 0) return;
      for (let s = 0; s < g.slots; s++) if (inSet(g, t, s)) out[off]++;
    },
    combine: (x) => minMaxDev(x[0], min, max),
    report(g, rep) {
      const games: Game[] = [];
      for (let t = 0; t < g.teams; t++)
        for (let s = 0; s < g.slots; s++) if (inSet(g, t, s)) games.push(gameAt(g, t, s));
      if (minMaxDev(games.length, min, max) > 0) {
        rep(`${games.length} of the given meetings take place in the given slots (min ${min}, max ${max})`, games, [
          ...new Set(games.flatMap((x) => [x.home, x.away])),
        ]);
      }
    },
  };
};

export const GAME_EVALUATORS: EvaluatorFamily = { GA1: ga1 };
