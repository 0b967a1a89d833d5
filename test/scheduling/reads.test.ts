/**
 * The skip rules of the incremental evaluator rest on what each evaluator declares it reads (`reads` bits,
 * `slotMask`, `calendarOnly`): a team whose change lies outside them keeps its cached part. This checks the
 * declarations directly: a change of one cell of a team's row that the declarations say the evaluator cannot see
 * must leave that team's part (team penalty, aggregate contribution, or every pair penalty and profile) unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  READS_ALL,
  READS_AWAY_OPPONENT,
  READS_CALENDAR,
  READS_HOME_AWAY,
  READS_HOME_OPPONENT,
} from '../../scheduling/constraints/index.ts';
import type { Evaluator, Grid } from '../../scheduling/index.ts';
import {
  BIG12_MBB_TEAMS,
  big12CandidateDates,
  canonicalSchedule,
  compileConstraints,
  dayNumber,
  distanceMatrix,
  gridFromGames,
  MOVE_NAMES,
  Mover,
  Rng,
} from '../../scheduling/index.ts';

const teams = BIG12_MBB_TEAMS;
const n = teams.length;
const all = Array.from({ length: n }, (_, i) => i).join(';');
const candidates = big12CandidateDates();

/** Every type, with the mode variants whose declarations differ. */
const evaluators = compileConstraints(
  [
    { type: 'max_consecutive_home', params: { max: 1 } },
    { type: 'max_consecutive_away', params: { max: 2 } },
    { type: 'rematch_separation', params: { minGames: 4, minDays: 12 } },
    { type: 'no_repeaters', params: {} },
    {
      type: 'blackout_dates',
      params: {
        blackouts: [
          { team: 'KU', from: '2026-01-05', to: '2026-01-20', mode: 'home' },
          { team: 'UCF', from: '2026-02-01', to: '2026-02-20', mode: 'away' },
        ],
      },
    },
    { type: 'blackout_dates', params: { blackouts: [{ team: 'BYU', from: '2026-01-24', to: '2026-02-10' }] } },
    { type: 'venue_unavailability', params: { venue: 'Fertitta Center', from: '2026-01-05', to: '2026-02-05' } },
    { type: 'rest_days', params: { minDays: 2 } },
    { type: 'allowed_days_of_week', params: { teams: 'BYU;UTAH', days: ['sat', 'mon', 'tue'] } },
    { type: 'allowed_days_of_week', params: { teams: 'BYU', days: ['sat'], mode: 'H' } },
    { type: 'home_away_balance_window', params: { k: 4, minHome: 2, minAway: 2 } },
    { type: 'games_per_week', params: { max: 2 } },
    { type: 'saturday_pairing', params: {} },
    { type: 'travel_distance', params: {} },
    { type: 'travel_distance', params: { maxMiles: 11000 } },
    { type: 'CA1', params: { teams: all, max: 1, mode: 'H', slots: '0;1;2' } },
    { type: 'CA1', params: { teams: all, max: 1, mode: 'HA', slots: '0;1;2' } },
    { type: 'CA2', params: { teams1: all, teams2: '3;4;5;6', max: 1, mode1: 'HA', slots: '0;1;2;3;4;5;6;7' } },
    { type: 'CA2', params: { teams1: all, teams2: '3;4;5;6', max: 0, mode1: 'H', slots: '0;1;2;3;4;5;6;7' } },
    { type: 'CA2', params: { teams1: all, teams2: '3;4;5;6', max: 0, mode1: 'A' } },
    { type: 'CA3', params: { teams1: all, teams2: '0;1;2;3;4;5;6;7', max: 1, mode1: 'A', intp: 3 } },
    { type: 'CA3', params: { teams1: all, teams2: '0;1;2;3;4;5;6;7', max: 1, mode1: 'H', intp: 3 } },
    { type: 'CA3', params: { teams1: all, teams2: all, max: 2, mode1: 'H', intp: 3 } },
    { type: 'CA3', params: { teams1: all, teams2: all, max: 1, mode1: 'HA', intp: 2 } },
    { type: 'CA4', params: { teams1: '0;1;2;3', teams2: all, max: 2, mode1: 'H', mode2: 'GLOBAL', slots: '0;1;2;3' } },
    { type: 'CA4', params: { teams1: '4;5;6;7;8', teams2: all, max: 1, mode1: 'A', mode2: 'EVERY', slots: '2;5;9' } },
    { type: 'GA1', params: { meetings: '0,1;1,0;2,3;3,2;4,5;', min: 1, max: 2, slots: '0;1;2;3;4;5' } },
    { type: 'BR1', params: { teams: '0;5;9', intp: 0, mode2: 'A', slots: '1;4;5;6;12' } },
    { type: 'BR2', params: { teams: all, intp: 20, slots: '1;2;3;4;5;6;7;8;9;10' } },
    { type: 'BR2', params: { teams: '0;2;4', intp: 1 } },
    { type: 'CA4', params: { teams1: '0;1', teams2: '2;3;4', max: 1, mode1: 'HA', mode2: 'GLOBAL', slots: '0;4;8' } },
    { type: 'CA4', params: { teams1: '0;1', teams2: '2;3;4', max: 1, mode1: 'A', mode2: 'EVERY', slots: '1;5' } },
    { type: 'FA2', params: { teams: all, intp: 1, slots: '3;6;9;12;15' } },
    { type: 'SE1', params: { teams: all, min: 2, max: 9 } },
    { type: 'phased', params: {} },
    { type: 'round_robin_format', params: { kind: 'partial_round_robin', gamesPerTeam: 18, doubles: 3 } },
  ],
  { teams, distances: distanceMatrix(teams) },
);

/** What changing a cell from u to v changes, by the definitions of the READS_* bits (the test's own oracle). */
function changeOf(u: number, v: number): number {
  if (u === v) return 0;
  if (u === 0 || v === 0) return READS_ALL;
  const sideChanged = u > 0 !== v > 0;
  const opponentChanged = Math.abs(u) !== Math.abs(v);
  if (sideChanged) return READS_HOME_AWAY | (opponentChanged ? READS_HOME_OPPONENT | READS_AWAY_OPPONENT : 0);
  return v > 0 ? READS_HOME_OPPONENT : READS_AWAY_OPPONENT;
}

/** Team t's part of an evaluator: its team penalty, its contribution, or its pair penalties and profile. */
function partOf(ev: Evaluator, g: Grid, t: number): number[] {
  if (ev.kind === 'team') return [ev.teams[t] === 1 ? ev.team(g, t) : 0];
  if (ev.kind === 'aggregate') {
    const out = new Float64Array(ev.dims);
    ev.contrib(g, t, out, 0);
    return Array.from(out);
  }
  const parts: number[] = [];
  for (let u = 0; u < n; u++) if (u !== t) parts.push(ev.pair(g, Math.min(t, u), Math.max(t, u)));
  if (ev.profile) {
    const profile = new Int32Array(g.slots);
    ev.profile(g, t, profile, 0);
    parts.push(...profile);
  }
  return parts;
}

/** A shuffled double round robin with random dates. */
function randomGrid(seed: number): Grid {
  const rng = new Rng(seed);
  const games = canonicalSchedule(n, { kind: 'round_robin', rounds: 2 });
  const days = rng
    .shuffle([...candidates])
    .slice(0, 2 * (n - 1))
    .sort()
    .map(dayNumber);
  const grid = gridFromGames(n, days, games);
  const mover = new Mover(grid);
  for (let i = 0; i < 200; i++) {
    mover.begin();
    mover.random(MOVE_NAMES[rng.int(5)], rng);
  }
  return grid;
}

describe('declared reads', () => {
  it('a cell change outside what an evaluator declares it reads leaves the team part unchanged', () => {
    let skipped = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: n - 1 }),
        fc.integer({ min: 0, max: 2 * (n - 1) - 1 }),
        fc.integer({ min: -n, max: n }),
        (seed, t, s, value) => {
          const grid = randomGrid(seed);
          const S = grid.slots;
          const u = grid.cell[t * S + s];
          // a new opponent, or the old one on the other side, or the old one with the new side (bye: 0)
          const o = Math.abs(value) - 1;
          const v = o === t ? -u : value;
          const change = changeOf(u, v);
          for (const ev of evaluators) {
            const reads = ev.reads ?? READS_ALL;
            const outsideSlots = ev.slotMask !== undefined && ev.slotMask[s] !== 1;
            const calendarKept = (change & READS_CALENDAR) === 0 && ev.kind === 'team' && ev.calendarOnly === true;
            if ((reads & change) !== 0 && !outsideSlots && !calendarKept) continue;
            const before = partOf(ev, grid, t);
            grid.cell[t * S + s] = v;
            const after = partOf(ev, grid, t);
            grid.cell[t * S + s] = u;
            expect(after, `${ev.type} ${JSON.stringify(ev.spec.params)}: ${u} → ${v} in slot ${s}`).toEqual(before);
            skipped++;
          }
        },
      ),
      { numRuns: 400, seed: 20260201 },
    );
    expect(skipped).toBeGreaterThan(2000);
  });

  it('an aggregate evaluator that lists its teams gets nothing from the others', () => {
    const listing = evaluators.filter((ev) => ev.kind === 'aggregate' && ev.teams?.includes(0));
    expect(listing.length).toBeGreaterThanOrEqual(3);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const grid = randomGrid(seed);
        for (const ev of listing) {
          if (ev.kind !== 'aggregate' || !ev.teams) continue;
          for (let t = 0; t < n; t++) {
            if (ev.teams[t] === 0)
              expect(
                partOf(ev, grid, t).every((x) => x === 0),
                `${ev.type} team ${t}`,
              ).toBe(true);
          }
        }
      }),
      { numRuns: 100, seed: 20260203 },
    );
  });
});
