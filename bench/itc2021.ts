/**
 * bench:itc2021 (stretch) — the general conference optimiser on the ITC2021 instances in ../shared/benchmarks/itc2021
 * (RobinX XML read by scheduling/robinx): every CA1–CA4, GA1, BR1–BR2, FA2, SE1 constraint becomes an engine
 * constraint (HARD → hard, SOFT → soft with its penalty as weight), phased instances get the `phased` rule.
 * Reports, per instance, the hard violations left and the soft penalty against the best known (README).
 *
 *   npm run bench:itc2021 -- [--seconds 30] [--workers 2] [--seed 1]
 *
 * Last stdout line: {"instances":[{"instance","hard_violations","soft_penalty","best_known","gap_pct","seconds"}…]}
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { optimizeParallel } from '../scheduling/index.ts';
import { lookupBestKnown, parseBestKnown } from '../scheduling/robinx/best-known.ts';
import { ITC2021_TUNING, itc2021Problem } from '../scheduling/robinx/itc2021.ts';
import { parseRobinxInstance } from '../scheduling/robinx/reader.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    workers: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const seconds = Number(values.seconds);
const workers = Number(values.workers ?? Math.min(2, availableParallelism()));
const seed = Number(values.seed);

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = process.env.BENCHMARKS_DIR ?? join(repo, '..', 'shared', 'benchmarks');
const dir = join(root, 'itc2021');
if (!existsSync(dir)) throw new Error(`no ITC2021 instances in ${dir} (set BENCHMARKS_DIR)`);
const readme = join(root, 'README.md');
const bestKnown = existsSync(readme) ? parseBestKnown(readFileSync(readme, 'utf8')) : new Map<string, number>();

const rows: Array<Record<string, unknown>> = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.xml'))
  .sort()) {
  const inst = parseRobinxInstance(readFileSync(join(dir, file), 'utf8'));
  const problem = itc2021Problem(inst);
  const t0 = performance.now();
  let last = 0;
  const r = await optimizeParallel(problem, {
    ...ITC2021_TUNING,
    workers,
    seed,
    seconds,
    progressEvery: 20_000,
    onProgress: (p) => {
      if (performance.now() - last < 5000 && p.percent < 100) return;
      last = performance.now();
      console.error(
        `${inst.name} [worker ${p.worker}] ${p.percent.toFixed(0)}% hard=${p.hardViolations} soft=${p.softPenalty}`,
      );
    },
  });
  const best = lookupBestKnown(bestKnown, inst.name, file.replace(/\.xml$/, ''));
  const row = {
    instance: inst.name,
    constraints: problem.constraints.length,
    hard_violations: r.hardViolations,
    soft_penalty: r.softPenalty,
    best_known: best ?? null,
    gap_pct: best && r.hardViolations === 0 ? Math.round(((r.softPenalty - best) / best) * 1000) / 10 : null,
    seconds: Math.round((performance.now() - t0) / 10) / 100,
  };
  console.error(JSON.stringify(row));
  rows.push(row);
}
console.log(JSON.stringify({ instances: rows }));
