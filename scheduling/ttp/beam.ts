// Randomized beam search for the TTP after Frohner, Neumann & Raidl ("Approaching the Traveling Tournament Problem
// with Randomized Beam Search", Evolutionary Computation 31 (2023)): a schedule is built game by game, round after
// round (in each round the first free team of a random team order picks its opponent and venue), and each level keeps
// the `width` partial schedules with the least travel so far plus the teams' lower bounds on their remaining travel
// (bounds.ts), perturbed by a little Gaussian noise. Unlike the annealer it decides the whole structure — venues,
// trips, pairings — from the first round on, so it lands in other basins; its schedules are starts for the annealer.
// Every game placed keeps CA3 (windows), SE1, the gameMode (phased: each pair once per half; mirrored: the second half
// is the first with venues exchanged) and the counting condition that a team's remaining home and away games can
// still be arranged in streaks; partial schedules with no possible next game are dropped.
import { popcount } from '../bits.ts';
import { createRng, type Rng } from '../rng.ts';
import { TeamTravelBounds } from './bounds.ts';
import type { TtpProblem } from './problem.ts';

export interface BeamOptions {
  seed?: number;
  /** Work budget in annealing-move equivalents (see STEPS_PER_MOVE), deterministic. */
  iterations?: number;
  /** Wall-clock budget. At least one of iterations/seconds. */
  seconds?: number;
  /** Standard deviation of the relative noise on a partial schedule's guidance (0: plain beam search). */
  noise?: number;
  /** Width of the first run; each further run doubles it while the budget lasts. */
  firstWidth?: number;
  /** Bounds already computed for the problem (their computation is counted in the work otherwise). */
  bounds?: TeamTravelBounds;
  /** Called after each run with the best travel so far (Infinity while none) and the work done. */
  onRun?: (best: number, work: number) => void;
}

export interface BeamResult {
  /** Best complete schedule (cell encoding), null when every run ran into dead ends. */
  cells: Int32Array | null;
  cost: number;
  /** Work done, in the same units as the budget. */
  work: number;
  /** Widths of the runs, in order, and each run's travel (Infinity: dead end, or cut short by the budget). */
  runs: Array<{ width: number; cost: number }>;
  elapsedMs: number;
}

/** NL12 and CIRC12, 10 M moves, seed 1: noise 0 / 0.001 / 0.002 / 0.005 gave 116,328 / 115,146 / 116,057 / 114,414 and 424 / – / 422 / –. */
export const DEFAULT_BEAM_NOISE = 0.005;
const DEFAULT_FIRST_WIDTH = 16;
/**
 * The beam counts steps: one per candidate game scored, WORK_PER_NODE per partial schedule written, one per bound-table
 * entry. STEPS_PER_MOVE steps cost about the CPU time of one annealing move (NL12: 9.8 M steps against 1.4 M moves
 * per CPU second, bench/RESULTS.md), so budgets and reported work are in annealing moves.
 */
const WORK_PER_NODE = 4;
const WORK_PER_TABLE_ENTRY = 1;
const STEPS_PER_MOVE = 7;
/** Memory a run may take (its widest beams are capped to fit): two levels of nodes and one of scored children. */
const MAX_BEAM_BYTES = 512 * 1024 * 1024;
const bytesPerNode = (n: number, rounds: number): number => 2 * (n * rounds + 16 * n + 16) + 2 * (n - 1) * 32;
/** The last run is sized to this share of what is left (its cost varies with the team order and noise). */
const LAST_RUN_MARGIN = 0.85;

/** One beam run at a fixed width. */
class BeamRun {
  private readonly n: number;
  private readonly R: number;
  private readonly half: number;
  private readonly stride: number;
  private readonly teamStride: number;
  private cells: Int8Array;
  private nextCells: Int8Array;
  /** Per node and team: location (team index), opponents still to visit, opponents still to host, signed streak. */
  private teams: Int32Array;
  private nextTeams: Int32Array;
  private g: Float64Array;
  private h: Float64Array;
  private nextG: Float64Array;
  private nextH: Float64Array;
  private readonly childKey: Int32Array;
  private readonly childScore: Float64Array;
  private readonly childG: Float64Array;
  private readonly childH: Float64Array;
  private readonly order: Int32Array;
  private readonly streakRule: boolean;
  work = 0;

  constructor(
    private readonly problem: TtpProblem,
    private readonly bounds: TeamTravelBounds,
    private readonly width: number,
    private readonly rng: Rng,
    private readonly noise: number,
  ) {
    const { n, rounds: R } = problem;
    this.n = n;
    this.R = R;
    this.half = R / 2;
    this.stride = n * R;
    this.teamStride = 4 * n;
    this.cells = new Int8Array(width * this.stride);
    this.nextCells = new Int8Array(width * this.stride);
    this.teams = new Int32Array(width * this.teamStride);
    this.nextTeams = new Int32Array(width * this.teamStride);
    this.g = new Float64Array(width);
    this.h = new Float64Array(width);
    this.nextG = new Float64Array(width);
    this.nextH = new Float64Array(width);
    const children = width * 2 * (n - 1);
    this.childKey = new Int32Array(children);
    this.childScore = new Float64Array(children);
    this.childG = new Float64Array(children);
    this.childH = new Float64Array(children);
    this.order = new Int32Array(n);
    // the counting check below assumes CA3 as streak limits (a window one longer than its maximum)
    this.streakRule = problem.windowHome === problem.maxHome + 1 && problem.windowAway === problem.maxAway + 1;
  }

  /** Builds schedules level by level: the best, or 'dead' when no partial schedule could go on, or 'stopped'. */
  run(budget: number, deadline: number): { cells: Int32Array; cost: number } | 'dead' | 'stopped' {
    const { n, R } = this;
    const all = (1 << (n - 1)) - 1;
    // the root: every team at home with every opponent still to visit and to host
    let size = 1;
    this.cells.fill(0, 0, this.stride);
    let h0 = 0;
    for (let t = 0; t < n; t++) {
      this.teams[t * 4] = t;
      this.teams[t * 4 + 1] = all;
      this.teams[t * 4 + 2] = all;
      this.teams[t * 4 + 3] = 0;
      h0 += this.bounds.bound(t, all, t, 0);
    }
    this.g[0] = 0;
    this.h[0] = h0;
    const perRound = n / 2;
    for (let level = 0; level < R * perRound; level++) {
      const r = Math.floor(level / perRound);
      if (level % perRound === 0) this.shuffleOrder();
      if (level % 8 === 0 && performance.now() >= deadline) return 'stopped';
      const count = this.expand(size, r, budget);
      if (count < 0) return 'stopped';
      if (count === 0) return 'dead';
      size = this.select(count, r, budget);
      if (size === 0) return 'stopped';
    }
    // the beam's nodes are complete schedules; the least travel (g + h is exact now: h holds the trips home)
    let best = 0;
    for (let i = 1; i < size; i++) if (this.g[i] + this.h[i] < this.g[best] + this.h[best]) best = i;
    const cells = Int32Array.from(this.cells.subarray(best * this.stride, (best + 1) * this.stride));
    return { cells, cost: this.g[best] + this.h[best] };
  }

  private shuffleOrder(): void {
    const { order, n } = this;
    for (let t = 0; t < n; t++) order[t] = t;
    for (let i = n - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }

  /**
   * Scores every allowed game of every node's first free team in round r; returns the number of children (-1: the
   * budget would be exceeded).
   */
  private expand(size: number, r: number, budget: number): number {
    const { n, R, stride, teamStride, cells, teams, bounds, problem } = this;
    const dist = problem.dist;
    let count = 0;
    for (let node = 0; node < size; node++) {
      if (this.work + 2 * n > budget) return -1;
      const c0 = node * stride;
      const s0 = node * teamStride;
      let t = -1;
      for (let q = 0; q < n; q++) {
        const cand = this.order[q];
        if (cells[c0 + cand * R + r] === 0) {
          t = cand;
          break;
        }
      }
      const g = this.g[node];
      const h = this.h[node];
      let forcedOpp = -1;
      let forcedHome = -1;
      if (problem.gameMode === 'M' && r >= this.half) {
        const mirror = cells[c0 + t * R + r - this.half];
        forcedOpp = Math.abs(mirror) - 1;
        forcedHome = mirror < 0 ? 1 : 0;
      }
      const locT = teams[s0 + t * 4];
      const visitT = teams[s0 + t * 4 + 1];
      const hostT = teams[s0 + t * 4 + 2];
      const streakT = teams[s0 + t * 4 + 3];
      const oldT = this.teamBound(t, locT, visitT, streakT);
      for (let o = 0; o < n; o++) {
        if (o === t || cells[c0 + o * R + r] !== 0) continue;
        if (forcedOpp >= 0 && o !== forcedOpp) continue;
        const bitTO = 1 << bounds.bitOf(t, o);
        const bitOT = 1 << bounds.bitOf(o, t);
        // a pair meets once per half when the schedule is phased or mirrored
        if (problem.gameMode !== null && r < this.half && (visitT & bitTO) !== (hostT & bitTO)) continue;
        if (!this.separated(c0, t, o, r)) continue;
        const locO = teams[s0 + o * 4];
        const visitO = teams[s0 + o * 4 + 1];
        const hostO = teams[s0 + o * 4 + 2];
        const streakO = teams[s0 + o * 4 + 3];
        const oldO = this.teamBound(o, locO, visitO, streakO);
        for (let home = 0; home < 2; home++) {
          if (forcedHome >= 0 && home !== forcedHome) continue;
          this.work++;
          if (home === 1 ? !(hostT & bitTO) : !(visitT & bitTO)) continue;
          const newVisitT = home === 1 ? visitT : visitT & ~bitTO;
          const newHostT = home === 1 ? hostT & ~bitTO : hostT;
          const newVisitO = home === 1 ? visitO & ~bitOT : visitO;
          const newHostO = home === 1 ? hostO : hostO & ~bitOT;
          const newStreakT = home === 1 ? (streakT > 0 ? streakT + 1 : 1) : streakT < 0 ? streakT - 1 : -1;
          const newStreakO = home === 1 ? (streakO < 0 ? streakO - 1 : -1) : streakO > 0 ? streakO + 1 : 1;
          if (!this.venueAllowed(c0, t, r, home === 1, newStreakT, newVisitT, newHostT)) continue;
          if (!this.venueAllowed(c0, o, r, home === 0, newStreakO, newVisitO, newHostO)) continue;
          const venue = home === 1 ? t : o;
          const childG = g + dist[locT * n + venue] + dist[locO * n + venue];
          const childH =
            h -
            oldT -
            oldO +
            this.teamBound(t, venue, newVisitT, newStreakT) +
            this.teamBound(o, venue, newVisitO, newStreakO);
          this.childKey[count] = (node * n + o) * 2 + home;
          this.childG[count] = childG;
          this.childH[count] = childH;
          const exact = childG + childH;
          this.childScore[count] =
            this.noise > 0 ? exact * (1 + this.noise * GAUSSIAN[this.rng.nextU32() & GAUSSIAN_MASK]) : exact;
          count++;
        }
      }
    }
    return count;
  }

  private teamBound(t: number, at: number, visit: number, streak: number): number {
    return this.bounds.bound(t, visit, at, streak < 0 ? this.problem.maxAway + streak : 0);
  }

  /** No meeting of t and o in the minSeparation rounds before r. */
  private separated(c0: number, t: number, o: number, r: number): boolean {
    const { R, cells } = this;
    for (let s = 1; s <= this.problem.minSeparation && r - s >= 0; s++) {
      const v = cells[c0 + t * R + r - s];
      if ((v < 0 ? -v : v) - 1 === o) return false;
    }
    return true;
  }

  /**
   * Team t playing at home (or away) in round r keeps CA3's window, and its remaining home and away games can still
   * be arranged in streaks after a streak `streak` (signed: + home, - away).
   */
  private venueAllowed(
    c0: number,
    t: number,
    r: number,
    home: boolean,
    streak: number,
    visit: number,
    host: number,
  ): boolean {
    const { problem, R, cells } = this;
    const max = home ? problem.maxHome : problem.maxAway;
    const window = home ? problem.windowHome : problem.windowAway;
    let inWindow = 1;
    for (let s = 1; s < window && r - s >= 0; s++) {
      const v = cells[c0 + t * R + r - s];
      if (v > 0 === home) inWindow++;
    }
    if (inWindow > max) return false;
    if (!this.streakRule) return true;
    const homesLeft = popcount(host);
    const awaysLeft = popcount(visit);
    const uh = problem.maxHome;
    const ua = problem.maxAway;
    if (streak > 0) return homesLeft <= uh - streak + uh * awaysLeft && awaysLeft <= ua * (homesLeft + 1);
    return awaysLeft <= ua + streak + ua * homesLeft && homesLeft <= uh * (awaysLeft + 1);
  }

  /** Keeps the `width` best children (least noisy score) and writes them as the next level's nodes (0: over budget). */
  private select(count: number, r: number, budget: number): number {
    const { width, n, R, stride, teamStride } = this;
    const keep = Math.min(width, count);
    if (this.work + keep * WORK_PER_NODE > budget) return 0;
    const picked = new Int32Array(count);
    for (let i = 0; i < count; i++) picked[i] = i;
    if (count > keep) selectSmallest(picked, this.childScore, keep);
    for (let q = 0; q < keep; q++) {
      const child = picked[q];
      const key = this.childKey[child];
      const home = key & 1;
      const o = (key >> 1) % n;
      const parent = Math.floor((key >> 1) / n);
      this.nextCells.set(this.cells.subarray(parent * stride, (parent + 1) * stride), q * stride);
      this.nextTeams.set(this.teams.subarray(parent * teamStride, (parent + 1) * teamStride), q * teamStride);
      // the parent's first free team, found again (the same scan as in expand)
      const c0 = q * stride;
      let t = 0;
      for (let k = 0; k < n; k++) {
        const cand = this.order[k];
        if (this.nextCells[c0 + cand * R + r] === 0) {
          t = cand;
          break;
        }
      }
      this.place(q, t, o, r, home === 1);
      this.nextG[q] = this.childG[child];
      this.nextH[q] = this.childH[child];
    }
    this.work += keep * WORK_PER_NODE;
    [this.cells, this.nextCells] = [this.nextCells, this.cells];
    [this.teams, this.nextTeams] = [this.nextTeams, this.teams];
    [this.g, this.nextG] = [this.nextG, this.g];
    [this.h, this.nextH] = [this.nextH, this.h];
    return keep;
  }

  /** Writes the game t–o (t hosting when `tHome`) into next-level node q. */
  private place(q: number, t: number, o: number, r: number, tHome: boolean): void {
    const { R, stride, teamStride, bounds } = this;
    const cells = this.nextCells;
    const teams = this.nextTeams;
    const host = tHome ? t : o;
    const guest = tHome ? o : t;
    cells[q * stride + host * R + r] = guest + 1;
    cells[q * stride + guest * R + r] = -(host + 1);
    const s0 = q * teamStride;
    teams[s0 + host * 4] = host;
    teams[s0 + host * 4 + 2] &= ~(1 << bounds.bitOf(host, guest));
    const hs = teams[s0 + host * 4 + 3];
    teams[s0 + host * 4 + 3] = hs > 0 ? hs + 1 : 1;
    teams[s0 + guest * 4] = host;
    teams[s0 + guest * 4 + 1] &= ~(1 << bounds.bitOf(guest, host));
    const gs = teams[s0 + guest * 4 + 3];
    teams[s0 + guest * 4 + 3] = gs < 0 ? gs - 1 : -1;
  }
}

/**
 * Standard normal deviates, one per 1/4096 quantile (a draw picks one at random: cheaper than Box–Muller per candidate,
 * the same for every run).
 */
const GAUSSIAN_MASK = 4095;
const GAUSSIAN = Float64Array.from({ length: GAUSSIAN_MASK + 1 }, (_, i) =>
  normalQuantile((i + 0.5) / (GAUSSIAN_MASK + 1)),
);

/** Inverse of the standard normal distribution (Acklam's rational approximation, relative error below 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** Moves the `keep` indices of least score to the front of `idx` (quickselect; their order among themselves is free). */
function selectSmallest(idx: Int32Array, score: Float64Array, keep: number): void {
  let lo = 0;
  let hi = idx.length - 1;
  while (lo < hi) {
    const pivot = score[idx[(lo + hi) >>> 1]];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (score[idx[i]] < pivot) i++;
      while (score[idx[j]] > pivot) j--;
      if (i <= j) {
        const tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
        i++;
        j--;
      }
    }
    if (keep - 1 <= j) hi = j;
    else if (keep - 1 >= i) lo = i;
    else return;
  }
}

/**
 * Beam runs of doubling width (from `firstWidth`) while the budget lasts — the last run is sized to what is left —
 * each with a fresh random team order and noise; returns the best complete schedule. Deterministic for a seed and an
 * iteration budget.
 */
export function beamSearch(problem: TtpProblem, options: BeamOptions = {}): BeamResult {
  const started = performance.now();
  const budget = options.iterations === undefined ? Number.POSITIVE_INFINITY : options.iterations * STEPS_PER_MOVE;
  const deadline = options.seconds !== undefined ? started + options.seconds * 1000 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(budget) && !Number.isFinite(deadline))
    throw new Error('beamSearch: give an iteration or a time budget');
  if (problem.n > 31) throw new Error(`beamSearch: ${problem.name} has ${problem.n} teams, at most 31 are supported`);
  const rng = createRng((options.seed ?? 1) >>> 0);
  const noise = options.noise ?? DEFAULT_BEAM_NOISE;
  let work = 0;
  let bounds = options.bounds;
  if (!bounds) {
    bounds = new TeamTravelBounds(problem);
    work += bounds.entries * WORK_PER_TABLE_ENTRY;
  }
  const runs: BeamResult['runs'] = [];
  let best: Int32Array | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  const firstWidth = Math.max(1, options.firstWidth ?? DEFAULT_FIRST_WIDTH);
  let width = firstWidth;
  const maxWidth = Math.max(firstWidth, Math.floor(MAX_BEAM_BYTES / bytesPerNode(problem.n, problem.rounds)));
  let workPerWidth = 0;
  let msPerWidth = 0;
  for (;;) {
    const left = budget - work;
    const msLeft = deadline - performance.now();
    if (left <= 0 || msLeft <= 0) break;
    if (workPerWidth > 0) {
      // size the run to what is left (it costs about linearly in its width)
      const affordable = Math.min(left / workPerWidth, msPerWidth > 0 ? msLeft / msPerWidth : Number.POSITIVE_INFINITY);
      const next = Math.min(maxWidth, affordable >= 2 * width ? 2 * width : Math.floor(affordable * LAST_RUN_MARGIN));
      if (next < firstWidth) break;
      width = next;
    }
    const run = new BeamRun(problem, bounds, width, rng, noise);
    const t0 = performance.now();
    const result = run.run(left, deadline);
    work += run.work;
    runs.push({ width, cost: typeof result === 'string' ? Number.POSITIVE_INFINITY : result.cost });
    // a run cut short by the budget or the deadline leaves nothing for another
    if (result === 'stopped') break;
    workPerWidth = run.work / width;
    msPerWidth = (performance.now() - t0) / width;
    if (result !== 'dead' && result.cost < bestCost) {
      bestCost = result.cost;
      best = result.cells;
    }
    options.onRun?.(bestCost, Math.ceil(work / STEPS_PER_MOVE));
  }
  return {
    cells: best,
    cost: bestCost,
    work: Math.ceil(work / STEPS_PER_MOVE),
    runs,
    elapsedMs: performance.now() - started,
  };
}
