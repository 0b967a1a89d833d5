// Several annealing runs on worker_threads, best of runs: first a short pilot race between the portfolio's profiles,
// then the runs with the winner's profile. Run i uses seed deriveSeed(seed, i), so a given seed, run count and
// iteration budget always give the same schedule, whatever the number of workers.
import { type AnnealOptions, type AnnealParams, type AnnealProgress, type AnnealResult, annealTtp } from './anneal.ts';
import { BestBoard } from './board.ts';
import { TeamTravelBounds } from './bounds.ts';
import { WorkerPool } from './pool.ts';
import type { TtpProblem } from './problem.ts';

/**
 * `seconds` is the wall-clock budget of the whole solve: with more runs than workers, each run gets an equal share of
 * its lane's time (seconds × workers / runs). `iterations` is per run.
 */
export interface SolveTtpOptions extends Omit<AnnealOptions, 'run' | 'onProgress'> {
  /** Independent runs (default: workers). */
  runs?: number;
  /** Worker threads (default 1 = run in the calling thread, no worker). */
  workers?: number;
  onProgress?: (progress: AnnealProgress) => void;
  /**
   * Parameter profiles raced (see `race`), or given to the runs in turn (run i gets portfolio[i % length]); `params` go
   * on top. The default
   * (defaultPortfolio): up to 8 teams a hot walk in sixteen cycles, each restarting from the best schedule (best on the
   * NL instances), beside one cooler walk (best on the CIRC instances); 10 teams hot walks in four cycles only; from 12
   * teams beam search then a cold anneal (BEAM_PROFILE: run 0, and the only run of a one-worker solve) beside a hot walk.
   */
  portfolio?: Array<Partial<AnnealParams>>;
  /**
   * Let concurrent runs share their best schedule (see board.ts). Default: on when the solve has a time budget and no
   * iteration budget and every run has its own worker, unless a pilot race gave every run the same profile; never with
   * an iteration budget (which stays reproducible).
   */
  cooperate?: boolean;
  /**
   * With more than one profile: the share of the budget (the time, or each run's moves) given to a pilot run of each
   * profile, after which every run takes the profile whose pilot found a clearly better schedule (by RACE_MARGIN; in a
   * close race the runs take the profiles in turn). 0 turns the race off. Default DEFAULT_RACE_SHARE.
   */
  race?: number;
}

/**
 * Share of the budget the pilot race takes. A profile's pilot is a short complete anneal (its own cooling), long enough
 * to rank the profiles: at 2 M moves the hot walk averages 40,186 on NL8 against the cool walk's 41,622, and 142
 * against 135 on CIRC8, so a pilot rarely picks the wrong one.
 */
export const DEFAULT_RACE_SHARE = 0.1;
/**
 * A pilot must win by more than this share for every run to take its profile; closer races keep the profiles in turn.
 * Pilots are noisy: on CIRC8 a hot pilot sometimes ties or beats the cool one by one leg (134 against 136), on NL8 the
 * cool pilot sometimes wins by 0.5 %.
 */
const RACE_MARGIN = 0.01;

export const DEFAULT_PORTFOLIO: Array<Partial<AnnealParams>> = [
  {},
  { t0Factor: 0.3, tEndFactor: 0.15, cycles: 1, polish: 0 },
];

/**
 * The annealer with the exact neighbourhoods' intensification (window re-solve and team re-assignment on the best
 * schedule before each restart, a tenth of the budget): the second member of bench:ttp's `--portfolio hybrid`. Not in
 * the default portfolio: on NL12 and CIRC12 its intensifications found no improvement on the annealer's best schedules
 * (bench/RESULTS.md, session 8).
 */
export const HYBRID_PROFILE: Partial<AnnealParams> = { intensify: 0.1 };

/**
 * Randomized beam search (beam.ts) over 70 % of the budget, then a cold anneal (one cycle, no polish) from the beam's
 * best schedule: a hot walk from there only wandered back above it. At 10 M moves per run, seeds 1–3 (bench/RESULTS.md,
 * the beam section) its medians beat the annealer's on NL12, NL14 and CIRC12.
 */
export const BEAM_PROFILE: Partial<AnnealParams> = {
  beam: 0.7,
  t0Factor: 0.02,
  tEndFactor: 0.005,
  cycles: 1,
  polish: 0,
};

/** Teams up to which the hot walk runs hotter, in more cycles, beside the cool walk. */
const SMALL_INSTANCE_TEAMS = 8;
const HOTTER_WALK: Partial<AnnealParams> = { t0Factor: 0.9, tEndFactor: 0.45, cycles: 16 };

/**
 * Teams from which the default portfolio is the beam run (BEAM_PROFILE) beside the annealer, when the bound tables fit
 * (measured on 12 and 14 teams; 10-team instances keep two hot walks, where the annealer nearly reaches the optima).
 */
const BEAM_FROM_TEAMS = 12;

/**
 * The pilot race's share when the portfolio is the default one: none from 12 teams, where the beam run and the
 * annealer are a portfolio (a pilot over a tenth of the budget would rank a beam too narrow to say anything).
 */
export function defaultRaceShare(n: number): number {
  return n >= BEAM_FROM_TEAMS ? 0 : DEFAULT_RACE_SHARE;
}

/**
 * The runs' profiles by instance size. The temperature scale (the mean uphill delta from the start) does not carry
 * across sizes: at 5 M moves, seeds 1–6, the hotter walk gave NL8 a mean of 39,823 (optimum 39,721 on three seeds)
 * against 40,598 (one seed), but NL12 121,724 against 119,039. At 20 M moves (≈ 10 s), seeds 1–16, sixteen cycles
 * instead of four reached NL8's optimum on 13 runs instead of 8. The cool walk finds CIRC8's optimum that the hot walks
 * miss; from n = 10 it is worse than a second hot walk on NL10 (40 M moves, seeds 1–4: mean 60,746 against 60,404)
 * and even on CIRC10 (261 against 263), so there every run is a hot walk.
 */
export function defaultPortfolio(n: number, maxAway = 3): Array<Partial<AnnealParams>> {
  if (n >= BEAM_FROM_TEAMS && TeamTravelBounds.fits(n, maxAway)) return [BEAM_PROFILE, DEFAULT_PORTFOLIO[0]];
  if (n > SMALL_INSTANCE_TEAMS) return [DEFAULT_PORTFOLIO[0]];
  return [{ ...DEFAULT_PORTFOLIO[0], ...HOTTER_WALK }, ...DEFAULT_PORTFOLIO.slice(1)];
}

export interface SolveTtpResult extends AnnealResult {
  /** Index of the run that produced the best schedule. */
  run: number;
  /** Every run's result (cells omitted for brevity: see the best). */
  runs: Array<Omit<AnnealResult, 'cells'> & { run: number; profile: number }>;
}

/** Seed of run i, derived from the base seed (run 0 keeps the base seed). */
export function deriveSeed(seed: number, run: number): number {
  if (run === 0) return seed >>> 0;
  let z = (seed + Math.imul(run, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function better(a: AnnealResult, b: AnnealResult): boolean {
  if (a.violations !== b.violations) return a.violations < b.violations;
  return a.cost < b.cost;
}

interface Batch {
  /** The profile of each run of the batch. */
  profiles: Array<Partial<AnnealParams>>;
  /** Index of the batch's first run in the whole solve (seeds and progress events count from it). */
  firstRun: number;
  seconds?: number;
  iterations?: number;
  share: boolean;
}

/** Runs a batch of anneals on the pool's threads (or in this thread without one), each with its profile and seed. */
async function runBatch(
  problem: TtpProblem,
  batch: Batch,
  base: Omit<AnnealOptions, 'run' | 'onProgress' | 'seed'>,
  seed: number,
  pool: WorkerPool | undefined,
  onProgress: ((p: AnnealProgress) => void) | undefined,
): Promise<AnnealResult[]> {
  const workers = pool?.size ?? 1;
  const runs = batch.profiles.length;
  const rest = { ...base, seconds: batch.seconds, iterations: batch.iterations };
  if (rest.seconds !== undefined && runs > workers) rest.seconds = (rest.seconds * workers) / runs;
  const optionsFor = (i: number) => {
    const run = batch.firstRun + i;
    return { ...rest, params: { ...batch.profiles[i], ...base.params }, seed: deriveSeed(seed, run), run };
  };
  const results: AnnealResult[] = new Array(runs);
  if (!pool) {
    for (let i = 0; i < runs; i++) results[i] = annealTtp(problem, { ...optionsFor(i), onProgress });
    return results;
  }
  let next = 0;
  // With as many workers as runs, every run gets the whole time budget measured from now.
  const deadline = rest.seconds !== undefined && runs <= workers ? Date.now() + rest.seconds * 1000 : undefined;
  if (batch.share && runs <= workers && rest.seconds !== undefined && rest.iterations === undefined)
    rest.board = new BestBoard(problem.n * problem.rounds).buffer;
  const lane = async (thread: number): Promise<void> => {
    while (next < runs) {
      const i = next++;
      results[i] = await pool.run(thread, optionsFor(i), onProgress, deadline);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, runs) }, (_, thread) => lane(thread)));
  return results;
}

/** The winning pilot beats every other by more than RACE_MARGIN (or is the only feasible one). */
function clearWinner(pilots: readonly AnnealResult[], winner: number): boolean {
  const w = pilots[winner];
  return pilots.every((p, i) => i === winner || p.violations > w.violations || p.cost > w.cost * (1 + RACE_MARGIN));
}

function bestOf(results: readonly AnnealResult[]): number {
  let bestIndex = 0;
  for (let i = 1; i < results.length; i++) if (better(results[i], results[bestIndex])) bestIndex = i;
  return bestIndex;
}

/**
 * Runs `runs` anneals (on `workers` threads) and returns the best. With several profiles, a race first gives each
 * profile one pilot run over `race` of the budget; the runs then all take the winner's profile if it won clearly.
 */
export async function solveTtp(problem: TtpProblem, options: SolveTtpOptions = {}): Promise<SolveTtpResult> {
  const started = Date.now();
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const runs = Math.max(1, Math.floor(options.runs ?? workers));
  const seed = (options.seed ?? 1) >>> 0;
  const {
    onProgress,
    workers: _w,
    runs: _r,
    portfolio = defaultPortfolio(problem.n, problem.maxAway),
    cooperate,
    race = options.portfolio ? DEFAULT_RACE_SHARE : defaultRaceShare(problem.n),
    seconds,
    iterations,
    ...base
  } = options;
  const profiles = portfolio.length > 0 ? portfolio : [{}];
  // the whole solve's clock: thread start-up and the pilots come out of the main runs' time
  const remaining = (): number | undefined =>
    seconds === undefined ? undefined : Math.max(0.01, seconds - (Date.now() - started) / 1000);
  const results: AnnealResult[] = [];
  const profileOf: number[] = []; // index into `profiles` of each result's run
  const threads = Math.min(workers, Math.max(runs, race > 0 ? profiles.length : 1));
  const pool = threads > 1 ? await WorkerPool.start(problem, threads) : undefined;
  try {
    let mainProfiles = Array.from({ length: runs }, (_, i) => i % profiles.length);
    let mainIterations = iterations;
    let decided = false;
    if (profiles.length > 1 && race > 0) {
      // the pilots run independently (no board): their results are the race's comparison
      const pilotIterations = iterations === undefined ? undefined : Math.max(1, Math.round(iterations * race));
      const pilotSeconds = seconds === undefined ? undefined : seconds * race;
      const pilotBatch = {
        profiles,
        firstRun: 0,
        seconds: pilotSeconds,
        iterations: pilotIterations,
        share: false,
      };
      const pilots = await runBatch(problem, pilotBatch, base, seed, pool, onProgress);
      results.push(...pilots);
      profileOf.push(...profiles.keys());
      const winner = bestOf(pilots);
      const reachedTarget = pilots[winner].violations === 0 && pilots[winner].cost <= (base.target ?? -Infinity);
      if (reachedTarget) mainProfiles = [];
      else if (clearWinner(pilots, winner)) {
        mainProfiles = mainProfiles.map(() => winner);
        decided = true;
      }
      if (iterations !== undefined) mainIterations = Math.max(1, iterations - (pilotIterations ?? 0));
    }
    if (mainProfiles.length > 0) {
      const mainBatch = {
        profiles: mainProfiles.map((k) => profiles[k]),
        firstRun: results.length,
        seconds: remaining(),
        iterations: mainIterations,
        // After a decided race the runs are the same many-cycle walk, and adopting the shared best at each of its
        // restarts pulls them into one local optimum: NL8, 10 s, seeds 1–12, the optimum on 7 seeds sharing, 11 not.
        share: cooperate ?? !decided,
      };
      results.push(...(await runBatch(problem, mainBatch, base, seed, pool, onProgress)));
      profileOf.push(...mainProfiles);
    }
  } finally {
    await pool?.close();
  }

  const bestIndex = bestOf(results);
  const best = results[bestIndex];
  return {
    ...best,
    run: bestIndex,
    runs: results.map(({ cells: _c, ...r }, i) => ({ ...r, run: i, profile: profileOf[i] })),
  };
}
