/**
 * bench:big12 — a 2025-26 Big 12 men's basketball schedule from in-memory data (scheduling/fixtures/big12-mbb.ts):
 * 16 teams, 18 games (3 opponents twice), dated slots Dec 30 – Mar 7, the Big 12 rules as hard constraints and
 * travel as the soft objective.
 *
 * Baseline (same run): the circle-method schedule repaired to feasibility (annealing on hard violations only,
 * stopped at the first feasible schedule). Then the optimiser with a time budget on worker_threads.
 *
 *   npm run bench:big12 -- [--seconds 7.5] [--workers 2] [--seed 1] [--iterations N]
 *
 * `--iterations N` replaces the time budget by N iterations per worker (deterministic, load-independent quality).
 *
 * Progress on stderr; last stdout line:
 * {"hard_violations","soft_penalty","travel_miles","baseline_travel_miles","seconds",…}
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { ScheduleProblem } from '../scheduling/index.ts';
import {
  big12MbbProblem,
  compileProblem,
  evaluateGrid,
  optimizeParallel,
  optimizeSchedule,
} from '../scheduling/index.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '7.5' },
    workers: { type: 'string' },
    seed: { type: 'string', default: '1' },
    iterations: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const workers = Number(values.workers ?? Math.min(2, availableParallelism()));
const seed = Number(values.seed);
const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
if (!(seconds > 0) || !(workers >= 1) || !Number.isInteger(seed) || (iterations !== undefined && !(iterations > 0))) {
  throw new Error('usage: bench:big12 -- [--seconds N] [--workers W] [--seed S] [--iterations N]');
}

const problem = big12MbbProblem();
const evaluators = compileProblem(problem);
const travelOf = (r: { grid: Parameters<typeof evaluateGrid>[0] }) =>
  evaluateGrid(r.grid, evaluators).results.find((x) => x.type === 'travel_distance')?.penalty ?? 0;

// baseline: circle method, repaired to feasibility on the hard constraints only
const hardOnly: ScheduleProblem = { ...problem, constraints: problem.constraints.filter((c) => c.severity === 'hard') };
const b0 = performance.now();
const baseline = optimizeSchedule(hardOnly, { seed, canonicalStart: true, stopWhenFeasible: true, seconds: 30 });
const baselineTravel = travelOf(baseline);
console.error(
  `baseline (circle method repaired): hard=${baseline.hardViolations} travel=${baselineTravel.toFixed(0)} mi ` +
    `(${baseline.iterations} repair iterations, ${((performance.now() - b0) / 1000).toFixed(2)} s)`,
);

// optimisation
const t0 = performance.now();
let lastLog = 0;
const result = await optimizeParallel(problem, {
  workers,
  seed,
  ...(iterations === undefined ? { seconds } : { iterations }),
  progressEvery: 50_000,
  onProgress: (p) => {
    const now = performance.now();
    if (now - lastLog < 1000 && p.percent < 100) return;
    lastLog = now;
    console.error(
      `[worker ${p.worker}] ${p.percent.toFixed(0).padStart(3)}%  it=${p.iteration}  hard=${p.hardViolations}  soft=${p.softPenalty.toFixed(0)}`,
    );
  },
});
const wall = (performance.now() - t0) / 1000;
const travel = travelOf(result);

// the schedule: dates and each team's home/away pattern
const teams = problem.teams;
console.error(`dates: ${result.slots.map((s) => s.date?.slice(5)).join(' ')}`);
for (let t = 0; t < teams.length; t++) {
  const row = Array.from({ length: result.grid.slots }, (_, s) =>
    result.grid.cell[t * result.grid.slots + s] > 0 ? 'H' : 'A',
  );
  console.error(`${String(teams[t].id).padEnd(5)} ${row.join('')}`);
}
for (const r of result.report.results) {
  if (r.penalty > 0) console.error(`  ${r.severity} ${r.id ?? r.type}: penalty ${r.penalty.toFixed(0)}`);
}
const reduction = baselineTravel > 0 ? (1 - travel / baselineTravel) * 100 : 0;
console.error(
  `optimised: hard=${result.hardViolations} soft=${result.softPenalty.toFixed(0)} travel=${travel.toFixed(0)} mi ` +
    `(${reduction.toFixed(1)}% below baseline) in ${wall.toFixed(2)} s on ${workers} worker(s), best seed ${result.seed}`,
);

console.log(
  JSON.stringify({
    hard_violations: result.hardViolations,
    soft_penalty: Math.round(result.softPenalty * 10) / 10,
    travel_miles: Math.round(travel),
    baseline_travel_miles: Math.round(baselineTravel),
    seconds: Math.round(wall * 100) / 100,
    travel_reduction_pct: Math.round(reduction * 10) / 10,
    workers,
    seed: result.seed,
    iterations: result.iterations,
    budget: iterations === undefined ? `${seconds}s` : `${iterations} iterations`,
  }),
);
