// The independent Big 12 checker (test/support/big12-rules.ts) is itself checked: a small schedule keeping every rule
// passes, and each planted breach is reported — so "no violations" from it means something.
import { describe, expect, it } from 'vitest';
import { arenaConflicts, type Big12Rules, big12HardViolations, type CheckedGame } from '../support/big12-rules.ts';

const teams = ['A', 'B', 'C', 'D'];
// four teams, four games each: A–B and C–D meet twice (home and away), the other pairs once; 2 home / 2 away each
const games: CheckedGame[] = [
  { home: 'A', away: 'B', date: '2026-01-03' },
  { home: 'C', away: 'D', date: '2026-01-03' },
  { home: 'C', away: 'A', date: '2026-01-07' },
  { home: 'D', away: 'B', date: '2026-01-07' },
  { home: 'A', away: 'D', date: '2026-01-10' },
  { home: 'B', away: 'C', date: '2026-01-10' },
  { home: 'B', away: 'A', date: '2026-01-14' },
  { home: 'D', away: 'C', date: '2026-01-14' },
];
const rules: Big12Rules = {
  gamesPerTeam: 4,
  doubles: 1,
  homeGames: 2,
  maxConsecutiveAway: 2,
  window: { k: 2, minHome: 0, minAway: 0 },
  rematch: { minGames: 3, minDays: 10 },
  minRestDays: 1,
  maxGamesPerWeek: 2,
  noSundayTeams: ['A'],
  blackouts: [],
  venueClosed: [],
  homeVenue: new Map(teams.map((t) => [t, `arena ${t}`])),
};
const moved = (i: number, change: Partial<CheckedGame>) => games.map((g, j) => (j === i ? { ...g, ...change } : g));

describe('the independent Big 12 rule check', () => {
  it('passes a schedule that keeps every rule', () => {
    expect(big12HardViolations(teams, games, rules)).toEqual([]);
  });

  it('reports each planted breach', () => {
    const check = (g: CheckedGame[], r: Partial<Big12Rules> = {}) => big12HardViolations(teams, g, { ...rules, ...r });
    expect(check(moved(4, { home: 'D', away: 'A' }))).toContain('A plays 1 home / 3 away (expected 2 / 2)');
    expect(check(games, { window: { k: 2, minHome: 1, minAway: 0 } })).toContain('B: 0 home / 2 away in its first 2');
    expect(check(moved(0, { date: '2026-01-04' }))).toContain('A plays on Sunday 2026-01-04');
    expect(check(games, { blackouts: [{ team: 'C', from: '2026-01-07', to: '2026-01-07' }] })).toContain(
      'C plays on its blackout day 2026-01-07',
    );
    expect(check(games, { venueClosed: [{ venue: 'arena A', from: '2026-01-10', to: '2026-01-10' }] })).toContain(
      'A hosts at closed arena A on 2026-01-10',
    );
    expect(check(games, { rematch: { minGames: 3, minDays: 12 } })).toContain('A–B rematch 3 games / 11 days apart');
    expect(check(moved(2, { date: '2026-01-04' }))).toContain('A: 0 rest days before 2026-01-04');
    expect(check(moved(6, { date: '2026-01-11' }), { minRestDays: 0 })).toContain(
      'A: 3 games in the week of Monday 2026-01-05',
    );
    expect(check(games.slice(1))).toContain('A plays 3 games (expected 4)');
    expect(check(moved(6, { home: 'A', away: 'B' }))).toContain('A–B: both meetings at A');
  });

  it('finds an arena hosting two games on one day across schedules', () => {
    expect(
      arenaConflicts([
        ...games.map((g) => ({ venue: `arena ${g.home}`, date: g.date })),
        { venue: 'arena A', date: '2026-01-03' },
      ]),
    ).toEqual(['2 games at arena A on 2026-01-03']);
  });
});
