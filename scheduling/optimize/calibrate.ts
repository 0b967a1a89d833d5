/**
 * Stage 2 — calibrate: the start temperature and the weight of a hard violation, from a sample of random moves
 * (priced, then undone) on the full cost.
 */
import type { IncrementalEvaluator } from '../evaluate/index.ts';
import type { OptimizeOptions } from './problem.ts';
import type { SearchRun } from './search.ts';

export interface Calibration {
  /** Bounds of the hard weight's oscillation. */
  minHardWeight: number;
  maxHardWeight: number;
  /** Temperature at the start of the first annealing cycle, and the end of every cycle. */
  startTemperature: number;
  endTemperature: number;
}

/** Samples 300 moves on `evaluator`; sets the run's hard weight and temperature and returns their bounds. */
export function calibrate(run: SearchRun, evaluator: IncrementalEvaluator, options: OptimizeOptions): Calibration {
  const { mover, rng } = run;
  let sumUp = 0;
  let ups = 0;
  let sumSoftUp = 0;
  let softUps = 0;
  for (let k = 0; k < 300 && run.kinds.length > 0; k++) {
    mover.begin();
    if (!mover.random(run.pickKind(), rng)) continue;
    const d = evaluator.delta(mover.changed, mover.changedCount, run.calendarKept(), mover.changedSlot);
    mover.undo();
    if (d.hard > 0) {
      sumUp += d.hard;
      ups++;
    }
    if (d.soft > 0) {
      sumSoftUp += d.soft;
      softUps++;
    }
  }
  const meanSoftUp = softUps > 0 ? sumSoftUp / softUps : 1;
  const meanHardUp = ups > 0 ? sumUp / ups : 1;
  // a hard violation is worth several typical soft moves; oscillation adapts it
  const hardWeight = Math.max(1, (meanSoftUp / meanHardUp) * (options.hardWeight ?? 4));
  const startTemperature =
    (Math.max(1e-6, meanSoftUp > 0 && softUps > 0 ? meanSoftUp : hardWeight * meanHardUp) / Math.log(2)) *
    (options.temperatureScale ?? 1);
  run.hardWeight = hardWeight;
  run.temperature = startTemperature;
  return {
    minHardWeight: hardWeight,
    maxHardWeight: hardWeight * 1024,
    startTemperature,
    endTemperature: startTemperature * (options.endTemperatureRatio ?? 0.1),
  };
}
