// What changed from one version of a schedule to the next, as a scheduler reads it: games moved to another date,
// games whose home and away team swapped, games added and games removed. Stored on the new version (changes).

export interface DiffGame {
  homeTeamId: number;
  awayTeamId: number;
  date: string;
}

export interface GameChange {
  homeTeamId: number;
  awayTeamId: number;
  from: string;
  to: string;
}

export interface VersionChanges {
  /** Same home and away team, another date. */
  moved: GameChange[];
  /** The same two teams with home and away swapped (home/away as they are now; the date may change too). */
  swapped: GameChange[];
  added: DiffGame[];
  removed: DiffGame[];
  /** Games identical in both versions. */
  unchanged: number;
}

const byDate = (a: DiffGame, b: DiffGame) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** Pairs games of `left` and `right` that share `key`, earliest with earliest; returns the pairs and leftovers. */
function matchBy(left: DiffGame[], right: DiffGame[], keyLeft: (g: DiffGame) => string, keyRight = keyLeft) {
  const pool = new Map<string, DiffGame[]>();
  for (const g of [...right].sort(byDate)) {
    const k = keyRight(g);
    pool.set(k, [...(pool.get(k) ?? []), g]);
  }
  const pairs: Array<[DiffGame, DiffGame]> = [];
  const rest: DiffGame[] = [];
  for (const g of [...left].sort(byDate)) {
    const candidates = pool.get(keyLeft(g));
    const match = candidates?.shift();
    if (match) pairs.push([g, match]);
    else rest.push(g);
  }
  const paired = new Set(pairs.map(([, r]) => r));
  return { pairs, left: rest, right: right.filter((g) => !paired.has(g)) };
}

export function diffVersions(previous: readonly DiffGame[], next: readonly DiffGame[]): VersionChanges {
  const same = matchBy([...previous], [...next], (g) => `${g.homeTeamId}|${g.awayTeamId}|${g.date}`);
  const moved = matchBy(same.left, same.right, (g) => `${g.homeTeamId}|${g.awayTeamId}`);
  const swapped = matchBy(
    moved.left,
    moved.right,
    (g) => `${g.homeTeamId}|${g.awayTeamId}`,
    (g) => `${g.awayTeamId}|${g.homeTeamId}`,
  );
  return {
    moved: moved.pairs.map(([a, b]) => ({
      homeTeamId: b.homeTeamId,
      awayTeamId: b.awayTeamId,
      from: a.date,
      to: b.date,
    })),
    swapped: swapped.pairs.map(([a, b]) => ({
      homeTeamId: b.homeTeamId,
      awayTeamId: b.awayTeamId,
      from: a.date,
      to: b.date,
    })),
    added: swapped.right.map(({ homeTeamId, awayTeamId, date }) => ({ homeTeamId, awayTeamId, date })),
    removed: swapped.left.map(({ homeTeamId, awayTeamId, date }) => ({ homeTeamId, awayTeamId, date })),
    unchanged: same.pairs.length,
  };
}
