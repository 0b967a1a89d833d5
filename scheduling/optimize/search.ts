/**
 * The state one optimiser run shares across its stages (repair, calibrate, anneal): the seeded generator, the mover
 * and its move tables, the budget, the iteration count, the temperature and hard weight, the best schedule's cost
 * and the progress callback. Drawing moves from it keeps the order of random draws the stages always had.
 */
import type { Evaluator } from '../constraints/index.ts';
import type { IncrementalEvaluator } from '../evaluate/index.ts';
import type { Grid } from '../model.ts';
import { dayNumber } from '../model.ts';
import type { MoveName } from '../moves.ts';
import { Mover } from '../moves.ts';
import type { Rng } from '../rng.ts';
import type { OptimizeOptions, ScheduleProblem } from './problem.ts';

const DEFAULT_WEIGHTS: Record<MoveName, number> = {
  swapHomes: 1,
  swapRounds: 0.2,
  swapTeams: 0.2,
  partialSwapRounds: 3,
  partialSwapTeams: 1,
  partialSwapTeamsKeepPattern: 2,
  repickDoubles: 2,
  flipCycle: 1,
  moveDate: 0.1,
};

/** Cumulative weights of the move kinds, for drawing one. */
interface MoveTable {
  cumulative: Float64Array;
  total: number;
}

/** Whether a hard calendar-only constraint (rest days, days of week, games per week, Saturdays) is violated. */
function calendarViolated(e: IncrementalEvaluator): boolean {
  for (let c = 0; c < e.evaluators.length; c++) {
    const x: Evaluator = e.evaluators[c];
    if (x.kind === 'team' && x.calendarOnly && x.severity === 'hard' && e.penalties[c] > 0) return true;
  }
  return false;
}

export class SearchRun {
  readonly mover: Mover;
  /** Candidate day numbers for date moves (none: the dates are fixed). */
  readonly candidates: number[];
  /** The move kinds with a positive weight. */
  readonly kinds: MoveName[];
  /** Every team plays every slot: only date moves change calendars. */
  readonly allPlay: boolean;
  iteration = 0;
  readonly maxIterations: number;
  /** Share of the budget spent (iterations or time), updated every 256 iterations. */
  fraction = 0;
  temperature = 0;
  /** Weight of one hard violation against the soft penalty (the oscillation adapts it). */
  hardWeight = 1;
  bestHard = Number.POSITIVE_INFINITY;
  bestSoft = Number.POSITIVE_INFINITY;
  /** Teams with hard violations, violators[0 .. violatorCount): half of the moves aim at them while infeasible. */
  readonly violators: Int32Array;
  violatorCount = 0;
  private readonly seconds: number;
  private readonly progressEvery: number;
  // two move tables: the normal one, and one that favours date moves while a calendar-only hard constraint is
  // violated
  private readonly normalTable: MoveTable;
  private readonly dateTable: MoveTable;
  private moveTable: MoveTable;
  private lastKind: MoveName;

  constructor(
    problem: ScheduleProblem,
    private readonly options: OptimizeOptions,
    readonly rng: Rng,
    readonly grid: Grid,
    private readonly startedAt: number,
  ) {
    this.candidates =
      problem.candidateDates && !options.fixedDates && !problem.slots ? problem.candidateDates.map(dayNumber) : [];
    this.mover = new Mover(grid, this.candidates);
    const weights = { ...DEFAULT_WEIGHTS, ...options.moveWeights };
    if (problem.format.kind !== 'partial_round_robin') weights.repickDoubles = 0;
    if (this.candidates.length === 0) weights.moveDate = 0;
    this.kinds = (Object.keys(weights) as MoveName[]).filter((k) => weights[k] > 0);
    const table = (dateBoost: number): MoveTable => {
      const cumulative = new Float64Array(this.kinds.length);
      let total = 0;
      this.kinds.forEach((k, i) => {
        total += k === 'moveDate' ? Math.max(weights[k], dateBoost) : weights[k];
        cumulative[i] = total;
      });
      return { cumulative, total };
    };
    this.normalTable = table(0);
    this.dateTable = table(4);
    this.moveTable = this.normalTable;
    this.lastKind = this.kinds[0];
    this.violators = new Int32Array(problem.teams.length);
    this.allPlay = grid.cell.every((v) => v !== 0);
    this.maxIterations = options.iterations ?? Number.POSITIVE_INFINITY;
    this.seconds = options.iterations === undefined ? (options.seconds ?? 5) : Number.POSITIVE_INFINITY;
    this.progressEvery = options.progressEvery ?? 20_000;
  }

  /** Draws a move kind from the current table. */
  pickKind(): MoveName {
    const x = this.rng.next() * this.moveTable.total;
    const cumulative = this.moveTable.cumulative;
    let i = 0;
    while (cumulative[i] <= x) i++;
    this.lastKind = this.kinds[i];
    return this.lastKind;
  }

  /** A team to aim the move at (half of the moves while some team has hard violations), or −1. */
  focus(): number {
    return this.violatorCount > 0 && this.rng.next() < 0.5 ? this.violators[this.rng.int(this.violatorCount)] : -1;
  }

  /** The last move kept every team's calendar (no date move, and every team plays every slot). */
  calendarKept(): boolean {
    return this.allPlay && this.lastKind !== 'moveDate';
  }

  /**
   * Favours date moves while a hard calendar-only constraint of `e` is violated (and dates can move); `onlyIfHard`:
   * look only when `e` has hard violations at all.
   */
  chooseMoveTable(e: IncrementalEvaluator, onlyIfHard = false): void {
    const date = this.candidates.length > 0 && (!onlyIfHard || e.hard > 0) && calendarViolated(e);
    this.moveTable = date ? this.dateTable : this.normalTable;
  }

  /** Share of the budget spent: iterations, or time when the budget is in seconds. */
  budgetFraction(): number {
    return Math.min(
      1,
      Number.isFinite(this.maxIterations)
        ? this.iteration / this.maxIterations
        : (performance.now() - this.startedAt) / (this.seconds * 1000),
    );
  }

  /**
   * Counts one move of a stage outside the annealing loop (a descent, a construction) against the budget; false once
   * the budget is spent (the clock is read every 256 moves).
   */
  spend(): boolean {
    if (this.iteration >= this.maxIterations) return false;
    this.iteration++;
    if ((this.iteration & 255) === 0) this.fraction = this.budgetFraction();
    return this.fraction < 1;
  }

  /** Reports progress every `progressEvery` iterations (or now, when forced). */
  report(force = false): void {
    const onProgress = this.options.onProgress;
    if (onProgress && (force || this.iteration % this.progressEvery === 0)) {
      onProgress({
        iteration: this.iteration,
        bestCost: this.bestHard * this.hardWeight + this.bestSoft,
        hardViolations: this.bestHard,
        softPenalty: this.bestSoft,
        percent: Math.round(this.fraction * 1000) / 10,
        temperature: this.temperature,
      });
    }
  }

  /** Whether this iteration is one at which progress is reported. */
  reportsNow(): boolean {
    return this.options.onProgress !== undefined && this.iteration % this.progressEvery === 0;
  }
}
