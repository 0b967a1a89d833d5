// The grid model of the workspace (web/src/grid.ts): every game in its home and its away team's row on its date,
// violations marked on the games they name (worst severity shown), games counted once per kind of mark, and the
// keyboard moves clamped at the edges.
import { describe, expect, it } from 'vitest';
import { buildGrid, cellKey, involvedGames, markGroups, moveFocus, worst } from '../../web/src/grid.ts';

const team = (id: string) => ({ id, name: `Team ${id}` });
const games = [
  { id: 'g1', date: '2026-01-03', home: team('b'), away: team('a') },
  { id: 'g2', date: '2026-01-01', home: team('a'), away: team('c') },
  { id: 'g3', date: '2026-01-03', home: team('c'), away: team('d') },
];

describe('the schedule grid model', () => {
  it('puts each game in both teams’ rows on its date, teams by name, dates in order', () => {
    const grid = buildGrid(games, []);
    expect(grid.teams.map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(grid.dates).toEqual(['2026-01-01', '2026-01-03']);
    const [home] = grid.cells.get(cellKey('b', '2026-01-03'))!;
    const [away] = grid.cells.get(cellKey('a', '2026-01-03'))!;
    expect([home.home, home.opponent.id, away.home, away.opponent.id]).toEqual([true, 'a', false, 'b']);
    expect(grid.cells.get(cellKey('d', '2026-01-01'))).toBeUndefined();
    const entries = [...grid.cells.values()].flat();
    expect(entries).toHaveLength(games.length * 2);
  });

  it('marks the games a violation names, with the constraint, and counts hard and soft-only games', () => {
    const grid = buildGrid(games, [
      { severity: 'SOFT', message: 'two road games', template: { name: 'Road trips' }, game: { id: 'g1' } },
      { severity: 'HARD', message: 'blackout', template: { name: 'Blackouts' }, game: { id: 'g1' } },
      { severity: 'SOFT', message: 'early', template: null, game: { id: 'g3' } },
      { severity: 'HARD', message: 'team-level', template: { name: 'Balance' }, game: null },
    ]);
    const [g1] = grid.cells.get(cellKey('a', '2026-01-03'))!;
    expect(g1.marks.map((m) => m.constraint)).toEqual(['Road trips', 'Blackouts']);
    expect(worst(g1.marks)).toBe('HARD');
    expect(grid.cells.get(cellKey('d', '2026-01-03'))![0].marks[0].constraint).toBe('Unnamed constraint');
    expect([grid.hardGames, grid.softGames]).toEqual([1, 1]);
    expect(worst([])).toBeNull();
  });

  it('moves focus with arrows, Home/End and PageUp/PageDown, clamped to the grid', () => {
    const size = { rows: 3, cols: 4 };
    expect(moveFocus('ArrowRight', { row: 0, col: 3 }, size)).toEqual({ row: 0, col: 3 });
    expect(moveFocus('ArrowLeft', { row: 0, col: 0 }, size)).toEqual({ row: 0, col: 0 });
    expect(moveFocus('ArrowDown', { row: 1, col: 2 }, size)).toEqual({ row: 2, col: 2 });
    expect(moveFocus('ArrowUp', { row: 0, col: 2 }, size)).toEqual({ row: 0, col: 2 });
    expect(moveFocus('End', { row: 1, col: 0 }, size)).toEqual({ row: 1, col: 3 });
    expect(moveFocus('Home', { row: 1, col: 3 }, size)).toEqual({ row: 1, col: 0 });
    expect(moveFocus('PageDown', { row: 0, col: 1 }, size)).toEqual({ row: 2, col: 1 });
    expect(moveFocus('PageUp', { row: 2, col: 1 }, size)).toEqual({ row: 0, col: 1 });
    expect(moveFocus('a', { row: 0, col: 0 }, size)).toBeNull();
  });

  it('shows a constraint once per game, counting the violations it stands for', () => {
    const mark = (severity: 'HARD' | 'SOFT', constraint: string) => ({ severity, constraint, message: 'm' });
    expect(
      markGroups([
        mark('SOFT', 'Game days'),
        mark('HARD', 'Blackouts'),
        mark('SOFT', 'Game days'),
        mark('HARD', 'Game days'),
      ]),
    ).toEqual([
      { severity: 'SOFT', constraint: 'Game days', count: 2 },
      { severity: 'HARD', constraint: 'Blackouts', count: 1 },
      { severity: 'HARD', constraint: 'Game days', count: 1 },
    ]);
  });

  it('marks every game a violation involves (its details’ gameIds), and none for a violation that names no game', () => {
    const grid = buildGrid(games, [
      {
        severity: 'SOFT',
        message: 'three road games',
        template: { name: 'Streak' },
        game: { id: 'g1' },
        details: { gameIds: ['g1', 'g3'] },
      },
      {
        severity: 'HARD',
        message: 'season total',
        template: { name: 'Balance' },
        game: null,
        details: { gameIds: [] },
      },
    ]);
    expect(involvedGames({ severity: 'SOFT', message: '', game: { id: '7' }, details: { gameIds: [7, 9] } })).toEqual([
      '7',
      '9',
    ]);
    expect(grid.cells.get(cellKey('c', '2026-01-03'))![0].marks.map((m) => m.constraint)).toEqual(['Streak']);
    expect(grid.cells.get(cellKey('a', '2026-01-01'))![0].marks).toEqual([]);
    expect([grid.hardGames, grid.softGames]).toEqual([0, 2]);
  });
});
