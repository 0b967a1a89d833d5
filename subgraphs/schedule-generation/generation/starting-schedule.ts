// Optimising a schedule starts from its current games: they become the engine's start on their own dates (one
// dated slot per game day, dates kept), and each locked game a hard GA1 rule (this meeting, home and away as it is,
// in its slot), so the search may move every other game but not these. The engine is used through its public API.
import {
  type ConstraintSpec,
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
  /** The start's cost on the problem's constraints (what the result must not be worse than). */
  startCost: { hardViolations: number; softPenalty: number };
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
  const locked = current.filter((g) => g.locked);
  const lockedRules: ConstraintSpec[] = locked.map((g, i) => ({
    id: LOCKED_ID_BASE + i,
    name: `Locked game ${g.gameId}`,
    type: 'GA1',
    severity: 'hard',
    weight: 1,
    params: {
      meetings: [[String(g.homeTeamId), String(g.awayTeamId)]],
      slots: [slotOf.get(g.gameDate)],
      min: 1,
      max: 1,
    },
  }));
  const { candidateDates: _free, ...fixed } = problem;
  const onDates: ScheduleProblem = {
    ...fixed,
    slots: dates.map((date, i) => ({ index: i, date })),
    constraints: [...problem.constraints, ...lockedRules],
  };
  const report = evaluateSchedule({
    teams: onDates.teams,
    slots: onDates.slots as NonNullable<ScheduleProblem['slots']>,
    games,
    constraints: onDates.constraints,
  });
  return {
    problem: onDates,
    start: { games },
    startCost: { hardViolations: report.hardViolations, softPenalty: report.softPenalty },
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
