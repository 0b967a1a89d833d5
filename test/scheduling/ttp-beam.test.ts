// The beam search's lower bounds and schedules: the per-team bound never exceeds what a team still travels in a real
// schedule and sums to the published independent lower bound; every schedule the beam writes is checked from scratch
// (travel recomputed, gameMode kept) and an iteration budget makes a run reproducible per seed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRobinxInstance } from '../../scheduling/robinx/reader.ts';
import { type AnnealProgress, annealTtp } from '../../scheduling/ttp/anneal.ts';
import { beamSearch } from '../../scheduling/ttp/beam.ts';
import { TeamTravelBounds } from '../../scheduling/ttp/bounds.ts';
import { type TtpProblem, ttpFromRobinx } from '../../scheduling/ttp/problem.ts';
import { checkTtpSchedule } from '../../scheduling/ttp/validate.ts';
import { circ, randomProblem } from '../support/ttp-problems.ts';

const fixtures = fileURLToPath(new URL('../fixtures/robinx/', import.meta.url));
const load = (file: string): TtpProblem =>
  ttpFromRobinx(parseRobinxInstance(readFileSync(`${fixtures}${file}.xml`, 'utf8')));
const withoutGameMode = (problem: TtpProblem): TtpProblem => ({ ...problem, name: 'NL6', gameMode: null });

/** The schedule's travel, recomputed by the independent validator, which must find it feasible. */
function feasibleTravel(problem: TtpProblem, cells: Int32Array): number {
  const check = checkTtpSchedule(problem, cells);
  expect(check.errors).toEqual([]);
  expect(check.ca3Violations + check.se1Violations + check.gameModeViolations).toBe(0);
  return check.travel;
}

describe('team travel bounds', () => {
  it('never exceed the known optimum (NL4, NL6, CIRC4, CIRC6)', () => {
    const nl6 = withoutGameMode(load('NL6-mirrored'));
    for (const [problem, optimum] of [
      [load('NL4'), 8276],
      [nl6, 23916],
      [circ(4), 20],
      [circ(6), 64],
    ] as const)
      expect(new TeamTravelBounds(problem).independentLowerBound()).toBeLessThanOrEqual(optimum);
  });

  it('sum to the published independent lower bound (NL8 38,670; NL12 107,483)', () => {
    expect(new TeamTravelBounds(load('NL8')).independentLowerBound()).toBe(38670);
    expect(new TeamTravelBounds(load('NL12')).independentLowerBound()).toBe(107483);
  });

  it("never exceed a team's remaining travel in a feasible schedule, from any round", () => {
    for (const problem of [withoutGameMode(load('NL6-mirrored')), randomProblem(8, 4), circ(8)]) {
      const { n, rounds: R, dist } = problem;
      const bounds = new TeamTravelBounds(problem);
      const cells = annealTtp(problem, { iterations: 50_000, seed: 2 }).cells;
      feasibleTravel(problem, cells);
      for (let t = 0; t < n; t++) {
        const venue = (r: number) => (r < 0 || r >= R || cells[t * R + r] > 0 ? t : -cells[t * R + r] - 1);
        for (let r = 0; r <= R; r++) {
          // where t is after round r - 1, the venues it still visits, the away streak it is on
          let remaining = 0;
          let streak = 0;
          for (let q = r; q < R; q++) if (venue(q) !== t) remaining |= 1 << bounds.bitOf(t, venue(q));
          for (let q = r - 1; q >= 0 && venue(q) !== t; q--) streak++;
          let travel = 0;
          for (let q = r; q <= R; q++) travel += dist[venue(q - 1) * n + venue(q)];
          expect(bounds.bound(t, remaining, venue(r - 1), problem.maxAway - streak)).toBeLessThanOrEqual(travel);
        }
      }
    }
  });

  it('are refused with the reason when the table would not fit', () => {
    expect(() => new TeamTravelBounds(randomProblem(22, 1))).toThrow(/table entries/);
  });
});

describe('beam search', () => {
  it('writes feasible schedules whose travel the validator recomputes, for each gameMode', () => {
    for (const problem of [
      load('NL4'),
      withoutGameMode(load('NL6-mirrored')),
      load('NL6-mirrored'),
      load('NL6-phased'),
      randomProblem(10, 3),
      circ(8),
    ]) {
      const result = beamSearch(problem, { iterations: 200_000, seed: 5 });
      expect(result.cells, problem.name).not.toBeNull();
      expect(feasibleTravel(problem, result.cells as Int32Array)).toBe(result.cost);
      expect(result.cost).toBeGreaterThanOrEqual(new TeamTravelBounds(problem).independentLowerBound());
      expect(result.work).toBeLessThanOrEqual(200_000);
    }
  });

  it('finds the NL4 optimum', () => {
    expect(beamSearch(load('NL4'), { iterations: 20_000, seed: 1 }).cost).toBe(8276);
  });

  it('gives the same schedule for the same seed and budget, another for another seed', () => {
    const problem = randomProblem(10, 7);
    const a = beamSearch(problem, { iterations: 100_000, seed: 3 });
    const b = beamSearch(problem, { iterations: 100_000, seed: 3 });
    expect(b.runs).toEqual(a.runs);
    expect(Array.from(b.cells as Int32Array)).toEqual(Array.from(a.cells as Int32Array));
    const other = beamSearch(problem, { iterations: 100_000, seed: 4 });
    expect(Array.from(other.cells as Int32Array)).not.toEqual(Array.from(a.cells as Int32Array));
  });

  it('stops at its time budget', () => {
    const started = performance.now();
    const result = beamSearch(randomProblem(12, 1), { seconds: 0.3, seed: 1 });
    // generous (a shared machine): the bound table and one level of the current run finish after the deadline
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.work).toBeGreaterThan(0);
  });

  it('refuses to run without a budget', () => {
    expect(() => beamSearch(load('NL4'))).toThrow(/budget/);
  });
});

describe('annealing from the beam (beam > 0)', () => {
  it('keeps the budget, the gameMode and reproducibility, and never ends above the beam', () => {
    for (const problem of [randomProblem(8, 9), load('NL6-mirrored'), load('NL6-phased')]) {
      const options = { iterations: 300_000, seed: 6, params: { beam: 0.3 } };
      const a = annealTtp(problem, options);
      const b = annealTtp(problem, options);
      expect(Array.from(b.cells)).toEqual(Array.from(a.cells));
      expect(a.violations).toBe(0);
      expect(feasibleTravel(problem, a.cells)).toBe(a.cost);
      expect(a.iterations).toBeLessThanOrEqual(300_000);
      const beam = beamSearch(problem, { iterations: 90_000, seed: 6 });
      expect(a.cost).toBeLessThanOrEqual(beam.cost);
    }
  });

  it('reports progress during the beam phase, not only once the annealer runs', () => {
    const events: AnnealProgress[] = [];
    annealTtp(randomProblem(8, 9), {
      iterations: 100_000,
      seed: 6,
      params: { beam: 0.5 },
      progressIntervalMs: 0,
      onProgress: (p) => events.push(p),
    });
    // the beam's reports come first (no temperature), with its best schedule's travel
    expect(events[0].temperature).toBe(0);
    expect(events.findIndex((e) => e.temperature > 0)).toBeGreaterThan(0);
    expect(events.some((e) => e.temperature === 0 && Number.isFinite(e.bestCost))).toBe(true);
  });
});
