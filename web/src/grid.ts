// The schedule grid's model: teams (rows) × dates (columns), each cell the games a team plays that day, each game
// with the constraint violations logged against it. Pure, so the view only draws it.

export interface GridTeam {
  id: string;
  name: string;
  abbreviation?: string;
}

export interface GridGame {
  id: string;
  date: string;
  startTime?: string | null;
  /** Kept as it is (date, home, away) when the schedule is re-optimised. */
  locked?: boolean;
  home: GridTeam;
  away: GridTeam;
  venue?: { name: string; city?: string | null } | null;
}

export interface GridViolation {
  severity: string;
  message: string;
  template?: { name: string } | null;
  game?: { id: string } | null;
}

export interface GameMark {
  severity: 'HARD' | 'SOFT' | 'INFO';
  constraint: string;
  message: string;
}

export interface CellGame {
  game: GridGame;
  home: boolean;
  opponent: GridTeam;
  marks: GameMark[];
}

export interface Grid {
  teams: GridTeam[];
  dates: string[];
  /** `${teamId}|${date}` → that team's games that day. */
  cells: Map<string, CellGame[]>;
  /** Games with at least one hard violation, and with only soft ones. */
  hardGames: number;
  softGames: number;
}

export const cellKey = (teamId: string, date: string) => `${teamId}|${date}`;

export function buildGrid(games: GridGame[], violations: GridViolation[]): Grid {
  const marks = new Map<string, GameMark[]>();
  for (const v of violations) {
    if (!v.game) continue;
    const severity = v.severity === 'HARD' || v.severity === 'SOFT' ? v.severity : 'INFO';
    const list = marks.get(v.game.id) ?? [];
    list.push({ severity, constraint: v.template?.name ?? 'Unnamed constraint', message: v.message });
    marks.set(v.game.id, list);
  }
  const teams = new Map<string, GridTeam>();
  const dates = new Set<string>();
  const cells = new Map<string, CellGame[]>();
  const add = (team: GridTeam, entry: CellGame) => {
    teams.set(team.id, team);
    const key = cellKey(team.id, entry.game.date);
    cells.set(key, [...(cells.get(key) ?? []), entry]);
  };
  for (const game of games) {
    dates.add(game.date);
    const gameMarks = marks.get(game.id) ?? [];
    add(game.home, { game, home: true, opponent: game.away, marks: gameMarks });
    add(game.away, { game, home: false, opponent: game.home, marks: gameMarks });
  }
  const marked = games.map((g) => marks.get(g.id) ?? []);
  return {
    teams: [...teams.values()].sort((a, b) => a.name.localeCompare(b.name)),
    dates: [...dates].sort(),
    cells,
    hardGames: marked.filter((m) => m.some((x) => x.severity === 'HARD')).length,
    softGames: marked.filter((m) => m.length > 0 && m.every((x) => x.severity !== 'HARD')).length,
  };
}

/** The worst severity among a cell's marks (what its highlight shows). */
export function worst(marks: GameMark[]): GameMark['severity'] | null {
  if (marks.some((m) => m.severity === 'HARD')) return 'HARD';
  if (marks.some((m) => m.severity === 'SOFT')) return 'SOFT';
  return marks.length ? 'INFO' : null;
}

/** The next focused cell for a key press in a rows × columns grid; null when the key is not a grid move. */
export function moveFocus(
  key: string,
  at: { row: number; col: number },
  size: { rows: number; cols: number },
): { row: number; col: number } | null {
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max - 1, v));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(at.row - 1, size.rows), col: at.col };
    case 'ArrowDown':
      return { row: clamp(at.row + 1, size.rows), col: at.col };
    case 'ArrowLeft':
      return { row: at.row, col: clamp(at.col - 1, size.cols) };
    case 'ArrowRight':
      return { row: at.row, col: clamp(at.col + 1, size.cols) };
    case 'Home':
      return { row: at.row, col: 0 };
    case 'End':
      return { row: at.row, col: size.cols - 1 };
    case 'PageUp':
      return { row: 0, col: at.col };
    case 'PageDown':
      return { row: size.rows - 1, col: at.col };
    default:
      return null;
  }
}
