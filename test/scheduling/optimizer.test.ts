import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConstraintSpec, Format, Game, Progress, ScheduleProblem, Team } from '../../scheduling/index.ts';
import {
  BIG12_MBB_TEAMS,
  big12MbbProblem,
  canonicalSchedule,
  formatSlots,
  optimizeParallel,
  optimizeSchedule,
} from '../../scheduling/index.ts';
import { itc2021Problem } from '../../scheduling/robinx/itc2021.ts';
import { parseRobinxInstance } from '../../scheduling/robinx/reader.ts';

const someTeams = (n: number): Team[] => BIG12_MBB_TEAMS.slice(0, n).map((t) => ({ ...t }));

/** Checks the structure a format promises: one game per team per slot, meetings per pair, home/away of repeated pairs. */
function expectStructure(n: number, format: Format, games: Game[]): void {
  const slots = formatSlots(n, format);
  const perSlot = new Map<string, number>();
  const meetings = new Map<string, Game[]>();
  for (const g of games) {
    expect(g.home).not.toBe(g.away);
    expect(g.slot).toBeGreaterThanOrEqual(0);
    expect(g.slot).toBeLessThan(slots);
    for (const t of [g.home, g.away]) {
      const k = `${t}@${g.slot}`;
      perSlot.set(k, (perSlot.get(k) ?? 0) + 1);
    }
    const key = `${Math.min(g.home, g.away)}-${Math.max(g.home, g.away)}`;
    meetings.set(key, [...(meetings.get(key) ?? []), g]);
  }
  // every team plays exactly once in every slot
  expect(perSlot.size).toBe(n * slots);
  for (const c of perSlot.values()) expect(c).toBe(1);
  expect(meetings.size).toBe((n * (n - 1)) / 2);
  const doublesPerTeam = new Array(n).fill(0);
  for (const [key, ms] of meetings) {
    if (format.kind === 'round_robin') expect(ms.length, key).toBe(format.rounds);
    else expect([1, 2]).toContain(ms.length);
    if (ms.length === 2) {
      // home and away once each
      expect(ms[0].home, key).toBe(ms[1].away);
      doublesPerTeam[ms[0].home]++;
      doublesPerTeam[ms[0].away]++;
    }
  }
  if (format.kind === 'partial_round_robin') for (const d of doublesPerTeam) expect(d).toBe(format.doubles);
}

const formatArb = (n: number) =>
  fc.oneof(
    fc.constant<Format>({ kind: 'round_robin', rounds: 1 }),
    fc.constant<Format>({ kind: 'round_robin', rounds: 2, mirrored: true }),
    fc.constant<Format>({ kind: 'round_robin', rounds: 2, mirrored: false }),
    fc.integer({ min: 1, max: Math.min(3, n - 1) }).map<Format>((d) => ({ kind: 'partial_round_robin', doubles: d })),
  );

const rules: ConstraintSpec[] = [
  { type: 'max_consecutive_away', severity: 'hard', params: { max: 2 } },
  { type: 'max_consecutive_home', severity: 'hard', params: { max: 2 } },
  { type: 'travel_distance', severity: 'soft', params: {} },
];

describe('optimiser', () => {
  it('canonical schedules have the structure of their format', () => {
    for (const n of [4, 6, 8, 16]) {
      for (const format of [
        { kind: 'round_robin', rounds: 1 },
        { kind: 'round_robin', rounds: 2, mirrored: true },
        { kind: 'round_robin', rounds: 2, mirrored: false },
        { kind: 'partial_round_robin', doubles: 3 },
      ] as Format[]) {
        expectStructure(n, format, canonicalSchedule(n, format));
      }
    }
  });

  it('every produced schedule keeps its structure (fast-check over sizes, formats, seeds)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 5 })
          .chain((h) => fc.tuple(fc.constant(h * 2), formatArb(h * 2), fc.integer({ min: 1, max: 1e6 }))),
        ([n, format, seed]) => {
          const problem: ScheduleProblem = { teams: someTeams(n), format, constraints: rules };
          const r = optimizeSchedule(problem, { seed, iterations: 3000 });
          expectStructure(n, format, r.games);
          const home = new Array(n).fill(0);
          for (const g of r.games) home[g.home]++;
          expect(home.reduce((a, b) => a + b, 0)).toBe(r.games.length);
          expect(r.iterations).toBe(3000);
        },
      ),
      { numRuns: 40, seed: 42 },
    );
  });

  it('travel-partner construction: partners meet twice, visitors make two-game trips', () => {
    const problem = big12MbbProblem();
    const r = optimizeSchedule(problem, { seed: 3, iterations: 1, construction: 'travel-partners' });
    expectStructure(16, problem.format, r.games);
    // partners (nearest neighbours) include Arizona–Arizona State and BYU–Utah: both meet twice
    const meets = (a: string, b: string) =>
      r.games.filter((g) => {
        const ids = [problem.teams[g.home].id, problem.teams[g.away].id];
        return ids.includes(a) && ids.includes(b);
      }).length;
    expect(meets('ARIZ', 'ASU')).toBe(2);
    expect(meets('BYU', 'UTAH')).toBe(2);
  });

  it('odd number of teams: one bye per round, every pair meets once', () => {
    const r = optimizeSchedule(
      { teams: someTeams(7), format: { kind: 'round_robin', rounds: 1 }, constraints: rules },
      { seed: 2, iterations: 3000 },
    );
    expect(r.slots).toHaveLength(7);
    const pairs = new Set(r.games.map((g) => `${Math.min(g.home, g.away)}-${Math.max(g.home, g.away)}`));
    expect(r.games).toHaveLength(21);
    expect(pairs.size).toBe(21);
    for (let s = 0; s < 7; s++) {
      const playing = r.games.filter((g) => g.slot === s).flatMap((g) => [g.home, g.away]);
      expect(new Set(playing).size).toBe(6);
    }
  });

  it('is deterministic by seed under an iteration budget', () => {
    const problem: ScheduleProblem = {
      teams: someTeams(8),
      format: { kind: 'round_robin', rounds: 2 },
      constraints: rules,
    };
    const a = optimizeSchedule(problem, { seed: 9, iterations: 20_000 });
    const b = optimizeSchedule(problem, { seed: 9, iterations: 20_000 });
    const c = optimizeSchedule(problem, { seed: 10, iterations: 20_000 });
    expect(b.games).toEqual(a.games);
    expect(b.softPenalty).toBe(a.softPenalty);
    expect(c.games).not.toEqual(a.games);
  });

  it('reports progress', () => {
    const seen: Progress[] = [];
    optimizeSchedule(
      { teams: someTeams(6), format: { kind: 'round_robin', rounds: 2 }, constraints: rules },
      { seed: 1, iterations: 10_000, progressEvery: 2_000, onProgress: (p) => seen.push(p) },
    );
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.at(-1)?.percent).toBe(100);
    for (let i = 1; i < seen.length; i++) expect(seen[i].iteration).toBeGreaterThanOrEqual(seen[i - 1].iteration);
  });

  it('reports contradictory hard constraints explicitly (precheck)', () => {
    const r = optimizeSchedule(
      {
        teams: someTeams(6),
        format: { kind: 'round_robin', rounds: 2 },
        constraints: [
          { type: 'CA1', severity: 'hard', params: { mode: 'H', max: 4 } },
          { type: 'CA1', severity: 'hard', params: { mode: 'A', max: 4 } },
        ],
      },
      { seed: 1, iterations: 2_000 },
    );
    expect(r.feasible).toBe(false);
    expect(r.infeasibility?.reasons.join(' ')).toMatch(/at most 4 home \+ 4 away games, but it plays 10/);
    expect(r.infeasibility?.violated.map((v) => v.type)).toContain('CA1');
  });

  it('reports hard constraints it could not satisfy, with the violations', () => {
    const r = optimizeSchedule(
      {
        teams: someTeams(4),
        format: { kind: 'round_robin', rounds: 2 },
        constraints: [{ id: 'never-away', type: 'max_consecutive_away', severity: 'hard', params: { max: 0 } }],
      },
      { seed: 1, iterations: 2_000 },
    );
    expect(r.feasible).toBe(false);
    expect(r.hardViolations).toBeGreaterThan(0);
    const v = r.infeasibility?.violated.find((x) => x.id === 'never-away');
    expect(v?.violations.length).toBeGreaterThan(0);
    expect(v?.violations[0].games.length).toBeGreaterThan(0);
  });

  it('rejects an unknown constraint type and too few candidate dates clearly', () => {
    expect(() =>
      optimizeSchedule({
        teams: someTeams(4),
        format: { kind: 'round_robin', rounds: 1 },
        constraints: [{ type: 'moon_phase' }],
      }),
    ).toThrow(/unknown constraint type 'moon_phase'/);
    expect(() =>
      optimizeSchedule({
        teams: someTeams(4),
        format: { kind: 'round_robin', rounds: 2 },
        candidateDates: ['2026-01-03', '2026-01-05'],
        constraints: [],
      }),
    ).toThrow(/6 rounds need 6 candidate dates/);
  });

  it('Big 12 MBB: reaches a feasible dated schedule with the Big 12 structure', () => {
    const problem = big12MbbProblem();
    const r = optimizeSchedule(problem, { seed: 1, iterations: 250_000 });
    expect(r.hardViolations).toBe(0);
    expect(r.feasible).toBe(true);
    expectStructure(16, problem.format, r.games);
    const home = new Array(16).fill(0);
    for (const g of r.games) home[g.home]++;
    expect(home).toEqual(new Array(16).fill(9));
    const dates = r.slots.map((s) => s.date!);
    expect(dates).toHaveLength(18);
    expect([...dates].sort()).toEqual(dates);
    expect(dates[0] >= '2025-12-30' && dates.at(-1)! <= '2026-03-07').toBe(true);
  });

  it('breakout repair: ITC2021 Early 1 becomes feasible (plain repair: 4 hard violations left after 1 M moves)', () => {
    const file = fileURLToPath(new URL('../fixtures/robinx/ITC2021_Early_1.xml', import.meta.url));
    const problem = itc2021Problem(parseRobinxInstance(readFileSync(file, 'utf8')));
    const r = optimizeSchedule(problem, { seed: 2, iterations: 600_000, stopWhenFeasible: true });
    expect(r.hardViolations).toBe(0);
  }, 60_000);

  it('repair restarts from new relabellings, keeps the schedule with the fewest hard violations, and stays reproducible', () => {
    // the tiny ITC fixture plus a contradiction (team 0 may host no game): no attempt can become feasible
    const xml = readFileSync(
      fileURLToPath(new URL('../fixtures/robinx/ITC-tiny.xml', import.meta.url)),
      'utf8',
    ).replace(
      '<CapacityConstraints>',
      '<CapacityConstraints><CA1 max="0" min="0" mode="H" penalty="1" slots="0;1;2;3;4;5;6;7;8;9" teams="0" type="HARD"/>',
    );
    const problem = itc2021Problem(parseRobinxInstance(xml));
    const seen: number[] = [];
    const options = { seed: 3, iterations: 40_000, stopWhenFeasible: true, repairRestart: 4_000, progressEvery: 50 };
    const r = optimizeSchedule(problem, { ...options, onProgress: (p) => seen.push(p.hardViolations) });
    expect(r.repairRestarts).toBeGreaterThanOrEqual(8);
    expect(r.feasible).toBe(false);
    // progress reports the fewest hard violations seen so far; the result is at least as good
    expect(r.hardViolations).toBeLessThanOrEqual(Math.min(...seen.filter(Number.isFinite)));
    expect(r.hardViolations).toBeGreaterThanOrEqual(5);
    expectStructure(6, problem.format, r.games);
    expect(optimizeSchedule(problem, options).games).toEqual(r.games);
    // a caller's start is never replaced
    const kept = optimizeSchedule(problem, { ...options, start: { games: r.games } });
    expect(kept.repairRestarts).toBe(0);
  });

  it('soft emphasis reweights the walk, not the result: the best schedule is chosen and reported on the true weights', () => {
    // six teams playing a double round robin have at least four breaks, so a BR2 bound of 0 stays violated and its
    // search weight differs from its true weight until the end
    const breaksRule: ConstraintSpec = { type: 'BR2', severity: 'soft', weight: 400, params: { intp: 0 } };
    const problem: ScheduleProblem = {
      teams: someTeams(6),
      format: { kind: 'round_robin', rounds: 2 },
      constraints: [...rules, breaksRule],
    };
    const breaks = (r: { report: { results: Array<{ type: string; penalty: number }> } }) =>
      r.report.results.find((c) => c.type === 'BR2')?.penalty ?? Number.NaN;
    const seen: Progress[] = [];
    const options = { seed: 4, iterations: 30_000, progressEvery: 1_000 };
    const emphasised = optimizeSchedule(problem, {
      ...options,
      softEmphasis: { BR2: 6 },
      onProgress: (p) => seen.push(p),
    });
    const plain = optimizeSchedule(problem, options);
    expect(breaks(emphasised)).toBeGreaterThan(0);
    // the last progress reports the best schedule's soft penalty as the search tracked it: the true one
    expect(seen.at(-1)?.softPenalty).toBeCloseTo(emphasised.softPenalty, 6);
    expect(emphasised.softPenalty).toBeCloseTo(
      emphasised.report.results.reduce((sum, c) => sum + (c.severity === 'soft' ? c.weightedPenalty : 0), 0),
      6,
    );
    expect(breaks(emphasised)).toBeLessThan(breaks(plain));
    expect(optimizeSchedule(problem, { ...options, softEmphasis: { BR2: 6 } }).games).toEqual(emphasised.games);
    expect(() => optimizeSchedule(problem, { seed: 1, iterations: 10, softEmphasis: { BR2: 0 } })).toThrow(
      /softEmphasis BR2: invalid factor 0/,
    );
  });

  it('runs several seeds on worker_threads and returns the best, reproducibly', async () => {
    const problem: ScheduleProblem = {
      teams: someTeams(6),
      format: { kind: 'round_robin', rounds: 2 },
      constraints: rules,
    };
    const progress: number[] = [];
    const best = await optimizeParallel(problem, {
      workers: 2,
      seed: 5,
      iterations: 5_000,
      progressEvery: 1_000,
      onProgress: (p) => progress.push(p.worker),
    });
    expect(new Set(progress)).toEqual(new Set([0, 1]));
    const single = optimizeSchedule(problem, { seed: best.seed, iterations: 5_000 });
    expect(best.games).toEqual(single.games);
    expect([5, 6]).toContain(best.seed);
  });
});
