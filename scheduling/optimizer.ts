/**
 * The conference-schedule optimiser: a feasible-start construction (circle method / canonical pattern,
 * then an even matching of rounds to candidate dates) followed by simulated annealing over the Traveling
 * Tournament neighbourhoods, with reheats and strategic oscillation (an adaptive weight on hard violations),
 * a seeded RNG (same seed + iteration budget → the same schedule), a time or iteration budget and progress
 * callbacks. Infeasible hard constraints are reported, never dropped.
 */
import type { ConstraintResult, ConstraintSpec, Evaluator } from './constraints/index.ts';
import type { EvaluationReport } from './evaluate/index.ts';
import { compileConstraints, evaluateGrid, IncrementalEvaluator, penaltyOf } from './evaluate/index.ts';
import type { Format, Game, Grid, Slot, Team } from './model.ts';
import {
  canonicalSchedule,
  cloneGrid,
  dayNumber,
  dayOfWeek,
  distanceMatrix,
  formatSlots,
  gamesOfGrid,
  gridFromGames,
  isoDay,
  slotDays,
  travelPartners,
} from './model.ts';
import type { MoveName } from './moves.ts';
import { Mover } from './moves.ts';
import { Rng } from './rng.ts';

/** A schedule-generation request for the optimiser (plain data: can cross worker_threads). */
export interface ScheduleProblem {
  name?: string;
  teams: Team[];
  format: Format;
  /** Fixed dated slots, one per round. Omit to use `candidateDates` or undated slots. */
  slots?: Slot[];
  /** Candidate game dates (ISO days): the optimiser picks one per round, in order. */
  candidateDates?: string[];
  constraints: ConstraintSpec[];
}

/** Progress of a run. */
export interface Progress {
  iteration: number;
  bestCost: number;
  hardViolations: number;
  softPenalty: number;
  percent: number;
  temperature: number;
}

export interface OptimizeOptions {
  seed?: number;
  /** Iteration budget (deterministic). */
  iterations?: number;
  /** Time budget in seconds (used when `iterations` is absent; default 5). */
  seconds?: number;
  /** Number of annealing cycles after the first (each restarts from the best schedule at a lower temperature). */
  reheats?: number;
  onProgress?: (p: Progress) => void;
  /** Iterations between progress callbacks (default 20 000). */
  progressEvery?: number;
  /** Relative weights of the neighbourhoods. */
  moveWeights?: Partial<Record<MoveName, number>>;
  /** Start from this schedule instead of the canonical one. */
  start?: { games: Game[]; dates?: string[] };
  /** Keep the round dates of the start (no date moves). */
  fixedDates?: boolean;
  /** Initial weight of one hard violation, in typical uphill soft moves (default 4); adapted by oscillation. */
  hardWeight?: number;
  /** Multiplier of the calibrated initial temperature (default 1). */
  temperatureScale?: number;
  /**
   * Final temperature of each annealing cycle as a fraction of the calibrated initial temperature (default 0.1: the
   * reheats restart from the best schedule, so each cycle ends warm instead of spending its tail frozen; on Big 12
   * this lowered travel by ~4 % at the same iteration budget compared with 1e-4).
   */
  endTemperatureRatio?: number;
  /** Stop as soon as the current schedule has no hard violation (repair mode). */
  stopWhenFeasible?: boolean;
  /**
   * Repair moves an attempt gets before the repair starts again from a new relabelling of the canonical schedule
   * (default 800,000; never when `start` is given; with `canonicalStart` only the first attempt is unrelabelled).
   */
  repairRestart?: number;
  /**
   * Start construction: 'circle' (default; circle method with a seeded relabelling) or 'travel-partners'
   * (neighbouring teams paired; pairs play two-game blocks so visitors make one trip to both — falls back to
   * 'circle' when the format does not fit).
   */
  construction?: 'circle' | 'travel-partners';
  /** Skip the seeded relabelling of the canonical start (plain circle-method schedule). */
  canonicalStart?: boolean;
  /**
   * Search weights: while annealing, soft constraints of these types weigh this many times their weight. The best
   * schedule is still chosen, and reported, on the true weights. For structure the walk does not rebuild once lost:
   * on ITC2021 Middle 9 the total breaks (BR2) end ≈ 90 above their bound at the true weight and ≈ 45 at 5–10 ×, for
   * a lower true penalty overall.
   */
  softEmphasis?: Partial<Record<string, number>>;
}

/** Why a request is infeasible: reasons found before solving and the hard constraints still violated after. */
export interface InfeasibilityReport {
  reasons: string[];
  violated: Array<Pick<ConstraintResult, 'id' | 'name' | 'type' | 'penalty' | 'violations'>>;
}

export interface OptimizeResult {
  games: Game[];
  /** The dated slots of the result (dates chosen among candidates when given). */
  slots: Slot[];
  grid: Grid;
  report: EvaluationReport;
  feasible: boolean;
  hardViolations: number;
  softPenalty: number;
  iterations: number;
  seconds: number;
  seed: number;
  /** Times the repair started again from a new relabelling (see `repairRestart`). */
  repairRestarts: number;
  infeasibility?: InfeasibilityReport;
}

/** Compiles a problem's constraints with its distance matrix. */
export function compileProblem(problem: ScheduleProblem): Evaluator[] {
  return compileConstraints(problem.constraints, { teams: problem.teams, distances: distanceMatrix(problem.teams) });
}

/** Initial day numbers of the rounds: the fixed slots, an even spread over the candidate dates, or undated. */
export function initialDays(problem: ScheduleProblem): Int32Array {
  const R = formatSlots(problem.teams.length, problem.format);
  if (problem.slots) {
    if (problem.slots.length !== R) throw new Error(`the format needs ${R} slots, ${problem.slots.length} given`);
    return slotDays(problem.slots);
  }
  if (problem.candidateDates) {
    const c = [...new Set(problem.candidateDates.map(dayNumber))].sort((a, b) => a - b);
    if (c.length < R) throw new Error(`infeasible: ${R} rounds need ${R} candidate dates, ${c.length} given`);
    return Int32Array.from({ length: R }, (_, r) => c[R === 1 ? 0 : Math.round((r * (c.length - 1)) / (R - 1))]);
  }
  return Int32Array.from({ length: R }, (_, r) => r);
}

/**
 * Contradictions visible before solving (all-play formats: every team plays every round):
 * not enough candidate dates, home/away caps below the number of games, days of week or blackouts
 * excluding every date.
 */
export function precheck(problem: ScheduleProblem): string[] {
  const reasons: string[] = [];
  const n = problem.teams.length;
  if (n < 2) reasons.push('at least two teams are needed');
  const R = formatSlots(n, problem.format);
  if (problem.format.kind === 'partial_round_robin' && (problem.format.doubles < 0 || problem.format.doubles > n - 1)) {
    reasons.push(`doubles must be between 0 and ${n - 1}`);
  }
  const dates = problem.slots
    ? problem.slots.map((s) => (s.date ? dayNumber(s.date) : null))
    : problem.candidateDates?.map(dayNumber);
  if (problem.candidateDates && new Set(problem.candidateDates).size < R) {
    reasons.push(`${R} rounds need ${R} candidate dates, ${new Set(problem.candidateDates).size} given`);
  }
  for (const c of problem.constraints) {
    if (c.severity !== 'hard' && c.hard !== true) continue;
    const p = (c.params ?? {}) as Record<string, unknown>;
    if (c.type === 'CA1' && p.slots === undefined && p.max !== undefined && Number(p.max) < 0) {
      reasons.push('CA1 with a negative max');
    }
    if (c.type === 'allowed_days_of_week' && dates && dates.every((d) => d !== null)) {
      const allowed = Array.isArray(p.days) ? p.days.map(String) : null;
      const forbidden = Array.isArray(p.forbiddenDays) ? p.forbiddenDays.map(String) : [];
      const names = ['0', '1', '2', '3', '4', '5', '6'];
      const ok = (d: number) => {
        const dow = dayOfWeek(d);
        const hit = (xs: string[]) =>
          xs.some(
            (x) =>
              x === names[dow] ||
              x.toLowerCase().slice(0, 3) === ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][dow],
          );
        return (allowed === null || hit(allowed)) && !hit(forbidden);
      };
      const usable = (dates as number[]).filter(ok).length;
      if (usable < R) reasons.push(`allowed_days_of_week leaves ${usable} usable dates for ${R} rounds`);
    }
  }
  // per-team home + away caps over the whole season (CA1 without slots) below the number of games
  const cap = new Map<string, { H: number; A: number }>();
  for (const c of problem.constraints) {
    if (c.type !== 'CA1' || !(c.severity === 'hard' || c.hard === true)) continue;
    const p = (c.params ?? {}) as Record<string, unknown>;
    if (p.slots !== undefined || p.max === undefined) continue;
    const mode = String(p.mode ?? 'H').toUpperCase();
    const teams = p.teams === undefined ? problem.teams.map((t) => String(t.id)) : String(p.teams).split(/[;,]/);
    for (const t of teams) {
      const e = cap.get(t) ?? { H: Number.POSITIVE_INFINITY, A: Number.POSITIVE_INFINITY };
      if (mode === 'H') e.H = Math.min(e.H, Number(p.max));
      if (mode === 'A') e.A = Math.min(e.A, Number(p.max));
      cap.set(t, e);
    }
  }
  for (const [t, e] of cap) {
    if (e.H + e.A < R) reasons.push(`team ${t}: at most ${e.H} home + ${e.A} away games, but it plays ${R}`);
  }
  return reasons;
}

/**
 * Travel-partner start (n divisible by 4): neighbouring teams are paired (travelPartners); the pairs play a round
 * robin of two-slot blocks — when (a,b) hosts (c,d), a–c and b–d meet in one slot and a–d, b–c in the next, so the
 * visitors make one two-game trip — scheduled by a small annealing run at the pair level (no two away blocks in a
 * row, balanced hosting), plus the partner games, placed where they violate the fewest hard constraints.
 * Returns null when the format does not fit (the circle-method start is used then).
 */
function partnerStart(problem: ScheduleProblem, evaluators: Evaluator[], days: Int32Array, rng: Rng): Game[] | null {
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
  const pair = optimizeSchedule(
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
function relabelledCanonical(n: number, format: Format, rng: Rng | null): Game[] {
  const identity = Array.from({ length: n }, (_, i) => i);
  const perm = rng ? rng.shuffle(identity) : identity;
  return canonicalSchedule(n, format).map((g) => ({ ...g, home: perm[g.home], away: perm[g.away] }));
}

const DEFAULT_WEIGHTS: Record<MoveName, number> = {
  swapHomes: 1,
  swapRounds: 0.2,
  swapTeams: 0.2,
  partialSwapRounds: 3,
  partialSwapTeams: 1,
  partialSwapTeamsKeepPattern: 2,
  repickDoubles: 2,
  flipCycle: 1,
  moveDate: 0.1,
};

/** The evaluators the annealing walk prices (soft ones of emphasised types reweighted) and the indices reweighted. */
function emphasise(
  evaluators: Evaluator[],
  emphasis: Partial<Record<string, number>> | undefined,
): { searchEvaluators: Evaluator[]; emphasised: number[] } {
  const emphasised: number[] = [];
  const searchEvaluators = evaluators.map((e, c) => {
    const factor = e.severity === 'soft' ? emphasis?.[e.type] : undefined;
    if (factor === undefined || factor === 1) return e;
    if (!(Number.isFinite(factor) && factor > 0)) throw new Error(`softEmphasis ${e.type}: invalid factor ${factor}`);
    emphasised.push(c);
    return { ...e, weight: e.weight * factor };
  });
  return { searchEvaluators, emphasised };
}

/** Lexicographic comparison: fewer hard violations first, then lower soft penalty. */
function better(h1: number, s1: number, h2: number, s2: number): boolean {
  return h1 < h2 - 1e-9 || (Math.abs(h1 - h2) <= 1e-9 && s1 < s2 - 1e-6);
}

/** Optimises a schedule for a problem (single thread). Throws only on malformed input. */
export function optimizeSchedule(problem: ScheduleProblem, options: OptimizeOptions = {}): OptimizeResult {
  const t0 = performance.now();
  const seed = options.seed ?? 1;
  const rng = new Rng(seed);
  const reasons = precheck(problem);
  const evaluators = compileProblem(problem);
  // refused here, before any work, when a factor is not a positive number
  const { searchEvaluators, emphasised } = emphasise(evaluators, options.softEmphasis);
  const n = problem.teams.length;
  const days = initialDays(problem);

  // feasible start: canonical pattern with a seeded relabelling of teams and rounds
  let grid: Grid;
  if (options.start) {
    const d = options.start.dates ? Int32Array.from(options.start.dates, dayNumber) : days;
    grid = gridFromGames(n, d, options.start.games);
  } else {
    grid = gridFromGames(n, days, relabelledCanonical(n, problem.format, options.canonicalStart ? null : rng));
  }

  const candidates =
    problem.candidateDates && !options.fixedDates && !problem.slots ? problem.candidateDates.map(dayNumber) : [];
  const mover = new Mover(grid, candidates);

  const weights = { ...DEFAULT_WEIGHTS, ...options.moveWeights };
  if (problem.format.kind !== 'partial_round_robin') weights.repickDoubles = 0;
  if (candidates.length === 0) weights.moveDate = 0;
  const kinds = (Object.keys(weights) as MoveName[]).filter((k) => weights[k] > 0);
  // two move tables: the normal one, and one that favours date moves while a calendar-only hard constraint
  // (rest days, days of week, games per week, Saturday pairing) is violated
  const table = (dateBoost: number) => {
    const cum = new Float64Array(kinds.length);
    let acc = 0;
    kinds.forEach((k, i) => {
      acc += k === 'moveDate' ? Math.max(weights[k], dateBoost) : weights[k];
      cum[i] = acc;
    });
    return { cum, acc };
  };
  const normalTable = table(0);
  const dateTable = table(4);
  let moveTable = normalTable;
  let lastKind: MoveName = kinds[0];
  const pickKind = () => {
    const x = rng.next() * moveTable.acc;
    const cum = moveTable.cum;
    let i = 0;
    while (cum[i] <= x) i++;
    lastKind = kinds[i];
    return lastKind;
  };
  // moves aimed at teams with hard violations (half of the moves while infeasible)
  const violators = new Int32Array(n);
  let nViolators = 0;
  const focus = () => (nViolators > 0 && rng.next() < 0.5 ? violators[rng.int(nViolators)] : -1);
  const calendarHard = (e: IncrementalEvaluator) => {
    for (let c = 0; c < e.evaluators.length; c++) {
      const x = e.evaluators[c];
      if (x.kind === 'team' && x.calendarOnly && x.severity === 'hard' && e.penalties[c] > 0) return true;
    }
    return false;
  };
  // every team plays every slot: only date moves change calendars
  const allPlay = grid.cell.every((v) => v !== 0);
  const kept = () => allPlay && lastKind !== 'moveDate';

  const maxIter = options.iterations ?? Number.POSITIVE_INFINITY;
  const seconds = options.iterations === undefined ? (options.seconds ?? 5) : Number.POSITIVE_INFINITY;
  const cycles = 1 + (options.reheats ?? 3);
  const progressEvery = options.progressEvery ?? 20_000;
  let iter = 0;
  let repairRestarts = 0;
  let fraction = 0;
  let T = 0;
  let hardW = 1;
  const budgetFraction = () =>
    Math.min(1, Number.isFinite(maxIter) ? iter / maxIter : (performance.now() - t0) / (seconds * 1000));

  // matching rounds to dates: anneal the round dates on the calendar-only constraints (rest days, days of week,
  // games per week, Saturday pairing) before any pairing work — every team plays every round
  if (candidates.length > 0 && allPlay) {
    const calendar = evaluators.filter((e) => e.kind === 'team' && e.calendarOnly);
    if (calendar.length > 0) {
      const cal = new IncrementalEvaluator(calendar, grid);
      const steps = 4000;
      for (let k = 0; k < steps && !(cal.hard === 0 && cal.soft === 0); k++) {
        mover.begin();
        if (!mover.moveDate(rng.int(grid.slots), rng)) continue;
        const d = cal.delta(mover.changed, mover.changedCount, false, mover.changedSlot);
        const dc = 1000 * d.hard + d.soft;
        const temp = 2000 * (1 - k / steps) + 1;
        if (dc <= 0 || rng.next() < Math.exp(-dc / temp)) cal.commit();
        else mover.undo();
      }
    }
  }

  // travel-partner construction on the matched dates (the games are independent of the date matching above)
  if (options.construction === 'travel-partners' && !options.start && allPlay) {
    const games = partnerStart(problem, evaluators, grid.day, rng);
    if (games) grid.cell.set(gridFromGames(n, grid.day, games).cell);
  }

  nViolators = 0;
  const best = cloneGrid(grid);
  let bestHard = Number.POSITIVE_INFINITY;
  let bestSoft = Number.POSITIVE_INFINITY;
  const report = (force = false) => {
    if (options.onProgress && (force || iter % progressEvery === 0)) {
      options.onProgress({
        iteration: iter,
        bestCost: bestHard * hardW + bestSoft,
        hardViolations: bestHard,
        softPenalty: bestSoft,
        percent: Math.round(fraction * 1000) / 10,
        temperature: T,
      });
    }
  };

  // phase 1 — repair: anneal on the (breakout-weighted) hard constraints only until feasible (at most `repairShare` of the budget;
  // it usually ends far earlier, and the annealing phase gets the rest)
  const hardEvaluators = evaluators.filter((e) => e.severity === 'hard');
  const evHard = new IncrementalEvaluator(hardEvaluators, grid);
  // a travel-partner start goes straight to the full cost: a repair blind to travel would undo its structure
  const repairShare = options.stopWhenFeasible ? 1 : options.construction === 'travel-partners' ? 0 : 0.6;
  const Trepair = 0.4;
  T = Trepair;
  // breakout: every `breakoutEvery` moves each hard constraint still violated weighs one more in the acceptance, so
  // a local minimum where the same few constraints stay violated is left by trading them for others (Early 1:
  // feasible on seeds 1-4 within 1 M moves, 1 of 4 without; a decay of the weights towards 1 undid the gain)
  const breakoutEvery = 2000;
  // restarts: the moves a repair needs vary by orders of magnitude with the start's relabelling (Early 2: from 50 k
  // to more than 5 M), so an attempt not feasible after `repairRestart` moves starts again from a new relabelling of
  // the canonical schedule; the fewest-violations schedule of all attempts is kept. A caller's start is never replaced.
  const restartEvery = options.start ? Number.POSITIVE_INFINITY : (options.repairRestart ?? 800_000);
  let attemptStart = iter;
  let fewest = evHard.hard;
  const fewestGrid = cloneGrid(grid);
  while (evHard.hard > 0 && kinds.length > 0) {
    if ((iter & 255) === 0) {
      moveTable = candidates.length > 0 && calendarHard(evHard) ? dateTable : normalTable;
      nViolators = evHard.violatingTeams(violators);
      fraction = budgetFraction();
      if (fraction >= repairShare || iter >= maxIter) break;
      if (iter - attemptStart >= restartEvery) {
        grid.cell.set(gridFromGames(n, grid.day, relabelledCanonical(n, problem.format, rng)).cell);
        evHard.reset(grid);
        evHard.hardWeights.fill(1);
        attemptStart = iter;
        repairRestarts++;
        continue;
      }
    }
    iter++;
    if (iter % breakoutEvery === 0) {
      for (let c = 0; c < hardEvaluators.length; c++) if (evHard.penalties[c] > 0) evHard.hardWeights[c] += 1;
    }
    if (options.onProgress && iter % progressEvery === 0) {
      bestHard = Math.min(bestHard, evHard.hard);
      report();
    }
    mover.begin();
    if (!mover.random(pickKind(), rng, focus())) continue;
    evHard.delta(mover.changed, mover.changedCount, kept(), mover.changedSlot);
    const dw = evHard.lastWeightedHard;
    if (dw <= 0 || rng.next() < Math.exp(-dw / Trepair)) {
      evHard.commit();
      if (evHard.hard < fewest) {
        fewest = evHard.hard;
        fewestGrid.cell.set(grid.cell);
        fewestGrid.day.set(grid.day);
      }
    } else mover.undo();
  }
  if (evHard.hard > fewest) {
    grid.cell.set(fewestGrid.cell);
    grid.day.set(fewestGrid.day);
  }
  const repairEnd = options.stopWhenFeasible ? 1 : fraction;

  // phase 2 — full cost: calibrate the temperature and the hard weight from a sample of random moves (undone)
  const ev = new IncrementalEvaluator(searchEvaluators, grid);
  // the soft penalty on the true weights: the search weights' surplus taken back out
  const trueSoft = () => {
    let soft = ev.soft;
    for (const c of emphasised) soft -= (searchEvaluators[c].weight - evaluators[c].weight) * ev.penalties[c];
    return soft;
  };
  best.cell.set(grid.cell);
  best.day.set(grid.day);
  bestHard = ev.hard;
  bestSoft = trueSoft();
  const keepIfBest = () => {
    if (ev.hard > bestHard) return;
    const soft = emphasised.length === 0 ? ev.soft : trueSoft();
    if (better(ev.hard, soft, bestHard, bestSoft)) {
      best.cell.set(grid.cell);
      best.day.set(grid.day);
      bestHard = ev.hard;
      bestSoft = soft;
    }
  };
  let sumUp = 0;
  let ups = 0;
  let sumSoftUp = 0;
  let softUps = 0;
  for (let k = 0; k < 300 && kinds.length > 0; k++) {
    mover.begin();
    if (!mover.random(pickKind(), rng)) continue;
    const d = ev.delta(mover.changed, mover.changedCount, kept(), mover.changedSlot);
    mover.undo();
    if (d.hard > 0) {
      sumUp += d.hard;
      ups++;
    }
    if (d.soft > 0) {
      sumSoftUp += d.soft;
      softUps++;
    }
  }
  const meanSoftUp = softUps > 0 ? sumSoftUp / softUps : 1;
  const meanHardUp = ups > 0 ? sumUp / ups : 1;
  // a hard violation is worth several typical soft moves; oscillation adapts it
  hardW = Math.max(1, (meanSoftUp / meanHardUp) * (options.hardWeight ?? 4));
  const minHardW = hardW;
  const maxHardW = hardW * 1024;
  const T0 =
    (Math.max(1e-6, meanSoftUp > 0 && softUps > 0 ? meanSoftUp : hardW * meanHardUp) / Math.log(2)) *
    (options.temperatureScale ?? 1);
  const Tend = T0 * (options.endTemperatureRatio ?? 0.1);
  T = T0;
  let feasibleStreak = 0;
  const adaptEvery = 200;

  // phase 2 — simulated annealing on hardW × hard + soft, with reheats and strategic oscillation of hardW
  outer: for (let cycle = 0; cycle < cycles && !(options.stopWhenFeasible && bestHard === 0); cycle++) {
    if (cycle > 0) {
      // reheat: continue from the best schedule
      grid.cell.set(best.cell);
      grid.day.set(best.day);
      ev.reset(grid);
    }
    const cycleT0 = T0 * 0.5 ** cycle;
    for (;;) {
      if ((iter & 255) === 0) {
        moveTable = candidates.length > 0 && ev.hard > 0 && calendarHard(ev) ? dateTable : normalTable;
        nViolators = ev.hard > 0 ? ev.violatingTeams(violators) : 0;
        fraction = budgetFraction();
        if (fraction >= 1 || iter >= maxIter) break outer;
        const f2 = (fraction - repairEnd) / Math.max(1e-9, 1 - repairEnd);
        const cycleF = Math.min(1, Math.max(0, f2 * cycles - cycle));
        if (cycleF >= 1 && cycle < cycles - 1) break;
        T = cycleT0 * (Math.min(Tend, cycleT0) / cycleT0) ** cycleF;
      }
      if (iter >= maxIter) break outer;
      iter++;
      report();
      // strategic oscillation between feasible and infeasible space
      if (iter % adaptEvery === 0) {
        if (ev.hard > 0) {
          feasibleStreak = 0;
          hardW = Math.min(maxHardW, hardW * 1.15);
        } else {
          feasibleStreak++;
          if (feasibleStreak > 2) hardW = Math.max(minHardW, hardW / 1.1);
        }
      }
      if ((iter & 0xffff) === 0) ev.reset(grid); // limit floating-point drift
      mover.begin();
      if (!mover.random(pickKind(), rng, focus())) continue;
      // accept iff hardW·Δhard + Δsoft < θ = −T·ln(u); when feasible Δhard ≥ 0, so a soft increase above θ
      // rejects the move before the hard constraints are evaluated (same decisions, less work)
      const theta = -T * Math.log(rng.next());
      const dSoft = ev.deltaSoft(mover.changed, mover.changedCount, kept(), mover.changedSlot);
      if (ev.hard === 0 && dSoft > theta) {
        mover.undo();
        continue;
      }
      const dc = hardW * ev.deltaHard() + dSoft;
      if (dc <= 0 || dc < theta) {
        ev.commit();
        keepIfBest();
      } else {
        mover.undo();
      }
    }
  }
  fraction = 1;
  report(true);

  const evaluation = evaluateGrid(best, evaluators);
  const result: OptimizeResult = {
    games: gamesOfGrid(best),
    slots: Array.from(best.day, (d, index) =>
      problem.slots || problem.candidateDates ? { index, date: isoDay(d) } : { index },
    ),
    grid: best,
    report: evaluation,
    feasible: evaluation.feasible && reasons.length === 0,
    hardViolations: evaluation.hardViolations,
    softPenalty: evaluation.softPenalty,
    iterations: iter,
    seconds: (performance.now() - t0) / 1000,
    seed,
    repairRestarts,
  };
  if (!result.feasible) {
    result.infeasibility = {
      reasons,
      violated: evaluation.results
        .filter((r) => r.severity === 'hard' && r.status === 'fail')
        .map(({ id, name, type, penalty, violations }) => ({ id, name, type, penalty, violations })),
    };
  }
  return result;
}
