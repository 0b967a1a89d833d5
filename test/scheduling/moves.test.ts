/**
 * The Mover's fast paths (a per-move table of slots for the partial-swap-teams chain, direct cell comparisons,
 * the early stop of the partial-swap-rounds closure) against plain reference versions of the same moves: same
 * success, same grid afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Grid } from '../../scheduling/index.ts';
import { canonicalSchedule, gridFromGames, MOVE_NAMES, Mover, Rng } from '../../scheduling/index.ts';

const n = 12;

function opponent(g: Grid, t: number, s: number): number {
  const v = g.cell[t * g.slots + s];
  return v === 0 ? -1 : Math.abs(v) - 1;
}

/** Writes team t's cell in slot s (the caller writes the opponent's side). */
function setGame(g: Grid, t: number, s: number, v: number): void {
  g.cell[t * g.slots + s] = v;
}

function swapHomes(g: Grid, i: number, j: number): boolean {
  let found = false;
  for (let s = 0; s < g.slots; s++) {
    if (i === j || opponent(g, i, s) !== j) continue;
    const v = g.cell[i * g.slots + s];
    setGame(g, i, s, -v);
    setGame(g, j, s, v > 0 ? i + 1 : -(i + 1));
    found = true;
  }
  return found;
}

function partialSwapRounds(g: Grid, t: number, r1: number, r2: number, maxClosure: number): boolean {
  if (r1 === r2) return false;
  const set = new Set([t]);
  const queue = [t];
  while (queue.length > 0) {
    const x = queue.shift() as number;
    for (const r of [r1, r2]) {
      const o = opponent(g, x, r);
      if (o >= 0 && !set.has(o)) {
        set.add(o);
        queue.push(o);
      }
    }
  }
  if (set.size > maxClosure) return false;
  for (const x of set) {
    const a = g.cell[x * g.slots + r1];
    g.cell[x * g.slots + r1] = g.cell[x * g.slots + r2];
    g.cell[x * g.slots + r2] = a;
  }
  return true;
}

function partialSwapTeams(g: Grid, i: number, j: number, r: number): boolean {
  if (i === j) return false;
  const S = g.slots;
  const at = (t: number, s: number) => g.cell[t * S + s];
  const chain: number[] = [];
  const start = at(i, r);
  for (let cur = r; ; ) {
    const vi = at(i, cur);
    const vj = at(j, cur);
    if (vi === 0 || vj === 0 || Math.abs(vi) - 1 === j) return false;
    chain.push(cur);
    if (vj === start) break;
    const next = Array.from({ length: S }, (_, s) => s).find((s) => at(i, s) === vj);
    if (next === undefined || chain.length >= S) return false;
    cur = next;
  }
  for (const s of chain) {
    const vi = at(i, s);
    const vj = at(j, s);
    setGame(g, i, s, vj);
    setGame(g, j, s, vi);
    setGame(g, Math.abs(vj) - 1, s, vj > 0 ? -(i + 1) : i + 1);
    setGame(g, Math.abs(vi) - 1, s, vi > 0 ? -(j + 1) : j + 1);
  }
  return true;
}

describe('moves', () => {
  it('swap homes, partial swap rounds and partial swap teams equal their reference versions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (seed, partial) => {
        const games = canonicalSchedule(
          n,
          partial ? { kind: 'partial_round_robin', doubles: 3 } : { kind: 'round_robin', rounds: 2 },
        );
        const slots = Math.max(...games.map((x) => x.slot)) + 1;
        const days = Array.from({ length: slots }, (_, s) => s);
        const grid = gridFromGames(n, days, games);
        const reference = gridFromGames(n, days, games);
        const mover = new Mover(grid);
        const rng = new Rng(seed);
        for (let k = 0; k < 300; k++) {
          // scramble both grids the same way with other moves, then compare one move of each kind
          const kind = MOVE_NAMES[rng.int(5)];
          mover.begin();
          mover.random(kind, rng);
          reference.cell.set(grid.cell);
          const i = rng.int(n);
          const j = rng.int(n);
          const r1 = rng.int(slots);
          const r2 = rng.int(slots);
          const moves: Array<[() => boolean, () => boolean]> = [
            [() => mover.swapHomes(i, j), () => swapHomes(reference, i, j)],
            [() => mover.partialSwapRounds(i, r1, r2), () => partialSwapRounds(reference, i, r1, r2, mover.maxClosure)],
            [() => mover.partialSwapTeams(i, j, r1), () => partialSwapTeams(reference, i, j, r1)],
          ];
          const [fast, plain] = moves[k % 3];
          mover.begin();
          expect(fast()).toBe(plain());
          expect(Array.from(grid.cell)).toEqual(Array.from(reference.cell));
          if (rng.next() < 0.5) mover.undo();
        }
      }),
      { numRuns: 30, seed: 20260202 },
    );
  });
});
