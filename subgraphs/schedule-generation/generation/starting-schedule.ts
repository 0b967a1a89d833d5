// Optimising a schedule starts from its current games: they become the engine's start on their own dates (one
// dated slot per game day, dates kept), and each locked game a hard GA1 rule (this meeting, home and away as it is,
// in its slot) weighing more than every other hard violation of the start together, so the search may move every
// other game but never returns a schedule without these. The engine is used through its public API only.
import {
  type ConstraintSpec,
  type EvaluationReport,
  evaluateSchedule,
  formatSlots,
  type Game,
  type ScheduleProblem,
} from '../../../scheduling/index.ts';
import { InfeasibleRequest } from './build-problem.ts';

export interface StoredGame {
  gameId: number;
  homeTeamId: number;
  awayTeamId: number;
  gameDate: string;
  locked: boolean;
}

export interface StartingSchedule {
  /** The problem on the schedule's own dates, with the locked games as hard rules. */
  problem: ScheduleProblem;
  start: { games: Game[] };
  /** The start judged on the problem's constraints (what the result must not be worse than). */
  startReport: EvaluationReport;
  locked: StoredGame[];
}

/** Constraint id range of the locked-game rules (clear of template ids). */
const LOCKED_ID_BASE = 900_000_000;

export function startingSchedule(problem: ScheduleProblem, current: readonly StoredGame[]): StartingSchedule {
  const index = new Map(problem.teams.map((t, i) => [Number(t.id), i]));
  const dates = [...new Set(current.map((g) => g.gameDate))].sort();
  const n = problem.teams.length;
  const needed = formatSlots(n, problem.format);
  const reasons: string[] = [];
  const outside = current.filter((g) => !index.has(g.homeTeamId) || !index.has(g.awayTeamId));
  if (outside.length > 0)
    reasons.push(`${outside.length} game(s) involve teams outside this generation (game ${outside[0].gameId})`);
  if (dates.length !== needed)
    reasons.push(
      `the schedule's games fall on ${dates.length} dates; its format plays ${needed} rounds, one date each`,
    );
  const expectedGames = Math.floor(n / 2) * needed;
  if (current.length !== expectedGames)
    reasons.push(`the schedule has ${current.length} games; a complete one of this format has ${expectedGames}`);
  const perDay = new Map<string, Set<number>>();
  for (const g of current) {
    const seen = perDay.get(g.gameDate) ?? new Set<number>();
    for (const t of [g.homeTeamId, g.awayTeamId]) {
      if (seen.has(t)) reasons.push(`team ${t} plays twice on ${g.gameDate}`);
      seen.add(t);
    }
    perDay.set(g.gameDate, seen);
  }
  if (reasons.length > 0) {
    throw new InfeasibleRequest([
      `cannot optimise schedule: ${reasons.slice(0, 5).join('; ')} (optimise a complete schedule, or an empty one to generate into it)`,
    ]);
  }
  const slotOf = new Map(dates.map((d, i) => [d, i]));
  const games: Game[] = current.map((g) => ({
    home: index.get(g.homeTeamId) as number,
    away: index.get(g.awayTeamId) as number,
    slot: slotOf.get(g.gameDate) as number,
  }));
  const slots = dates.map((date, i) => ({ index: i, date }));
  const report = evaluateSchedule({ teams: problem.teams, slots, games, constraints: problem.constraints });
  // Hard violations count one each, so a lost locked game could be traded for fewer others; each locked game's rule
  // is therefore counted once more than the start's hard violations: no schedule breaking one ever ranks above it.
  const copies = report.hardViolations + 1;
  const locked = current.filter((g) => g.locked);
  const lockedRules: ConstraintSpec[] = locked.flatMap((g, i) =>
    Array.from({ length: copies }, (_, k) => ({
      id: LOCKED_ID_BASE + i * copies + k,
      name: `Locked game ${g.gameId}`,
      type: 'GA1',
      severity: 'hard' as const,
      weight: 1,
      params: {
        meetings: [[String(g.homeTeamId), String(g.awayTeamId)]],
        slots: [slotOf.get(g.gameDate)],
        min: 1,
        max: 1,
      },
    })),
  );
  const { candidateDates: _free, ...fixed } = problem;
  const onDates: ScheduleProblem = { ...fixed, slots, constraints: [...problem.constraints, ...lockedRules] };
  return {
    problem: onDates,
    start: { games },
    startReport: report,
    locked,
  };
}

/** Locked games the result does not hold as they were (date, home, away): must be none. */
export function lockedGamesLost(
  locked: readonly StoredGame[],
  result: ReadonlyArray<{ homeTeamId: number; awayTeamId: number; date: string }>,
): StoredGame[] {
  const kept = new Set(result.map((g) => `${g.homeTeamId}|${g.awayTeamId}|${g.date}`));
  return locked.filter((g) => !kept.has(`${g.homeTeamId}|${g.awayTeamId}|${g.gameDate}`));
}
