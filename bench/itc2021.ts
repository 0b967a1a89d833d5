/**
 * bench:itc2021 (stretch) — the general conference optimiser on the ITC2021 instances in ../shared/benchmarks/itc2021
 * (RobinX XML read by scheduling/robinx): every CA1–CA4, GA1, BR1–BR2, FA2, SE1 constraint becomes an engine
 * constraint (HARD → hard, SOFT → soft with its penalty as weight), phased instances get the `phased` rule.
 * Reports, per instance, the hard violations left and the soft penalty against the best known (README): per seed, and
 * the median over the seeds (lexicographic: hard violations, then soft penalty).
 *
 *   npm run bench:itc2021 -- [--seconds 30 | --iterations 2000000] [--workers 2] [--seeds 1-3] [--only Early_1,Middle_9]
 *                            [--patterns on|off] [--type-weights on|off] [--improver on|off]
 *
 * `--iterations` is a move budget per worker: deterministic per seed, so comparable on a shared machine where wall
 * clock is not. `--seed K` is `--seeds K`; seed K runs the worker seeds (K − 1) × workers + 1 … K × workers. The three switches override ITC2021_TUNING's stages (for before/after runs).
 *
 * Last stdout line: {"instances":[{"instance","hard_violations","soft_penalty","best_known","gap_pct","ratio",
 * "runs":[{seed,hard,soft,seconds}…]}…]}
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { OptimizeOptions } from '../scheduling/index.ts';
import { optimizeParallel } from '../scheduling/index.ts';
import { lookupBestKnown, parseBestKnown } from '../scheduling/robinx/best-known.ts';
import { ITC2021_TUNING, itc2021Problem } from '../scheduling/robinx/itc2021.ts';
import { parseRobinxInstance } from '../scheduling/robinx/reader.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    iterations: { type: 'string' },
    workers: { type: 'string' },
    seed: { type: 'string' },
    seeds: { type: 'string' },
    only: { type: 'string' },
    patterns: { type: 'string' },
    'type-weights': { type: 'string' },
    improver: { type: 'string' },
  },
});

/** "1-3" or "1,4,7" → [1, 2, 3] / [1, 4, 7]. */
function parseSeeds(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  const seeds = range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : text.split(',').map(Number);
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0))
    throw new Error(`--seeds: invalid '${text}'`);
  return seeds;
}

function onOff(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'on' && value !== 'off') throw new Error(`--${name}: expected on or off, got '${value}'`);
  return value === 'on';
}

const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
if (iterations !== undefined && !(Number.isInteger(iterations) && iterations > 0))
  throw new Error(`--iterations: expected a positive integer, got '${values.iterations}'`);
const seconds = Number(values.seconds ?? '30');
if (!(seconds > 0)) throw new Error(`--seconds: expected a positive number, got '${values.seconds}'`);
const workers = Number(values.workers ?? Math.min(2, availableParallelism()));
const seeds = parseSeeds(values.seeds ?? values.seed ?? '1');
const only = values.only?.split(',').map((s) => s.trim().toLowerCase());
const tuning: OptimizeOptions = { ...ITC2021_TUNING };
const patterns = onOff('patterns', values.patterns);
if (patterns !== undefined) tuning.construction = patterns ? 'patterns' : 'circle';
const typeWeights = onOff('type-weights', values['type-weights']);
if (typeWeights !== undefined) tuning.typeHardWeights = typeWeights;
const improver = onOff('improver', values.improver);
if (improver !== undefined) tuning.assignmentImprover = improver;

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = process.env.BENCHMARKS_DIR ?? join(repo, '..', 'shared', 'benchmarks');
const dir = join(root, 'itc2021');
if (!existsSync(dir)) throw new Error(`no ITC2021 instances in ${dir} (set BENCHMARKS_DIR)`);
const readme = join(root, 'README.md');
const bestKnown = existsSync(readme) ? parseBestKnown(readFileSync(readme, 'utf8')) : new Map<string, number>();

interface Run {
  seed: number;
  hard: number;
  soft: number;
  seconds: number;
}

const rows: Array<Record<string, unknown>> = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.xml'))
  .filter((f) => !only || only.some((o) => f.toLowerCase().includes(o)))
  .sort()) {
  const inst = parseRobinxInstance(readFileSync(join(dir, file), 'utf8'));
  const problem = itc2021Problem(inst);
  const runs: Run[] = [];
  for (const seed of seeds) {
    const t0 = performance.now();
    let last = 0;
    const r = await optimizeParallel(problem, {
      ...tuning,
      workers,
      // seed K runs seeds (K−1)·workers + 1 … K·workers, so the runs of different K share no worker seed
      seed: (seed - 1) * workers + 1,
      ...(iterations !== undefined ? { iterations } : { seconds }),
      progressEvery: 20_000,
      onProgress: (p) => {
        if (performance.now() - last < 5000 && p.percent < 100) return;
        last = performance.now();
        console.error(
          `${inst.name} seed ${seed} [worker ${p.worker}] ${p.percent.toFixed(0)}% hard=${p.hardViolations} soft=${p.softPenalty}`,
        );
      },
    });
    const run = {
      seed,
      hard: r.hardViolations,
      soft: r.softPenalty,
      seconds: Math.round((performance.now() - t0) / 10) / 100,
    };
    console.error(JSON.stringify({ instance: inst.name, ...run }));
    runs.push(run);
  }
  const sorted = [...runs].sort((a, b) => a.hard - b.hard || a.soft - b.soft);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const best = lookupBestKnown(bestKnown, inst.name, file.replace(/\.xml$/, ''));
  const row = {
    instance: inst.name,
    constraints: problem.constraints.length,
    hard_violations: median.hard,
    soft_penalty: median.soft,
    best_known: best ?? null,
    gap_pct: best && median.hard === 0 ? Math.round(((median.soft - best) / best) * 1000) / 10 : null,
    ratio: best && median.hard === 0 ? Math.round((median.soft / best) * 100) / 100 : null,
    runs,
  };
  console.error(JSON.stringify(row));
  rows.push(row);
}
console.log(
  JSON.stringify({
    iterations: iterations ?? null,
    seconds: iterations ? null : seconds,
    workers,
    seeds,
    tuning,
    instances: rows,
  }),
);
