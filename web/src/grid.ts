// The schedule grid's model: teams (rows) × dates (columns), each cell the games a team plays that day, each game
// with the constraint violations that involve it. Pure, so the view only draws it.

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
  /** The first game involved; `details.gameIds` lists them all (a streak names every game of it). */
  game?: { id: string } | null;
  details?: unknown;
}

/** Every game a violation involves: its `game` and the ids in its details' `gameIds`. */
export function involvedGames(v: GridViolation): string[] {
  const listed = (v.details as { gameIds?: unknown } | null | undefined)?.gameIds;
  const ids = Array.isArray(listed) ? listed.filter((id) => typeof id === 'number' || typeof id === 'string') : [];
  return [...new Set([...(v.game ? [v.game.id] : []), ...ids.map(String)])];
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
    const severity = v.severity === 'HARD' || v.severity === 'SOFT' ? v.severity : 'INFO';
    for (const gameId of involvedGames(v)) {
      const list = marks.get(gameId) ?? [];
      list.push({ severity, constraint: v.template?.name ?? 'Unnamed constraint', message: v.message });
      marks.set(gameId, list);
    }
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

/**
 * A game's marks as a cell shows them: one per constraint and severity, with how many violations it stands for
 * (a constraint judged per team names the same game once for each of its two teams).
 */
export function markGroups(
  marks: GameMark[],
): Array<{ severity: GameMark['severity']; constraint: string; count: number }> {
  const groups = new Map<string, { severity: GameMark['severity']; constraint: string; count: number }>();
  for (const m of marks) {
    const key = `${m.severity}|${m.constraint}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { severity: m.severity, constraint: m.constraint, count: 1 });
  }
  return [...groups.values()];
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
