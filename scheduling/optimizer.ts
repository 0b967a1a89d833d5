/**
 * The conference-schedule optimiser, as a pipeline of stages (scheduling/optimize/): a start (circle method /
 * canonical pattern with a seeded relabelling, dates matched to rounds, optionally the travel-partner or the
 * pattern-first construction), `repair` (hard constraints only, until feasible), `calibrate` (temperature and hard
 * weight from sampled moves) and `anneal` (simulated annealing over the Traveling Tournament neighbourhoods, with
 * reheats and strategic oscillation; optionally per-type hard weights and a team-assignment descent at each reheat).
 * A seeded RNG (same seed + iteration budget → the same schedule), a time or iteration budget and progress callbacks.
 * Infeasible hard constraints are reported, never dropped.
 */
import type { Evaluator } from './constraints/index.ts';
import { evaluateGrid, IncrementalEvaluator } from './evaluate/index.ts';
import type { Grid } from './model.ts';
import { cloneGrid, dayNumber, gamesOfGrid, gridFromGames, isoDay } from './model.ts';
import { anneal } from './optimize/anneal.ts';
import { improveAssignment } from './optimize/assignment.ts';
import { calibrate } from './optimize/calibrate.ts';
import { patternFirstStart } from './optimize/patterns.ts';
import { precheck } from './optimize/precheck.ts';
import type { OptimizeOptions, OptimizeResult, ScheduleProblem } from './optimize/problem.ts';
import { compileProblem, initialDays } from './optimize/problem.ts';
import { repair } from './optimize/repair.ts';
import { SearchRun } from './optimize/search.ts';
import { matchDates, partnerStart, relabelledCanonical } from './optimize/start.ts';
import { TypeHardWeights } from './optimize/type-weights.ts';
import { Rng } from './rng.ts';

export { precheck } from './optimize/precheck.ts';
export type {
  InfeasibilityReport,
  OptimizeOptions,
  OptimizeResult,
  Progress,
  ScheduleProblem,
} from './optimize/problem.ts';
export { compileProblem, initialDays } from './optimize/problem.ts';

function emphasise(
  evaluators: Evaluator[],
  emphasis: Partial<Record<string, number>> | undefined,
): { searchEvaluators: Evaluator[]; emphasised: number[] } {
  const emphasised: number[] = [];
  const searchEvaluators = evaluators.map((e, c) => {
    const factor = e.severity === 'soft' ? emphasis?.[e.type] : undefined;
    if (factor === undefined || factor === 1) return e;
    if (!(Number.isFinite(factor) && factor > 0)) throw new Error(`softEmphasis ${e.type}: invalid factor ${factor}`);
    emphasised.push(c);
    return { ...e, weight: e.weight * factor };
  });
  return { searchEvaluators, emphasised };
}

/** Optimises a schedule for a problem (single thread). Throws only on malformed input. */
export function optimizeSchedule(problem: ScheduleProblem, options: OptimizeOptions = {}): OptimizeResult {
  const startedAt = performance.now();
  const seed = options.seed ?? 1;
  const rng = new Rng(seed);
  const reasons = precheck(problem);
  const evaluators = compileProblem(problem);
  // refused here, before any work, when a factor is not a positive number
  const { searchEvaluators, emphasised } = emphasise(evaluators, options.softEmphasis);
  const n = problem.teams.length;
  const days = initialDays(problem);

  // feasible start: canonical pattern with a seeded relabelling of teams and rounds
  let grid: Grid;
  if (options.start) {
    const d = options.start.dates ? Int32Array.from(options.start.dates, dayNumber) : days;
    grid = gridFromGames(n, d, options.start.games);
  } else {
    grid = gridFromGames(n, days, relabelledCanonical(n, problem.format, options.canonicalStart ? null : rng));
  }
  const run = new SearchRun(problem, options, rng, grid, startedAt);
  matchDates(run, evaluators);
  // travel-partner construction on the matched dates (the games are independent of the date matching above)
  if (options.construction === 'travel-partners' && !options.start && run.allPlay) {
    const games = partnerStart(problem, evaluators, grid.day, rng, optimizeSchedule);
    if (games) grid.cell.set(gridFromGames(n, grid.day, games).cell);
  }

  // pattern-first start: pattern sets with few breaks, teams assigned to positions on the full (search) cost; the
  // repair's restarts build a new one (another seeded assignment) instead of a relabelled canonical schedule
  let freshStart: (() => void) | undefined;
  if (options.construction === 'patterns' && !options.start) {
    const stage = {
      evaluators: searchEvaluators,
      format: problem.format,
      mirrored: problem.constraints.some((c) => c.type === 'mirrored' && (c.severity === 'hard' || c.hard === true)),
      // at most a tenth of an iteration budget
      budget: Math.min(options.patternBudget ?? 60_000, Math.floor(0.1 * run.maxIterations)),
    };
    if (patternFirstStart(run, stage)) freshStart = () => void patternFirstStart(run, stage);
  }

  const { repairEnd, restarts } = repair(run, problem, evaluators, options, freshStart);

  const incremental = new IncrementalEvaluator(searchEvaluators, grid);
  // the soft penalty on the true weights: the search weights' surplus taken back out
  const trueSoft = () => {
    let soft = incremental.soft;
    for (const c of emphasised) soft -= (searchEvaluators[c].weight - evaluators[c].weight) * incremental.penalties[c];
    return soft;
  };
  const best = cloneGrid(grid);
  run.bestHard = incremental.hard;
  run.bestSoft = trueSoft();
  const calibration = calibrate(run, incremental, options);
  anneal(run, {
    evaluator: incremental,
    trueSoft: emphasised.length === 0 ? null : trueSoft,
    best,
    calibration,
    repairEnd,
    cycles: 1 + (options.reheats ?? 3),
    stopWhenFeasible: options.stopWhenFeasible === true,
    typeWeights: options.typeHardWeights ? new TypeHardWeights(incremental) : null,
    improve: options.assignmentImprover
      ? () =>
          void improveAssignment({
            evaluator: incremental,
            mover: run.mover,
            hardWeight: run.hardWeight,
            calendarKept: run.allPlay,
            spend: () => run.spend(),
          })
      : null,
  });
  run.fraction = 1;
  run.report(true);

  const evaluation = evaluateGrid(best, evaluators);
  const result: OptimizeResult = {
    games: gamesOfGrid(best),
    slots: Array.from(best.day, (d, index) =>
      problem.slots || problem.candidateDates ? { index, date: isoDay(d) } : { index },
    ),
    grid: best,
    report: evaluation,
    feasible: evaluation.feasible && reasons.length === 0,
    hardViolations: evaluation.hardViolations,
    softPenalty: evaluation.softPenalty,
    iterations: run.iteration,
    seconds: (performance.now() - startedAt) / 1000,
    seed,
    repairRestarts: restarts,
  };
  if (!result.feasible) {
    result.infeasibility = {
      reasons,
      violated: evaluation.results
        .filter((r) => r.severity === 'hard' && r.status === 'fail')
        .map(({ id, name, type, penalty, violations }) => ({ id, name, type, penalty, violations })),
    };
  }
  return result;
}
