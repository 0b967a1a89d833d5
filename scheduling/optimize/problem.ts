/** What the optimiser is asked (a problem, options) and what it answers (a result, progress, infeasibility). */
import type { ConstraintResult, ConstraintSpec, Evaluator } from '../constraints/index.ts';
import type { EvaluationReport } from '../evaluate/index.ts';
import { compileConstraints } from '../evaluate/index.ts';
import type { Format, Game, Grid, Slot, Team } from '../model.ts';
import { dayNumber, distanceMatrix, formatSlots, slotDays } from '../model.ts';
import type { MoveName } from '../moves.ts';

/** A schedule-generation request for the optimiser (plain data: can cross worker_threads). */
export interface ScheduleProblem {
  name?: string;
  teams: Team[];
  format: Format;
  /** Fixed dated slots, one per round. Omit to use `candidateDates` or undated slots. */
  slots?: Slot[];
  /** Candidate game dates (ISO days): the optimiser picks one per round, in order. */
  candidateDates?: string[];
  constraints: ConstraintSpec[];
}

/** Progress of a run. */
export interface Progress {
  iteration: number;
  bestCost: number;
  hardViolations: number;
  softPenalty: number;
  percent: number;
  temperature: number;
}

export interface OptimizeOptions {
  seed?: number;
  /** Iteration budget (deterministic). */
  iterations?: number;
  /** Time budget in seconds (used when `iterations` is absent; default 5). */
  seconds?: number;
  /** Number of annealing cycles after the first (each restarts from the best schedule at a lower temperature). */
  reheats?: number;
  onProgress?: (p: Progress) => void;
  /** Iterations between progress callbacks (default 20 000). */
  progressEvery?: number;
  /** Relative weights of the neighbourhoods. */
  moveWeights?: Partial<Record<MoveName, number>>;
  /** Start from this schedule instead of the canonical one. */
  start?: { games: Game[]; dates?: string[] };
  /** Keep the round dates of the start (no date moves). */
  fixedDates?: boolean;
  /** Initial weight of one hard violation, in typical uphill soft moves (default 4); adapted by oscillation. */
  hardWeight?: number;
  /** Multiplier of the calibrated initial temperature (default 1). */
  temperatureScale?: number;
  /**
   * Final temperature of each annealing cycle as a fraction of the calibrated initial temperature (default 0.1: the
   * reheats restart from the best schedule, so each cycle ends warm instead of spending its tail frozen; on Big 12
   * this lowered travel by ~4 % at the same iteration budget compared with 1e-4).
   */
  endTemperatureRatio?: number;
  /** Stop as soon as the current schedule has no hard violation (repair mode). */
  stopWhenFeasible?: boolean;
  /**
   * Repair moves an attempt gets before the repair starts again from a new relabelling of the canonical schedule
   * (default 800,000; never when `start` is given; with `canonicalStart` only the first attempt is unrelabelled).
   */
  repairRestart?: number;
  /**
   * Start construction: 'circle' (default; circle method with a seeded relabelling) or 'travel-partners'
   * (neighbouring teams paired; pairs play two-game blocks so visitors make one trip to both — falls back to
   * 'circle' when the format does not fit) or 'patterns' (pattern-first: see `patternBudget`; falls back to 'circle'
   * for partial round robins and dated candidates).
   */
  construction?: 'circle' | 'travel-partners' | 'patterns';
  /**
   * Moves of the pattern-first start ('patterns': pattern sets with few breaks, teams assigned to their positions on
   * the full cost; optimize/patterns.ts), counted in the budget; default 60,000.
   */
  patternBudget?: number;
  /**
   * Hard weights per constraint type, adapted while annealing: a type still violated weighs more, a satisfied one
   * less (optimize/type-weights.ts); default off (one weight for every hard violation).
   */
  typeHardWeights?: boolean;
  /**
   * At each reheat, a descent over the team-to-position assignment with the structure fixed (every exchange and
   * home flip of a pair; optimize/assignment.ts) before annealing on; default off.
   */
  assignmentImprover?: boolean;
  /** Skip the seeded relabelling of the canonical start (plain circle-method schedule). */
  canonicalStart?: boolean;
  /**
   * Search weights: while annealing, soft constraints of these types weigh this many times their weight. The best
   * schedule is still chosen, and reported, on the true weights. For structure the walk does not rebuild once lost:
   * on ITC2021 Middle 9 the total breaks (BR2) end ≈ 90 above their bound at the true weight and ≈ 45 at 5–10 ×, for
   * a lower true penalty overall.
   */
  softEmphasis?: Partial<Record<string, number>>;
}

/** Why a request is infeasible: reasons found before solving and the hard constraints still violated after. */
export interface InfeasibilityReport {
  reasons: string[];
  violated: Array<Pick<ConstraintResult, 'id' | 'name' | 'type' | 'penalty' | 'violations'>>;
}

export interface OptimizeResult {
  games: Game[];
  /** The dated slots of the result (dates chosen among candidates when given). */
  slots: Slot[];
  grid: Grid;
  report: EvaluationReport;
  feasible: boolean;
  hardViolations: number;
  softPenalty: number;
  iterations: number;
  seconds: number;
  seed: number;
  /** Times the repair started again from a new relabelling (see `repairRestart`). */
  repairRestarts: number;
  infeasibility?: InfeasibilityReport;
}

/** Compiles a problem's constraints with its distance matrix. */
export function compileProblem(problem: ScheduleProblem): Evaluator[] {
  return compileConstraints(problem.constraints, { teams: problem.teams, distances: distanceMatrix(problem.teams) });
}

/** Initial day numbers of the rounds: the fixed slots, an even spread over the candidate dates, or undated. */
export function initialDays(problem: ScheduleProblem): Int32Array {
  const R = formatSlots(problem.teams.length, problem.format);
  if (problem.slots) {
    if (problem.slots.length !== R) throw new Error(`the format needs ${R} slots, ${problem.slots.length} given`);
    return slotDays(problem.slots);
  }
  if (problem.candidateDates) {
    const c = [...new Set(problem.candidateDates.map(dayNumber))].sort((a, b) => a - b);
    if (c.length < R) throw new Error(`infeasible: ${R} rounds need ${R} candidate dates, ${c.length} given`);
    return Int32Array.from({ length: R }, (_, r) => c[R === 1 ? 0 : Math.round((r * (c.length - 1)) / (R - 1))]);
  }
  return Int32Array.from({ length: R }, (_, r) => r);
}
