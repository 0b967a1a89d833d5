// The two figures computed from games alone, on cases small enough to check by hand: travel chains consecutive away
// games (home → host 1 → host 2 → home, not two round trips), and a version diff tells moved, swapped, added and
// removed games apart.
import { describe, expect, it } from 'vitest';
import { teamFairness } from '../../subgraphs/schedule-generation/fairness.ts';
import { diffVersions } from '../../subgraphs/schedule-generation/generation/version-diff.ts';

// three campuses on the equator, 1° of longitude apart (69.09 mi per degree at radius 3958.7613 mi)
const DEGREE = (2 * Math.PI * 3958.7613) / 360;
const campuses = new Map([1, 2, 3].map((t) => [t, { teamId: t, latitude: 0, longitude: t - 1 }]));
const game = (gameId: number, homeTeamId: number, awayTeamId: number, gameDate: string) => ({
  gameId,
  homeTeamId,
  awayTeamId,
  gameDate,
});

describe('fairness figures', () => {
  it('chains consecutive away games into one road trip instead of two round trips', () => {
    // team 1 plays at 2 (Sat), at 3 (Mon), then hosts 2 (Sat)
    const games = [game(1, 2, 1, '2026-01-03'), game(2, 3, 1, '2026-01-05'), game(3, 1, 2, '2026-01-10')];
    const f = teamFairness(1, games, campuses);
    expect(f.travelMiles).toBeCloseTo(4 * DEGREE, 6); // 1→2 (1°), 2→3 (1°), 3→1 (2°)
    expect(f.trips).toHaveLength(1);
    expect(f.trips[0]).toMatchObject({ hostIds: [2, 3], from: '2026-01-03', to: '2026-01-05' });
    expect(f).toMatchObject({ home: 1, away: 2, breaks: 1, longestRoadTrip: 2, minRestDays: 1, weekendHomeGames: 1 });
  });

  it('reports unknown travel as null when a campus has no coordinates, not as zero', () => {
    const noCoordinates = new Map(campuses);
    noCoordinates.set(3, { teamId: 3, latitude: null as unknown as number, longitude: null as unknown as number });
    const f = teamFairness(1, [game(1, 3, 1, '2026-01-03')], noCoordinates);
    expect(f.travelMiles).toBeNull();
  });
});

describe('version diff', () => {
  const d = (homeTeamId: number, awayTeamId: number, date: string) => ({ homeTeamId, awayTeamId, date });
  it('tells moved, swapped, added and removed games apart', () => {
    const before = [d(1, 2, '2026-01-03'), d(2, 3, '2026-01-05'), d(3, 1, '2026-01-07'), d(4, 1, '2026-01-09')];
    const after = [d(1, 2, '2026-01-03'), d(2, 3, '2026-01-08'), d(1, 3, '2026-01-07'), d(4, 2, '2026-01-09')];
    const changes = diffVersions(before, after);
    expect(changes.unchanged).toBe(1);
    expect(changes.moved).toEqual([{ homeTeamId: 2, awayTeamId: 3, from: '2026-01-05', to: '2026-01-08' }]);
    expect(changes.swapped).toEqual([{ homeTeamId: 1, awayTeamId: 3, from: '2026-01-07', to: '2026-01-07' }]);
    expect(changes.removed).toEqual([d(4, 1, '2026-01-09')]);
    expect(changes.added).toEqual([d(4, 2, '2026-01-09')]);
  });
});
