/** RobinX / ITC2021 break constraints BR1–BR2: two home (or two away) games in a row. */
import { popcount } from '../bits.ts';
import type { Game, Grid } from '../model.ts';
import type { EvaluatorFactory, EvaluatorFamily } from './family.ts';
import { breakBits, EITHER, type Mode, modeMatch, parseMode } from './modes.ts';
import { slotBits, slotSet, teamMask } from './params.ts';
import { READS_CALENDAR, READS_HOME_AWAY } from './types.ts';
import { gameAt, teamName } from './violations.ts';

/** Breaks of team t in a slot set: slot s > 0 where t plays home (away) in both s-1 and s, per mode. */
function breaksOf(g: Grid, t: number, slots: Uint8Array | null, mode: Mode, out?: number[]): number {
  const S = g.slots;
  let b = 0;
  for (let s = 1; s < S; s++) {
    const v = g.cell[t * S + s];
    const u = g.cell[t * S + s - 1];
    if (v === 0 || u === 0 || v > 0 !== u > 0) continue;
    if (!modeMatch(v, mode)) continue;
    if (slots !== null && slots[s] !== 1) continue;
    b++;
    out?.push(s);
  }
  return b;
}

/** The slots a team's breaks in a slot set read: s and s-1 for every s of the set (null: all). */
function breakMask(slots: Uint8Array | null): Uint8Array | undefined {
  if (slots === null) return undefined;
  const mask = new Uint8Array(slots.length);
  for (let s = 0; s < slots.length; s++) {
    if (slots[s] === 1) {
      mask[s] = 1;
      if (s > 0) mask[s - 1] = 1;
    }
  }
  return mask;
}

/** BR1: each team in `teams` has at most `intp` breaks (mode2 H/A/HA) in `slots`. */
const br1: EvaluatorFactory = (p, ctx) => {
  const teams = teamMask(p, ctx);
  const slots = slotSet(p);
  const intp = p.num('intp');
  const mode = parseMode(p.str('mode2', 'HA'));
  const bits = slotBits(slots);
  return {
    kind: 'team',
    teams,
    reads: READS_CALENDAR | READS_HOME_AWAY,
    slotMask: breakMask(slots),
    fromMasks(_t, home, away) {
      const b = popcount(breakBits(home, away, mode) & bits);
      return b > intp ? b - intp : 0;
    },
    team(g, t, rep) {
      const at: number[] | undefined = rep ? [] : undefined;
      const b = breaksOf(g, t, slots, mode, at);
      const d = Math.max(0, b - intp);
      if (d > 0 && rep && at) {
        rep(
          `${teamName(ctx, t)} has ${b} breaks (max ${intp})`,
          at.flatMap((s) => [gameAt(g, t, s - 1), gameAt(g, t, s)]),
          [t],
        );
      }
      return d;
    },
  };
};

/** BR2: the teams together have at most `intp` breaks in `slots`. */
const br2: EvaluatorFactory = (p, ctx) => {
  const teams = teamMask(p, ctx);
  const slots = slotSet(p);
  const intp = p.num('intp');
  const bits = slotBits(slots);
  return {
    kind: 'aggregate',
    dims: 1,
    teams,
    reads: READS_CALENDAR | READS_HOME_AWAY,
    slotMask: breakMask(slots),
    contrib(g, t, out, off) {
      if (teams[t] === 1) out[off] += breaksOf(g, t, slots, EITHER);
    },
    contribFromMasks(t, home, away, _S, out, off) {
      if (teams[t] === 1) out[off] += popcount(breakBits(home, away, EITHER) & bits);
    },
    combine: (x) => Math.max(0, x[0] - intp),
    report(g, rep) {
      let total = 0;
      const games: Game[] = [];
      const involved: number[] = [];
      for (let t = 0; t < g.teams; t++) {
        if (teams[t] === 0) continue;
        const at: number[] = [];
        total += breaksOf(g, t, slots, EITHER, at);
        if (at.length > 0) involved.push(t);
        for (const s of at) games.push(gameAt(g, t, s));
      }
      if (total > intp) rep(`${total} breaks in total (max ${intp})`, games, involved);
    },
  };
};

export const BREAK_EVALUATORS: EvaluatorFamily = { BR1: br1, BR2: br2 };
