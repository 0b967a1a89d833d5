// A TTP schedule on flat typed arrays with the five TTSA neighbourhoods (Anagnostopoulos, Michel, Van Hentenryck &
// Vergados, "A simulated annealing approach to the traveling tournament problem", J. Scheduling 9 (2006)) and
// incremental evaluation.
//
// Encoding: cell[t * R + r] = +(o + 1) when team t plays o at home in round r, -(o + 1) when it plays at o.
// A move writes cells through `set`, which logs the old value (for rollback) and, the first time a cell of team t is
// written, stamps the two travel legs touching it and adds their old length. After the move only those legs are
// re-measured (O(cells written)), and only the teams written are re-checked for CA3/SE1 (O(R) each).
// In fast mode (streak CA3, no repeaters, R <= 31: the NL/CIRC instances) the annealer calls the score* moves instead:
// they compute the same deltas from the current arrays without writing them (SwapTeams/PartialSwapTeams from a bit mask
// of the exchanged rounds), can stop once the travel alone exceeds a limit, and write the move only on commit().
//
// This file: the arrays, full evaluation and the move protocol (set / finish / commit / rollback). The neighbourhoods
// build on it: round-moves.ts (SwapHomes, SwapRounds, PartialSwapRounds), schedule.ts (SwapTeams, PartialSwapTeams).
import { popcount } from '../bits.ts';
import type { TtpProblem } from './problem.ts';

export const PENDING_SWAP_HOMES = 1;
export const PENDING_ROUNDS = 2;
export const PENDING_TEAM_SWAP = 3;
/** A score* move stopped early because its travel alone exceeded the caller's limit: nothing to commit. */
export const REJECTED = 4;

export abstract class TtpScheduleState {
  readonly n: number;
  readonly R: number;
  readonly dist: Float64Array;
  readonly cells: Int32Array;
  /** roundOf[(t * n + o) * 2 + h] = round in which t plays o at home (h = 1) or away (h = 0). */
  readonly roundOf: Int32Array;
  readonly teamViolations: Int32Array;
  cost = 0;
  violations = 0;

  protected readonly maxHome: number;
  protected readonly winHome: number;
  protected readonly maxAway: number;
  protected readonly winAway: number;
  protected readonly minSep: number;
  /** Streak CA3 (window = max + 1), SE1 min ≤ 1 and R ≤ 31: CA3 from per-team home bit masks, repeaters per leg. */
  protected readonly fastChecks: boolean;
  protected readonly fullMask: number;
  protected readonly homeMask: Int32Array;
  /** Padded per-team rows of width R + 2: loc = venue of team t in round r at [t(R+2) + r + 1], home at both ends. */
  protected readonly loc: Int32Array;
  /** Same layout: opponent in round r, -1 / -2 at the ends (so "same opponent in consecutive rounds" is a compare). */
  protected readonly opp: Int32Array;
  protected readonly countRepeats: boolean;
  /** Repeater count (fast mode), counted once per team of the pair. */
  protected repeatCount = 0;
  protected oldRepeats = 0;
  protected repeatDelta = 0;

  // move bookkeeping
  protected stamp = 1;
  protected readonly legStamp: Int32Array;
  protected readonly legs: Int32Array;
  protected legCount = 0;
  protected oldLegSum = 0;
  protected readonly teamStamp: Int32Array;
  protected readonly teams: Int32Array;
  protected teamCount = 0;
  protected readonly undoIdx: Int32Array;
  protected readonly undoVal: Int32Array;
  protected undoCount = 0;
  protected readonly newTeamViol: Int32Array;
  protected readonly seenStamp: Int32Array;
  protected readonly seenRound: Int32Array;
  protected seen = 1;
  // result of the last move
  deltaCost = 0;
  newViolations = 0;
  /** A SwapHomes scored by scoreSwapHomes and not yet written (commit writes it, rollback drops it). */
  protected pending = 0; // 0 = none or written, else one of the PENDING_* / REJECTED codes above
  protected pI = 0;
  protected pJ = 0;
  protected pRh = 0;
  protected pRa = 0;
  protected pMaskI = 0;
  protected pMaskJ = 0;
  protected pViolI = 0;
  protected pViolJ = 0;
  /** Teams of a pending (partial) SwapRounds, their count, and their new home masks (indexed by team). */
  protected readonly pTeams: Int32Array;
  protected pCount = 0;
  protected readonly pMasks: Int32Array;
  /** Rounds (bit mask) of a pending SwapTeams/PartialSwapTeams. */
  protected pRounds = 0;
  // scratch for chains
  protected readonly scratchA: Int32Array;
  protected readonly scratchB: Int32Array;
  /**
   * Leg counts between venues (n × n, symmetric, both directions counted), rebuilt lazily after a commit: SwapTeams is
   * a relabelling of i and j (plus their two meetings keeping their venues), and a relabelling's travel change is a
   * quadratic-assignment delta over these counts, O(n) instead of every leg of the season.
   */
  protected readonly flow: Int32Array;
  protected flowDirty = true;

  constructor(problem: TtpProblem, cells?: Int32Array) {
    const n = problem.n;
    const R = problem.rounds;
    this.n = n;
    this.R = R;
    this.dist = problem.dist;
    this.maxHome = problem.maxHome;
    this.winHome = problem.windowHome;
    this.maxAway = problem.maxAway;
    this.winAway = problem.windowAway;
    this.minSep = problem.minSeparation;
    this.fastChecks =
      problem.windowHome === problem.maxHome + 1 &&
      problem.windowAway === problem.maxAway + 1 &&
      problem.minSeparation <= 1 &&
      R <= 31;
    this.fullMask = R >= 32 ? -1 : (1 << R) - 1;
    this.homeMask = new Int32Array(n);
    this.loc = new Int32Array(n * (R + 2));
    this.opp = new Int32Array(n * (R + 2));
    this.countRepeats = this.fastChecks && problem.minSeparation === 1;
    this.cells = cells ? Int32Array.from(cells) : canonicalSchedule(n);
    this.roundOf = new Int32Array(n * n * 2).fill(-1);
    this.teamViolations = new Int32Array(n);
    this.legStamp = new Int32Array(n * (R + 2));
    this.legs = new Int32Array(n * (R + 2));
    this.teamStamp = new Int32Array(n);
    this.teams = new Int32Array(n);
    this.undoIdx = new Int32Array(n * R * 2);
    this.undoVal = new Int32Array(n * R * 2);
    this.newTeamViol = new Int32Array(n);
    this.seenStamp = new Int32Array(n);
    this.seenRound = new Int32Array(n);
    this.pTeams = new Int32Array(n);
    this.pMasks = new Int32Array(n);
    this.scratchA = new Int32Array(Math.max(n, R));
    this.scratchB = new Int32Array(Math.max(n, R));
    this.flow = new Int32Array(n * n);
    this.recompute();
  }

  /** Full evaluation from scratch (also rebuilds the round index). */
  recompute(): void {
    const { n, R, cells } = this;
    this.pending = 0;
    this.flowDirty = true;
    this.roundOf.fill(-1);
    for (let t = 0; t < n; t++)
      for (let r = 0; r < R; r++) {
        const v = cells[t * R + r];
        this.roundOf[(t * n + (v > 0 ? v - 1 : -v - 1)) * 2 + (v > 0 ? 1 : 0)] = r;
      }
    let cost = 0;
    let viol = 0;
    this.repeatCount = 0;
    const P = R + 2;
    for (let t = 0; t < n; t++) {
      this.loc[t * P] = t;
      this.loc[t * P + R + 1] = t;
      this.opp[t * P] = -1;
      this.opp[t * P + R + 1] = -2;
      for (let r = 0; r < R; r++) {
        const v = cells[t * R + r];
        this.loc[t * P + r + 1] = v > 0 ? t : -v - 1;
        this.opp[t * P + r + 1] = v > 0 ? v - 1 : -v - 1;
      }
    }
    for (let t = 0; t < n; t++) {
      let mask = 0;
      for (let r = 0; r < R; r++) if (cells[t * R + r] > 0) mask |= 1 << r;
      this.homeMask[t] = mask;
      if (this.fastChecks && this.minSep === 1) for (let e = 1; e < R; e++) this.repeatCount += this.repeatAt(t, e);
    }
    viol += this.repeatCount;
    for (let t = 0; t < n; t++) {
      for (let e = 0; e <= R; e++) cost += this.legLength(t, e);
      const tv = this.teamViolationCount(t);
      this.teamViolations[t] = tv;
      viol += tv;
    }
    this.cost = cost;
    this.violations = viol;
  }

  /** Where team t is in round r (its own venue for r < 0 or r ≥ R). */
  protected location(t: number, r: number): number {
    if (r < 0 || r >= this.R) return t;
    const v = this.cells[t * this.R + r];
    return v > 0 ? t : -v - 1;
  }

  /** Length of leg e of team t: from its location in round e-1 to its location in round e (e = 0..R). */
  protected legLength(t: number, e: number): number {
    return this.dist[this.location(t, e - 1) * this.n + this.location(t, e)];
  }

  /** 1 when team t meets the same opponent in rounds e-1 and e (1 ≤ e < R). */
  protected repeatAt(t: number, e: number): number {
    const a = this.cells[t * this.R + e - 1];
    const b = this.cells[t * this.R + e];
    return a === b || a === -b ? 1 : 0;
  }

  /** CA3 window excesses (fast mode) or CA3 window excesses plus SE1 violations (general mode) of one team. */
  teamViolationCount(t: number): number {
    const { R, n, cells } = this;
    const base = t * R;
    let v = 0;
    if (this.fastChecks) return this.maskViolations(this.homeMask[t]);
    // CA3: at most maxHome home games in any winHome consecutive rounds (same for away).
    if (this.winHome <= R) {
      let cnt = 0;
      for (let r = 0; r < R; r++) {
        if (cells[base + r] > 0) cnt++;
        if (r >= this.winHome && cells[base + r - this.winHome] > 0) cnt--;
        if (r >= this.winHome - 1 && cnt > this.maxHome) v += cnt - this.maxHome;
      }
    }
    if (this.winAway <= R) {
      let cnt = 0;
      for (let r = 0; r < R; r++) {
        if (cells[base + r] < 0) cnt++;
        if (r >= this.winAway && cells[base + r - this.winAway] < 0) cnt--;
        if (r >= this.winAway - 1 && cnt > this.maxAway) v += cnt - this.maxAway;
      }
    }
    // SE1: at least minSep rounds between the two meetings of a pair.
    if (this.minSep > 0) {
      const s = ++this.seen;
      if (s > 0x3fffffff) {
        this.seenStamp.fill(0);
        this.seen = 1;
      }
      const stamp = this.seen;
      for (let r = 0; r < R; r++) {
        const c = cells[base + r];
        const o = c > 0 ? c - 1 : -c - 1;
        if (this.seenStamp[o] === stamp) {
          if (r - this.seenRound[o] - 1 < this.minSep) v++;
        } else {
          this.seenStamp[o] = stamp;
          this.seenRound[o] = r;
        }
      }
      void n;
    }
    return v;
  }

  /** Fast mode: CA3 window excesses of a team whose home rounds are the bits of H. */
  protected maskViolations(H: number): number {
    // bit r of `h` survives when rounds r..r+maxHome are all home games (a window of maxHome+1 home games).
    const A = ~H & this.fullMask;
    let h = H;
    for (let k = 1; k <= this.maxHome; k++) h &= H >>> k;
    let a = A;
    for (let k = 1; k <= this.maxAway; k++) a &= A >>> k;
    return popcount(h) + popcount(a);
  }

  /** Travel change of team t if its venue became v1 in round r1 and v2 in round r2 (r1 ≠ r2), from the arrays. */
  protected venueDelta(t: number, r1: number, v1: number, r2: number, v2: number): number {
    const { loc, dist, n } = this;
    let a = r1;
    let va = v1;
    let b = r2;
    let vb = v2;
    if (a > b) {
      a = r2;
      va = v2;
      b = r1;
      vb = v1;
    }
    const base = t * (this.R + 2) + 1;
    const pa = base + a;
    const pb = base + b;
    const la0 = loc[pa - 1];
    const la = loc[pa];
    const lb = loc[pb];
    const lb1 = loc[pb + 1];
    if (b === a + 1) {
      return (
        dist[la0 * n + va] +
        dist[va * n + vb] +
        dist[vb * n + lb1] -
        (dist[la0 * n + la] + dist[la * n + lb] + dist[lb * n + lb1])
      );
    }
    const la1 = loc[pa + 1];
    const lb0 = loc[pb - 1];
    return (
      dist[la0 * n + va] +
      dist[va * n + la1] +
      dist[lb0 * n + vb] +
      dist[vb * n + lb1] -
      (dist[la0 * n + la] + dist[la * n + la1] + dist[lb0 * n + lb] + dist[lb * n + lb1])
    );
  }

  /** Change in repeaters of team t if its opponent became o1 in round r1 and o2 in round r2 (r1 ≠ r2). */
  protected repeatChange(t: number, r1: number, o1: number, r2: number, o2: number): number {
    const opp = this.opp;
    let a = r1;
    let oa = o1;
    let b = r2;
    let ob = o2;
    if (a > b) {
      a = r2;
      oa = o2;
      b = r1;
      ob = o1;
    }
    const base = t * (this.R + 2) + 1;
    const pa = base + a;
    const pb = base + b;
    const xa0 = opp[pa - 1];
    const xa = opp[pa];
    const xb = opp[pb];
    const xb1 = opp[pb + 1];
    if (b === a + 1) {
      return (
        (xa0 === oa ? 1 : 0) +
        (oa === ob ? 1 : 0) +
        (ob === xb1 ? 1 : 0) -
        ((xa0 === xa ? 1 : 0) + (xa === xb ? 1 : 0) + (xb === xb1 ? 1 : 0))
      );
    }
    const xa1 = opp[pa + 1];
    const xb0 = opp[pb - 1];
    return (
      (xa0 === oa ? 1 : 0) +
      (oa === xa1 ? 1 : 0) +
      (xb0 === ob ? 1 : 0) +
      (ob === xb1 ? 1 : 0) -
      ((xa0 === xa ? 1 : 0) + (xa === xa1 ? 1 : 0) + (xb0 === xb ? 1 : 0) + (xb === xb1 ? 1 : 0))
    );
  }

  // ---- move protocol ------------------------------------------------------------------------------------------

  protected begin(): void {
    this.pending = 0;
    this.stamp++;
    if (this.stamp > 0x3fffffff) {
      this.legStamp.fill(0);
      this.teamStamp.fill(0);
      this.stamp = 1;
    }
    this.legCount = 0;
    this.teamCount = 0;
    this.undoCount = 0;
    this.oldLegSum = 0;
    this.oldRepeats = 0;
  }

  protected set(t: number, r: number, v: number): void {
    const R = this.R;
    const n = this.n;
    const stamp = this.stamp;
    if (this.teamStamp[t] !== stamp) {
      this.teamStamp[t] = stamp;
      this.teams[this.teamCount++] = t;
    }
    const loc = this.loc;
    const opp = this.opp;
    const dist = this.dist;
    // legs are indexed by their first padded position: leg li joins positions li and li + 1
    const li0 = t * (R + 2) + r;
    if (this.legStamp[li0] !== stamp) {
      this.legStamp[li0] = stamp;
      this.legs[this.legCount++] = li0;
      this.oldLegSum += dist[loc[li0] * n + loc[li0 + 1]];
      if (opp[li0] === opp[li0 + 1]) this.oldRepeats++;
    }
    const li1 = li0 + 1;
    if (this.legStamp[li1] !== stamp) {
      this.legStamp[li1] = stamp;
      this.legs[this.legCount++] = li1;
      this.oldLegSum += dist[loc[li1] * n + loc[li1 + 1]];
      if (opp[li1] === opp[li1 + 1]) this.oldRepeats++;
    }
    const idx = t * R + r;
    this.undoIdx[this.undoCount] = idx;
    this.undoVal[this.undoCount++] = this.cells[idx];
    this.cells[idx] = v;
    const o = v > 0 ? v - 1 : -v - 1;
    loc[li1] = v > 0 ? t : o;
    opp[li1] = o;
    if (v > 0) {
      this.roundOf[(t * n + o) * 2 + 1] = r;
      this.homeMask[t] |= 1 << r;
    } else {
      this.roundOf[(t * n + o) * 2] = r;
      this.homeMask[t] &= ~(1 << r);
    }
  }

  /** Writes one cell and the arrays derived from it, except the home mask (used by the commits of scored moves). */
  protected writeCell(t: number, r: number, v: number): void {
    const { R, n } = this;
    const o = v > 0 ? v - 1 : -v - 1;
    const li1 = t * (R + 2) + r + 1;
    this.cells[t * R + r] = v;
    this.loc[li1] = v > 0 ? t : o;
    this.opp[li1] = o;
    this.roundOf[(t * n + o) * 2 + (v > 0 ? 1 : 0)] = r;
  }

  /** Measures the move just written: sets deltaCost and newViolations. */
  protected finish(): void {
    const { loc, opp, dist, legs, n } = this;
    let newSum = 0;
    let newRepeats = 0;
    for (let i = 0; i < this.legCount; i++) {
      const li = legs[i];
      newSum += dist[loc[li] * n + loc[li + 1]];
      if (opp[li] === opp[li + 1]) newRepeats++;
    }
    this.deltaCost = newSum - this.oldLegSum;
    this.repeatDelta = this.countRepeats ? newRepeats - this.oldRepeats : 0;
    let viol = this.violations + this.repeatDelta;
    for (let i = 0; i < this.teamCount; i++) {
      const t = this.teams[i];
      const tv = this.teamViolationCount(t);
      this.newTeamViol[t] = tv;
      viol += tv - this.teamViolations[t];
    }
    this.newViolations = viol;
  }

  /** Keeps the last move. */
  commit(): void {
    this.flowDirty = true;
    if (this.pending === PENDING_SWAP_HOMES) {
      this.writePending();
      return;
    }
    if (this.pending === PENDING_ROUNDS) {
      this.writePendingRounds();
      return;
    }
    if (this.pending === PENDING_TEAM_SWAP) {
      this.writePendingTeamSwap();
      return;
    }
    if (this.pending === REJECTED)
      throw new Error('TtpSchedule.commit: the last move was rejected before it was scored');
    this.cost += this.deltaCost;
    this.violations = this.newViolations;
    this.repeatCount += this.repeatDelta;
    for (let i = 0; i < this.teamCount; i++) {
      const t = this.teams[i];
      this.teamViolations[t] = this.newTeamViol[t];
    }
  }

  /** Undoes the last move (a scored or rejected move was never written: nothing to undo). */
  rollback(): void {
    if (this.pending !== 0) {
      this.pending = 0;
      return;
    }
    const { R, n } = this;
    for (let i = this.undoCount - 1; i >= 0; i--) {
      const idx = this.undoIdx[i];
      const v = this.undoVal[i];
      this.cells[idx] = v;
      const t = (idx / R) | 0;
      const r = idx - t * R;
      const o = v > 0 ? v - 1 : -v - 1;
      this.roundOf[(t * n + o) * 2 + (v > 0 ? 1 : 0)] = r;
      this.loc[t * (R + 2) + r + 1] = v > 0 ? t : o;
      this.opp[t * (R + 2) + r + 1] = o;
      if (v > 0) this.homeMask[t] |= 1 << r;
      else this.homeMask[t] &= ~(1 << r);
    }
  }

  /** Writes the pending SwapHomes (round-moves.ts). */
  protected abstract writePending(): void;
  /** Writes the pending SwapRounds (round-moves.ts). */
  protected abstract writePendingRounds(): void;
  /** Writes the pending SwapTeams/PartialSwapTeams (schedule.ts). */
  protected abstract writePendingTeamSwap(): void;
}

/**
 * The canonical (circle-method) single round robin of de Werra with alternating venues, mirrored into a double
 * round robin: round r + n - 1 repeats round r with venues exchanged.
 */
export function canonicalSchedule(n: number): Int32Array {
  const R = 2 * (n - 1);
  const cells = new Int32Array(n * R);
  const put = (home: number, away: number, r: number) => {
    cells[home * R + r] = away + 1;
    cells[away * R + r] = -(home + 1);
    cells[home * R + r + n - 1] = -(away + 1);
    cells[away * R + r + n - 1] = home + 1;
  };
  const m = n - 1;
  for (let r = 0; r < m; r++) {
    if (r % 2 === 0) put(r, n - 1, r);
    else put(n - 1, r, r);
    for (let k = 1; k < n / 2; k++) {
      const a = (r + k) % m;
      const b = (r - k + m) % m;
      if (k % 2 === 1) put(a, b, r);
      else put(b, a, r);
    }
  }
  return cells;
}
