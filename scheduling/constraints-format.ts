/**
 * Tournament-format rules that are not constraint templates: `mirrored` (RobinX gameMode M). Registered through the
 * evaluator registry; importing this module registers them.
 */
import { READS_ALL, registerEvaluator } from './constraints.ts';

/**
 * Mirrored double round robin (RobinX gameMode M): slot s + S/2 repeats slot s with venues exchanged. Counted as
 * RobinX's validator counts it: for every ordered pair (t, o) and slot s of the first half, one when "t hosts o in s"
 * differs from "o hosts t in s + S/2". Team t's share (the pairs it heads) reads only its own row.
 */
registerEvaluator('mirrored', (_p, ctx) => ({
  kind: 'team',
  teams: new Uint8Array(ctx.n).fill(1),
  reads: READS_ALL,
  team(g, t, rep) {
    const S = g.slots;
    const half = Math.floor(S / 2);
    let pen = 0;
    for (let s = 0; s < half; s++) {
      const first = g.cell[t * S + s];
      const second = g.cell[t * S + s + half];
      let wrong = 0;
      if (first > 0 && second !== -first) wrong++; // t hosts in s, is not the guest of the same team in s + half
      if (second < 0 && first !== -second) wrong++; // t is a guest in s + half, did not host that team in s
      if (wrong > 0) {
        pen += wrong;
        rep?.(
          `${ctx.teams[t].name}: slot ${s + half} does not mirror slot ${s}`,
          [],
          [t, ...[first, second].filter((v) => v !== 0).map((v) => Math.abs(v) - 1)],
        );
      }
    }
    return pen;
  },
}));
