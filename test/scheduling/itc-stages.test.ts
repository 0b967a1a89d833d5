// The ITC2021 stages: pattern-first start, per-type hard weights, the assignment descent, and the written solutions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateGrid, IncrementalEvaluator } from '../../scheduling/evaluate/index.ts';
import type { Format, Game, Grid } from '../../scheduling/model.ts';
import { canonicalSchedule, gridConsistencyErrors, gridFromGames } from '../../scheduling/model.ts';
import { Mover } from '../../scheduling/moves.ts';
import { improveAssignment } from '../../scheduling/optimize/assignment.ts';
import { patternFirstStart, patternSets } from '../../scheduling/optimize/patterns.ts';
import { SearchRun } from '../../scheduling/optimize/search.ts';
import { TypeHardWeights } from '../../scheduling/optimize/type-weights.ts';
import { compileProblem, initialDays, optimizeSchedule } from '../../scheduling/optimizer.ts';
import { Rng } from '../../scheduling/rng.ts';
import { ITC2021_TUNING, itc2021Problem } from '../../scheduling/robinx/itc2021.ts';
import { parseRobinxInstance } from '../../scheduling/robinx/reader.ts';
import { scoreRobinxSolution } from '../../scheduling/robinx/score.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/robinx/${name}`, import.meta.url), 'utf8');
const DRR: Format = { kind: 'round_robin', rounds: 2 };

/** Breaks counted from the games alone: per team, its sides in slot order, and equal neighbours. */
function breaksOf(n: number, games: readonly Game[]): number {
  const sides = Array.from({ length: n }, () => new Map<number, string>());
  for (const g of games) {
    sides[g.home].set(g.slot, 'H');
    sides[g.away].set(g.slot, 'A');
  }
  let breaks = 0;
  for (const side of sides) {
    const slots = [...side.keys()].sort((a, b) => a - b);
    for (let k = 1; k < slots.length; k++) if (side.get(slots[k]) === side.get(slots[k - 1])) breaks++;
  }
  return breaks;
}

/** Asserts a compact phased double round robin: one game per team and slot, each ordered pair once per the whole, each pair once per half. */
function expectPhasedDrr(n: number, games: readonly Game[]): void {
  const R = n - 1;
  expect(games).toHaveLength(n * R);
  const ordered = new Set(games.map((g) => `${g.home}>${g.away}`));
  expect(ordered.size).toBe(n * R);
  const perSlot = new Set(games.flatMap((g) => [`${g.home}@${g.slot}`, `${g.away}@${g.slot}`]));
  expect(perSlot.size).toBe(2 * n * R);
  for (const half of [0, 1]) {
    const pairs = new Set(
      games
        .filter((g) => Math.floor(g.slot / R) === half)
        .map((g) => `${Math.min(g.home, g.away)}-${Math.max(g.home, g.away)}`),
    );
    expect(pairs.size).toBe((n * (n - 1)) / 2);
  }
}

describe('pattern-first start', () => {
  it('every candidate pattern set is a phased double round robin with the break counts of its construction', () => {
    for (const n of [6, 10, 16, 18]) {
      const sets = patternSets(n, DRR, false);
      expect(sets).not.toBeNull();
      expect(sets).toHaveLength(12);
      for (const set of sets ?? []) expectPhasedDrr(n, set.games);
      const byName = new Map((sets ?? []).map((s) => [s.name, breaksOf(n, s.games)]));
      // second half reversed: no break at the turn, n − 2 in each half; mirrored: n − 2 more at the turn
      expect(byName.get('reversed')).toBe(2 * n - 4);
      expect(byName.get('reversed+complement+reversed-time')).toBe(2 * n - 4);
      expect(byName.get('mirrored')).toBe(3 * n - 6);
    }
  });

  it('under gameMode M only mirrored sets are offered, and a partial round robin gets none', () => {
    const sets = patternSets(8, DRR, true) ?? [];
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) {
      const R = 7;
      const key = (g: Game) => `${g.home}>${g.away}@${g.slot}`;
      const all = new Set(set.games.map(key));
      for (const g of set.games.filter((x) => x.slot < R))
        expect(all.has(`${g.away}>${g.home}@${g.slot + R}`)).toBe(true);
    }
    expect(patternSets(8, { kind: 'partial_round_robin', doubles: 2 }, false)).toBeNull();
    expect(patternSets(7, DRR, false)).toBeNull();
  });

  it('builds a valid double round robin on Early 1, with the breaks and the cost it claims, and far fewer hard violations than the canonical start', () => {
    const problem = itc2021Problem(parseRobinxInstance(fixture('ITC2021_Early_1.xml')));
    const evaluators = compileProblem(problem);
    const n = problem.teams.length;
    const days = initialDays(problem);
    const grid = gridFromGames(n, days, canonicalSchedule(n, problem.format));
    const canonicalHard = evaluateGrid(grid, evaluators).hardViolations;
    const run = new SearchRun(problem, { iterations: 100_000 }, new Rng(4), grid, performance.now());
    const start = patternFirstStart(run, { evaluators, format: problem.format, mirrored: false, budget: 3_000 });
    expect(start).not.toBeNull();
    if (start === null) return;
    expect(gridConsistencyErrors(grid)).toEqual([]);
    const games = gamesOf(grid);
    expectPhasedDrr(n, games);
    expect(start.breaks).toBe(breaksOf(n, games));
    const report = evaluateGrid(grid, evaluators);
    expect(start.hard).toBe(report.hardViolations);
    expect(start.soft).toBeCloseTo(report.softPenalty, 6);
    expect(start.hard).toBeLessThan(canonicalHard / 2);
    expect(run.iteration).toBe(start.evaluations);
    expect(start.evaluations).toBeLessThanOrEqual(3_000);
  }, 60_000);
});

function gamesOf(g: Grid): Game[] {
  const games: Game[] = [];
  for (let t = 0; t < g.teams; t++)
    for (let s = 0; s < g.slots; s++) {
      const v = g.cell[t * g.slots + s];
      if (v > 0) games.push({ home: t, away: v - 1, slot: s });
    }
  return games;
}

describe('per-type hard weights', () => {
  const problem = itc2021Problem(parseRobinxInstance(fixture('ITC2021_Early_1.xml')));
  const evaluators = compileProblem(problem);
  const n = problem.teams.length;

  it('raise the types still violated, lower the satisfied ones to no less than 1, cap at max, per constraint', () => {
    const grid = gridFromGames(n, initialDays(problem), canonicalSchedule(n, problem.format));
    const e = new IncrementalEvaluator(evaluators, grid);
    const weights = new TypeHardWeights(e, { raise: 2, lower: 1.5, max: 8 });
    const violated = new Set(
      evaluators.filter((x, c) => x.severity === 'hard' && e.penalties[c] > 0).map((x) => x.type),
    );
    const satisfied = weights.types.filter((t) => !violated.has(t));
    expect(violated.size).toBeGreaterThan(0);
    expect(satisfied.length).toBeGreaterThan(0);
    for (let k = 0; k < 5; k++) weights.adapt();
    for (const t of violated) expect(weights.weightOf(t)).toBe(8); // 2^5 capped at 8
    for (const t of satisfied) expect(weights.weightOf(t)).toBe(1);
    evaluators.forEach((x, c) => {
      expect(e.hardWeights[c]).toBe(x.severity === 'hard' ? weights.weightOf(x.type) : 1);
    });
    // once satisfied, a type comes down again: pretend every constraint is satisfied
    e.penalties.fill(0);
    weights.adapt();
    for (const t of violated) expect(weights.weightOf(t)).toBeCloseTo(8 / 1.5, 9);
    expect(() => new TypeHardWeights(e, { raise: 1, lower: 1.5, max: 8 })).toThrow(/raise and lower must be > 1/);
  });

  it('weight the annealer’s hard delta: lastWeightedHard is Σ type weight × delta of each constraint', () => {
    const grid = gridFromGames(n, initialDays(problem), canonicalSchedule(n, problem.format));
    const e = new IncrementalEvaluator(evaluators, grid);
    const weights = new TypeHardWeights(e, { raise: 3, lower: 1.1, max: 100 });
    weights.adapt();
    const mover = new Mover(grid);
    const rng = new Rng(9);
    for (let k = 0; k < 200; k++) {
      mover.begin();
      if (!mover.swapTeams(rng.int(n), rng.int(n))) continue;
      e.delta(mover.changed, mover.changedCount, true, mover.changedSlot);
      let expected = 0;
      evaluators.forEach((x, c) => {
        if (x.severity === 'hard') expected += weights.weightOf(x.type) * e.lastDelta[c];
      });
      expect(e.lastWeightedHard).toBeCloseTo(expected, 9);
      mover.undo();
    }
  });
});

describe('assignment descent (soft-penalty improver)', () => {
  it('ends at a local optimum of every team exchange and home flip, never worse than it started', () => {
    const problem = itc2021Problem(parseRobinxInstance(fixture('ITC2021_Early_1.xml')));
    const evaluators = compileProblem(problem);
    const n = problem.teams.length;
    const rng = new Rng(2);
    const perm = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    const games = canonicalSchedule(n, problem.format).map((g) => ({ ...g, home: perm[g.home], away: perm[g.away] }));
    const grid = gridFromGames(n, initialDays(problem), games);
    const e = new IncrementalEvaluator(evaluators, grid);
    const hardWeight = 50;
    const cost = () => {
      const r = evaluateGrid(grid, evaluators);
      return hardWeight * r.hardViolations + r.softPenalty;
    };
    const before = cost();
    const mover = new Mover(grid);
    const kept = improveAssignment({
      evaluator: e,
      mover,
      hardWeight,
      calendarKept: true,
      spend: () => true,
      maxPasses: 50,
    });
    expect(kept).toBeGreaterThan(0);
    const after = cost();
    expect(after).toBeLessThan(before);
    expect(e.hard * hardWeight + e.soft).toBeCloseTo(after, 6);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        for (const move of [() => mover.swapTeams(i, j), () => mover.swapHomes(i, j)]) {
          mover.begin();
          move();
          expect(cost()).toBeGreaterThanOrEqual(after - 1e-9);
          mover.undo();
        }
  }, 120_000);
});

describe('ITC2021 with the new stages', () => {
  const inst = parseRobinxInstance(fixture('ITC2021_Early_1.xml'));
  const problem = itc2021Problem(inst);
  const options = {
    ...ITC2021_TUNING,
    construction: 'patterns' as const,
    typeHardWeights: true,
    assignmentImprover: true,
    patternBudget: 2_000,
    iterations: 20_000,
    reheats: 3,
  };

  it('is deterministic per seed under an iteration budget, and stays within it', () => {
    const a = optimizeSchedule(problem, { ...options, seed: 7 });
    const b = optimizeSchedule(problem, { ...options, seed: 7 });
    expect(b.games).toEqual(a.games);
    expect(b.softPenalty).toBe(a.softPenalty);
    expect(a.iterations).toBeLessThanOrEqual(20_000);
    const c = optimizeSchedule(problem, { ...options, seed: 8 });
    expect(c.games).not.toEqual(a.games);
  }, 120_000);

  it('the written solution scored by the RobinX scorer equals what the optimiser reports', () => {
    const r = optimizeSchedule(problem, { ...options, seed: 3 });
    const score = scoreRobinxSolution(
      inst,
      r.games.map((g) => ({ home: inst.teams[g.home].id, away: inst.teams[g.away].id, slot: inst.slots[g.slot].id })),
    );
    expect(score.infeasibility).toBe(r.hardViolations);
    expect(score.objective).toBe(r.softPenalty);
  }, 120_000);
});
