/**
 * Scores a schedule of a RobinX instance as RobinX's own validator does: for a Traveling Tournament (an instance with
 * distances) the objective is the travel and the infeasibility the CA3 and SE1 deviations plus the mirror or phase
 * violations of its gameMode; otherwise (ITC2021) the objective is the soft penalty and the infeasibility the hard
 * deviations, mirror and phase violations included.
 */
import { evaluateGrid } from '../evaluate/index.ts';
import { gridFromGames } from '../model.ts';
import { compileProblem } from '../optimizer.ts';
import { ttpFromRobinx } from '../ttp/problem.ts';
import { checkTtpSchedule, doubleRoundRobinErrors, gamesToCells } from '../ttp/validate.ts';
import { itc2021Problem } from './itc2021.ts';
import { RobinxError } from './reader.ts';
import type { RobinxInstance, ScheduledMatch } from './types.ts';

const GAME_MODE_NAMES = { M: 'mirrored', P: 'phased' } as const;

export interface RobinxScore {
  objective: number;
  infeasibility: number;
  /** The hard constraints that fail (type and id), empty when feasible. */
  failing: string[];
}

export function scoreRobinxSolution(instance: RobinxInstance, games: readonly ScheduledMatch[]): RobinxScore {
  const teamIndex = new Map(instance.teams.map((t, i) => [t.id, i]));
  const slotIndex = new Map(instance.slots.map((s, i) => [s.id, i]));
  const indexed = games.map((g) => {
    const home = teamIndex.get(g.home);
    const away = teamIndex.get(g.away);
    const slot = slotIndex.get(g.slot);
    if (home === undefined || away === undefined || slot === undefined)
      throw new RobinxError(
        `${instance.name}: game ${g.home}-${g.away} in slot ${g.slot} names no team or slot of the instance`,
      );
    return { home, away, slot };
  });
  const n = instance.teams.length;
  const R = instance.slots.length;
  const refuse = (errors: string[]) =>
    new RobinxError(
      `${instance.name}: not a complete double round robin (${errors.slice(0, 3).join('; ')}${errors.length > 3 ? `; ${errors.length - 3} more` : ''}); ` +
        `RobinX's validator counts each missing or extra game as a hard violation (BA1, BA2), which the engine does not score`,
    );
  let cells: Int32Array;
  try {
    cells = gamesToCells(n, R, indexed); // refuses a team playing twice in a slot
  } catch (error) {
    throw refuse([error instanceof Error ? error.message : String(error)]);
  }
  if (instance.distances) {
    const check = checkTtpSchedule(ttpFromRobinx(instance), cells);
    if (check.errors.length > 0) throw refuse(check.errors);
    const failing = [
      ...(check.ca3Violations > 0 ? [`CA3 (${check.ca3Violations})`] : []),
      ...(check.se1Violations > 0 ? [`SE1 (${check.se1Violations})`] : []),
      ...(check.gameModeViolations > 0
        ? [`${GAME_MODE_NAMES[instance.gameMode ?? 'M']} (${check.gameModeViolations})`]
        : []),
    ];
    const infeasibility = check.ca3Violations + check.se1Violations + check.gameModeViolations;
    return { objective: check.travel, infeasibility, failing };
  }
  const incomplete = doubleRoundRobinErrors(n, R, cells);
  if (incomplete.length > 0) throw refuse(incomplete);
  const problem = itc2021Problem(instance);
  const rounds = Int32Array.from({ length: R }, (_, r) => r);
  const report = evaluateGrid(gridFromGames(n, rounds, indexed), compileProblem(problem));
  const failing = report.results.filter((r) => r.severity === 'hard' && r.penalty > 0).map((r) => `${r.type} ${r.id}`);
  return { objective: report.softPenalty, infeasibility: report.hardViolations, failing };
}
