/**
 * Pattern-first start for compact round robins (first-break-then-schedule): (a) a few home/away pattern sets with few
 * breaks, each with its opponents per slot — circle-method single round robins (n − 2 breaks) doubled into phased
 * double round robins three ways (second half reversed: 2n − 4 breaks, none at the turn; mirrored: 3n − 6, the only
 * choice under gameMode M; shifted by one round), each also complemented (homes ⇄ aways) and reversed in time; (b)
 * for each set, the teams assigned to its positions (rows) by a short annealing over team exchanges on the full cost;
 * the cheapest set gets the rest of the budget (a cooler annealing, then a descent over every exchange and home flip
 * of a pair, assignment.ts); (c) the opponents per slot are those of the set. The sets are round robins by construction, so the stage never breaks the format.
 */
import type { Evaluator } from '../constraints/index.ts';
import { IncrementalEvaluator } from '../evaluate/index.ts';
import type { Format, Game, Grid } from '../model.ts';
import { circleRoundRobin, gridFromGames } from '../model.ts';
import type { Rng } from '../rng.ts';
import { improveAssignment } from './assignment.ts';
import type { SearchRun } from './search.ts';

/** A candidate pattern set: its games on slots 0 … S−1, positions = team indices 0 … n−1. */
export interface PatternSet {
  name: string;
  games: Game[];
}

/** What the stage chose. */
export interface PatternStart {
  /** The chosen set's name (e.g. 'reversed', 'mirrored+complement'). */
  pattern: string;
  /** Breaks of the schedule (two consecutive slots on the same side, summed over teams). */
  breaks: number;
  /** Full cost of the start: hard violations and soft penalty (search weights). */
  hard: number;
  soft: number;
  /** Moves the stage evaluated (counted in the run's budget). */
  evaluations: number;
}

/** Breaks of a grid: per team, consecutive slots played on the same side (home-home or away-away). */
export function countBreaks(g: Grid): number {
  const S = g.slots;
  let breaks = 0;
  for (let t = 0; t < g.teams; t++) {
    for (let s = 1; s < S; s++) {
      const a = g.cell[t * S + s - 1];
      const b = g.cell[t * S + s];
      if (a !== 0 && b !== 0 && a > 0 === b > 0) breaks++;
    }
  }
  return breaks;
}

/**
 * The candidate pattern sets of a compact round-robin format for n teams (n even), or null when the stage does not
 * fit (partial round robins, odd n). `mirrored`: only sets whose second half mirrors the first.
 */
export function patternSets(n: number, format: Format, mirrored: boolean): PatternSet[] | null {
  if (format.kind !== 'round_robin' || n % 2 !== 0 || n < 4) return null;
  const single = circleRoundRobin(n);
  const R = single.length;
  const halves: Array<{ name: string; source: (r: number) => number }> =
    format.rounds === 1
      ? [{ name: 'single', source: () => -1 }]
      : mirrored
        ? [{ name: 'mirrored', source: (r) => r }]
        : [
            { name: 'reversed', source: (r) => R - 1 - r },
            { name: 'mirrored', source: (r) => r },
            { name: 'shifted', source: (r) => (r + 1) % R },
          ];
  const S = format.rounds * R;
  const sets: PatternSet[] = [];
  for (const half of halves) {
    const base: Game[] = [];
    single.forEach((round, r) => {
      for (const [home, away] of round) base.push({ home, away, slot: r });
    });
    if (format.rounds === 2)
      for (let r = 0; r < R; r++)
        for (const [home, away] of single[half.source(r)]) base.push({ home: away, away: home, slot: R + r });
    for (const complement of [false, true]) {
      for (const reverse of [false, true]) {
        const games = base.map((g) => ({
          home: complement ? g.away : g.home,
          away: complement ? g.home : g.away,
          slot: reverse ? S - 1 - g.slot : g.slot,
        }));
        const name = [half.name, complement ? 'complement' : '', reverse ? 'reversed-time' : '']
          .filter(Boolean)
          .join('+');
        sets.push({ name, games });
      }
    }
  }
  return sets;
}

export interface PatternStageInput {
  /** The search evaluators (soft emphasis applied). */
  evaluators: Evaluator[];
  format: Format;
  /** Only mirrored sets (the problem has a hard `mirrored` rule). */
  mirrored: boolean;
  /** Moves for the whole stage, shared between the sets. */
  budget: number;
}

/**
 * Builds the pattern-first start into `run.grid` (every team plays every slot), counting its moves in the run's
 * iterations; null (grid untouched) when the format does not fit.
 */
export function patternFirstStart(run: SearchRun, input: PatternStageInput): PatternStart | null {
  const { grid, mover, rng } = run;
  const n = grid.teams;
  const sets = patternSets(n, input.format, input.mirrored);
  if (sets === null || !run.allPlay || sets[0].games.length * 2 !== n * grid.slots) return null;
  const evaluator = new IncrementalEvaluator(input.evaluators, grid);
  let evaluations = 0;
  const tick = () => {
    evaluations++;
  };
  // screening: every set gets a short annealing of its assignment; the cheapest then gets the rest of the budget
  const screenSteps = Math.max(4 * n, Math.floor((0.4 * input.budget) / sets.length));
  let best: { cost: number; cell: Int16Array; set: PatternSet; hard: number; hardWeight: number } | null = null;
  for (const set of sets) {
    const permutation = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    const games = set.games.map((g) => ({ home: permutation[g.home], away: permutation[g.away], slot: g.slot }));
    grid.cell.set(gridFromGames(n, grid.day, games).cell);
    evaluator.reset(grid);
    const hardWeight = annealAssignment(run, evaluator, rng, screenSteps, 1, tick);
    const cost = hardWeight * evaluator.hard + evaluator.soft;
    if (best === null || evaluator.hard < best.hard || (evaluator.hard === best.hard && cost < best.cost))
      best = { cost, cell: grid.cell.slice(), set, hard: evaluator.hard, hardWeight };
  }
  if (best === null) return null;
  grid.cell.set(best.cell);
  evaluator.reset(grid);
  const rest = Math.max(0, input.budget - evaluations);
  const hardWeight = annealAssignment(run, evaluator, rng, Math.floor(0.8 * rest), 0.3, tick);
  let left = input.budget - evaluations;
  improveAssignment({
    evaluator,
    mover,
    hardWeight,
    calendarKept: true,
    spend: () => {
      if (left-- <= 0) return false;
      tick();
      return true;
    },
  });
  run.iteration += evaluations;
  return { pattern: best.set.name, breaks: countBreaks(grid), hard: evaluator.hard, soft: evaluator.soft, evaluations };
}

/**
 * Anneals the assignment of teams to positions (team exchanges only) for `steps` moves from `temperatureScale` ×
 * the calibrated temperature; returns the hard weight it used (a hard violation is worth 20 typical uphill soft
 * moves, so the start is feasible first). Leaves the grid at the best assignment seen.
 */
function annealAssignment(
  run: SearchRun,
  evaluator: IncrementalEvaluator,
  rng: Rng,
  steps: number,
  temperatureScale: number,
  tick: () => void,
): number {
  const { grid, mover } = run;
  const n = grid.teams;
  let softUp = 0;
  let softUps = 0;
  let hardUp = 0;
  let hardUps = 0;
  const samples = Math.min(100, steps);
  for (let k = 0; k < samples; k++) {
    tick();
    mover.begin();
    if (!mover.swapTeams(rng.int(n), rng.int(n))) continue;
    const d = evaluator.delta(mover.changed, mover.changedCount, true, mover.changedSlot);
    mover.undo();
    if (d.soft > 0) {
      softUp += d.soft;
      softUps++;
    }
    if (d.hard > 0) {
      hardUp += d.hard;
      hardUps++;
    }
  }
  const meanSoft = softUps > 0 ? softUp / softUps : 1;
  const meanHard = hardUps > 0 ? hardUp / hardUps : 1;
  const hardWeight = Math.max(1, (20 * meanSoft) / meanHard);
  const start = (temperatureScale * meanSoft) / Math.LN2;
  const bestCell = grid.cell.slice();
  let cost = hardWeight * evaluator.hard + evaluator.soft;
  let bestCost = cost;
  for (let k = samples; k < steps; k++) {
    tick();
    const temperature = start * 0.005 ** (k / steps);
    mover.begin();
    if (!mover.swapTeams(rng.int(n), rng.int(n))) continue;
    const d = evaluator.delta(mover.changed, mover.changedCount, true, mover.changedSlot);
    const delta = hardWeight * evaluator.lastWeightedHard + d.soft;
    if (delta <= 0 || rng.next() < Math.exp(-delta / temperature)) {
      evaluator.commit();
      cost += delta;
      if (cost < bestCost - 1e-9) {
        bestCost = cost;
        bestCell.set(grid.cell);
      }
    } else mover.undo();
  }
  grid.cell.set(bestCell);
  evaluator.reset(grid);
  return hardWeight;
}
