import { describe, expect, it } from 'vitest';
import type { ConstraintSpec, Game, Slot, Team } from '../../scheduling/index.ts';
import {
  createEvaluator,
  dayNumber,
  dayOfWeek,
  evaluateSchedule,
  evaluatorTypes,
  haversineMiles,
} from '../../scheduling/index.ts';

// Four teams on the equator, one degree of longitude apart; team D's venue is 'Arena D'.
const teams: Team[] = [
  { id: 'A', name: 'Alpha', lat: 0, lon: 0 },
  { id: 'B', name: 'Bravo', lat: 0, lon: 1 },
  { id: 'C', name: 'Charlie', lat: 0, lon: 2 },
  { id: 'D', name: 'Delta', lat: 0, lon: 3, venue: 'Arena D' },
];
// Sat, Mon, Wed, Sat, Mon, Wed
const dates = ['2026-01-03', '2026-01-05', '2026-01-07', '2026-01-10', '2026-01-12', '2026-01-14'];
const slots: Slot[] = dates.map((date, index) => ({ index, date }));

const g = (home: number, away: number, slot: number): Game => ({ home, away, slot });

/**
 * A double round robin of A,B,C,D. Rows: A AAAHHH, B HAHAHA, C HHAAAH, D AHHHAA
 * (road streaks of three: A in slots 0–2, C in 2–4; home stands of three: A in 3–5, D in 1–3).
 */
const drr: Game[] = [
  g(1, 0, 0),
  g(2, 3, 0),
  g(2, 0, 1),
  g(3, 1, 1),
  g(3, 0, 2),
  g(1, 2, 2),
  g(0, 1, 3),
  g(3, 2, 3),
  g(0, 2, 4),
  g(1, 3, 4),
  g(0, 3, 5),
  g(2, 1, 5),
];

function run(spec: ConstraintSpec, games: Game[] = drr) {
  const report = evaluateSchedule({ teams, slots, games, constraints: [spec] });
  return report.results[0];
}

const sameGames = (actual: Game[], expected: Game[]) =>
  expect(actual.map((x) => `${x.home}-${x.away}@${x.slot}`).sort()).toEqual(
    expected.map((x) => `${x.home}-${x.away}@${x.slot}`).sort(),
  );

describe('scheduling evaluators', () => {
  it('registers every required validation_logic type', () => {
    for (const t of [
      'max_consecutive_home',
      'max_consecutive_away',
      'rematch_separation',
      'blackout_dates',
      'venue_unavailability',
      'rest_days',
      'allowed_days_of_week',
      'home_away_balance_window',
      'games_per_week',
      'saturday_pairing',
      'travel_distance',
      'CA1',
      'CA2',
      'CA3',
      'CA4',
      'GA1',
      'BR1',
      'BR2',
      'FA2',
      'SE1',
    ]) {
      expect(evaluatorTypes()).toContain(t);
    }
  });

  it('rejects an unknown type and bad parameters with a clear error', () => {
    expect(() => createEvaluator({ type: 'no_such_rule' }, { teams })).toThrow(
      /unknown constraint type 'no_such_rule'/,
    );
    expect(() => createEvaluator({ type: 'max_consecutive_away', params: {} }, { teams })).toThrow(
      /max_consecutive_away: parameter 'max' is required/,
    );
    expect(() =>
      createEvaluator({ type: 'blackout_dates', params: { team: 'Z', date: '2026-01-03' } }, { teams }),
    ).toThrow(/unknown team 'Z'/);
  });

  it('max_consecutive_away finds the road streak with its games', () => {
    const r = run({ type: 'max_consecutive_away', severity: 'hard', params: { max: 2 } });
    expect(r.status).toBe('fail');
    expect(r.penalty).toBe(2);
    expect(r.violations).toHaveLength(2);
    expect(r.violations.map((v) => v.teams)).toEqual([[0], [2]]);
    sameGames(r.violations[0].games, [g(1, 0, 0), g(2, 0, 1), g(3, 0, 2)]);
    sameGames(r.violations[1].games, [g(1, 2, 2), g(3, 2, 3), g(0, 2, 4)]);
    expect(run({ type: 'max_consecutive_away', params: { max: 3 } }).status).toBe('pass');
  });

  it('max_consecutive_home finds home stands', () => {
    const r = run({ type: 'max_consecutive_home', params: { max: 2 } });
    expect(r.penalty).toBe(2);
    sameGames(r.violations.find((v) => v.teams[0] === 0)!.games, [g(0, 1, 3), g(0, 2, 4), g(0, 3, 5)]);
    sameGames(r.violations.find((v) => v.teams[0] === 3)!.games, [g(3, 1, 1), g(3, 0, 2), g(3, 2, 3)]);
  });

  it('rematch_separation and no_repeaters judge consecutive meetings in games and days', () => {
    // exchange slots 1 and 3: A–B and C–D now meet in slots 0 and 1, A–C and B–D in slots 3 and 4
    const games = drr.map((x) => ({ ...x, slot: x.slot === 1 ? 3 : x.slot === 3 ? 1 : x.slot }));
    const r = run({ type: 'no_repeaters', params: {} }, games);
    expect(r.penalty).toBe(4);
    expect(r.violations).toHaveLength(4);
    sameGames(r.violations.find((v) => v.teams.join() === '0,1')!.games, [g(1, 0, 0), g(0, 1, 1)]);
    const days = run({ type: 'rematch_separation', params: { minGames: 1, minDays: 5 } }, games);
    // the four rematches are 2 days apart (3 short each); A–D and B–C are 7 days apart
    expect(days.penalty).toBe(12);
    expect(days.violations.map((v) => v.teams.join()).sort()).toEqual(['0,1', '0,2', '1,3', '2,3']);
    expect(run({ type: 'rematch_separation', params: { minGames: 3 } }).status).toBe('pass');
  });

  it('blackout_dates honours home/away/any modes', () => {
    const home = run({ type: 'blackout_dates', params: { team: 'B', dates: ['2026-01-03'], mode: 'home' } });
    expect(home.penalty).toBe(1);
    sameGames(home.violations[0].games, [g(1, 0, 0)]);
    expect(run({ type: 'blackout_dates', params: { team: 'A', dates: ['2026-01-03'], mode: 'home' } }).status).toBe(
      'pass',
    );
    const any = run({
      type: 'blackout_dates',
      params: { blackouts: [{ team: 'A', from: '2026-01-03', to: '2026-01-05' }] },
    });
    expect(any.penalty).toBe(2);
  });

  it('venue_unavailability flags home games at the venue in the period', () => {
    const r = run({ type: 'venue_unavailability', params: { venue: 'Arena D', from: '2026-01-06', to: '2026-01-10' } });
    expect(r.penalty).toBe(2);
    sameGames(
      r.violations.flatMap((v) => v.games),
      [g(3, 0, 2), g(3, 2, 3)],
    );
  });

  it('rest_days counts missing rest', () => {
    const r = run({ type: 'rest_days', params: { minDays: 2 } });
    // Sat→Mon has 1 rest day, Mon→Wed 1, Wed→Sat 2: each team has 4 short gaps of 1 day
    expect(r.penalty).toBe(16);
    expect(run({ type: 'rest_days', params: { minDays: 1 } }).status).toBe('pass');
  });

  it('allowed_days_of_week finds games on forbidden days', () => {
    expect(dayOfWeek(dayNumber('2026-01-04'))).toBe(0);
    const sunday: Slot[] = slots.map((s) => (s.index === 2 ? { index: 2, date: '2026-01-08' } : s));
    const report = evaluateSchedule({
      teams,
      slots: sunday.map((s) => (s.index === 1 ? { index: 1, date: '2026-01-04' } : s)),
      games: drr,
      constraints: [{ type: 'allowed_days_of_week', severity: 'hard', params: { team: 'C', forbiddenDays: ['sun'] } }],
    });
    expect(report.results[0].penalty).toBe(1);
    sameGames(report.results[0].violations[0].games, [g(2, 0, 1)]);
    expect(report.hardViolations).toBe(1);
    expect(report.feasible).toBe(false);
  });

  it('home_away_balance_window checks the first and last k games', () => {
    const r = run({ type: 'home_away_balance_window', params: { k: 3, minHome: 1, minAway: 1 } });
    // A: first three all away, last three all home → 1 + 1
    expect(r.penalty).toBe(2);
    expect(r.violations.map((v) => v.teams[0])).toEqual([0, 0]);
    sameGames(r.violations[0].games, [g(1, 0, 0), g(2, 0, 1), g(3, 0, 2)]);
  });

  it('games_per_week caps games in a Monday-based week', () => {
    // week of Jan 5: Mon, Wed, Sat = 3 games per team
    const r = run({ type: 'games_per_week', params: { max: 2 } });
    expect(r.penalty).toBe(4);
    sameGames(r.violations.find((v) => v.teams[0] === 0)!.games, [g(2, 0, 1), g(3, 0, 2), g(0, 1, 3)]);
  });

  it('saturday_pairing: Saturday must pair with Mon/Tue, and no Saturday–Monday–Wednesday', () => {
    const r = run({ type: 'saturday_pairing', params: {} });
    // every team: Sat(0)-Mon(1)-Wed(2) and Sat(3)-Mon(4)-Wed(5) → 2 forbidden sequences each
    expect(r.penalty).toBe(8);
    sameGames(r.violations.find((v) => v.teams[0] === 0)!.games, [g(1, 0, 0), g(2, 0, 1), g(3, 0, 2)]);
    const wed: Slot[] = slots.map((s) =>
      s.index === 1 ? { index: 1, date: '2026-01-07' } : s.index === 2 ? { index: 2, date: '2026-01-08' } : s,
    );
    const report = evaluateSchedule({ teams, slots: wed, games: drr, constraints: [{ type: 'saturday_pairing' }] });
    // Sat→Wed unpaired for every team in week 1; week 2 Sat-Mon-Wed still forbidden
    expect(report.results[0].penalty).toBe(8);
  });

  it('travel_distance chains consecutive away games and returns home', () => {
    const r = run({ type: 'travel_distance', params: {} });
    const d = (a: number, b: number) => haversineMiles(0, a, 0, b);
    // A: away at B, C, D (chained), then home: 0→1→2→3→0
    const a = d(0, 1) + d(1, 2) + d(2, 3) + d(3, 0);
    // B: away at A (0), home, home, away at D (slot 4)… computed by the same rule for all teams
    expect(r.status).toBe('pass');
    const single = evaluateSchedule({
      teams,
      slots,
      games: drr,
      constraints: [{ type: 'travel_distance', params: { teams: 'A' } }],
    });
    expect(single.results[0].penalty).toBeCloseTo(a, 6);
    expect(r.penalty).toBeGreaterThan(a);
    const limited = run({ type: 'travel_distance', params: { teams: 'A', maxMiles: 300 } });
    expect(limited.penalty).toBeCloseTo(a - 300, 6);
    expect(limited.violations[0].teams).toEqual([0]);
  });

  it('CA1: at most max home games of a team in slots', () => {
    const r = run({ type: 'CA1', severity: 'hard', params: { teams: '0', max: 1, mode: 'H', slots: '3;4;5' } });
    expect(r.penalty).toBe(2);
    sameGames(r.violations[0].games, [g(0, 1, 3), g(0, 2, 4), g(0, 3, 5)]);
  });

  it('CA2: games of a team against a set in slots', () => {
    const r = run({
      type: 'CA2',
      params: { teams1: '0', teams2: '1;2', max: 1, mode1: 'A', mode2: 'GLOBAL', slots: '0;1;2' },
    });
    expect(r.penalty).toBe(1);
    sameGames(r.violations[0].games, [g(1, 0, 0), g(2, 0, 1)]);
  });

  it('CA3: windows of intp slots', () => {
    const r = run({
      type: 'CA3',
      params: { teams1: '0', teams2: '1;2;3', max: 2, mode1: 'A', intp: 3, mode2: 'SLOTS' },
    });
    expect(r.penalty).toBe(1);
    sameGames(r.violations[0].games, [g(1, 0, 0), g(2, 0, 1), g(3, 0, 2)]);
  });

  it('CA4: team sets together, GLOBAL and EVERY', () => {
    const global = run({
      type: 'CA4',
      params: { teams1: '1;2', teams2: '0', max: 1, mode1: 'H', mode2: 'GLOBAL', slots: '0;1;2' },
    });
    expect(global.penalty).toBe(1);
    sameGames(global.violations[0].games, [g(1, 0, 0), g(2, 0, 1)]);
    const every = run({
      type: 'CA4',
      params: { teams1: '0;1;2;3', teams2: '0;1;2;3', max: 1, mode1: 'H', mode2: 'EVERY', slots: '0;1' },
    });
    expect(every.penalty).toBe(2);
    expect(every.violations).toHaveLength(2);
  });

  it('GA1: meetings in slots', () => {
    const r = run({ type: 'GA1', params: { meetings: '1,0;0,1;', min: 0, max: 0, slots: '0;1;2' } });
    expect(r.penalty).toBe(1);
    sameGames(r.violations[0].games, [g(1, 0, 0)]);
    expect(run({ type: 'GA1', params: { meetings: '0,1;', min: 1, max: 1, slots: '0' } }).penalty).toBe(1);
  });

  it('BR1 and BR2: breaks', () => {
    const br1 = run({ type: 'BR1', params: { teams: '0', intp: 1, mode2: 'HA', slots: '0;1;2;3;4;5' } });
    // A: AAAHHH → breaks at 1,2,4,5 → 4 - 1
    expect(br1.penalty).toBe(3);
    const br2 = run({
      type: 'BR2',
      params: { teams: '0;1;2;3', intp: 0, homeMode: 'HA', mode2: 'LEQ', slots: '0;1;2;3;4;5' },
    });
    expect(br2.penalty).toBeGreaterThanOrEqual(4);
    expect(br2.violations[0].teams).toContain(0);
  });

  it('FA2: home-game difference between pairs after each slot', () => {
    const r = run({ type: 'FA2', params: { teams: '0;1', intp: 1, mode: 'H', slots: '0;1;2;3;4;5' } });
    // after slot 2: A 0 home, B 2 home (slots 0 and 2) → diff 2
    expect(r.penalty).toBe(1);
    expect(r.violations[0].teams).toEqual([0, 1]);
  });

  it('SE1: slots between mutual games', () => {
    const r = run({ type: 'SE1', params: { teams: '0;1;2;3', min: 3, mode1: 'SLOTS' } });
    // A–B slots 0,3 → 2 between (short 1); each pair meets 3 slots apart here → 6 pairs × 1
    expect(r.penalty).toBe(6);
    expect(r.violations).toHaveLength(6);
  });

  it('round_robin_format checks meetings per pair, home/away of rematches and home counts', () => {
    expect(
      run({
        type: 'round_robin_format',
        params: { kind: 'round_robin', rounds: 2, gamesPerTeam: 6, minHome: 3, maxHome: 3 },
      }).status,
    ).toBe('pass');
    // B hosts A twice (slot 3 flipped) and the A–D game of slot 5 is dropped
    const games = drr
      .filter((x) => !(x.slot === 5 && x.home === 0))
      .map((x) => (x.slot === 3 && x.home === 0 ? g(1, 0, 3) : x));
    const r = run({ type: 'round_robin_format', params: { kind: 'round_robin', rounds: 2, gamesPerTeam: 6 } }, games);
    const messages = r.violations.map((v) => v.message);
    expect(messages.some((m) => /Alpha and Bravo meet twice without a home and an away game/.test(m))).toBe(true);
    expect(messages.some((m) => /Alpha and Delta meet 1 times \(expected 2\)/.test(m))).toBe(true);
    expect(messages.filter((m) => /plays 5 games \(expected 6\)/.test(m))).toHaveLength(2);
    sameGames(r.violations.find((v) => /Bravo meet twice/.test(v.message))!.games, [g(1, 0, 0), g(1, 0, 3)]);
    const partial = run({ type: 'round_robin_format', params: { kind: 'partial_round_robin', doubles: 1 } });
    // every pair meets twice (within 1 + 1 meetings), but each team meets 3 opponents twice instead of 1 → 2 per team
    expect(partial.penalty).toBe(8);
  });

  it('SE1 max and the phased rule', () => {
    // every pair's meetings are 3 slots apart (2 between)
    expect(run({ type: 'SE1', params: { teams: '0;1;2;3', min: 0, max: 1 } }).penalty).toBe(6);
    expect(run({ type: 'phased', severity: 'hard' }).status).toBe('pass');
    const games = drr.map((x) => ({ ...x, slot: x.slot === 1 ? 3 : x.slot === 3 ? 1 : x.slot }));
    const r = run({ type: 'phased', severity: 'hard' }, games);
    // A–B and C–D now meet twice in slots 0–2, A–C and B–D twice in slots 3–5: four pairs, each counted for both of
    // its ordered pairs as RobinX's validator counts a phase violation
    expect(r.penalty).toBe(8);
    expect(r.violations).toHaveLength(4);
    sameGames(r.violations.find((v) => v.teams.join() === '0,1')!.games, [g(1, 0, 0), g(0, 1, 1)]);
  });

  it('aggregates totals by severity', () => {
    const report = evaluateSchedule({
      teams,
      slots,
      games: drr,
      constraints: [
        { type: 'max_consecutive_away', severity: 'hard', params: { max: 2 } },
        { type: 'max_consecutive_home', severity: 'soft', weight: 5, params: { max: 2 } },
        { type: 'rest_days', severity: 'soft', weight: 3, params: { minDays: 1 } },
      ],
    });
    expect(report.hardViolations).toBe(2);
    expect(report.softPenalty).toBe(10);
    expect(report.totals.hard).toEqual({ constraints: 1, failed: 1, violations: 2, penalty: 2 });
    expect(report.totals.soft).toEqual({ constraints: 2, failed: 1, violations: 2, penalty: 10 });
    expect(report.feasible).toBe(false);
  });

  it('rejects a schedule where a team plays twice in a slot', () => {
    expect(() => evaluateSchedule({ teams, slots, games: [g(0, 1, 0), g(0, 2, 0)], constraints: [] })).toThrow(
      /two games/,
    );
  });
});
