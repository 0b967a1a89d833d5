/**
 * The team-to-position assignment of a schedule, searched with its structure fixed: a "position" is one row of the
 * grid (a home/away pattern with its opponents), and exchanging two teams' positions (swapTeams) re-assigns teams
 * to patterns without changing the pattern set or which positions meet when; flipping the two meetings of a pair
 * (swapHomes) exchanges a home and an away between two patterns and keeps every half a round robin. Both are
 * searched exhaustively (first improvement, every pair), so the result is a local optimum of the whole assignment —
 * a step the annealer's random single moves reach only by chance.
 */
import type { IncrementalEvaluator } from '../evaluate/index.ts';
import type { Mover } from '../moves.ts';

export interface AssignmentSearch {
  evaluator: IncrementalEvaluator;
  mover: Mover;
  /** Price of one (weighted) hard violation against the soft penalty. */
  hardWeight: number;
  /** Every team plays every slot (the moves keep calendars: calendar-only evaluators are skipped). */
  calendarKept: boolean;
  /** Called before each evaluation; false stops the search (budget spent). */
  spend: () => boolean;
  /** Also try flipping the meetings of every pair (default true). */
  flipHomes?: boolean;
  /** Largest number of passes over all pairs (default 4). */
  maxPasses?: number;
}

/**
 * Descends on hardWeight × weighted hard + soft over the team exchanges (and home flips) of every pair until no
 * pair improves or the budget is spent; the grid and the evaluator are left at the local optimum. Returns the
 * number of improving moves kept.
 */
export function improveAssignment(search: AssignmentSearch): number {
  const { evaluator, mover, hardWeight, calendarKept, spend } = search;
  const n = mover.g.teams;
  const maxPasses = search.maxPasses ?? 4;
  const flipHomes = search.flipHomes ?? true;
  let kept = 0;
  const tryMove = (apply: () => boolean): boolean => {
    mover.begin();
    if (!apply()) return false;
    const d = evaluator.delta(mover.changed, mover.changedCount, calendarKept, mover.changedSlot);
    if (hardWeight * evaluator.lastWeightedHard + d.soft < -1e-9) {
      evaluator.commit();
      kept++;
      return true;
    }
    mover.undo();
    return false;
  };
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (!spend()) return kept;
        if (tryMove(() => mover.swapTeams(i, j))) improved = true;
        if (!flipHomes) continue;
        if (!spend()) return kept;
        if (tryMove(() => mover.swapHomes(i, j))) improved = true;
      }
    }
    if (!improved) break;
  }
  return kept;
}
