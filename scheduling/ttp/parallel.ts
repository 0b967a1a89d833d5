// Several independent annealing runs on worker_threads, best of runs. Run i uses seed deriveSeed(seed, i), so a given
// seed, run count and iteration budget always give the same schedule, whatever the number of workers.
import { Worker } from 'node:worker_threads';
import { type AnnealOptions, type AnnealParams, type AnnealProgress, type AnnealResult, annealTtp } from './anneal.ts';
import { BestBoard } from './board.ts';
import type { TtpProblem } from './problem.ts';
import type { TtpWorkerData } from './worker.ts';

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
   * Parameter profiles given to the runs in turn (run i gets portfolio[i % length], then `params` on top). The default
   * (defaultPortfolio): up to 8 teams a hot walk in sixteen cycles, each restarting from the best schedule (best on the
   * NL instances), beside one cooler walk (best on the CIRC instances); from 10 teams hot walks in four cycles only.
   */
  portfolio?: Array<Partial<AnnealParams>>;
  /**
   * Let concurrent runs share their best schedule (see board.ts). Default: on when the solve has a time budget and no
   * iteration budget and every run has its own worker; never with an iteration budget (which stays reproducible).
   */
  cooperate?: boolean;
}

export const DEFAULT_PORTFOLIO: Array<Partial<AnnealParams>> = [
  {},
  { t0Factor: 0.3, tEndFactor: 0.15, cycles: 1, polish: 0 },
];

/** Teams up to which the hot walk runs hotter, in more cycles, beside the cool walk. */
const SMALL_INSTANCE_TEAMS = 8;
const HOTTER_WALK: Partial<AnnealParams> = { t0Factor: 0.9, tEndFactor: 0.45, cycles: 16 };

/**
 * The runs' profiles by instance size. The temperature scale (the mean uphill delta from the start) does not carry
 * across sizes: at 5 M moves, seeds 1–6, the hotter walk gave NL8 a mean of 39,823 (optimum 39,721 on three seeds)
 * against 40,598 (one seed), but NL12 121,724 against 119,039. At 20 M moves (≈ 10 s), seeds 1–16, sixteen cycles
 * instead of four reached NL8's optimum on 13 runs instead of 8. The cool walk finds CIRC8's optimum that the hot walks
 * miss; from n = 10 it is worse than a second hot walk on NL10 (40 M moves, seeds 1–4: mean 60,746 against 60,404)
 * and even on CIRC10 (261 against 263), so there every run is a hot walk.
 */
export function defaultPortfolio(n: number): Array<Partial<AnnealParams>> {
  if (n > SMALL_INSTANCE_TEAMS) return [DEFAULT_PORTFOLIO[0]];
  return [{ ...DEFAULT_PORTFOLIO[0], ...HOTTER_WALK }, ...DEFAULT_PORTFOLIO.slice(1)];
}

export interface SolveTtpResult extends AnnealResult {
  /** Index of the run that produced the best schedule. */
  run: number;
  /** Every run's result (cells omitted for brevity: see the best). */
  runs: Array<Omit<AnnealResult, 'cells'> & { run: number }>;
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

let tsxApi: string | undefined;
/** URL of tsx's ESM registration API, resolved from this module (so the worker needs no particular cwd). */
function tsxApiUrl(): string {
  if (tsxApi) return tsxApi;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    tsxApi = 'tsx/esm/api';
  }
  return tsxApi;
}

/**
 * Worker bootstrap. Node 20 ignores ESM loaders given through a Worker's `execArgv` (`--import tsx`, nodejs/node#47747),
 * so the worker registers tsx itself through its API and then imports the TypeScript entry.
 */
function bootstrapSource(): string {
  const entry = new URL('./worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApiUrl())}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
}

function runInWorker(
  problem: TtpProblem,
  options: TtpWorkerData['options'],
  onProgress: ((p: AnnealProgress) => void) | undefined,
  deadline: number | undefined,
): Promise<AnnealResult> {
  return new Promise((resolve, reject) => {
    const data: TtpWorkerData = { problem, options, reportProgress: onProgress !== undefined, deadline };
    const worker = new Worker(bootstrapSource(), { eval: true, workerData: data });
    let done = false;
    worker.on('message', (msg: { type: string; progress?: AnnealProgress; result?: AnnealResult }) => {
      if (msg.type === 'progress' && msg.progress) onProgress?.(msg.progress);
      else if (msg.type === 'done' && msg.result) {
        done = true;
        resolve(msg.result);
      }
    });
    worker.on('error', (err) => {
      done = true;
      reject(err);
    });
    worker.on('exit', (code) => {
      if (!done) reject(new Error(`TTP worker exited with code ${code} before returning a result`));
    });
  });
}

/** Runs `runs` independent anneals (on `workers` threads) and returns the best. */
export async function solveTtp(problem: TtpProblem, options: SolveTtpOptions = {}): Promise<SolveTtpResult> {
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const runs = Math.max(1, Math.floor(options.runs ?? workers));
  const seed = (options.seed ?? 1) >>> 0;
  const { onProgress, workers: _w, runs: _r, portfolio = defaultPortfolio(problem.n), cooperate, ...rest } = options;
  if (rest.seconds !== undefined && runs > workers) rest.seconds = (rest.seconds * workers) / runs;
  const paramsFor = (i: number): Partial<AnnealParams> => ({
    ...(portfolio.length > 0 ? portfolio[i % portfolio.length] : {}),
    ...rest.params,
  });
  const results: AnnealResult[] = new Array(runs);

  if (workers === 1) {
    for (let i = 0; i < runs; i++)
      results[i] = annealTtp(problem, { ...rest, params: paramsFor(i), seed: deriveSeed(seed, i), run: i, onProgress });
  } else {
    let next = 0;
    // With as many workers as runs, every run gets the whole time budget measured from now (start-up included).
    const deadline = rest.seconds !== undefined && runs <= workers ? Date.now() + rest.seconds * 1000 : undefined;
    const share = (cooperate ?? true) && runs <= workers && rest.seconds !== undefined && rest.iterations === undefined;
    if (share) rest.board = new BestBoard(problem.n * problem.rounds).buffer;
    const lane = async (): Promise<void> => {
      while (next < runs) {
        const i = next++;
        const runOptions = { ...rest, params: paramsFor(i), seed: deriveSeed(seed, i), run: i };
        results[i] = await runInWorker(problem, runOptions, onProgress, deadline);
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, runs) }, lane));
  }

  let bestIndex = 0;
  for (let i = 1; i < runs; i++) if (better(results[i], results[bestIndex])) bestIndex = i;
  const best = results[bestIndex];
  return {
    ...best,
    run: bestIndex,
    runs: results.map(({ cells: _c, ...r }, i) => ({ ...r, run: i })),
  };
}
