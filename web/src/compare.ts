// Game-by-game difference of two schedule versions. A game is identified by its home team, away team and which
// meeting of that pair at that home it is (by date), as the calendar export's UIDs are: kept (same date), moved
// (another date), swapped (the pair meets with home and away exchanged), added (only in B) or removed (only in A).
export interface DiffGame {
  id: string;
  date: string;
  locked?: boolean;
  home: { id: string; name: string };
  away: { id: string; name: string };
}

export type ChangeKind = 'kept' | 'moved' | 'swapped' | 'added' | 'removed';

export interface Change {
  kind: ChangeKind;
  a: DiffGame | null;
  b: DiffGame | null;
}

function keyed(games: DiffGame[]): Map<string, DiffGame> {
  const meetings = new Map<string, number>();
  const out = new Map<string, DiffGame>();
  for (const g of [...games].sort((x, y) => x.date.localeCompare(y.date) || x.id.localeCompare(y.id))) {
    const pair = `${g.home.id}|${g.away.id}`;
    const n = (meetings.get(pair) ?? 0) + 1;
    meetings.set(pair, n);
    out.set(`${pair}|${n}`, g);
  }
  return out;
}

export function diffVersions(a: DiffGame[], b: DiffGame[]): Change[] {
  const inA = keyed(a);
  const inB = keyed(b);
  const changes: Change[] = [];
  const unmatchedB = new Map(inB);
  const onlyA: DiffGame[] = [];
  for (const [key, game] of inA) {
    const other = inB.get(key);
    if (!other) {
      onlyA.push(game);
      continue;
    }
    unmatchedB.delete(key);
    changes.push({ kind: other.date === game.date ? 'kept' : 'moved', a: game, b: other });
  }
  for (const game of onlyA) {
    const swapped = [...unmatchedB].find(([, g]) => g.home.id === game.away.id && g.away.id === game.home.id);
    if (swapped) {
      unmatchedB.delete(swapped[0]);
      changes.push({ kind: 'swapped', a: game, b: swapped[1] });
    } else changes.push({ kind: 'removed', a: game, b: null });
  }
  for (const game of unmatchedB.values()) changes.push({ kind: 'added', a: null, b: game });
  return changes;
}
