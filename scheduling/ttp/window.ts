// Large neighbourhood search for the TTP: re-solve a window of w consecutive rounds exactly. The games played in the
// window stay in it with their venues, and every way of dealing them out again as w rounds (each a perfect matching)
// is searched by depth-first branch and bound on the travel of the legs the window touches; the cheapest
// re-arrangement that keeps CA3, SE1 and the gameMode is written. For w = 2 this is every combination of
// PartialSwapRounds at once; for w ≥ 3 it reaches re-arrangements no single TTSA move makes. A descent repeats it over
// the windows until none improves: an intensification the annealer runs on its best schedule (anneal.ts, lnsWidth).
// Work is counted in search nodes so that an iteration budget stays deterministic and comparable to annealing moves.

import type { Rng } from '../rng.ts';
import type { TtpProblem } from './problem.ts';
import { checkTtpSchedule } from './validate.ts';

export interface WindowResult {
  /** Travel change written into the cells (0 when nothing better was found). */
  delta: number;
  /** Search nodes visited (placements tried). */
  nodes: number;
}

const EPS = 1e-9;

export class WindowSolver {
  private readonly n: number;
  private readonly R: number;
  private readonly half: number;
  private readonly dist: Float64Array;
  // the window's games (home, away), whether each is placed, and the round each team is matched in
  private readonly gHome: Int32Array;
  private readonly gAway: Int32Array;
  private readonly used: Uint8Array;
  private readonly byTeam: Int32Array; // per team, the indices of its games in the window (w each)
  private readonly matchedIn: Int32Array; // per team: round index it was last matched in (or -1)
  private readonly pick: Int32Array; // per window round and team: the game index it plays
  private readonly bestPick: Int32Array;
  private readonly scratch: Int32Array;
  private w = 0;
  private a = 0;
  private cells: Int32Array = new Int32Array(0);
  private best = 0;
  private found = false;
  private nodes = 0;
  private maxNodes = 0;

  constructor(private readonly problem: TtpProblem) {
    this.n = problem.n;
    this.R = problem.rounds;
    this.half = this.R / 2;
    this.dist = problem.dist;
    const maxGames = (this.n / 2) * this.R;
    this.gHome = new Int32Array(maxGames);
    this.gAway = new Int32Array(maxGames);
    this.used = new Uint8Array(maxGames);
    this.byTeam = new Int32Array(this.n * this.R);
    this.matchedIn = new Int32Array(this.n);
    this.pick = new Int32Array(this.R * this.n);
    this.bestPick = new Int32Array(this.R * this.n);
    this.scratch = new Int32Array(this.n * this.R);
  }

  /** The window starts a schedule of this problem's gameMode allows (a mirror is re-solved in the first half). */
  windowStarts(w: number): number[] {
    const starts: number[] = [];
    for (let a = 0; a + w <= this.R; a++) {
      const inOneHalf = a + w <= this.half || a >= this.half;
      if (this.problem.gameMode === 'M' ? a + w <= this.half : this.problem.gameMode === 'P' ? inOneHalf : true)
        starts.push(a);
    }
    return starts;
  }

  /**
   * Re-solves rounds a .. a + w - 1 of a feasible schedule (and, mirrored, their mirror images) within `maxNodes`
   * search nodes; writes the best strictly cheaper feasible re-arrangement into `cells`.
   */
  improve(cells: Int32Array, a: number, w: number, maxNodes: number): WindowResult {
    const { n, R } = this;
    this.cells = cells;
    this.a = a;
    this.w = w;
    let games = 0;
    const perTeam = new Int32Array(n);
    for (let t = 0; t < n; t++)
      for (let r = a; r < a + w; r++) {
        const v = cells[t * R + r];
        if (v > 0) {
          this.gHome[games] = t;
          this.gAway[games] = v - 1;
          this.used[games] = 0;
          this.byTeam[t * R + perTeam[t]++] = games;
          this.byTeam[(v - 1) * R + perTeam[v - 1]++] = games;
          games++;
        }
      }
    this.matchedIn.fill(-1);
    const current = this.windowTravel();
    this.best = current;
    this.found = false;
    this.nodes = 0;
    this.maxNodes = maxNodes;
    this.fillRound(0, 0, 0);
    if (!this.found) return { delta: 0, nodes: this.nodes };
    this.writePick(cells, this.bestPick);
    return { delta: this.windowTravel() - current, nodes: this.nodes };
  }

  /** Depth-first: round k of the window, its lowest unmatched team from `from` on, `partial` travel so far. */
  private fillRound(k: number, from: number, partial: number): void {
    const { n, R, w } = this;
    if (this.nodes >= this.maxNodes) return;
    let t = from;
    while (t < n && this.matchedIn[t] === k) t++;
    if (t === n) {
      const cost = partial + this.roundLegs(k);
      if (cost >= this.best - EPS) return;
      if (k + 1 < w) {
        this.fillRound(k + 1, 0, cost);
        return;
      }
      this.leaf(cost);
      return;
    }
    for (let q = 0; q < w; q++) {
      const g = this.byTeam[t * R + q];
      if (this.used[g]) continue;
      const o = this.gHome[g] === t ? this.gAway[g] : this.gHome[g];
      if (this.matchedIn[o] === k) continue;
      this.nodes++;
      this.used[g] = 1;
      const savedT = this.matchedIn[t];
      const savedO = this.matchedIn[o];
      this.matchedIn[t] = k;
      this.matchedIn[o] = k;
      this.pick[k * n + t] = g;
      this.pick[k * n + o] = g;
      this.fillRound(k, t + 1, partial);
      this.matchedIn[t] = savedT;
      this.matchedIn[o] = savedO;
      this.used[g] = 0;
      if (this.nodes >= this.maxNodes) return;
    }
  }

  /** Venue of team t in window round k of the candidate (mirrored view: the host of the return game). */
  private venue(k: number, t: number, mirrored: boolean): number {
    const g = this.pick[k * this.n + t];
    const host = this.gHome[g];
    if (!mirrored) return host;
    return host === t ? this.gAway[g] : t;
  }

  /** Travel of every team's leg into window round k (and, at the last round, out of the window). */
  private roundLegs(k: number): number {
    const { n, dist, a, w } = this;
    let sum = 0;
    for (const mirrored of this.views()) {
      const start = mirrored ? a + this.half : a;
      for (let t = 0; t < n; t++) {
        const here = this.venue(k, t, mirrored);
        const prev = k === 0 ? this.location(t, start - 1) : this.venue(k - 1, t, mirrored);
        sum += dist[prev * n + here];
        if (k === w - 1) sum += dist[here * n + this.location(t, start + w)];
      }
    }
    return sum;
  }

  private views(): readonly boolean[] {
    return this.problem.gameMode === 'M' ? BOTH_VIEWS : PLAIN_VIEW;
  }

  /** Venue of team t in round r of the current schedule (its own outside the season). */
  private location(t: number, r: number): number {
    if (r < 0 || r >= this.R) return t;
    const v = this.cells[t * this.R + r];
    return v > 0 ? t : -v - 1;
  }

  /** Travel of the legs the window's rounds touch, in the current schedule. */
  private windowTravel(): number {
    const { n, dist, a, w } = this;
    let sum = 0;
    for (const mirrored of this.views()) {
      const start = mirrored ? a + this.half : a;
      for (let t = 0; t < n; t++)
        for (let r = start; r <= start + w; r++) sum += dist[this.location(t, r - 1) * n + this.location(t, r)];
    }
    return sum;
  }

  /** A complete cheaper arrangement: kept when the whole schedule stays feasible with it. */
  private leaf(cost: number): void {
    const s = this.scratch;
    s.set(this.cells);
    this.writePick(s, this.pick);
    if (!checkTtpSchedule(this.problem, s).feasible) return;
    this.best = cost;
    this.found = true;
    this.bestPick.set(this.pick);
  }

  private writePick(into: Int32Array, pick: Int32Array): void {
    const { n, R, a, w } = this;
    for (const mirrored of this.views()) {
      const start = mirrored ? a + this.half : a;
      for (let k = 0; k < w; k++)
        for (let t = 0; t < n; t++) {
          const g = pick[k * n + t];
          const home = this.gHome[g] === t;
          const o = home ? this.gAway[g] : this.gHome[g];
          into[t * R + start + k] = home !== mirrored ? o + 1 : -(o + 1);
        }
    }
  }
}

const PLAIN_VIEW = [false] as const;
const BOTH_VIEWS = [false, true] as const;

/**
 * Window descent: re-solves every allowed window of `width` rounds in random order, again and again until a whole pass
 * improves nothing or `maxNodes` nodes are spent. `cells` must be feasible; it is improved in place.
 */
export function windowDescent(
  solver: WindowSolver,
  cells: Int32Array,
  rng: Rng,
  width: number,
  maxNodes: number,
  nodesPerWindow = 20_000,
): WindowResult {
  const starts = solver.windowStarts(width);
  let delta = 0;
  let nodes = 0;
  for (let improved = true; improved && nodes < maxNodes; ) {
    improved = false;
    for (let i = starts.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [starts[i], starts[j]] = [starts[j], starts[i]];
    }
    for (const a of starts) {
      if (nodes >= maxNodes) break;
      const result = solver.improve(cells, a, width, Math.min(nodesPerWindow, maxNodes - nodes));
      nodes += result.nodes;
      if (result.delta < -EPS) {
        delta += result.delta;
        improved = true;
      }
    }
  }
  return { delta, nodes };
}
