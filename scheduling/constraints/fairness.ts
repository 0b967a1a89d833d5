/** RobinX / ITC2021 fairness constraint FA2: the difference in home games played between two teams. */
import type { Game } from '../model.ts';
import type { EvaluatorFactory, EvaluatorFamily } from './family.ts';
import { slotSet, teamMask } from './params.ts';
import { READS_CALENDAR, READS_HOME_AWAY } from './types.ts';
import { gameAt, teamName } from './violations.ts';

/** FA2: for each pair of `teams`, the difference in home games played is at most `intp` after each slot of `slots`. */
const fa2: EvaluatorFactory = (p, ctx) => {
  const teams = teamMask(p, ctx);
  const slots = slotSet(p);
  const intp = p.num('intp');
  return {
    kind: 'pair',
    teams,
    reads: READS_CALENDAR | READS_HOME_AWAY,
    pair(g, i, j, rep) {
      const S = g.slots;
      const cell = g.cell;
      const ri = i * S;
      const rj = j * S;
      let hi = 0;
      let hj = 0;
      let worst = 0;
      let worstSlot = -1;
      for (let s = 0; s < S; s++) {
        if (cell[ri + s] > 0) hi++;
        if (cell[rj + s] > 0) hj++;
        if (slots !== null && slots[s] !== 1) continue;
        const d = hi > hj ? hi - hj : hj - hi;
        if (d > worst) {
          worst = d;
          worstSlot = s;
        }
      }
      const pen = worst > intp ? worst - intp : 0;
      if (pen > 0 && rep) {
        const games: Game[] = [];
        for (let s = 0; s <= worstSlot; s++) {
          if (cell[ri + s] > 0) games.push(gameAt(g, i, s));
          if (cell[rj + s] > 0) games.push(gameAt(g, j, s));
        }
        rep(
          `${teamName(ctx, i)} and ${teamName(ctx, j)} differ by ${worst} home games after slot ${worstSlot} (max ${intp})`,
          games,
          [i, j],
        );
      }
      return pen;
    },
    // profile: home games played up to and including each slot
    prefixProfile: true,
    profile(g, t, out, off, from = 0) {
      const S = g.slots;
      let h = from > 0 ? out[off + from - 1] : 0;
      for (let s = from; s < S; s++) {
        if (g.cell[t * S + s] > 0) h++;
        out[off + s] = h;
      }
    },
    maxForm: { slots, free: intp, penalty: (worst) => (worst > intp ? worst - intp : 0) },
    pairFromProfiles(a, offA, b, offB, S) {
      let worst = 0;
      for (let s = 0; s < S; s++) {
        if (slots !== null && slots[s] !== 1) continue;
        const d = a[offA + s] - b[offB + s];
        const ad = d < 0 ? -d : d;
        if (ad > worst) worst = ad;
      }
      return worst > intp ? worst - intp : 0;
    },
  };
};

export const FAIRNESS_EVALUATORS: EvaluatorFamily = { FA2: fa2 };
