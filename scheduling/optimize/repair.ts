/**
 * Stage 1 — repair: anneal on the (breakout-weighted) hard constraints only until feasible, within `repairShare` of
 * the budget (it usually ends far earlier, and the annealing gets the rest).
 */
import type { Evaluator } from '../constraints/index.ts';
import { IncrementalEvaluator } from '../evaluate/index.ts';
import { cloneGrid, gridFromGames } from '../model.ts';
import type { OptimizeOptions, ScheduleProblem } from './problem.ts';
import type { SearchRun } from './search.ts';
import { relabelledCanonical } from './start.ts';

export interface RepairOutcome {
  /** Share of the budget the repair used: where the annealing's schedule of temperatures starts. */
  repairEnd: number;
  /** Times the repair started again from a new relabelling. */
  restarts: number;
}

/** Repairs `run.grid` in place; leaves it at the schedule with the fewest hard violations seen. */
export function repair(
  run: SearchRun,
  problem: ScheduleProblem,
  evaluators: Evaluator[],
  options: OptimizeOptions,
  /** Replaces run.grid with a new start for a restart (default: a new relabelling of the canonical schedule). */
  freshStart?: () => void,
): RepairOutcome {
  const { grid, mover, rng } = run;
  const n = problem.teams.length;
  const hardEvaluators = evaluators.filter((e) => e.severity === 'hard');
  const hardOnly = new IncrementalEvaluator(hardEvaluators, grid);
  // a travel-partner start goes straight to the full cost: a repair blind to travel would undo its structure
  const repairShare = options.stopWhenFeasible ? 1 : options.construction === 'travel-partners' ? 0 : 0.6;
  const temperature = 0.4;
  run.temperature = temperature;
  // breakout: every `breakoutEvery` moves each hard constraint still violated weighs one more in the acceptance, so
  // a local minimum where the same few constraints stay violated is left by trading them for others (Early 1:
  // feasible on seeds 1-4 within 1 M moves, 1 of 4 without; a decay of the weights towards 1 undid the gain)
  const breakoutEvery = 2000;
  // restarts: the moves a repair needs vary by orders of magnitude with the start's relabelling (Early 2: from 50 k
  // to more than 5 M), so an attempt not feasible after `repairRestart` moves starts again from a new relabelling of
  // the canonical schedule; the fewest-violations schedule of all attempts is kept. A caller's start is never replaced.
  const restartEvery = options.start ? Number.POSITIVE_INFINITY : (options.repairRestart ?? 800_000);
  let restarts = 0;
  let attemptStart = run.iteration;
  let fewest = hardOnly.hard;
  const fewestGrid = cloneGrid(grid);
  while (hardOnly.hard > 0 && run.kinds.length > 0) {
    if ((run.iteration & 255) === 0) {
      run.chooseMoveTable(hardOnly);
      run.violatorCount = hardOnly.violatingTeams(run.violators);
      run.fraction = run.budgetFraction();
      if (run.fraction >= repairShare || run.iteration >= run.maxIterations) break;
      if (run.iteration - attemptStart >= restartEvery) {
        if (freshStart) freshStart();
        else grid.cell.set(gridFromGames(n, grid.day, relabelledCanonical(n, problem.format, rng)).cell);
        hardOnly.reset(grid);
        hardOnly.hardWeights.fill(1);
        attemptStart = run.iteration;
        restarts++;
        continue;
      }
    }
    run.iteration++;
    if (run.iteration % breakoutEvery === 0) {
      for (let c = 0; c < hardEvaluators.length; c++) if (hardOnly.penalties[c] > 0) hardOnly.hardWeights[c] += 1;
    }
    if (run.reportsNow()) {
      run.bestHard = Math.min(run.bestHard, hardOnly.hard);
      run.report();
    }
    mover.begin();
    if (!mover.random(run.pickKind(), rng, run.focus())) continue;
    hardOnly.delta(mover.changed, mover.changedCount, run.calendarKept(), mover.changedSlot);
    const weightedDelta = hardOnly.lastWeightedHard;
    if (weightedDelta <= 0 || rng.next() < Math.exp(-weightedDelta / temperature)) {
      hardOnly.commit();
      if (hardOnly.hard < fewest) {
        fewest = hardOnly.hard;
        fewestGrid.cell.set(grid.cell);
        fewestGrid.day.set(grid.day);
      }
    } else mover.undo();
  }
  if (hardOnly.hard > fewest) {
    grid.cell.set(fewestGrid.cell);
    grid.day.set(fewestGrid.day);
  }
  return { repairEnd: options.stopWhenFeasible ? 1 : run.fraction, restarts };
}
