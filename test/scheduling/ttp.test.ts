import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRobinxInstance } from '../../scheduling/robinx/reader.ts';
import { annealTtp, DEFAULT_ANNEAL_PARAMS } from '../../scheduling/ttp/anneal.ts';
import { BestBoard } from '../../scheduling/ttp/board.ts';
import {
  BEAM_PROFILE,
  DEFAULT_PORTFOLIO,
  defaultPortfolio,
  deriveSeed,
  solveTtp,
} from '../../scheduling/ttp/parallel.ts';
import { createTtpProblem, type TtpProblem, ttpFromRobinx } from '../../scheduling/ttp/problem.ts';
import { canonicalSchedule, TtpSchedule } from '../../scheduling/ttp/schedule.ts';
import { checkTtpSchedule } from '../../scheduling/ttp/validate.ts';
import { circ } from '../support/ttp-problems.ts';

const fixture = fileURLToPath(new URL('../fixtures/robinx/NL4.xml', import.meta.url));
const benchDir = fileURLToPath(new URL('../../../shared/benchmarks/ttp/', import.meta.url));

function load(name: string): TtpProblem | null {
  if (name === 'NL4') return ttpFromRobinx(parseRobinxInstance(readFileSync(fixture, 'utf8')));
  const path = `${benchDir}${name}.xml`;
  return existsSync(path) ? ttpFromRobinx(parseRobinxInstance(readFileSync(path, 'utf8'))) : null;
}

/** A random symmetric distance matrix with zero diagonal. */
function randomProblem(n: number, seed: number): TtpProblem {
  let x = seed >>> 0 || 1;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % 1000;
  };
  const d = new Array(n * n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = 1 + rnd();
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  return createTtpProblem(`R${n}`, d);
}

function expectValid(problem: TtpProblem, cells: Int32Array, feasible = true) {
  const check = checkTtpSchedule(problem, cells);
  expect(check.errors).toEqual([]);
  if (feasible) {
    expect(check.ca3Violations).toBe(0);
    expect(check.se1Violations).toBe(0);
  }
  return check;
}

/** A random instance of n teams: the fast CA3/SE1 model, or the general one with other limits. */
function problemOf(n: number, mode: 'fast' | 'general', seed: number): TtpProblem {
  return mode === 'fast'
    ? randomProblem(n, seed)
    : createTtpProblem('general', randomProblem(n, seed).dist, { maxConsecutive: 2, minSeparation: 2 });
}

/** Arbitraries of a walk: team count, model, moves (kind 0..maxKind and raw operands, keep or roll back), seed. */
function walks(maxKind: number) {
  return [
    fc.constantFrom(4, 6, 8, 10, 12),
    fc.constantFrom<'fast' | 'general'>('fast', 'general'),
    fc.array(fc.tuple(fc.integer({ min: 0, max: maxKind }), fc.nat(), fc.nat(), fc.nat(), fc.boolean()), {
      minLength: 1,
      maxLength: 60,
    }),
    fc.integer({ min: 1, max: 1_000_000 }),
  ] as const;
}

/** Raw operands to a move's: teams i ≠ j, rounds k ≠ l, and r, the first round from k where i and j do not meet. */
function operands(s: TtpSchedule, a: number, b: number, c: number) {
  const { n, R } = s;
  const i = a % n;
  const j = (i + 1 + (b % (n - 1))) % n;
  const k = c % R;
  const l = (k + 1 + (b % (R - 1))) % R;
  let r = k;
  while (s.meets(i, j, r)) r = (r + 1) % R;
  return { i, j, k, l, r };
}

describe('TTP schedule', () => {
  it('the canonical circle-method schedule is a feasible double round robin for every even n', () => {
    for (let n = 4; n <= 20; n += 2) {
      const problem = circ(n);
      const check = expectValid(problem, canonicalSchedule(n));
      expect(check.feasible).toBe(true);
      expect(new TtpSchedule(problem).cost).toBe(check.travel);
    }
  });

  it('incremental travel and violation counts match a full evaluation after random moves, and rollback restores', () => {
    fc.assert(
      fc.property(...walks(4), (n, mode, moves, seed) => {
        const problem = problemOf(n, mode, seed);
        const s = new TtpSchedule(problem);
        for (const [kind, a, b, c, keep] of moves) {
          const before = Int32Array.from(s.cells);
          const { i, j, k, l, r } = operands(s, a, b, c);
          if (kind === 0) s.swapHomes(i, j);
          else if (kind === 1) s.swapRounds(k, l);
          else if (kind === 2) s.swapTeams(i, j);
          else if (kind === 3) s.partialSwapRounds(i, k, l);
          else s.partialSwapTeams(i, j, r);
          const predictedCost = s.cost + s.deltaCost;
          const predictedViolations = s.newViolations;
          const fresh = new TtpSchedule(problem, s.cells);
          expect(checkTtpSchedule(problem, s.cells).errors).toEqual([]);
          expect(predictedCost).toBeCloseTo(fresh.cost, 6);
          expect(predictedViolations).toBe(fresh.violations);
          if (keep) s.commit();
          else {
            s.rollback();
            expect(s.cells).toEqual(before);
          }
        }
        const fresh = new TtpSchedule(problem, s.cells);
        expect(s.cost).toBeCloseTo(fresh.cost, 6);
        expect(s.violations).toBe(fresh.violations);
        // the violation measure agrees with the independent checker on feasibility
        const check = checkTtpSchedule(problem, s.cells);
        expect(s.violations === 0).toBe(check.feasible);
      }),
      { numRuns: 150 },
    );
  });

  it('the score* moves predict a full evaluation without writing, commit writes, rollback drops', () => {
    fc.assert(
      fc.property(...walks(6), (n, mode, moves, seed) => {
        const problem = problemOf(n, mode, seed);
        const s = new TtpSchedule(problem);
        for (const [kind, a, b, c, keep] of moves) {
          const before = Int32Array.from(s.cells);
          const { i, j, k, l, r } = operands(s, a, b, c);
          if (kind <= 4) {
            // the same move written on a copy gives the reference schedule
            const ref = new TtpSchedule(problem, s.cells);
            if (kind === 4) ref.partialSwapTeams(i, j, r);
            else if (kind === 3) ref.swapTeams(i, j);
            else if (kind === 2) ref.swapRounds(k, l);
            else if (kind === 1) ref.partialSwapRounds(i, k, l);
            else ref.swapHomes(i, j);
            const expected = Int32Array.from(ref.cells);
            if (kind === 4) s.scorePartialSwapTeams(i, j, r);
            else if (kind === 3) s.scoreSwapTeams(i, j);
            else if (kind === 2) s.scoreSwapRounds(k, l);
            else if (kind === 1) s.scorePartialSwapRounds(i, k, l);
            else s.scoreSwapHomes(i, j);
            const fresh = new TtpSchedule(problem, expected);
            expect(s.cost + s.deltaCost).toBeCloseTo(fresh.cost, 6);
            expect(s.newViolations).toBe(fresh.violations);
            if (keep) {
              s.commit();
              expect(s.cells).toEqual(expected);
            } else {
              s.rollback();
              expect(s.cells).toEqual(before);
            }
          } else {
            if (kind === 5) s.swapRounds(k, l);
            else s.partialSwapTeams(i, j, r);
            if (keep) s.commit();
            else s.rollback();
          }
          const fresh = new TtpSchedule(problem, s.cells);
          expect(s.cost).toBeCloseTo(fresh.cost, 6);
          expect(s.violations).toBe(fresh.violations);
          expect(Array.from(s.teamViolations)).toEqual(Array.from(fresh.teamViolations));
          expect(Array.from(s.roundOf)).toEqual(Array.from(fresh.roundOf));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('team swaps scored through the relabelling (whole, and over more than half the rounds) equal a full evaluation', () => {
    // every (i, j, r) of an annealed 12-team schedule: SwapTeams, and PartialSwapTeams chains of every length, so both
    // ways of scoring a partial swap (its own rounds, or SwapTeams plus the exchange back) are exercised
    const problem = randomProblem(12, 11);
    const s = new TtpSchedule(problem, annealTtp(problem, { iterations: 200_000, seed: 2 }).cells);
    const chainLengths = new Set<number>();
    for (let i = 0; i < s.n; i++)
      for (let j = 0; j < s.n; j++) {
        if (i === j) continue;
        const written = new TtpSchedule(problem, s.cells);
        written.swapTeams(i, j);
        const whole = new TtpSchedule(problem, written.cells);
        s.scoreSwapTeams(i, j);
        expect(s.cost + s.deltaCost).toBeCloseTo(whole.cost, 6);
        expect(s.newViolations).toBe(whole.violations);
        s.rollback();
        for (let r = 0; r < s.R; r++) {
          if (s.meets(i, j, r)) continue;
          const ref = new TtpSchedule(problem, s.cells);
          ref.partialSwapTeams(i, j, r);
          let changed = 0;
          for (let q = 0; q < s.R; q++) if (ref.cells[i * s.R + q] !== s.cells[i * s.R + q]) changed++;
          chainLengths.add(changed);
          const fresh = new TtpSchedule(problem, ref.cells);
          s.scorePartialSwapTeams(i, j, r);
          expect(s.cost + s.deltaCost).toBeCloseTo(fresh.cost, 6);
          expect(s.newViolations).toBe(fresh.violations);
          s.rollback();
        }
      }
    const free = s.R - 2;
    expect([...chainLengths].some((c) => c > free / 2 && c < free)).toBe(true);
    expect([...chainLengths].some((c) => c <= free / 2)).toBe(true);
  });

  it('a score* move given a travel limit stops early exactly when its travel exceeds it, and leaves nothing to commit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(6, 8, 12),
        fc.integer({ min: 0, max: 4 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (n, kind, a, b, c, slack, seed) => {
          const problem = randomProblem(n, seed);
          const s = new TtpSchedule(problem);
          const { i, j, k, l, r } = operands(s, a, b, c);
          const score = (limit?: number): boolean =>
            kind === 4
              ? s.scorePartialSwapTeams(i, j, r, limit)
              : kind === 3
                ? s.scoreSwapTeams(i, j, limit)
                : kind === 2
                  ? s.scoreSwapRounds(k, l, limit)
                  : kind === 1
                    ? s.scorePartialSwapRounds(i, k, l, limit)
                    : s.scoreSwapHomes(i, j, limit);
          expect(score()).toBe(true);
          const travel = s.cost + s.deltaCost;
          s.rollback();
          const before = Int32Array.from(s.cells);
          const limit = travel + slack;
          expect(score(limit)).toBe(travel <= limit);
          if (travel > limit) {
            expect(() => s.commit()).toThrow(/rejected/);
            s.rollback();
            expect(s.cells).toEqual(before);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('TTP annealer', () => {
  it('reaches the best known travel on NL4 (8276) and CIRC4 (20)', () => {
    const nl4 = load('NL4')!;
    const a = annealTtp(nl4, { iterations: 200_000, seed: 7, target: 8276 });
    expect(a.cost).toBe(8276);
    expectValid(nl4, a.cells);
    const c4 = load('CIRC4') ?? circ(4);
    const b = annealTtp(c4, { iterations: 200_000, seed: 7, target: 20 });
    expect(b.cost).toBe(20);
    expectValid(c4, b.cells);
  });

  it('every produced schedule is a valid double round robin meeting CA3 and SE1 (random seeds and instances)', () => {
    fc.assert(
      fc.property(fc.constantFrom(4, 6, 8), fc.integer({ min: 0, max: 2 ** 31 }), fc.boolean(), (n, seed, isCirc) => {
        const problem = isCirc ? circ(n) : randomProblem(n, seed);
        const result = annealTtp(problem, { iterations: 15_000, seed });
        expect(result.violations).toBe(0);
        const check = expectValid(problem, result.cells);
        expect(check.travel).toBe(result.cost);
        // each team plays once per round, meets every other team twice, n-1 home games
        const R = problem.rounds;
        for (let t = 0; t < n; t++) {
          let home = 0;
          for (let r = 0; r < R; r++) if (result.cells[t * R + r] > 0) home++;
          expect(home).toBe(n - 1);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('is deterministic for a seed and an iteration budget', () => {
    const problem = load('NL6') ?? randomProblem(6, 3);
    const a = annealTtp(problem, { iterations: 50_000, seed: 42 });
    const b = annealTtp(problem, { iterations: 50_000, seed: 42 });
    expect(b.cells).toEqual(a.cells);
    expect(b.cost).toBe(a.cost);
    expect(b.iterations).toBe(50_000);
  });

  it('rejecting a move early (travel above the drawn threshold) accepts exactly the moves the full evaluation accepts', () => {
    for (const [problem, seed] of [
      [load('NL8') ?? randomProblem(8, 4), 1],
      [load('NL12') ?? randomProblem(12, 5), 2],
      [circ(10), 3],
    ] as const) {
      const early = annealTtp(problem, { iterations: 120_000, seed });
      const full = annealTtp(problem, { iterations: 120_000, seed, params: { earlyReject: false } });
      expect(early.cells).toEqual(full.cells);
      expect(early.cost).toBe(full.cost);
      expect(early.reheats).toBe(full.reheats);
    }
  });

  it('reports progress', () => {
    const seen: number[] = [];
    annealTtp(randomProblem(8, 1), {
      iterations: 60_000,
      seed: 1,
      progressIntervalMs: 0,
      onProgress: (p) => seen.push(p.iteration),
    });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });

  it('reports infeasibility explicitly instead of dropping a hard constraint', () => {
    // at most one consecutive home or away game and no repeaters is impossible for 6 teams in 10 rounds
    // (a perfectly alternating pattern exists for only two teams)
    const problem = createTtpProblem('tight', randomProblem(6, 9).dist, { maxConsecutive: 1 });
    const result = annealTtp(problem, { iterations: 30_000, seed: 1 });
    expect(result.violations).toBeGreaterThan(0);
    const check = checkTtpSchedule(problem, result.cells);
    expect(check.errors).toEqual([]);
    expect(check.feasible).toBe(false);
  });

  it('refuses a malformed initial schedule with a clear error, in this thread and from a worker thread', async () => {
    const problem = load('NL6') ?? randomProblem(6, 5);
    const short = new Int32Array(3);
    expect(() => annealTtp(problem, { iterations: 1_000, initial: short })).toThrow(
      /initial schedule .*60 cells, got 3/,
    );
    const twice = canonicalSchedule(6);
    twice[1] = twice[0]; // team 0 meets the same opponent in rounds 0 and 1
    expect(() => annealTtp(problem, { iterations: 1_000, initial: twice })).toThrow(/initial schedule/);
    // the worker's error reaches the caller and the solve ends (it used to loop for ever inside the worker)
    await expect(solveTtp(problem, { iterations: 1_000, workers: 2, initial: short })).rejects.toThrow(
      /initial schedule/,
    );
  });

  it('the default portfolio runs a hotter hot walk beside the cooler walk up to 8 teams, hot walks at 10, the beam run beside a hot walk from 12', () => {
    for (const n of [4, 6, 8]) {
      const [hot, cool] = defaultPortfolio(n);
      expect(hot.t0Factor).toBeGreaterThan(DEFAULT_ANNEAL_PARAMS.t0Factor);
      expect(hot.tEndFactor).toBeGreaterThan(DEFAULT_ANNEAL_PARAMS.tEndFactor);
      expect(hot.cycles).toBeGreaterThan(DEFAULT_ANNEAL_PARAMS.cycles);
      expect(cool).toEqual(DEFAULT_PORTFOLIO[1]);
    }
    expect(defaultPortfolio(10)).toEqual([DEFAULT_PORTFOLIO[0]]);
    for (const n of [12, 14, 16]) expect(defaultPortfolio(n)).toEqual([BEAM_PROFILE, DEFAULT_PORTFOLIO[0]]);
    // where the bound tables would not fit, hot walks as before
    expect(defaultPortfolio(16, 16)).toEqual([DEFAULT_PORTFOLIO[0]]);
    expect(defaultPortfolio(22)).toEqual([DEFAULT_PORTFOLIO[0]]);
  });

  it('runs on worker threads and gives the same runs and best as in one thread', async () => {
    const problem = load('NL6') ?? randomProblem(6, 5);
    const options = { iterations: 20_000, seed: 11, runs: 2 };
    const threaded = await solveTtp(problem, { ...options, workers: 2 });
    const inline = await solveTtp(problem, { ...options, workers: 1 });
    // two pilots (one per profile of the default portfolio), then the two runs
    expect(threaded.runs.map((r) => r.seed)).toEqual([0, 1, 2, 3].map((i) => deriveSeed(11, i)));
    expect(threaded.runs).toEqual(inline.runs.map((r, i) => ({ ...r, elapsedMs: threaded.runs[i].elapsedMs })));
    expect(threaded.cost).toBe(inline.cost);
    expect(threaded.cells).toEqual(inline.cells);
    expectValid(problem, threaded.cells);
  });

  describe('the pilot race between profiles', () => {
    // swap homes only: the round structure of the start schedule never changes, so this profile loses clearly
    const crippled = { moveWeights: [1, 0, 0, 0, 0] as [number, number, number, number, number] };

    it('gives every run the profile whose pilot wins clearly, after pilots over a tenth of the moves', async () => {
      const problem = load('NL6') ?? randomProblem(6, 5);
      const result = await solveTtp(problem, { iterations: 20_000, seed: 5, runs: 2, portfolio: [crippled, {}] });
      expect(result.runs.map((r) => r.profile)).toEqual([0, 1, 1, 1]);
      expect(result.runs.map((r) => r.iterations)).toEqual([2_000, 2_000, 18_000, 18_000]);
      expect(result.runs[1].cost).toBeLessThan(result.runs[0].cost / 1.01);
      expect(result.runs[result.run].profile).toBe(1);
    });

    it('keeps the profiles in turn when the race is close', async () => {
      const problem = load('NL4') ?? randomProblem(4, 2);
      const result = await solveTtp(problem, {
        iterations: 5_000,
        seed: 5,
        runs: 2,
        portfolio: [{}, { t0Factor: 0.4 }],
      });
      expect(result.runs[0].cost).toBe(result.runs[1].cost);
      expect(result.runs.map((r) => r.profile)).toEqual([0, 1, 0, 1]);
    });

    it('ends the solve when a pilot reaches the target', async () => {
      const problem = load('NL4') ?? randomProblem(4, 2);
      const target = (await solveTtp(problem, { iterations: 5_000, seed: 5, race: 0 })).cost;
      const result = await solveTtp(problem, { iterations: 5_000, seed: 5, runs: 2, portfolio: [{}, {}], target });
      expect(result.runs).toHaveLength(2);
      expect(result.cost).toBe(target);
    });

    it('is skipped with race 0: the runs take the profiles in turn over the whole budget', async () => {
      const problem = load('NL6') ?? randomProblem(6, 5);
      const result = await solveTtp(problem, {
        iterations: 4_000,
        seed: 5,
        runs: 3,
        portfolio: [crippled, {}],
        race: 0,
      });
      expect(result.runs.map((r) => [r.profile, r.iterations])).toEqual([
        [0, 4_000],
        [1, 4_000],
        [0, 4_000],
      ]);
    });
  });

  it('shares the best schedule between runs through a board: publish keeps only improvements, adopt copies it once', () => {
    const board = new BestBoard(6);
    const other = new BestBoard(board.buffer);
    expect(board.cost).toBe(Number.POSITIVE_INFINITY);
    expect(board.publish(10, Int32Array.from([1, 2, 3, 4, 5, 6]))).toBe(true);
    expect(board.publish(12, Int32Array.from([9, 9, 9, 9, 9, 9]))).toBe(false);
    const into = new Int32Array(6);
    expect(other.adoptIfBetter(11, into)).toBe(10);
    expect([...into]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(other.adoptIfBetter(11, into)).toBeUndefined();
    expect(board.adoptIfBetter(11, into)).toBeUndefined();
  });

  it('cooperating runs on worker threads under a time budget return a valid feasible schedule', async () => {
    const problem = load('NL6') ?? randomProblem(6, 5);
    const result = await solveTtp(problem, { seconds: 1.5, seed: 3, workers: 2, cooperate: true });
    expectValid(problem, result.cells);
    expect(result.violations).toBe(0);
    expect(result.cost).toBe(checkTtpSchedule(problem, result.cells).travel);
  });
});
