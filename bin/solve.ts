#!/usr/bin/env node
// `npm run solve -- <instance.xml> --seconds N [--workers W] [--seed S] [--out solution.xml]`
// Solves a RobinX instance — a Traveling Tournament (TravelOptimization: objective = travel, by the TTP annealer) or an
// ITC2021 constraint instance (objective = soft penalty, infeasibility = hard violations, by the general optimiser):
// progress on stderr, the solution in RobinX's Solution format, and a last stdout line of JSON
// {"instance","teams","objective","infeasibility","best_known","gap_pct","seconds","seed"}.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Progress } from '../scheduling/optimizer.ts';
import { optimizeParallel } from '../scheduling/parallel.ts';
import { lookupBestKnown, MIRRORED_REFERENCES, parseBestKnown } from '../scheduling/robinx/best-known.ts';
import { ITC2021_TUNING, itc2021Problem } from '../scheduling/robinx/itc2021.ts';
import { parseRobinxInstance, parseRobinxSolution } from '../scheduling/robinx/reader.ts';
import { type RobinxScore, scoreRobinxSolution } from '../scheduling/robinx/score.ts';
import type { RobinxInstance, ScheduledMatch } from '../scheduling/robinx/types.ts';
import { writeRobinxSolution } from '../scheduling/robinx/writer.ts';
import type { AnnealProgress } from '../scheduling/ttp/anneal.ts';
import { solveTtp } from '../scheduling/ttp/parallel.ts';
import { ttpFromRobinx } from '../scheduling/ttp/problem.ts';
import { cellsToGames } from '../scheduling/ttp/validate.ts';

const USAGE =
  'usage: solve <instance.xml> --seconds N (total wall time) | --iterations N (per run) [--workers W] [--runs R] [--seed S] [--out solution.xml] [--best-known README.md] [--quiet]\n' +
  "       solve <instance.xml> --check solution.xml [--best-known README.md]   (score a solution file, as RobinX's validator does)";

class UsageError extends Error {}

function positiveNumber(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new UsageError(`--${flag} must be a positive ${integer ? 'integer' : 'number'}, got '${value}'`);
  return n;
}

/** Candidate benchmark READMEs: --best-known, $FLEXTIME_BENCHMARKS, next to the instance, then ../shared/benchmarks. */
export function bestKnownCandidates(instancePath: string, flag?: string): string[] {
  const list: string[] = [];
  const add = (p: string) => list.push(existsSync(p) && statSync(p).isDirectory() ? join(p, 'README.md') : p);
  if (flag) add(resolve(flag));
  if (process.env.FLEXTIME_BENCHMARKS) add(resolve(process.env.FLEXTIME_BENCHMARKS));
  const dir = dirname(resolve(instancePath));
  add(join(dir, 'README.md'));
  add(join(dir, '..', 'README.md'));
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  add(join(repo, '..', 'shared', 'benchmarks', 'README.md'));
  return list;
}

/**
 * Best known value for an instance, from the first readable README that lists it. A mirrored instance is compared with
 * the mirrored references only, a phased one with none: the plain instance's record is another problem's.
 */
export function findBestKnown(
  instancePath: string,
  instanceName: string,
  flag?: string,
  gameMode: 'M' | 'P' | null = null,
): number | null {
  if (gameMode === 'M') {
    const table = new Map([...MIRRORED_REFERENCES].map(([name, v]) => [name, v.best]));
    return lookupBestKnown(table, instanceName, basename(instancePath, '.xml')) ?? null;
  }
  if (gameMode === 'P') return null;
  for (const candidate of bestKnownCandidates(instancePath, flag)) {
    if (!existsSync(candidate)) {
      if (flag && candidate === resolve(flag)) throw new UsageError(`--best-known: no such file: ${flag}`);
      continue;
    }
    const value = lookupBestKnown(
      parseBestKnown(readFileSync(candidate, 'utf8')),
      instanceName,
      basename(instancePath, '.xml'),
    );
    if (value !== undefined) return value;
  }
  return null;
}

class ProgressView {
  private readonly tty = process.stderr.isTTY === true;
  private readonly perRun = new Map<number, AnnealProgress>();
  private readonly perWorker = new Map<number, Progress>();
  private lastLine = 0;
  private readonly started = Date.now();
  constructor(
    private readonly seconds: number | undefined,
    private readonly iterations: number | undefined,
    /** Runs of the solve: each lane's pilot and main runs together make `iterations` moves. */
    private readonly runs: number,
    private readonly bestKnown: number | null,
    private readonly quiet: boolean,
  ) {}

  /** A TTP run's progress (travel of its best feasible schedule). */
  update(p: AnnealProgress): void {
    if (this.quiet) return;
    this.perRun.set(p.run, p);
    if (!this.due()) return;
    const all = [...this.perRun.values()];
    const best = Math.min(...all.map((x) => x.bestCost));
    const its = all.reduce((a, x) => a + x.iteration, 0);
    const frac = this.seconds
      ? this.elapsed() / this.seconds
      : this.iterations
        ? its / (this.iterations * this.runs)
        : 0;
    this.render(frac, Number.isFinite(best) ? String(best) : 'none feasible yet', this.gapText(best), its);
  }

  /** A general optimiser run's progress (hard violations, then soft penalty of its best schedule). */
  updateOptimizer(p: Progress & { worker: number }): void {
    if (this.quiet) return;
    this.perWorker.set(p.worker, p);
    if (!this.due()) return;
    const all = [...this.perWorker.values()];
    const best = all.reduce((a, x) =>
      x.hardViolations < a.hardViolations || (x.hardViolations === a.hardViolations && x.softPenalty < a.softPenalty)
        ? x
        : a,
    );
    const frac = Math.min(...all.map((x) => x.percent)) / 100;
    const its = all.reduce((a, x) => a + x.iteration, 0);
    const feasible = best.hardViolations === 0;
    // during the repair phase only the hard count is known
    const text = Number.isFinite(best.softPenalty)
      ? `${best.softPenalty}${feasible ? '' : ` with ${best.hardViolations} hard violations`}`
      : Number.isFinite(best.hardViolations)
        ? `repairing, ${best.hardViolations} hard violations`
        : 'none yet';
    this.render(frac, text, feasible ? this.gapText(best.softPenalty) : '', its);
  }

  private due(): boolean {
    const now = Date.now();
    if (!this.tty && now - this.lastLine < 1000) return false;
    this.lastLine = now;
    return true;
  }

  private elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }

  private gapText(best: number): string {
    return this.bestKnown && Number.isFinite(best)
      ? ` (${(((best - this.bestKnown) / this.bestKnown) * 100).toFixed(2)}%)`
      : '';
  }

  private render(frac: number, bestText: string, gap: string, moves: number): void {
    const elapsed = this.elapsed();
    const done = Math.min(1, frac);
    if (this.tty) {
      const width = 30;
      const filled = Math.min(width, Math.round(done * width));
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(done * 100).toFixed(0).padStart(3)}% ${elapsed.toFixed(1)}s best ${bestText}${gap} moves ${moves}   `,
      );
    } else {
      process.stderr.write(
        `progress ${(done * 100).toFixed(0)}% elapsed=${elapsed.toFixed(1)}s best=${bestText}${gap} moves=${moves} runs=${Math.max(this.perRun.size, this.perWorker.size)}\n`,
      );
    }
  }

  end(): void {
    if (this.tty && !this.quiet && this.perRun.size + this.perWorker.size > 0) process.stderr.write('\n');
  }
}

export async function run(args: string[]): Promise<number | undefined> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected exactly one instance file\n${USAGE}`);
  const instancePath = positionals[0];
  if (values.check !== undefined) return check(instancePath, values.check, values['best-known']);
  const seconds = positiveNumber(values.seconds, 'seconds', false);
  const iterations = positiveNumber(values.iterations, 'iterations', true);
  if (seconds === undefined && iterations === undefined)
    throw new UsageError(`give --seconds or --iterations\n${USAGE}`);
  const workers = positiveNumber(values.workers, 'workers', true) ?? 1;
  const runs = positiveNumber(values.runs, 'runs', true) ?? workers;
  const seedRaw = values.seed ?? '1';
  const seed = Number(seedRaw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new UsageError(`--seed must be an integer in 0..4294967295, got '${seedRaw}'`);

  const instance = parseRobinxInstance(readXml(instancePath, 'instance'));
  const bestKnown = findBestKnown(instancePath, instance.name, values['best-known'], instance.gameMode);
  const quiet = values.quiet === true;
  const view = new ProgressView(seconds, iterations, runs, bestKnown, quiet);
  const budget = seconds !== undefined ? `${seconds}s in total` : `${iterations} moves per run`;
  const say = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  const started = performance.now();
  // a distance matrix makes it a Traveling Tournament; otherwise its constraints are the problem (ITC2021)
  const solveInstance = instance.distances ? solveTravelInstance : solveConstraintInstance;
  const solved = await solveInstance(instance, { seconds, iterations, workers, runs, seed, view, budget, say });
  view.end();
  const elapsed = (performance.now() - started) / 1000;
  // scored as RobinX's validator scores the file (tested against it): what is written is what it will compute
  const score = scoreRobinxSolution(instance, solved.games);

  const out = values.out ?? `${basename(instancePath, '.xml')}.solution.xml`;
  writeFileSync(
    out,
    writeRobinxSolution({
      instanceName: instance.name,
      solutionName: `${instance.name}_flextime_seed${seed}`,
      objective: score.objective,
      infeasibility: score.infeasibility,
      games: solved.games,
    }),
  );
  const failing =
    score.infeasibility > 0 ? ` with ${score.infeasibility} hard violations (${score.failing.join(', ')})` : '';
  say(`best ${solved.objectiveName} ${score.objective}${failing}${solved.from}; solution written to ${out}`);
  console.log(
    JSON.stringify({ ...summary(instance, score, bestKnown), seconds: Math.round(elapsed * 100) / 100, seed }),
  );
  return score.infeasibility > 0 ? 3 : 0;
}

/** Reads an XML file the command was given, with a clear error for a missing path or a directory. */
function readXml(path: string, what: string): string {
  if (!existsSync(path)) throw new Error(`no such ${what} file: ${path}`);
  if (statSync(path).isDirectory()) throw new Error(`${what} path is a directory: ${path}`);
  return readFileSync(path, 'utf8');
}

/** The JSON line's common part: instance, teams, objective, infeasibility, best known and the gap to it. */
function summary(instance: RobinxInstance, score: RobinxScore, bestKnown: number | null) {
  const gap =
    bestKnown && score.infeasibility === 0
      ? Math.round(((score.objective - bestKnown) / bestKnown) * 10000) / 100
      : null;
  return {
    instance: instance.name,
    teams: instance.teams.length,
    objective: score.objective,
    infeasibility: score.infeasibility,
    best_known: bestKnown,
    gap_pct: gap,
  };
}

/**
 * `--check`: scores a solution file of the instance as RobinX's validator does; stderr names the failing hard
 * constraints and any difference from the ObjectiveValue the file declares. Exit 3 when infeasible, 4 when the
 * declared values are wrong, 0 otherwise.
 */
function check(instancePath: string, solutionPath: string, bestKnownFlag: string | undefined): number {
  const instance = parseRobinxInstance(readXml(instancePath, 'instance'));
  const solution = parseRobinxSolution(readXml(solutionPath, 'solution'));
  const score = scoreRobinxSolution(instance, solution.games);
  const bestKnown = findBestKnown(instancePath, instance.name, bestKnownFlag, instance.gameMode);
  if (score.failing.length > 0) process.stderr.write(`hard constraints violated: ${score.failing.join(', ')}\n`);
  const declared = { objective: solution.objective, infeasibility: solution.infeasibility };
  const agrees = declared.objective === score.objective && declared.infeasibility === score.infeasibility;
  if (!agrees)
    process.stderr.write(
      `the file declares objective ${declared.objective}, infeasibility ${declared.infeasibility}; ` +
        `computed objective ${score.objective}, infeasibility ${score.infeasibility}\n`,
    );
  console.log(JSON.stringify({ ...summary(instance, score, bestKnown), declared }));
  return score.infeasibility > 0 ? 3 : agrees ? 0 : 4;
}

interface SolveSettings {
  seconds: number | undefined;
  iterations: number | undefined;
  workers: number;
  runs: number;
  seed: number;
  view: ProgressView;
  budget: string;
  say: (line: string) => void;
}

interface Solved {
  games: ScheduledMatch[];
  /** What the objective measures ('travel', 'soft penalty'), and where the schedule came from ('' or ' from run 2'). */
  objectiveName: string;
  from: string;
}

/** TravelOptimization: the TTP annealer; objective = travel, infeasibility = CA3 + SE1 violations. */
async function solveTravelInstance(instance: RobinxInstance, o: SolveSettings): Promise<Solved> {
  const problem = ttpFromRobinx(instance);
  o.say(
    `solving ${instance.name}: ${problem.n} teams, ${problem.rounds} rounds, ${o.runs} run(s) on ${o.workers} worker(s), ${o.budget}, seed ${o.seed}`,
  );
  const result = await solveTtp(problem, {
    seconds: o.seconds,
    iterations: o.iterations,
    workers: o.workers,
    runs: o.runs,
    seed: o.seed,
    onProgress: (p) => o.view.update(p),
    progressIntervalMs: process.stderr.isTTY ? 200 : 1000,
  });
  return { games: cellsToGames(problem.n, result.cells), objectiveName: 'travel', from: ` from run ${result.run}` };
}

/**
 * ITC2021 (and any RobinX constraint instance without distances): the general optimiser, one run per worker;
 * objective = soft penalty, infeasibility = hard violations (deviations), as RobinX's validator counts them.
 */
async function solveConstraintInstance(instance: RobinxInstance, o: SolveSettings): Promise<Solved> {
  if (o.runs !== o.workers) throw new UsageError('--runs applies to Traveling Tournament instances only');
  const problem = itc2021Problem(instance);
  o.say(
    `solving ${instance.name}: ${instance.teams.length} teams, ${instance.slots.length} slots, ${problem.constraints.length} constraints, ${o.workers} run(s) on ${o.workers} worker(s), ${o.budget}, seed ${o.seed}`,
  );
  const result = await optimizeParallel(problem, {
    ...ITC2021_TUNING,
    ...(o.iterations !== undefined ? { iterations: o.iterations } : { seconds: o.seconds }),
    workers: o.workers,
    seed: o.seed,
    progressEvery: 20_000,
    onProgress: (p) => o.view.updateOptimizer(p),
  });
  return {
    games: result.games.map((g) => ({
      home: instance.teams[g.home].id,
      away: instance.teams[g.away].id,
      slot: instance.slots[g.slot].id,
    })),
    objectiveName: 'soft penalty',
    from: '',
  };
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      seconds: { type: 'string' },
      iterations: { type: 'string' },
      workers: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'string' },
      'best-known': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  run(process.argv.slice(2)).then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`solve: ${message}`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}
