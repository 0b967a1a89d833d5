/** RobinX / ITC2021 separation constraint SE1: slots between two meetings of a pair. */

import type { EvaluatorFactory, EvaluatorFamily } from './family.ts';
import { teamMask } from './params.ts';
import { READS_CALENDAR, READS_OPPONENT } from './types.ts';
import { gameAt, teamName } from './violations.ts';

/** SE1: each pair of `teams` has at least `min` (at most `max`, when given) slots between consecutive mutual games. */
const se1: EvaluatorFactory = (p, ctx) => {
  const teams = teamMask(p, ctx);
  const min = p.num('min');
  const max = p.has('max') ? p.num('max') : Number.POSITIVE_INFINITY;
  const last = new Int32Array(ctx.n);
  return {
    kind: 'team',
    teams,
    reads: READS_CALENDAR | READS_OPPONENT,
    meetingPenalty(slots, off, count) {
      let pen = 0;
      for (let k = off + 1; k < off + count; k++) {
        const between = slots[k] - slots[k - 1] - 1;
        pen += (between < min ? min - between : 0) + (between > max ? between - max : 0);
      }
      return pen;
    },
    team(g, t, rep) {
      const S = g.slots;
      last.fill(-1);
      let pen = 0;
      for (let s = 0; s < S; s++) {
        const v = g.cell[t * S + s];
        if (v === 0) continue;
        const o = (v > 0 ? v : -v) - 1;
        if (o < t || teams[o] === 0) continue;
        const prev = last[o];
        last[o] = s;
        if (prev < 0) continue;
        const between = s - prev - 1;
        const d = (between < min ? min - between : 0) + (between > max ? between - max : 0);
        if (d > 0) {
          pen += d;
          rep?.(
            `${teamName(ctx, t)} and ${teamName(ctx, o)} meet with ${between} slots between (min ${min}${max < Number.POSITIVE_INFINITY ? `, max ${max}` : ''})`,
            [gameAt(g, t, prev), gameAt(g, t, s)],
            [t, o],
          );
        }
      }
      return pen;
    },
  };
};

export const SEPARATION_EVALUATORS: EvaluatorFamily = { SE1: se1 };
