// The annealer's structural intensification (anneal.ts, `intensify`): before a cooling cycle restarts from the best
// schedule, that schedule is improved by the two exact neighbourhoods no annealing move makes — re-solving windows of
// rounds (window.ts) and re-assigning subsets of teams (relabel.ts) — within a work budget counted like moves.

import type { Rng } from '../rng.ts';
import { venueFlipSearch } from './flips.ts';
import type { TtpProblem } from './problem.ts';
import { relabelSearch } from './relabel.ts';
import { WindowSolver, windowDescent } from './window.ts';

export interface IntensifyResult {
  /** Travel change of the schedule (≤ 0). */
  delta: number;
  /** Work done: search nodes plus permutations priced. */
  work: number;
}

export class Intensifier {
  private readonly windows: WindowSolver;

  constructor(
    private readonly problem: TtpProblem,
    private readonly rng: Rng,
    /** Rounds re-solved together (0: no window search). */
    private readonly windowWidth: number,
    /** Teams re-assigned together (0 or 1: no assignment search). */
    private readonly subsetSize: number,
    /** Pairs of one team re-oriented together (0: no venue search). */
    private readonly flipPairs = 0,
  ) {
    this.windows = new WindowSolver(problem);
  }

  /** Improves a feasible schedule in place within about `budget` units of work, an equal share to each neighbourhood. */
  improve(cells: Int32Array, budget: number): IntensifyResult {
    const stages = (this.windowWidth > 0 ? 1 : 0) + (this.subsetSize > 1 ? 1 : 0) + (this.flipPairs > 0 ? 1 : 0);
    const share = Math.floor(budget / Math.max(1, stages));
    let delta = 0;
    let work = 0;
    if (this.windowWidth > 0 && share > 0) {
      const w = windowDescent(this.windows, cells, this.rng, this.windowWidth, share);
      delta += w.delta;
      work += w.nodes;
    }
    if (this.subsetSize > 1 && share > 0) {
      const r = relabelSearch(this.problem, cells, this.rng, this.subsetSize, share);
      delta += r.delta;
      work += r.evals;
    }
    if (this.flipPairs > 0 && share > 0) {
      const f = venueFlipSearch(this.problem, cells, this.rng, this.flipPairs, share);
      delta += f.delta;
      work += f.evals;
    }
    return { delta, work };
  }
}
