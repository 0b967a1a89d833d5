/**
 * Golden outputs of seeded runs, recorded on the engine before its files were split (commit 14facc1): a change to the
 * layout of scheduling/ that alters a seeded schedule, a random sequence or a violation report fails here.
 * Each case hashes the full output (games, dates, penalties, messages) so a drift anywhere is caught.
 * The three Big 12 cases were re-recorded once when the fixture became the seeded 2025-26 rules (issue 18: 9/9 in the
 * format, soft Saturday pairing, 2 Jan start, travel weight); the split itself changed none of them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConstraintSpec, ScheduleProblem } from '../../scheduling/index.ts';
import {
  BIG12_MBB_TEAMS,
  big12CandidateDates,
  big12MbbProblem,
  canonicalSchedule,
  evaluateSchedule,
  optimizeSchedule,
  Rng,
} from '../../scheduling/index.ts';
import { itc2021Problem } from '../../scheduling/robinx/itc2021.ts';
import { parseRobinxInstance } from '../../scheduling/robinx/reader.ts';
import { annealTtp, createRng, ttpFromRobinx } from '../../scheduling/ttp/index.ts';

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/robinx/${name}`, import.meta.url)), 'utf8');

/** What a run produces that a caller can see (timings left out). */
function outcome(r: ReturnType<typeof optimizeSchedule>) {
  return {
    games: r.games,
    slots: r.slots,
    hard: r.hardViolations,
    soft: r.softPenalty,
    iterations: r.iterations,
    restarts: r.repairRestarts,
    report: r.report.results.map((c) => [c.type, c.status, c.penalty, c.violations.map((v) => v.message)]),
  };
}

describe('the engine split keeps every seeded output', () => {
  it('both random generators give the recorded sequences', () => {
    const a = new Rng(12345);
    const b = createRng(12345);
    const xs = Array.from({ length: 64 }, () => [a.nextU32(), b.int(1000), b.next()]);
    expect(hash(xs)).toBe('0548335fc7efb4f4');
  });

  it('Big 12 men’s basketball, seed 3, 30,000 iterations with date moves: the recorded schedule', () => {
    const r = optimizeSchedule(big12MbbProblem(), { seed: 3, iterations: 30_000 });
    expect(hash(outcome(r))).toBe('9c6e16fc10651e37');
  }, 60_000);

  it('travel-partner construction with soft emphasis, seed 5: the recorded schedule', () => {
    const problem: ScheduleProblem = { ...big12MbbProblem(), name: 'partners' };
    const r = optimizeSchedule(problem, {
      seed: 5,
      iterations: 20_000,
      construction: 'travel-partners',
      softEmphasis: { travel_distance: 2 },
      reheats: 2,
    });
    expect(hash(outcome(r))).toBe('fe1a5ab5e46572d2');
  }, 60_000);

  it('ITC2021 repair with restarts (tiny fixture plus a contradiction), seed 3: the recorded schedule', () => {
    const xml = fixture('ITC-tiny.xml').replace(
      '<CapacityConstraints>',
      '<CapacityConstraints><CA1 max="0" min="0" mode="H" penalty="1" slots="0;1;2;3;4;5;6;7;8;9" teams="0" type="HARD"/>',
    );
    const problem = itc2021Problem(parseRobinxInstance(xml));
    const r = optimizeSchedule(problem, { seed: 3, iterations: 40_000, stopWhenFeasible: true, repairRestart: 4_000 });
    expect(hash(outcome(r))).toBe('5b87c518a9eb332f');
  }, 60_000);

  it('ITC2021 Early 1, seed 2, 60,000 iterations: the recorded schedule', () => {
    const problem = itc2021Problem(parseRobinxInstance(fixture('ITC2021_Early_1.xml')));
    const r = optimizeSchedule(problem, { seed: 2, iterations: 60_000 });
    expect(hash(outcome(r))).toBe('a62ede4e32f12107');
  }, 60_000);

  it('TTP annealer on NL4, seed 11: the recorded schedule', () => {
    const problem = ttpFromRobinx(parseRobinxInstance(fixture('NL4.xml')));
    const r = annealTtp(problem, { iterations: 40_000, seed: 11 });
    expect(hash([Array.from(r.cells), r.cost, r.violations, r.reheats])).toBe('c749d50262b9cda9');
  });

  it('every evaluator type reports the recorded violations on a canonical Big 12 schedule', () => {
    const teams = BIG12_MBB_TEAMS;
    const dates = big12CandidateDates('2025-11-03', '2026-03-07').filter((_, i) => i % 2 === 0);
    const slots = dates.slice(0, 30).map((date, index) => ({ index, date }));
    const games = canonicalSchedule(16, { kind: 'round_robin', rounds: 2, mirrored: false });
    const every = '0;1;2;3;4;5;6;7;8;9;10;11;12;13;14;15';
    const constraints: ConstraintSpec[] = [
      { type: 'max_consecutive_home', severity: 'hard', params: { max: 1 } },
      { type: 'max_consecutive_away', severity: 'hard', params: { max: 1 } },
      { type: 'max_consecutive_road', params: { max: 2, teams: 'KU;BYU' } },
      { type: 'rematch_separation', severity: 'hard', params: { minGames: 16, minDays: 40 } },
      { type: 'no_repeaters', params: {} },
      {
        type: 'blackout_dates',
        severity: 'hard',
        params: {
          blackouts: [
            { team: 'KU', dates: [dates[4], dates[9]], mode: 'home' },
            { team: 'BYU', from: dates[6], to: dates[8] },
            { team: 'TCU', date: dates[2], mode: 'away', severity: 'soft' },
          ],
          severities: ['hard'],
        },
      },
      { type: 'venue_unavailability', params: { venue: 'Fertitta Center', from: dates[3], to: dates[9] } },
      { type: 'rest_days', params: { minDays: 3 } },
      { type: 'allowed_days_of_week', params: { days: ['sat', 'mon'], mode: 'H' } },
      { type: 'home_away_balance_window', params: { k: 4, minHome: 2, minAway: 2, position: 'both' } },
      { type: 'games_per_week', params: { max: 1 } },
      { type: 'saturday_pairing', params: {} },
      { type: 'travel_distance', params: {} },
      { type: 'travel_distance', params: { maxMiles: 9000 } },
      { type: 'CA1', params: { teams: '0;1', max: 1, mode: 'H', slots: '0;1;2;3' } },
      { type: 'CA1', params: { teams: every, min: 2, mode: 'HA', slots: '4;5' } },
      { type: 'CA2', params: { teams1: '3', teams2: '5;10;11', max: 0, mode1: 'HA', slots: '0;5;12;26;28' } },
      { type: 'CA2', params: { teams1: every, teams2: '0', max: 0, mode1: 'A' } },
      { type: 'CA3', params: { teams1: every, teams2: every, intp: 3, max: 2, mode1: 'H' } },
      { type: 'CA3', params: { teams1: '2;4', teams2: '0;1;7', intp: 6, max: 1, mode1: 'HA' } },
      { type: 'CA4', params: { teams1: '0;1;2', teams2: every, max: 1, mode1: 'H', mode2: 'EVERY', slots: '0;1;2' } },
      { type: 'CA4', params: { teams1: '0;1', teams2: '2;3', max: 0, mode1: 'HA', mode2: 'GLOBAL', slots: every } },
      { type: 'GA1', params: { meetings: '0,1;2,3;4,5', min: 2, slots: '0;1;2;3;4' } },
      { type: 'BR1', params: { teams: every, intp: 0, mode2: 'HA', slots: every } },
      { type: 'BR1', params: { teams: '0;5', intp: 0, mode2: 'H' } },
      { type: 'BR2', params: { teams: every, intp: 10, slots: every } },
      { type: 'FA2', params: { teams: every, intp: 1, slots: '5;10;15;20;25' } },
      { type: 'SE1', params: { teams: every, min: 14 } },
      { type: 'SE1', params: { teams: '0;1;2', min: 2, max: 16 } },
      { type: 'round_robin_format', params: { kind: 'round_robin', rounds: 2, minHome: 8, maxHome: 8 } },
      { type: 'round_robin_format', params: { kind: 'partial', doubles: 2 } },
      { type: 'round_robin_format', params: { kind: 'series', series: 15, gamesPerSeries: 2 } },
      { type: 'phased', params: {} },
    ];
    const report = evaluateSchedule({ teams, slots, games, constraints });
    const summary = report.results.map((c) => [
      c.type,
      c.severity,
      c.status,
      c.penalty,
      c.violations.map((v) => [v.message, v.games, v.teams]),
    ]);
    expect(hash([summary, report.hardViolations, report.softPenalty])).toBe('42712482a347ab28');
  });
});
