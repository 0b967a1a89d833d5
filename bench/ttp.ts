// bench:ttp — the TTP annealer on every RobinX TravelOptimization instance in ../shared/benchmarks/ttp (or
// $FLEXTIME_BENCHMARKS/ttp, or --dir). Per instance: objective, best known, gap, and the ratio to a baseline measured
// in the same run (the canonical circle-method schedule the annealer starts from). Last stdout line: one JSON object.
//
//   npm run bench:ttp                                   # 10 s for n ≤ 8, 60 s for n ≥ 10, 2 workers
//   npm run bench:ttp -- --seconds 5 --instances NL4,CIRC4 --workers 1 --seed 3
//   npm run bench:ttp -- --iterations 5000000 --instances NL12   # a move budget per run: same figures on any machine
//   npm run bench:ttp -- --independent   # time budget without sharing the best schedule between the runs
//   npm run bench:ttp -- --seeds 1-3 --instances NL12,NL14,CIRC12,CIRC14   # per instance the median of the seeds
//   npm run bench:ttp -- --iterations 4000000 --workers 1 --params '{"intensify":0.1}'   # annealing parameters
//   npm run bench:ttp -- --mirrored --instances NL12   # as mirrored double round robins (gameMode M)
//   npm run bench:ttp -- --portfolio hybrid   # one run the annealer, the other the annealer + exact neighbourhoods
//   npm run bench:ttp -- --portfolio beam     # one run the annealer, the other beam search, then the annealer from it
//   npm run bench:ttp -- --portfolio anneal   # hot walks only (no beam run)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  lookupBestKnown,
  MIRRORED_REFERENCES,
  parseBestKnown,
  parseLowerBounds,
} from '../scheduling/robinx/best-known.ts';
import { parseRobinxInstance } from '../scheduling/robinx/reader.ts';
import { type AnnealParams, DEFAULT_ANNEAL_PARAMS } from '../scheduling/ttp/anneal.ts';
import {
  BEAM_PROFILE,
  DEFAULT_PORTFOLIO,
  HYBRID_PROFILE,
  type SolveTtpOptions,
  solveTtp,
} from '../scheduling/ttp/parallel.ts';
import { ttpFromRobinx } from '../scheduling/ttp/problem.ts';
import { canonicalSchedule } from '../scheduling/ttp/schedule.ts';
import { checkTtpSchedule } from '../scheduling/ttp/validate.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    iterations: { type: 'string' },
    'small-seconds': { type: 'string', default: '10' },
    'large-seconds': { type: 'string', default: '60' },
    instances: { type: 'string' },
    workers: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    seeds: { type: 'string' },
    params: { type: 'string' },
    mirrored: { type: 'boolean', default: false },
    portfolio: { type: 'string', default: 'default' },
    dir: { type: 'string' },
    independent: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`bench:ttp: ${message}`);
  process.exit(2);
}

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchRoot = process.env.FLEXTIME_BENCHMARKS
  ? resolve(process.env.FLEXTIME_BENCHMARKS)
  : join(repo, '..', 'shared', 'benchmarks');
const dir = values.dir ? resolve(values.dir) : join(benchRoot, 'ttp');
if (!existsSync(dir)) fail(`no instance directory ${dir} (give --dir or FLEXTIME_BENCHMARKS)`);
const readmePath = [join(dir, 'README.md'), join(dir, '..', 'README.md')].find((p) => existsSync(p));
const readme = readmePath ? readFileSync(readmePath, 'utf8') : '';
const bestKnown = values.mirrored
  ? new Map([...MIRRORED_REFERENCES].map(([k, v]) => [k, v.best]))
  : parseBestKnown(readme);
const lowerBounds = values.mirrored
  ? new Map([...MIRRORED_REFERENCES].map(([k, v]) => [k, v.lower]))
  : parseLowerBounds(readme);

const workers = Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) fail(`--workers must be a positive integer`);
const seeds = parseSeeds(values.seeds ?? values.seed);
let params: Partial<AnnealParams> = {};
try {
  params = values.params ? JSON.parse(values.params) : {};
} catch (error) {
  fail(`--params is not JSON: ${error instanceof Error ? error.message : String(error)}`);
}
for (const key of Object.keys(params))
  if (!(key in DEFAULT_ANNEAL_PARAMS)) fail(`--params: unknown annealing parameter '${key}'`);

/**
 * --portfolio: 'default' (the solver's own: from 12 teams beam search then a cold anneal beside a hot walk), 'anneal'
 * (hot walks only: the default from 10 teams before the beam), 'hybrid' or 'beam': run i of a solve takes the default
 * annealer (even i) or the other method (odd i), no pilot race — with 2 workers, one of each. 'hybrid': the annealer
 * with the exact neighbourhoods' intensification; 'beam': BEAM_PROFILE.
 */
const PORTFOLIOS: Record<string, Pick<SolveTtpOptions, 'portfolio' | 'race'>> = {
  default: {},
  hybrid: { portfolio: [{}, HYBRID_PROFILE], race: 0 },
  beam: { portfolio: [{}, BEAM_PROFILE], race: 0 },
  anneal: { portfolio: [DEFAULT_PORTFOLIO[0]], race: 0 },
};
const portfolio =
  PORTFOLIOS[values.portfolio] ?? fail(`--portfolio must be one of ${Object.keys(PORTFOLIOS).join(', ')}`);

/** `3`, `1,2,5` or `1-3`. */
function parseSeeds(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text.trim());
  const list = range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : text.split(',').map((x) => Number(x.trim()));
  if (list.length === 0 || list.some((x) => !Number.isInteger(x) || x < 0))
    fail(`--seeds must be a seed, a list (1,2,3) or a range (1-3) of non-negative integers, got '${text}'`);
  return list;
}
const budgetFor = (n: number): number => {
  const s = Number(values.seconds ?? (n <= 8 ? values['small-seconds'] : values['large-seconds']));
  if (!Number.isFinite(s) || s <= 0) fail('budgets must be positive numbers of seconds');
  return s;
};

const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
if (iterations !== undefined && (!Number.isInteger(iterations) || iterations <= 0))
  fail('--iterations must be a positive integer');

const wanted = values.instances?.split(',').map((s) => s.trim().toUpperCase());
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.xml'))
  .filter((f) => !wanted || wanted.includes(f.replace(/\.xml$/, '').toUpperCase()));
if (files.length === 0) fail(`no matching instances in ${dir}`);
const instances = files
  .map((f) => {
    const instance = parseRobinxInstance(readFileSync(join(dir, f), 'utf8'));
    return ttpFromRobinx(values.mirrored ? { ...instance, gameMode: 'M' } : instance);
  })
  .sort((a, b) => (a.name.replace(/\d+$/, '') === b.name.replace(/\d+$/, '') ? a.n - b.n : a.name < b.name ? 1 : -1));

interface Row {
  instance: string;
  teams: number;
  /** Median over the seeds (the middle run; with an even count, the upper middle). */
  objective: number;
  objectives: number[];
  infeasibility: number;
  best_known: number | null;
  lower_bound: number | null;
  gap_pct: number | null;
  baseline: number;
  ratio_to_baseline: number;
  /** Mean per seed. */
  seconds: number;
  /** CPU seconds this process used per seed (all threads): with W workers, W × seconds means no contention. */
  cpu_seconds: number;
  moves: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round2 = (x: number): number => Math.round(x * 100) / 100;

const rows: Row[] = [];
for (const problem of instances) {
  const seconds = iterations === undefined ? budgetFor(problem.n) : undefined;
  const baseline = checkTtpSchedule(problem, canonicalSchedule(problem.n)).travel;
  const known = lookupBestKnown(bestKnown, problem.name) ?? null;
  const objectives: number[] = [];
  let infeasibility = 0;
  let elapsed = 0;
  let cpuSeconds = 0;
  let moves = 0;
  for (const seed of seeds) {
    process.stderr.write(
      `${problem.name}${values.mirrored ? ' (mirrored)' : ''}: ${problem.n} teams, ${seconds !== undefined ? `${seconds}s` : `${iterations} moves per run`} on ${workers} worker(s), seed ${seed}… `,
    );
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await solveTtp(problem, {
      seconds,
      iterations,
      workers,
      seed,
      params,
      ...portfolio,
      target: known ?? undefined,
      // the solver's default (sharing, except between the runs of a decided pilot race) unless --independent
      cooperate: values.independent ? false : undefined,
    });
    const cpu = process.cpuUsage(cpu0);
    const check = checkTtpSchedule(problem, result.cells);
    if (check.errors.length > 0) fail(`${problem.name}: invalid schedule: ${check.errors[0]}`);
    const violations = check.ca3Violations + check.se1Violations + check.gameModeViolations;
    objectives.push(violations > 0 ? Number.POSITIVE_INFINITY : check.travel);
    infeasibility = Math.max(infeasibility, violations);
    elapsed += (performance.now() - started) / 1000;
    cpuSeconds += (cpu.user + cpu.system) / 1e6;
    moves += result.runs.reduce((a, r) => a + r.iterations, 0);
    process.stderr.write(`${check.travel}${violations > 0 ? ` INFEASIBLE (${violations})` : ''}\n`);
  }
  const objective = median(objectives);
  const row: Row = {
    instance: problem.name,
    teams: problem.n,
    objective,
    objectives,
    infeasibility,
    best_known: known,
    lower_bound: lookupBestKnown(lowerBounds, problem.name) ?? null,
    gap_pct: known && Number.isFinite(objective) ? round2(((objective - known) / known) * 100) : null,
    baseline,
    ratio_to_baseline: Math.round((objective / baseline) * 10000) / 10000,
    seconds: round2(elapsed / seeds.length),
    cpu_seconds: round2(cpuSeconds / seeds.length),
    moves: Math.round(moves / seeds.length),
  };
  rows.push(row);
  process.stderr.write(
    `${problem.name}: median ${row.objective} (gap ${row.gap_pct ?? '?'}%) of ${objectives.join(', ')}\n`,
  );
}

const pad = (s: string | number, w: number) => String(s).padStart(w);
console.log(
  `${'instance'.padEnd(8)} ${pad('teams', 5)} ${pad('median', 10)} ${pad('best', 8)} ${pad('lower', 8)} ${pad('gap %', 7)} ${pad('baseline', 9)} ${pad('ratio', 6)} ${pad('seconds', 8)} ${pad('cpu s', 7)} ${pad('moves', 11)}`,
);
for (const r of rows)
  console.log(
    `${r.instance.padEnd(8)} ${pad(r.teams, 5)} ${pad(r.objective, 10)} ${pad(r.best_known ?? '-', 8)} ${pad(r.lower_bound ?? '-', 8)} ${pad(r.gap_pct ?? '-', 7)} ${pad(r.baseline, 9)} ${pad(r.ratio_to_baseline.toFixed(3), 6)} ${pad(r.seconds.toFixed(1), 8)} ${pad(r.cpu_seconds.toFixed(1), 7)} ${pad(r.moves, 11)}`,
  );
const gaps = rows.filter((r) => r.gap_pct !== null).map((r) => r.gap_pct as number);
console.log(
  JSON.stringify({
    bench: 'ttp',
    budget:
      iterations !== undefined
        ? { iterations_per_run: iterations }
        : {
            seconds_small: values['small-seconds'],
            seconds_large: values['large-seconds'],
            seconds: values.seconds ?? null,
          },
    workers,
    cooperate: values.independent ? 'never' : 'default',
    seeds,
    params,
    mirrored: values.mirrored,
    portfolio: values.portfolio,
    instances: rows,
    at_best_known: rows.filter((r) => r.gap_pct === 0).length,
    mean_gap_pct: gaps.length ? Math.round((gaps.reduce((a, b) => a + b, 0) / gaps.length) * 100) / 100 : null,
    max_gap_pct: gaps.length ? Math.max(...gaps) : null,
  }),
);
