// The TTP's exact neighbourhoods (window re-solve, team re-assignment) and the annealer's intensification with them:
// every schedule they write is checked from scratch, their travel changes are recomputed independently, and an
// iteration budget keeps a run reproducible per seed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../scheduling/rng.ts';
import { parseRobinxInstance } from '../../scheduling/robinx/reader.ts';
import { annealTtp } from '../../scheduling/ttp/anneal.ts';
import { venueFlipSearch } from '../../scheduling/ttp/flips.ts';
import { type TtpProblem, ttpFromRobinx } from '../../scheduling/ttp/problem.ts';
import { relabelSearch } from '../../scheduling/ttp/relabel.ts';
import { canonicalSchedule, TtpSchedule } from '../../scheduling/ttp/schedule.ts';
import { checkTtpSchedule } from '../../scheduling/ttp/validate.ts';
import { WindowSolver, windowDescent } from '../../scheduling/ttp/window.ts';
import { randomProblem } from '../support/ttp-problems.ts';

const fixtures = fileURLToPath(new URL('../fixtures/robinx/', import.meta.url));
const load = (file: string): TtpProblem =>
  ttpFromRobinx(parseRobinxInstance(readFileSync(`${fixtures}${file}.xml`, 'utf8')));

function travel(problem: TtpProblem, cells: Int32Array): number {
  const check = checkTtpSchedule(problem, cells);
  expect(check.errors).toEqual([]);
  expect(check.feasible).toBe(true);
  return check.travel;
}

describe('window re-solve', () => {
  it('writes a feasible schedule whose travel fell by exactly the reported delta, on every window', () => {
    for (const problem of [randomProblem(8, 1), randomProblem(10, 2), load('NL6-mirrored'), load('NL6-phased')]) {
      const cells = annealTtp(problem, { iterations: 20_000, seed: 3 }).cells;
      const solver = new WindowSolver(problem);
      for (const w of [2, 3])
        for (const a of solver.windowStarts(w)) {
          const before = travel(problem, cells);
          const { delta } = solver.improve(cells, a, w, 100_000);
          expect(delta).toBeLessThanOrEqual(0);
          expect(travel(problem, cells)).toBe(before + delta);
        }
    }
  });

  it('is at least as good as every feasible PartialSwapRounds of a two-round window (its special cases)', () => {
    const problem = randomProblem(8, 5);
    const start = canonicalSchedule(8);
    const solver = new WindowSolver(problem);
    for (const a of solver.windowStarts(2)) {
      let bestSingle = travel(problem, start);
      for (let t = 0; t < problem.n; t++) {
        const s = new TtpSchedule(problem, start);
        s.partialSwapRounds(t, a, a + 1);
        if (s.newViolations === 0) bestSingle = Math.min(bestSingle, s.cost + s.deltaCost);
      }
      const cells = Int32Array.from(start);
      solver.improve(cells, a, 2, 1_000_000);
      expect(travel(problem, cells)).toBeLessThanOrEqual(bestSingle);
    }
  });

  it('re-solves only windows inside one half for a phased schedule, the first half for a mirrored one', () => {
    expect(new WindowSolver(load('NL6-mirrored')).windowStarts(3)).toEqual([0, 1, 2]);
    expect(new WindowSolver(load('NL6-phased')).windowStarts(3)).toEqual([0, 1, 2, 5, 6, 7]);
  });

  it('a descent improves the canonical schedule and stops within its node budget', () => {
    const problem = randomProblem(10, 9);
    const cells = canonicalSchedule(10);
    const before = travel(problem, cells);
    const result = windowDescent(new WindowSolver(problem), cells, createRng(1), 3, 50_000);
    expect(result.delta).toBeLessThan(0);
    expect(result.nodes).toBeLessThanOrEqual(50_000);
    expect(travel(problem, cells)).toBe(before + result.delta);
  });
});

describe('team re-assignment', () => {
  it('keeps the schedule feasible (mirror included) and lowers its travel by exactly the reported delta', () => {
    for (const problem of [randomProblem(10, 4), load('NL6-mirrored')]) {
      const cells = canonicalSchedule(problem.n);
      const before = travel(problem, cells);
      const result = relabelSearch(problem, cells, createRng(2), 4, 20_000);
      expect(result.evals).toBeLessThanOrEqual(20_000);
      expect(result.delta).toBeLessThan(0);
      expect(travel(problem, cells)).toBe(before + result.delta);
    }
  });
});

describe('venue re-orientation', () => {
  it('keeps CA3 and the gameMode and lowers the travel by exactly the reported delta', () => {
    for (const problem of [randomProblem(10, 6), load('NL6-mirrored'), load('NL6-phased')]) {
      const cells = canonicalSchedule(problem.n);
      const before = travel(problem, cells);
      const result = venueFlipSearch(problem, cells, createRng(5), 4, 5_000);
      expect(result.evals).toBeLessThanOrEqual(5_000);
      expect(result.delta).toBeLessThanOrEqual(0);
      expect(travel(problem, cells)).toBe(before + result.delta);
    }
  });
});

describe('annealing with the exact neighbourhoods (intensify)', () => {
  it('is deterministic per seed under an iteration budget, and its schedule is feasible', () => {
    const problem = randomProblem(10, 7);
    const params = { intensify: 0.2, flipPairs: 5 };
    const runs = [1, 1, 2].map((seed) => annealTtp(problem, { iterations: 200_000, seed, params }));
    expect(Array.from(runs[1].cells)).toEqual(Array.from(runs[0].cells));
    expect(runs[1].cost).toBe(runs[0].cost);
    for (const run of runs) {
      expect(run.violations).toBe(0);
      expect(travel(problem, run.cells)).toBe(run.cost);
      expect(run.iterations).toBeLessThanOrEqual(200_000 + 1024);
    }
  });

  it('keeps a mirrored schedule mirrored', () => {
    const problem = load('NL6-mirrored');
    const run = annealTtp(problem, { iterations: 100_000, seed: 4, params: { intensify: 0.2 } });
    expect(checkTtpSchedule(problem, run.cells).gameModeViolations).toBe(0);
    expect(travel(problem, run.cells)).toBe(run.cost);
  });
});
