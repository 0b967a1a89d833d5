/**
 * The start of a run: the canonical schedule relabelled by a seeded shuffle, the travel-partner construction, and the
 * matching of rounds to candidate dates on the calendar-only constraints.
 */
import type { Evaluator } from '../constraints/index.ts';
import { IncrementalEvaluator, penaltyOf } from '../evaluate/index.ts';
import type { Format, Game, Team } from '../model.ts';
import { canonicalSchedule, distanceMatrix, formatSlots, gridFromGames, travelPartners } from '../model.ts';
import type { Rng } from '../rng.ts';
import type { OptimizeOptions, OptimizeResult, ScheduleProblem } from './problem.ts';
import type { SearchRun } from './search.ts';

/** The optimiser, passed in: the travel-partner start schedules the pairs of teams with a small run of its own. */
export type Optimize = (problem: ScheduleProblem, options: OptimizeOptions) => OptimizeResult;

/**
 * Travel-partner start (n divisible by 4): neighbouring teams are paired (travelPartners); the pairs play a round
 * robin of two-slot blocks — when (a,b) hosts (c,d), a–c and b–d meet in one slot and a–d, b–c in the next, so the
 * visitors make one two-game trip — scheduled by a small annealing run at the pair level (no two away blocks in a
 * row, balanced hosting), plus the partner games, placed where they violate the fewest hard constraints.
 * Returns null when the format does not fit (the circle-method start is used then).
 */
export function partnerStart(
  problem: ScheduleProblem,
  evaluators: Evaluator[],
  days: Int32Array,
  rng: Rng,
  optimize: Optimize,
): Game[] | null {
  const n = problem.teams.length;
  const format = problem.format;
  if (n % 4 !== 0) return null;
  let pairFormat: Format;
  let partnerSlots: number;
  if (format.kind === 'round_robin') {
    pairFormat = { kind: 'round_robin', rounds: format.rounds };
    partnerSlots = format.rounds;
  } else {
    if (format.doubles % 2 !== 1) return null;
    pairFormat = { kind: 'partial_round_robin', doubles: (format.doubles - 1) / 2 };
    partnerSlots = 2;
  }
  const P = n / 2;
  const B = formatSlots(P, pairFormat);
  if (2 * B + partnerSlots !== formatSlots(n, format)) return null;
  const partners = rng.shuffle(travelPartners(n, distanceMatrix(problem.teams)));
  const t = problem.teams;
  const pairTeams: Team[] = partners.map(([a, b], i) => ({
    id: `pair-${i}`,
    name: `${t[a].name} / ${t[b].name}`,
    lat: ((t[a].lat ?? 0) + (t[b].lat ?? 0)) / 2,
    lon: ((t[a].lon ?? 0) + (t[b].lon ?? 0)) / 2,
  }));
  const half = Math.ceil(B / 2);
  const pair = optimize(
    {
      teams: pairTeams,
      format: pairFormat,
      constraints: [
        { type: 'max_consecutive_away', severity: 'hard', params: { max: 1 } },
        { type: 'CA1', severity: 'hard', params: { mode: 'H', max: half } },
        { type: 'CA1', severity: 'hard', params: { mode: 'A', max: half } },
        { type: 'travel_distance', severity: 'soft', params: {} },
      ],
    },
    { seed: rng.nextU32(), iterations: 20_000 },
  );
  const blocks: Array<Array<[number, number]>> = Array.from({ length: B }, () => []);
  for (const g of pair.games) blocks[g.slot].push([g.home, g.away]);

  const expand = (positions: number[], flipPartners: boolean, swapInner: boolean): Game[] => {
    const games: Game[] = [];
    let slot = 0;
    let done = 0;
    const partnerGames = () => {
      const flip = (done % 2 === 1) !== flipPartners;
      for (const [a, b] of partners) games.push(flip ? { home: b, away: a, slot } : { home: a, away: b, slot });
      done++;
      slot++;
    };
    for (let k = 0; k <= B; k++) {
      while (done < positions.length && positions[done] === k) partnerGames();
      if (k === B) break;
      for (const [hp, ap] of blocks[k]) {
        const [a, b] = partners[hp];
        const [c, d] = swapInner ? [partners[ap][1], partners[ap][0]] : partners[ap];
        games.push({ home: a, away: c, slot }, { home: b, away: d, slot });
        games.push({ home: a, away: d, slot: slot + 1 }, { home: b, away: c, slot: slot + 1 });
      }
      slot += 2;
    }
    return games;
  };
  const cost = (games: Game[]) => {
    const g = gridFromGames(n, days, games);
    let hard = 0;
    let soft = 0;
    for (const ev of evaluators) {
      const p = penaltyOf(ev, g);
      if (ev.severity === 'hard') hard += p;
      else soft += p * ev.weight;
    }
    return hard * 1e7 + soft;
  };
  const placements: number[][] = [];
  if (partnerSlots === 1) for (let p = 0; p <= B; p++) placements.push([p]);
  else for (let p = 0; p <= B; p++) for (let q = p + 1; q <= B; q++) placements.push([p, q]);
  let best: Game[] | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const positions of placements) {
    for (const flipPartners of [false, true]) {
      for (const swapInner of [false, true]) {
        const games = expand(positions, flipPartners, swapInner);
        const c = cost(games);
        if (c < bestCost) {
          bestCost = c;
          best = games;
        }
      }
    }
  }
  return best;
}

/** The canonical schedule of the format with its teams relabelled by a seeded shuffle (none without an rng). */
export function relabelledCanonical(n: number, format: Format, rng: Rng | null): Game[] {
  const identity = Array.from({ length: n }, (_, i) => i);
  const perm = rng ? rng.shuffle(identity) : identity;
  return canonicalSchedule(n, format).map((g) => ({ ...g, home: perm[g.home], away: perm[g.away] }));
}

/**
 * Matches rounds to dates: anneals the round dates on the calendar-only constraints (rest days, days of week, games
 * per week, Saturday pairing) before any pairing work — when dates can move and every team plays every round.
 */
export function matchDates(run: SearchRun, evaluators: Evaluator[]): void {
  const { grid, mover, rng } = run;
  if (run.candidates.length === 0 || !run.allPlay) return;
  const calendar = evaluators.filter((e) => e.kind === 'team' && e.calendarOnly);
  if (calendar.length === 0) return;
  const calendarEvaluation = new IncrementalEvaluator(calendar, grid);
  const steps = 4000;
  for (let k = 0; k < steps && !(calendarEvaluation.hard === 0 && calendarEvaluation.soft === 0); k++) {
    mover.begin();
    if (!mover.moveDate(rng.int(grid.slots), rng)) continue;
    const d = calendarEvaluation.delta(mover.changed, mover.changedCount, false, mover.changedSlot);
    const delta = 1000 * d.hard + d.soft;
    const temp = 2000 * (1 - k / steps) + 1;
    if (delta <= 0 || rng.next() < Math.exp(-delta / temp)) calendarEvaluation.commit();
    else mover.undo();
  }
}
