// The workspace's version diff (web/src/compare.ts): a game kept, moved to another date, played with home and away
// exchanged, added and removed are each told apart, and a pair's second meeting at the same home stays its own game.
import { describe, expect, it } from 'vitest';
import { diffVersions } from '../../web/src/compare.ts';

const t = (id: string) => ({ id, name: id.toUpperCase() });
const g = (id: string, date: string, home: string, away: string) => ({ id, date, home: t(home), away: t(away) });

describe('diffVersions', () => {
  it('tells kept, moved, swapped, added and removed games apart', () => {
    const a = [
      g('1', '2026-01-01', 'a', 'b'),
      g('2', '2026-01-02', 'c', 'd'),
      g('3', '2026-01-03', 'a', 'c'),
      g('4', '2026-01-04', 'b', 'd'),
    ];
    const b = [
      g('5', '2026-01-01', 'a', 'b'), // kept
      g('6', '2026-01-09', 'c', 'd'), // moved
      g('7', '2026-01-03', 'c', 'a'), // swapped
      g('8', '2026-01-05', 'd', 'a'), // added (4 removed)
    ];
    const kinds = Object.fromEntries(diffVersions(a, b).map((c) => [`${c.a?.id ?? '-'}>${c.b?.id ?? '-'}`, c.kind]));
    expect(kinds).toEqual({ '1>5': 'kept', '2>6': 'moved', '3>7': 'swapped', '4>-': 'removed', '->8': 'added' });
  });

  it('matches repeated meetings of a pair at one home in date order', () => {
    const a = [g('1', '2026-01-01', 'a', 'b'), g('2', '2026-02-01', 'a', 'b')];
    const b = [g('3', '2026-02-01', 'a', 'b'), g('4', '2026-03-01', 'a', 'b')];
    const changes = diffVersions(a, b);
    expect(changes.map((c) => [c.a?.id, c.b?.id, c.kind])).toEqual([
      ['1', '3', 'moved'],
      ['2', '4', 'moved'],
    ]);
  });
});
