// Simulated annealing for the TTP after TTSA (Anagnostopoulos, Michel, Van Hentenryck & Vergados, J. Scheduling 9
// (2006) 177–193): the five neighbourhoods, strategic oscillation (infeasible schedules are allowed, priced by
// C = sqrt(travel² + (w·f(v))²) with f(v) = 1 + √v·ln(v)/2 and an adaptive weight w), phases of cooling, reheats to
// twice the temperature of the last improvement, and restarts from the best schedule found. The default ('budget')
// schedule splits the budget into four hot cycles, each after the first restarting from the best schedule (or from a
// better one another run shared through a BestBoard), then a short cooling polish of the best.

import { createRng, type Rng } from '../rng.ts';
import { beamSearch, DEFAULT_BEAM_NOISE } from './beam.ts';
import { BestBoard } from './board.ts';
import { Intensifier } from './intensify.ts';
import type { TtpProblem } from './problem.ts';
import { canonicalSchedule, TtpSchedule } from './schedule.ts';
import { StructuredTtpSchedule, structuredMoveDrawer } from './structure.ts';
import { checkTtpSchedule } from './validate.ts';

export const MOVE_NAMES = ['swapHomes', 'swapRounds', 'swapTeams', 'partialSwapRounds', 'partialSwapTeams'] as const;

export interface AnnealParams {
  /**
   * 'budget': the temperature follows the budget (time or moves): `cycles` geometric coolings from t0 to tEnd, each
   * after the first restarting from the best schedule at t0 × reheatT0. 'adaptive': TTSA's phases and reheats.
   */
  cooling: 'budget' | 'adaptive' | 'acceptance';
  /**
   * 'acceptance': the temperature is steered so that the share of uphill moves accepted follows a geometric path
   * from accStart to accEnd over the budget (a scale-free rule: the same targets suit NL and CIRC distances).
   */
  accStart: number;
  accEnd: number;
  cycles: number;
  /** Final temperature of a cycle as a multiple of the mean uphill delta ('budget'). */
  tEndFactor: number;
  /** Start temperature of later cycles relative to t0 ('budget'). */
  reheatT0: number;
  /**
   * Fraction of the budget kept for a final polish ('budget'): restart from the best schedule and cool from tEnd to
   * tEnd × polishEnd.
   */
  polish: number;
  polishEnd: number;
  /** Initial temperature as a multiple of the mean uphill travel delta of random moves from the start. */
  t0Factor: number;
  /** Cooling factor applied after each phase. */
  beta: number;
  /** Non-improving accepted/rejected moves that end a phase (TTSA maxC), scaled by n²/144 when `scaleWithN`. */
  phaseLength: number;
  /** Phases without improvement before a reheat (TTSA maxP). */
  phasesPerReheat: number;
  /** On reheat the temperature becomes reheatFactor × the temperature of the last improvement. */
  reheatFactor: number;
  /** Initial infeasibility weight as a multiple of the start schedule's travel. */
  w0Factor: number;
  /** w *= weightUp after a phase ending infeasible, w /= weightDown after a phase ending feasible. */
  weightUp: number;
  weightDown: number;
  /** Probability of restarting from the best feasible schedule at a reheat. */
  restartFromBest: number;
  /** Relative frequencies of the five neighbourhoods (order of MOVE_NAMES). */
  moveWeights: [number, number, number, number, number];
  scaleWithN: boolean;
  /**
   * Stop scoring a move as soon as its travel alone exceeds the acceptance threshold (drawn before the move). Off, every
   * move is scored in full; the same moves are accepted either way (a switch for tests and measurements).
   */
  earlyReject: boolean;
  /**
   * Share of the budget ('budget' cooling) spent improving the best schedule with exact neighbourhoods before each
   * restart from it (intensify.ts): re-solving `windowWidth` consecutive rounds, re-assigning `subsetSize` teams,
   * re-orienting `flipPairs` pairs of a team (0: that neighbourhood off). Their work counts against an iteration
   * budget like moves. 0 = off.
   */
  intensify: number;
  windowWidth: number;
  subsetSize: number;
  flipPairs: number;
  /**
   * Share of the budget (moves, or time) spent first on randomized beam search (beam.ts), whose best schedule is the
   * annealer's start; its work counts against an iteration budget like moves. 0 = off (start from `initial` or the
   * canonical schedule). Ignored when an initial schedule is given.
   */
  beam: number;
  /** Relative Gaussian noise on the beam's guidance (see BeamOptions.noise). */
  beamNoise: number;
}

export const DEFAULT_ANNEAL_PARAMS: AnnealParams = {
  cooling: 'budget',
  accStart: 0.01,
  accEnd: 0.003,
  cycles: 4,
  tEndFactor: 0.25,
  reheatT0: 0.6,
  polish: 0.1,
  polishEnd: 0.1,
  t0Factor: 0.55,
  beta: 0.9995,
  phaseLength: 2000,
  phasesPerReheat: 400,
  reheatFactor: 2,
  w0Factor: 0.3,
  weightUp: 1.04,
  weightDown: 1.04,
  restartFromBest: 1,
  moveWeights: [1, 1, 1, 2, 3],
  scaleWithN: true,
  earlyReject: true,
  intensify: 0,
  windowWidth: 3,
  subsetSize: 4,
  flipPairs: 0,
  beam: 0,
  beamNoise: DEFAULT_BEAM_NOISE,
};

export interface AnnealProgress {
  run: number;
  iteration: number;
  elapsedMs: number;
  /** Travel of the best feasible schedule so far (Infinity while none). */
  bestCost: number;
  currentCost: number;
  currentViolations: number;
  temperature: number;
  reheats: number;
}

export interface AnnealOptions {
  seed?: number;
  /** Stop after this many moves (deterministic for a given seed). */
  iterations?: number;
  /** Stop after this much wall-clock time. At least one of iterations/seconds should be given. */
  seconds?: number;
  /** Stop as soon as a feasible schedule of at most this travel is found. */
  target?: number;
  /** Starting schedule (cell encoding); default: the canonical circle-method schedule. */
  initial?: Int32Array;
  params?: Partial<AnnealParams>;
  onProgress?: (progress: AnnealProgress) => void;
  /** Minimum milliseconds between progress callbacks (default 250). */
  progressIntervalMs?: number;
  /** Run id reported in progress events. */
  run?: number;
  /**
   * Buffer of a BestBoard shared with other runs: this run publishes its new bests and, at each restart from the best
   * (a new cooling cycle), takes the board's schedule when it beats its own (not reproducible move for move).
   */
  board?: SharedArrayBuffer;
}

export interface AnnealResult {
  /** Best feasible schedule found, or the least infeasible one when none was feasible. */
  cells: Int32Array;
  /** Its travel. */
  cost: number;
  /** Its CA3 + SE1 violation count (0 = feasible). */
  violations: number;
  iterations: number;
  elapsedMs: number;
  seed: number;
  reheats: number;
}

function penalised(cost: number, violations: number, w: number): number {
  if (violations === 0) return cost;
  const f = 1 + (Math.sqrt(violations) * Math.log(violations)) / 2;
  const p = w * f;
  return Math.sqrt(cost * cost + p * p);
}

/**
 * Draws one of the five TTSA moves (relative frequencies `weights`, order of MOVE_NAMES) with random operands and scores
 * it on `s` without writing it (see TtpSchedule's score* moves). The drawer returns false when the move was dropped
 * early because its travel alone exceeds `limit`; otherwise commit() or rollback() follows.
 */
export function moveDrawer(s: TtpSchedule, rng: Rng, weights: readonly number[]): (limit: number) => boolean {
  const n = s.n;
  const R = s.R;
  const wsum = weights.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const weight of weights) {
    acc += weight / wsum;
    cum.push(acc);
  }
  cum[cum.length - 1] = 1;
  return (limit: number): boolean => {
    const u = rng.next();
    if (u < cum[0]) {
      const i = rng.int(n);
      let j = rng.int(n - 1);
      if (j >= i) j++;
      return s.scoreSwapHomes(i, j, limit);
    }
    if (u < cum[1]) {
      const k = rng.int(R);
      let l = rng.int(R - 1);
      if (l >= k) l++;
      return s.scoreSwapRounds(k, l, limit);
    }
    if (u < cum[2]) {
      const i = rng.int(n);
      let j = rng.int(n - 1);
      if (j >= i) j++;
      return s.scoreSwapTeams(i, j, limit);
    }
    if (u < cum[3]) {
      const t = rng.int(n);
      const k = rng.int(R);
      let l = rng.int(R - 1);
      if (l >= k) l++;
      return s.scorePartialSwapRounds(t, k, l, limit);
    }
    const i = rng.int(n);
    let j = rng.int(n - 1);
    if (j >= i) j++;
    let r = rng.int(R);
    while (s.meets(i, j, r)) r = rng.int(R);
    return s.scorePartialSwapTeams(i, j, r, limit);
  };
}

/**
 * Beam search over `beam` of the budget, then the annealer from its best schedule over the rest (with the beam's
 * work counted in `iterations`, its time in `elapsedMs`).
 */
function annealAfterBeam(problem: TtpProblem, options: AnnealOptions, p: AnnealParams): AnnealResult {
  const started = performance.now();
  const share = Math.min(1, p.beam);
  const seed = (options.seed ?? 1) >>> 0;
  const beam = beamSearch(problem, {
    seed,
    iterations: options.iterations === undefined ? undefined : Math.round(options.iterations * share),
    seconds: options.seconds === undefined ? undefined : options.seconds * share,
    noise: p.beamNoise,
    // the beam reports once per run (the annealer's progress events follow)
    onRun: options.onProgress
      ? (bestCost, work) =>
          options.onProgress?.({
            run: options.run ?? 0,
            iteration: work,
            elapsedMs: performance.now() - started,
            bestCost,
            currentCost: bestCost,
            currentViolations: 0,
            temperature: 0,
            reheats: 0,
          })
      : undefined,
  });
  const iterationsLeft = options.iterations === undefined ? undefined : options.iterations - beam.work;
  const secondsLeft =
    options.seconds === undefined ? undefined : options.seconds - (performance.now() - started) / 1000;
  const spent =
    (iterationsLeft !== undefined && iterationsLeft <= 0) || (secondsLeft !== undefined && secondsLeft <= 0);
  if (beam.cells && (spent || beam.cost <= (options.target ?? Number.NEGATIVE_INFINITY)))
    return {
      cells: beam.cells,
      cost: beam.cost,
      violations: 0,
      iterations: beam.work,
      elapsedMs: performance.now() - started,
      seed,
      reheats: 0,
    };
  const result = annealTtp(problem, {
    ...options,
    initial: beam.cells ?? undefined,
    iterations: iterationsLeft === undefined ? undefined : Math.max(1, iterationsLeft),
    seconds: secondsLeft === undefined ? undefined : Math.max(0.01, secondsLeft),
    params: { ...options.params, beam: 0 },
  });
  return { ...result, iterations: result.iterations + beam.work, elapsedMs: performance.now() - started };
}

/** Anneals one schedule. Pure computation; runs in the calling thread. */
export function annealTtp(problem: TtpProblem, options: AnnealOptions = {}): AnnealResult {
  const p: AnnealParams = { ...DEFAULT_ANNEAL_PARAMS, ...options.params };
  if (p.beam > 0 && !options.initial) return annealAfterBeam(problem, options, p);
  const seed = (options.seed ?? 1) >>> 0;
  const rng = createRng(seed);
  const n = problem.n;
  const maxIterations = options.iterations ?? Number.POSITIVE_INFINITY;
  const deadline =
    options.seconds !== undefined ? performance.now() + options.seconds * 1000 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(maxIterations) && !Number.isFinite(deadline))
    throw new Error('annealTtp: give an iteration or a time budget');
  if (options.initial) {
    // a malformed start would send the move drawer looking for rounds that do not exist, for ever
    const { errors } = checkTtpSchedule(problem, options.initial);
    if (errors.length > 0)
      throw new Error(`annealTtp: the initial schedule is not a double round robin of ${problem.name}: ${errors[0]}`);
  }
  const target = options.target ?? Number.NEGATIVE_INFINITY;
  const started = performance.now();
  const progressEvery = options.progressIntervalMs ?? 250;
  let lastProgress = started;

  // a gameMode (mirrored, phased) is kept by the moves themselves: the canonical start has both structures
  const start = options.initial ?? canonicalSchedule(n);
  const s = problem.gameMode ? new StructuredTtpSchedule(problem, start) : new TtpSchedule(problem, start);
  const cells = s.cells;

  const randomMove =
    s instanceof StructuredTtpSchedule
      ? structuredMoveDrawer(s, rng, p.moveWeights)
      : moveDrawer(s, rng, p.moveWeights);

  // Temperature scale from the start: mean uphill travel delta of random moves.
  let upSum = 0;
  let upCount = 0;
  for (let k = 0; k < 500; k++) {
    randomMove(Number.POSITIVE_INFINITY);
    if (s.deltaCost > 0) {
      upSum += s.deltaCost;
      upCount++;
    }
    s.rollback();
  }
  const scale = upCount > 0 ? upSum / upCount : 1;
  const t0 = p.t0Factor * scale;
  let T = t0;
  let w = p.w0Factor * s.cost;
  const phaseLength = Math.max(100, Math.round(p.scaleWithN ? (p.phaseLength * n * n) / 144 : p.phaseLength));

  let best = Int32Array.from(cells);
  let bestCost = s.violations === 0 ? s.cost : Number.POSITIVE_INFINITY;
  let leastInfeasible = Int32Array.from(cells);
  let leastInfeasibleScore = s.violations === 0 ? Number.POSITIVE_INFINITY : penalised(s.cost, s.violations, 1e6);
  let bestInfeasibleC = Number.POSITIVE_INFINITY;
  let curC = penalised(s.cost, s.violations, w);
  let bestT = T;
  let counter = 0;
  let phase = 0;
  let reheats = 0;
  let it = 0;
  const budgeted = p.cooling === 'budget' || p.cooling === 'acceptance';
  const steered = p.cooling === 'acceptance';
  let uphill = 0;
  let uphillAccepted = 0;
  const tEnd = p.tEndFactor * scale;
  let cycle = 0;
  const budgetSeconds = options.seconds ?? 0;
  const board = options.board ? new BestBoard(options.board) : undefined;
  let published = Number.POSITIVE_INFINITY;
  const earlyReject = p.earlyReject;
  const intensifier =
    p.intensify > 0 && budgeted && !steered
      ? new Intensifier(problem, rng, p.windowWidth, p.subsetSize, p.flipPairs)
      : undefined;

  for (;;) {
    if (it >= maxIterations) break;
    if ((it & 1023) === 0) {
      const now = performance.now();
      if (now >= deadline) break;
      if (budgeted) {
        const frac = Math.min(
          1,
          Math.max(
            Number.isFinite(maxIterations) ? it / maxIterations : 0,
            budgetSeconds > 0 ? (now - started) / (budgetSeconds * 1000) : 0,
          ),
        );
        const mainFrac = 1 - p.polish;
        const inPolish = p.polish > 0 && frac >= mainFrac;
        const pos = (Math.min(frac, mainFrac) / mainFrac) * p.cycles;
        const c = inPolish ? p.cycles : Math.min(p.cycles - 1, Math.floor(pos));
        if (c !== cycle) {
          cycle = c;
          reheats++;
          const shared = board?.adoptIfBetter(bestCost, best);
          if (shared !== undefined) {
            bestCost = shared;
            published = shared;
            if (bestCost <= target) break;
          }
          if (intensifier && bestCost < Number.POSITIVE_INFINITY) {
            // the work of one intensification: its share of the whole budget (estimated from the pace so far)
            const total = Number.isFinite(maxIterations) ? maxIterations : it / Math.max(frac, 1e-6);
            const done = intensifier.improve(best, Math.round((p.intensify * total) / p.cycles));
            it += done.work;
            bestCost += done.delta;
            if (bestCost <= target) break;
          }
          if (bestCost < Number.POSITIVE_INFINITY && (inPolish || rng.next() < p.restartFromBest)) {
            cells.set(best);
            s.recompute();
          }
        }
        if (steered) {
          if (uphill >= 256) {
            const goal = p.accStart * (p.accEnd / p.accStart) ** frac;
            const ratio = uphillAccepted / uphill;
            T *= ratio > goal ? 0.97 : 1.03;
            uphill = 0;
            uphillAccepted = 0;
          }
        } else if (inPolish) {
          T = tEnd * p.polishEnd ** Math.min(1, (frac - mainFrac) / p.polish);
        } else {
          const start = cycle === 0 ? t0 : t0 * p.reheatT0;
          T = start * (tEnd / start) ** Math.min(1, pos - cycle);
        }
        curC = penalised(s.cost, s.violations, w);
      }
      if (board && bestCost < published) {
        board.publish(bestCost, best);
        published = bestCost;
      }
      if (options.onProgress && now - lastProgress >= progressEvery) {
        lastProgress = now;
        options.onProgress({
          run: options.run ?? 0,
          iteration: it,
          elapsedMs: now - started,
          bestCost,
          currentCost: s.cost,
          currentViolations: s.violations,
          temperature: T,
          reheats,
        });
      }
    }
    it++;
    // Metropolis with the threshold drawn first: accept iff newC - curC <= -T ln u (the same as u < exp(-d / T)).
    // Since newC >= travel, a move whose travel alone exceeds curC + threshold is rejected before its violations.
    const limit = curC - T * Math.log(rng.next());
    const scored = randomMove(earlyReject ? limit : Number.POSITIVE_INFINITY);
    let newC = Number.POSITIVE_INFINITY;
    if (scored) newC = penalised(s.cost + s.deltaCost, s.newViolations, w);
    if (newC > curC) uphill++;
    if (newC <= limit) {
      const newCost = s.cost + s.deltaCost;
      const newViol = s.newViolations;
      if (newC > curC) uphillAccepted++;
      s.commit();
      curC = newC;
      let improved = false;
      if (newViol === 0) {
        if (newCost < bestCost) {
          bestCost = newCost;
          best.set(cells);
          improved = true;
          if (bestCost <= target) break;
        }
      } else {
        if (newC < bestInfeasibleC) {
          bestInfeasibleC = newC;
          improved = true;
        }
        if (bestCost === Number.POSITIVE_INFINITY) {
          const score = penalised(newCost, newViol, 1e6);
          if (score < leastInfeasibleScore) {
            leastInfeasibleScore = score;
            leastInfeasible.set(cells);
          }
        }
      }
      if (improved && !budgeted) {
        counter = 0;
        phase = 0;
        bestT = T;
        continue;
      }
    } else if (scored) {
      s.rollback();
    }
    if (++counter < phaseLength) continue;
    // end of a phase: cool, adapt the infeasibility weight
    counter = 0;
    phase++;
    if (s.violations > 0) w *= p.weightUp;
    else w /= p.weightDown;
    curC = penalised(s.cost, s.violations, w);
    if (budgeted) continue;
    T *= p.beta;
    if (phase >= p.phasesPerReheat) {
      phase = 0;
      reheats++;
      T = Math.max(p.reheatFactor * bestT, t0 * 0.01);
      bestT = T;
      if (bestCost < Number.POSITIVE_INFINITY && rng.next() < p.restartFromBest) {
        cells.set(best);
        s.recompute();
      }
      curC = penalised(s.cost, s.violations, w);
    }
  }

  const elapsedMs = performance.now() - started;
  if (bestCost < Number.POSITIVE_INFINITY) {
    return { cells: best, cost: bestCost, violations: 0, iterations: it, elapsedMs, seed, reheats };
  }
  if (leastInfeasibleScore === Number.POSITIVE_INFINITY) leastInfeasible = Int32Array.from(cells);
  const check = new TtpSchedule(problem, leastInfeasible);
  best = leastInfeasible;
  return { cells: best, cost: check.cost, violations: check.violations, iterations: it, elapsedMs, seed, reheats };
}
