/**
 * Stage 3 — anneal: simulated annealing on hardWeight × hard + soft, in cycles that each restart from the best
 * schedule at half the previous start temperature (reheats), with strategic oscillation of the hard weight between
 * feasible and infeasible space. The best schedule is chosen on the true weights.
 */
import type { IncrementalEvaluator } from '../evaluate/index.ts';
import type { Grid } from '../model.ts';
import type { Calibration } from './calibrate.ts';
import type { SearchRun } from './search.ts';
import type { TypeHardWeights } from './type-weights.ts';

export interface AnnealInput {
  /** Prices moves on the search weights (soft emphasis applied). */
  evaluator: IncrementalEvaluator;
  /** The current soft penalty on the true weights (null: the search weights are the true ones). */
  trueSoft: (() => number) | null;
  /** Receives the best schedule (its cost in run.bestHard / run.bestSoft). */
  best: Grid;
  calibration: Calibration;
  /** Share of the budget the repair used. */
  repairEnd: number;
  /** Number of cycles (1 + reheats). */
  cycles: number;
  /** Stop once the best schedule is feasible. */
  stopWhenFeasible: boolean;
  /** Hard weights per constraint type, adapted with the global hard weight (null: one weight for all). */
  typeWeights: TypeHardWeights | null;
  /** A structurally different improvement run on the best schedule at each reheat (null: none). */
  improve: (() => void) | null;
}

/** Lexicographic comparison: fewer hard violations first, then lower soft penalty. */
function better(h1: number, s1: number, h2: number, s2: number): boolean {
  return h1 < h2 - 1e-9 || (Math.abs(h1 - h2) <= 1e-9 && s1 < s2 - 1e-6);
}

/** Anneals `run.grid` until the budget is spent; the best schedule ends in `input.best`. */
export function anneal(run: SearchRun, input: AnnealInput): void {
  const { grid, mover, rng } = run;
  const { evaluator: incremental, trueSoft, best, calibration, repairEnd, cycles } = input;
  const keepIfBest = () => {
    if (incremental.hard > run.bestHard) return;
    const soft = trueSoft === null ? incremental.soft : trueSoft();
    if (better(incremental.hard, soft, run.bestHard, run.bestSoft)) {
      best.cell.set(grid.cell);
      best.day.set(grid.day);
      run.bestHard = incremental.hard;
      run.bestSoft = soft;
    }
  };
  const { minHardWeight, maxHardWeight, startTemperature, endTemperature } = calibration;
  let feasibleStreak = 0;
  const adaptEvery = 200;
  outer: for (let cycle = 0; cycle < cycles && !(input.stopWhenFeasible && run.bestHard === 0); cycle++) {
    if (cycle > 0) {
      // reheat: continue from the best schedule
      grid.cell.set(best.cell);
      grid.day.set(best.day);
      incremental.reset(grid);
      if (input.improve) {
        input.improve();
        keepIfBest();
      }
    }
    const cycleStart = startTemperature * 0.5 ** cycle;
    for (;;) {
      if ((run.iteration & 255) === 0) {
        run.chooseMoveTable(incremental, true);
        run.violatorCount = incremental.hard > 0 ? incremental.violatingTeams(run.violators) : 0;
        run.fraction = run.budgetFraction();
        if (run.fraction >= 1 || run.iteration >= run.maxIterations) break outer;
        const annealed = (run.fraction - repairEnd) / Math.max(1e-9, 1 - repairEnd);
        const cycleFraction = Math.min(1, Math.max(0, annealed * cycles - cycle));
        if (cycleFraction >= 1 && cycle < cycles - 1) break;
        run.temperature = cycleStart * (Math.min(endTemperature, cycleStart) / cycleStart) ** cycleFraction;
      }
      if (run.iteration >= run.maxIterations) break outer;
      run.iteration++;
      run.report();
      // strategic oscillation between feasible and infeasible space
      if (run.iteration % adaptEvery === 0) {
        if (incremental.hard > 0) {
          feasibleStreak = 0;
          run.hardWeight = Math.min(maxHardWeight, run.hardWeight * 1.15);
        } else {
          feasibleStreak++;
          if (feasibleStreak > 2) run.hardWeight = Math.max(minHardWeight, run.hardWeight / 1.1);
        }
        input.typeWeights?.adapt();
      }
      if ((run.iteration & 0xffff) === 0) incremental.reset(grid); // limit floating-point drift
      mover.begin();
      if (!mover.random(run.pickKind(), rng, run.focus())) continue;
      // accept iff hardWeight·Δhard + Δsoft < θ = −T·ln(u); when feasible Δhard ≥ 0, so a soft increase above θ
      // rejects the move before the hard constraints are evaluated (same decisions, less work)
      const theta = -run.temperature * Math.log(rng.next());
      const dSoft = incremental.deltaSoft(mover.changed, mover.changedCount, run.calendarKept(), mover.changedSlot);
      if (incremental.hard === 0 && dSoft > theta) {
        mover.undo();
        continue;
      }
      // the weighted hard delta: per type weights, or 1 for every constraint (then equal to the plain delta)
      incremental.deltaHard();
      const delta = run.hardWeight * incremental.lastWeightedHard + dSoft;
      if (delta <= 0 || delta < theta) {
        incremental.commit();
        keepIfBest();
      } else {
        mover.undo();
      }
    }
  }
}
