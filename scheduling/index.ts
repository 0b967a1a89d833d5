/**
 * FlexTime scheduling engine — public API. Pure TypeScript, no I/O (worker_threads only for parallel runs).
 *
 * - Model: {@link Team}, {@link Slot}, {@link Game}, {@link Format} (single/double round robin, mirrored or not;
 *   partial round robins where `doubles` opponents meet twice), the typed-array {@link Grid} and its conversions
 *   ({@link gridFromGames}, {@link gamesOfGrid}), round-robin construction ({@link canonicalSchedule}).
 * - Constraints: {@link createEvaluator} compiles a `{ type, params, severity, weight }` spec, `type` being the
 *   template's `validation_logic.type` (max_consecutive_home/away, rematch_separation, no_repeaters, blackout_dates,
 *   venue_unavailability, rest_days, allowed_days_of_week, home_away_balance_window, games_per_week,
 *   saturday_pairing, travel_distance, round_robin_format, phased, mirrored, CA1–CA4, GA1, BR1–BR2, FA2, SE1), one file per
 *   family under constraints/, listed in constraints/index.ts; {@link evaluatorTypes} lists them; an unknown type is a
 *   clear error; {@link registerEvaluator} adds one at run time.
 * - Evaluation (evaluate/): {@link evaluateSchedule} / {@link evaluateGrid} (per-constraint status, penalty and
 *   violations with the games involved; totals by severity), {@link IncrementalEvaluator} (move deltas from per-team
 *   state).
 * - Optimisation: {@link optimizeSchedule} (one seeded run, stages in optimize/: start with date matching, repair,
 *   calibrate, anneal with reheats and strategic oscillation; infeasibility reported in `result.infeasibility`), {@link optimizeParallel} (several seeds
 *   on worker_threads; scheduling/worker.ts is the thread entry: workerData `{ problem, options }`, messages
 *   `{ type: 'progress' | 'result' | 'error' }`).
 * - Fixture: {@link big12MbbProblem} (Big 12 men's basketball 2025-26).
 */
// The Traveling Tournament solver and the RobinX XML reader/writer, as namespaces (their names overlap the core's).
export * as robinx from './robinx/index.ts';
export * as ttp from './ttp/index.ts';

import type { ConstraintSpec } from './constraints/index.ts';
import type { EvaluationReport } from './evaluate/index.ts';
import { compileConstraints, evaluateGrid } from './evaluate/index.ts';
import type { Game, Slot, Team } from './model.ts';
import { distanceMatrix, gridFromGames, slotDays } from './model.ts';

export type {
  AggregateEvaluator,
  CompileContext,
  ConstraintResult,
  ConstraintSpec,
  EvalContext,
  Evaluator,
  EvaluatorFactory,
  EvaluatorFamily,
  PairEvaluator,
  Reporter,
  TeamEvaluator,
  Violation,
} from './constraints/index.ts';
export { ConstraintParams, createEvaluator, evaluatorTypes, registerEvaluator } from './constraints/index.ts';
export type { EvaluationReport } from './evaluate/index.ts';
export { compileConstraints, evaluateGrid, IncrementalEvaluator, penaltyOf } from './evaluate/index.ts';
export { BIG12_MBB_CONSTRAINTS, BIG12_MBB_TEAMS, big12CandidateDates, big12MbbProblem } from './fixtures/big12-mbb.ts';
export type { Format, Game, Grid, Slot, Team } from './model.ts';
export {
  canonicalSchedule,
  circleRoundRobin,
  cloneGrid,
  dayNumber,
  dayOfWeek,
  distanceMatrix,
  emptyGrid,
  formatSlots,
  gamesOfGrid,
  gridConsistencyErrors,
  gridFromGames,
  haversineMiles,
  isoDay,
  resolveTeam,
  slotDays,
} from './model.ts';
export type { MoveName } from './moves.ts';
export { MOVE_NAMES, Mover } from './moves.ts';
export type {
  InfeasibilityReport,
  OptimizeOptions,
  OptimizeResult,
  Progress,
  ScheduleProblem,
} from './optimizer.ts';
export { compileProblem, initialDays, optimizeSchedule, precheck } from './optimizer.ts';
export type { ParallelOptions } from './parallel.ts';
export { optimizeParallel } from './parallel.ts';
export { Rng } from './rng.ts';

/**
 * Evaluates a schedule given as games on dated slots against constraint specs — the constraint-validation
 * service's entry point. Throws a clear error for an unknown constraint type or a malformed schedule.
 */
export function evaluateSchedule(input: {
  teams: Team[];
  slots: Slot[];
  games: Game[];
  constraints: ConstraintSpec[];
}): EvaluationReport {
  const evaluators = compileConstraints(input.constraints, {
    teams: input.teams,
    distances: distanceMatrix(input.teams),
  });
  const grid = gridFromGames(input.teams.length, slotDays(input.slots), input.games);
  return evaluateGrid(grid, evaluators);
}
