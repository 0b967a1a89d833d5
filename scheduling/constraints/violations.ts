/** What a violation report names: the game in a team's cell, and a team by name. */
import type { Game, Grid } from '../model.ts';
import type { CompileContext } from './types.ts';

/** The game team t plays in slot s (the cell must not be a bye). */
export function gameAt(g: Grid, t: number, s: number): Game {
  const v = g.cell[t * g.slots + s];
  return v > 0 ? { home: t, away: v - 1, slot: s } : { home: -v - 1, away: t, slot: s };
}

/** A team's name for messages (its index when it has none). */
export function teamName(ctx: CompileContext, t: number): string {
  return ctx.teams[t]?.name ?? String(t);
}
