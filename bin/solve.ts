#!/usr/bin/env node
// `npm run solve -- <instance.xml> --seconds N [--workers W] [--seed S] [--out solution.xml]`
// Solves a RobinX Traveling Tournament instance: progress on stderr, the solution in RobinX's Solution format, and a
// last stdout line of JSON {"instance","teams","objective","infeasibility","best_known","gap_pct","seconds","seed"}.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { lookupBestKnown, parseBestKnown } from '../scheduling/robinx/best-known.ts';
import { parseRobinxInstance } from '../scheduling/robinx/reader.ts';
import { writeRobinxSolution } from '../scheduling/robinx/writer.ts';
import type { AnnealProgress } from '../scheduling/ttp/anneal.ts';
import { solveTtp } from '../scheduling/ttp/parallel.ts';
import { ttpFromRobinx } from '../scheduling/ttp/problem.ts';
import { cellsToGames, checkTtpSchedule } from '../scheduling/ttp/validate.ts';

const USAGE =
  'usage: solve <instance.xml> --seconds N (total wall time) | --iterations N (per run) [--workers W] [--runs R] [--seed S] [--out solution.xml] [--best-known README.md] [--quiet]';

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

/** Best known value for an instance, from the first readable README that lists it. */
export function findBestKnown(instancePath: string, instanceName: string, flag?: string): number | null {
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

  update(p: AnnealProgress): void {
    if (this.quiet) return;
    this.perRun.set(p.run, p);
    const now = Date.now();
    if (!this.tty && now - this.lastLine < 1000) return;
    this.lastLine = now;
    const all = [...this.perRun.values()];
    const elapsed = (now - this.started) / 1000;
    const best = Math.min(...all.map((x) => x.bestCost));
    const its = all.reduce((a, x) => a + x.iteration, 0);
    const frac = this.seconds ? elapsed / this.seconds : this.iterations ? its / (this.iterations * this.runs) : 0;
    const gap =
      this.bestKnown && Number.isFinite(best)
        ? ` (${(((best - this.bestKnown) / this.bestKnown) * 100).toFixed(2)}%)`
        : '';
    const bestText = Number.isFinite(best) ? String(best) : 'none feasible yet';
    if (this.tty) {
      const width = 30;
      const filled = Math.min(width, Math.round(Math.min(1, frac) * width));
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(Math.min(1, frac) * 100).toFixed(0).padStart(3)}% ${elapsed.toFixed(1)}s best ${bestText}${gap} moves ${its}   `,
      );
    } else {
      process.stderr.write(
        `progress ${(Math.min(1, frac) * 100).toFixed(0)}% elapsed=${elapsed.toFixed(1)}s best=${bestText}${gap} moves=${its} runs=${all.length}\n`,
      );
    }
  }

  end(): void {
    if (this.tty && !this.quiet && this.perRun.size > 0) process.stderr.write('\n');
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

  if (!existsSync(instancePath)) throw new Error(`no such instance file: ${instancePath}`);
  if (statSync(instancePath).isDirectory()) throw new Error(`instance path is a directory: ${instancePath}`);
  const instance = parseRobinxInstance(readFileSync(instancePath, 'utf8'));
  const problem = ttpFromRobinx(instance);
  const bestKnown = findBestKnown(instancePath, instance.name, values['best-known']);

  const view = new ProgressView(seconds, iterations, runs, bestKnown, values.quiet === true);
  if (!values.quiet)
    process.stderr.write(
      `solving ${instance.name}: ${problem.n} teams, ${problem.rounds} rounds, ${runs} run(s) on ${workers} worker(s), ${seconds !== undefined ? `${seconds}s in total` : `${iterations} moves per run`}, seed ${seed}\n`,
    );
  const started = performance.now();
  const result = await solveTtp(problem, {
    seconds,
    iterations,
    workers,
    runs,
    seed,
    onProgress: (p) => view.update(p),
    progressIntervalMs: process.stderr.isTTY ? 200 : 1000,
  });
  view.end();
  const elapsed = (performance.now() - started) / 1000;
  const check = checkTtpSchedule(problem, result.cells);
  if (check.errors.length > 0) throw new Error(`internal error: produced an invalid schedule: ${check.errors[0]}`);
  const infeasibility = check.ca3Violations + check.se1Violations;

  const out = values.out ?? `${basename(instancePath, '.xml')}.solution.xml`;
  writeFileSync(
    out,
    writeRobinxSolution({
      instanceName: instance.name,
      solutionName: `${instance.name}_flextime_seed${seed}`,
      objective: check.travel,
      infeasibility,
      games: cellsToGames(problem.n, result.cells),
    }),
  );
  if (!values.quiet) {
    process.stderr.write(
      `best ${check.travel}${infeasibility > 0 ? ` with ${infeasibility} hard violations (CA3 ${check.ca3Violations}, SE1 ${check.se1Violations})` : ''} from run ${result.run}; solution written to ${out}\n`,
    );
  }
  const gap = bestKnown ? Math.round(((check.travel - bestKnown) / bestKnown) * 10000) / 100 : null;
  console.log(
    JSON.stringify({
      instance: instance.name,
      teams: problem.n,
      objective: check.travel,
      infeasibility,
      best_known: bestKnown,
      gap_pct: gap,
      seconds: Math.round(elapsed * 100) / 100,
      seed,
    }),
  );
  return infeasibility > 0 ? 3 : 0;
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
