import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConstraintSpec, Evaluator, Grid, MoveName } from '../../scheduling/index.ts';
import {
  BIG12_MBB_TEAMS,
  big12CandidateDates,
  canonicalSchedule,
  compileConstraints,
  dayNumber,
  distanceMatrix,
  gridConsistencyErrors,
  gridFromGames,
  IncrementalEvaluator,
  MOVE_NAMES,
  Mover,
  penaltyOf,
  Rng,
} from '../../scheduling/index.ts';

const teams = BIG12_MBB_TEAMS;
const n = teams.length;
const all = Array.from({ length: n }, (_, i) => i).join(';');
const candidates = big12CandidateDates();

/** One spec per evaluator type, with parameters that produce violations on random schedules. */
const specs: ConstraintSpec[] = [
  { type: 'max_consecutive_home', params: { max: 1 } },
  { type: 'max_consecutive_away', params: { max: 2 } },
  { type: 'rematch_separation', params: { minGames: 4, minDays: 12 } },
  { type: 'no_repeaters', params: {} },
  {
    type: 'blackout_dates',
    params: {
      blackouts: [
        { team: 'KU', from: '2026-01-05', to: '2026-01-20', mode: 'home' },
        { team: 'BYU', from: '2026-01-24', to: '2026-02-10' },
        { team: 'UCF', from: '2026-02-01', to: '2026-02-20', mode: 'away' },
      ],
    },
  },
  { type: 'venue_unavailability', params: { venue: 'Fertitta Center', from: '2026-01-05', to: '2026-02-05' } },
  { type: 'rest_days', params: { minDays: 2 } },
  { type: 'allowed_days_of_week', params: { teams: 'BYU;UTAH', days: ['sat', 'mon', 'tue'] } },
  { type: 'home_away_balance_window', params: { k: 4, minHome: 2, minAway: 2 } },
  { type: 'games_per_week', params: { max: 2 } },
  { type: 'saturday_pairing', params: {} },
  { type: 'travel_distance', params: {} },
  { type: 'travel_distance', params: { maxMiles: 11000 } },
  { type: 'CA1', params: { teams: all, max: 1, mode: 'H', slots: '0;1;2' } },
  { type: 'CA2', params: { teams1: '0;1;2', teams2: '3;4;5;6', max: 1, mode1: 'HA', slots: '0;1;2;3;4;5;6;7' } },
  { type: 'CA3', params: { teams1: all, teams2: '0;1;2;3;4;5;6;7', max: 1, mode1: 'A', intp: 3 } },
  // every team in teams2: home/away masks decide (max = intp − 1, and a general min/max)
  { type: 'CA3', params: { teams1: all, teams2: all, max: 2, mode1: 'H', intp: 3 } },
  { type: 'CA3', params: { teams1: all, teams2: all, min: 1, max: 2, mode1: 'A', intp: 4 } },
  { type: 'CA4', params: { teams1: '0;1;2;3', teams2: all, max: 2, mode1: 'H', mode2: 'GLOBAL', slots: '0;1;2;3' } },
  { type: 'CA4', params: { teams1: '4;5;6;7;8', teams2: all, max: 1, mode1: 'HA', mode2: 'EVERY', slots: '2;5;9' } },
  { type: 'GA1', params: { meetings: '0,1;1,0;2,3;3,2;4,5;', min: 1, max: 2, slots: '0;1;2;3;4;5' } },
  { type: 'BR1', params: { teams: all, intp: 1, mode2: 'HA' } },
  { type: 'BR1', params: { teams: '0;5;9', intp: 0, mode2: 'A', slots: '1;4;5;6;12' } },
  { type: 'CA1', params: { teams: all, min: 1, max: 2, mode: 'A', slots: '2;3;5;7;11' } },
  { type: 'BR2', params: { teams: all, intp: 20, slots: '1;2;3;4;5;6;7;8;9;10' } },
  { type: 'FA2', params: { teams: all, intp: 1, slots: '3;6;9;12;15' } },
  // every slot listed (read like no slot list)
  { type: 'FA2', params: { teams: all, intp: 1, slots: Array.from({ length: 30 }, (_, s) => s).join(';') } },
  { type: 'SE1', params: { teams: all, min: 6 } },
  { type: 'SE1', params: { teams: all, min: 2, max: 9 } },
  { type: 'phased', params: {} },
  {
    type: 'round_robin_format',
    params: { kind: 'partial_round_robin', gamesPerTeam: 18, doubles: 3, minHome: 9, maxHome: 9 },
  },
];

/**
 * Grid formats: 'gappy' is the double round robin over 32 slots with 2 empty rounds (byes, every bit of the masks),
 * 'wide' over 36 slots with 6 empty rounds (more slots than the bit masks hold).
 */
type Format = 'partial' | 'double' | 'gappy' | 'wide';
const emptyRoundEvery: Partial<Record<Format, number>> = { gappy: 15, wide: 5 };

function startGrid(format: Format, seed: number): Grid {
  const fmt =
    format === 'partial'
      ? ({ kind: 'partial_round_robin', doubles: 3 } as const)
      : ({ kind: 'round_robin', rounds: 2 } as const);
  let games = canonicalSchedule(n, fmt);
  const every = emptyRoundEvery[format];
  if (every) games = games.map((g) => ({ ...g, slot: g.slot + Math.floor(g.slot / every) }));
  const slots = Math.max(...games.map((g) => g.slot)) + 1 + (every ? 1 : 0);
  const rng = new Rng(seed);
  const picks = rng
    .shuffle([...candidates])
    .slice(0, slots)
    .sort();
  const days = picks.map(dayNumber);
  return gridFromGames(n, days, games);
}

function check(ev: Evaluator, format: Format, seed: number, moves: number): number {
  let nonZero = 0;
  const grid = startGrid(format, seed);
  const inc = new IncrementalEvaluator([ev], grid);
  const mover = new Mover(grid, candidates.map(dayNumber));
  const rng = new Rng(seed * 7919 + 1);
  const kinds = MOVE_NAMES.filter((k: MoveName) => format === 'partial' || k !== 'repickDoubles');
  let before = penaltyOf(ev, grid);
  expect(inc.penalties[0]).toBeCloseTo(before, 6);
  for (let i = 0; i < moves; i++) {
    mover.begin();
    const kind = kinds[rng.int(kinds.length)];
    if (!mover.random(kind, rng)) continue;
    // all-play grid: every move except a date move keeps calendars, so calendar-only evaluators may be skipped
    const d = inc.delta(
      mover.changed,
      mover.changedCount,
      !emptyRoundEvery[format] && kind !== 'moveDate',
      i % 2 === 0 ? mover.changedSlot : undefined,
    );
    const after = penaltyOf(ev, grid);
    const unweighted = inc.lastDelta[0];
    if (unweighted !== 0) nonZero++;
    if (Math.abs(unweighted - (after - before)) > 1e-6) {
      throw new Error(`${ev.type}: delta ${unweighted} but full(after) - full(before) = ${after - before} (move ${i})`);
    }
    const weighted = ev.severity === 'hard' ? d.hard : d.soft / ev.weight;
    expect(weighted).toBeCloseTo(unweighted, 6);
    if (rng.next() < 0.5) {
      inc.commit();
      before = after;
    } else {
      mover.undo();
    }
  }
  expect(gridConsistencyErrors(grid)).toEqual([]);
  expect(inc.penalties[0]).toBeCloseTo(penaltyOf(ev, grid), 4);
  return nonZero;
}

describe('incremental evaluation', () => {
  const evaluators = compileConstraints(specs, { teams, distances: distanceMatrix(teams) });

  for (const ev of evaluators) {
    it(`${ev.type}${ev.type === 'travel_distance' && ev.objective === false ? ' (limit)' : ''}: delta equals full(after) − full(before) over random moves`, () => {
      let moves = 0;
      let changed = 0;
      fc.assert(
        fc.property(
          fc.constantFrom('partial' as const, 'double' as const),
          fc.integer({ min: 1, max: 1_000_000 }),
          (format, seed) => {
            changed += check(ev, format, seed, 400);
            moves += 400;
          },
        ),
        { numRuns: 6, seed: 20251230 },
      );
      // byes that moves can move, in 32 slots (all mask bits) and in more slots than the masks hold (the row paths)
      for (const seed of [5, 6]) changed += check(ev, 'gappy', seed, 400) + check(ev, 'wide', seed, 400);
      expect(moves).toBeGreaterThanOrEqual(2400);
      expect(changed).toBeGreaterThan(10); // the moves really change this constraint's penalty
    });
  }

  it('bit-mask forms equal the row evaluation, byes included', () => {
    const withMasks = evaluators.filter((ev) =>
      ev.kind === 'team' ? ev.fromMasks : ev.kind === 'aggregate' && ev.contribFromMasks,
    );
    expect(withMasks.length).toBeGreaterThanOrEqual(8);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 32 }),
        fc.array(fc.integer({ min: -n, max: n }), { minLength: 32, maxLength: 32 }),
        fc.integer({ min: 0, max: n - 1 }),
        (S, values, t) => {
          // one row of team t (cell value 0 = bye; the opponent is never t itself), other rows empty
          const grid: Grid = {
            teams: n,
            slots: S,
            cell: new Int16Array(n * S),
            day: Int32Array.from({ length: S }, (_, s) => s),
          };
          let home = 0;
          let away = 0;
          for (let s = 0; s < S; s++) {
            const v = Math.abs(values[s]) - 1 === t ? 0 : values[s];
            grid.cell[t * S + s] = v;
            if (v > 0) home |= 1 << s;
            if (v < 0) away |= 1 << s;
          }
          for (const ev of withMasks) {
            if (ev.kind === 'team') {
              expect(ev.fromMasks?.(t, home, away, S)).toBe(ev.team(grid, t));
            } else if (ev.kind === 'aggregate') {
              const byRow = new Float64Array(ev.dims);
              const byMasks = new Float64Array(ev.dims);
              ev.contrib(grid, t, byRow, 0);
              ev.contribFromMasks?.(t, home, away, S, byMasks, 0);
              expect(Array.from(byMasks)).toEqual(Array.from(byRow));
            }
          }
        },
      ),
      { numRuns: 3000, seed: 20251125 },
    );
  });

  it('all evaluators together: hard and soft totals stay equal to a full evaluation', () => {
    const weighted = compileConstraints(
      specs.map((s, i) => ({ ...s, severity: i % 2 === 0 ? 'hard' : 'soft', weight: 1 + (i % 3) })),
      { teams, distances: distanceMatrix(teams) },
    );
    const grid = startGrid('partial', 3);
    const inc = new IncrementalEvaluator(weighted, grid);
    const mover = new Mover(grid, candidates.map(dayNumber));
    const rng = new Rng(11);
    const full = () => {
      let hard = 0;
      let soft = 0;
      for (const ev of weighted) {
        const p = penaltyOf(ev, grid);
        if (ev.severity === 'hard') hard += p;
        else soft += p * ev.weight;
      }
      return { hard, soft };
    };
    for (let i = 0; i < 1500; i++) {
      mover.begin();
      const kind = MOVE_NAMES[rng.int(MOVE_NAMES.length)];
      if (!mover.random(kind, rng)) continue;
      const b = { hard: inc.hard, soft: inc.soft };
      // alternate the one-shot delta and the lazy soft-then-hard pair
      const d =
        i % 2 === 0
          ? inc.delta(
              mover.changed,
              mover.changedCount,
              kind !== 'moveDate',
              (i >> 1) % 2 === 0 ? mover.changedSlot : undefined,
            )
          : (() => {
              const soft = inc.deltaSoft(
                mover.changed,
                mover.changedCount,
                kind !== 'moveDate',
                (i >> 1) % 2 === 0 ? mover.changedSlot : undefined,
              );
              return { soft, hard: inc.deltaHard() };
            })();
      if (rng.next() < 0.6) {
        inc.commit();
        const f = full();
        expect(inc.hard).toBeCloseTo(f.hard, 6);
        expect(inc.soft).toBeCloseTo(f.soft, 4);
        expect(b.hard + d.hard).toBeCloseTo(f.hard, 6);
      } else {
        mover.undo();
      }
    }
  });

  it('breakout weights: the weighted hard delta equals the weighted full evaluation after − before', () => {
    const evaluators = compileConstraints(
      specs.map((s) => ({ ...s, severity: 'hard' })),
      { teams, distances: distanceMatrix(teams) },
    );
    const grid = startGrid('partial', 5);
    const inc = new IncrementalEvaluator(evaluators, grid);
    const rng = new Rng(17);
    for (let c = 0; c < evaluators.length; c++) inc.hardWeights[c] = 1 + rng.int(7);
    const mover = new Mover(grid, candidates.map(dayNumber));
    const weightedFull = () => evaluators.reduce((sum, ev, c) => sum + penaltyOf(ev, grid) * inc.hardWeights[c], 0);
    let before = weightedFull();
    for (let i = 0; i < 800; i++) {
      mover.begin();
      const kind = MOVE_NAMES[rng.int(MOVE_NAMES.length)];
      if (!mover.random(kind, rng)) continue;
      inc.delta(mover.changed, mover.changedCount, kind !== 'moveDate', mover.changedSlot);
      const after = weightedFull();
      expect(inc.lastWeightedHard).toBeCloseTo(after - before, 6);
      if (rng.next() < 0.6) {
        inc.commit();
        before = after;
      } else {
        mover.undo();
      }
    }
  });
});
