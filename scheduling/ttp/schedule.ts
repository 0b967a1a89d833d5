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
import { popcount } from '../bits.ts';
import type { TtpProblem } from './problem.ts';

export class TtpSchedule {
  readonly n: number;
  readonly R: number;
  readonly dist: Float64Array;
  readonly cells: Int32Array;
  /** roundOf[(t * n + o) * 2 + h] = round in which t plays o at home (h = 1) or away (h = 0). */
  readonly roundOf: Int32Array;
  readonly teamViolations: Int32Array;
  cost = 0;
  violations = 0;

  private readonly maxHome: number;
  private readonly winHome: number;
  private readonly maxAway: number;
  private readonly winAway: number;
  private readonly minSep: number;
  /** Streak CA3 (window = max + 1), SE1 min ≤ 1 and R ≤ 31: CA3 from per-team home bit masks, repeaters per leg. */
  private readonly fastChecks: boolean;
  private readonly fullMask: number;
  private readonly homeMask: Int32Array;
  /** Padded per-team rows of width R + 2: loc = venue of team t in round r at [t(R+2) + r + 1], home at both ends. */
  private readonly loc: Int32Array;
  /** Same layout: opponent in round r, -1 / -2 at the ends (so "same opponent in consecutive rounds" is a compare). */
  private readonly opp: Int32Array;
  private readonly countRepeats: boolean;
  /** Repeater count (fast mode), counted once per team of the pair. */
  private repeatCount = 0;
  private oldRepeats = 0;
  private repeatDelta = 0;

  // move bookkeeping
  private stamp = 1;
  private readonly legStamp: Int32Array;
  private readonly legs: Int32Array;
  private legCount = 0;
  private oldLegSum = 0;
  private readonly teamStamp: Int32Array;
  private readonly teams: Int32Array;
  private teamCount = 0;
  private readonly undoIdx: Int32Array;
  private readonly undoVal: Int32Array;
  private undoCount = 0;
  private readonly newTeamViol: Int32Array;
  private readonly seenStamp: Int32Array;
  private readonly seenRound: Int32Array;
  private seen = 1;
  // result of the last move
  deltaCost = 0;
  newViolations = 0;
  /** A SwapHomes scored by scoreSwapHomes and not yet written (commit writes it, rollback drops it). */
  private pending = 0; // 0 = none or written, else one of the PENDING_* / REJECTED codes below the class
  private pI = 0;
  private pJ = 0;
  private pRh = 0;
  private pRa = 0;
  private pMaskI = 0;
  private pMaskJ = 0;
  private pViolI = 0;
  private pViolJ = 0;
  /** Teams of a pending (partial) SwapRounds, their count, and their new home masks (indexed by team). */
  private readonly pTeams: Int32Array;
  private pCount = 0;
  private readonly pMasks: Int32Array;
  /** Rounds (bit mask) of a pending SwapTeams/PartialSwapTeams. */
  private pRounds = 0;
  // scratch for chains
  protected readonly scratchA: Int32Array;
  private readonly scratchB: Int32Array;
  /**
   * Leg counts between venues (n × n, symmetric, both directions counted), rebuilt lazily after a commit: SwapTeams is
   * a relabelling of i and j (plus their two meetings keeping their venues), and a relabelling's travel change is a
   * quadratic-assignment delta over these counts, O(n) instead of every leg of the season.
   */
  private readonly flow: Int32Array;
  private flowDirty = true;

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
  private location(t: number, r: number): number {
    if (r < 0 || r >= this.R) return t;
    const v = this.cells[t * this.R + r];
    return v > 0 ? t : -v - 1;
  }

  /** Length of leg e of team t: from its location in round e-1 to its location in round e (e = 0..R). */
  private legLength(t: number, e: number): number {
    return this.dist[this.location(t, e - 1) * this.n + this.location(t, e)];
  }

  /** 1 when team t meets the same opponent in rounds e-1 and e (1 ≤ e < R). */
  private repeatAt(t: number, e: number): number {
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
  private maskViolations(H: number): number {
    // bit r of `h` survives when rounds r..r+maxHome are all home games (a window of maxHome+1 home games).
    const A = ~H & this.fullMask;
    let h = H;
    for (let k = 1; k <= this.maxHome; k++) h &= H >>> k;
    let a = A;
    for (let k = 1; k <= this.maxAway; k++) a &= A >>> k;
    return popcount(h) + popcount(a);
  }

  /** Travel change of team t if its venue became v1 in round r1 and v2 in round r2 (r1 ≠ r2), from the arrays. */
  private venueDelta(t: number, r1: number, v1: number, r2: number, v2: number): number {
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
  private repeatChange(t: number, r1: number, o1: number, r2: number, o2: number): number {
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
  private writeCell(t: number, r: number, v: number): void {
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

  // ---- neighbourhoods (each writes the move and measures it; call commit() or rollback() next) ---------------

  /** SwapHomes(i, j): the two games of i and j swap venues. */
  swapHomes(i: number, j: number): void {
    const n = this.n;
    const rh = this.roundOf[(i * n + j) * 2 + 1];
    const ra = this.roundOf[(i * n + j) * 2];
    this.begin();
    this.set(i, rh, -(j + 1));
    this.set(j, rh, i + 1);
    this.set(i, ra, j + 1);
    this.set(j, ra, -(i + 1));
    this.finish();
  }

  /**
   * SwapHomes(i, j) scored from the current arrays without writing them: sets deltaCost and newViolations like
   * swapHomes, but the cells stay as they are until commit() writes the move (rollback() just drops it). Opponents do
   * not change, so repeaters (SE1) do not either; CA3 comes from the two home masks with two bits flipped.
   * Falls back to swapHomes outside fast mode.
   */
  scoreSwapHomes(i: number, j: number, limit = Number.POSITIVE_INFINITY): boolean {
    if (!this.fastChecks) {
      this.swapHomes(i, j);
      return true;
    }
    const n = this.n;
    const rh = this.roundOf[(i * n + j) * 2 + 1];
    const ra = this.roundOf[(i * n + j) * 2];
    // i: home in rh -> at j; at j in ra -> home. j: at i in rh -> home; home in ra -> at i.
    this.deltaCost = this.venueDelta(i, rh, j, ra, i) + this.venueDelta(j, rh, j, ra, i);
    if (this.cost + this.deltaCost > limit) {
      this.pending = REJECTED;
      return false;
    }
    const maskI = (this.homeMask[i] & ~(1 << rh)) | (1 << ra);
    const maskJ = (this.homeMask[j] | (1 << rh)) & ~(1 << ra);
    this.pRh = rh;
    this.pRa = ra;
    return this.pendTwoTeams(PENDING_SWAP_HOMES, i, j, maskI, maskJ, 0);
  }

  /** Records a scored move that changes the CA3 of i and j only (through their new home masks) as pending `kind`. */
  private pendTwoTeams(kind: number, i: number, j: number, maskI: number, maskJ: number, repeats: number): true {
    const vi = this.maskViolations(maskI);
    const vj = this.maskViolations(maskJ);
    this.repeatDelta = repeats;
    this.newViolations = this.violations + repeats + vi - this.teamViolations[i] + vj - this.teamViolations[j];
    this.pending = kind;
    this.pI = i;
    this.pJ = j;
    this.pMaskI = maskI;
    this.pMaskJ = maskJ;
    this.pViolI = vi;
    this.pViolJ = vj;
    return true;
  }

  /** Writes the SwapHomes scored by scoreSwapHomes and keeps it. */
  private writePending(): void {
    const { n, R, cells, loc, roundOf } = this;
    const P = R + 2;
    const i = this.pI;
    const j = this.pJ;
    const rh = this.pRh;
    const ra = this.pRa;
    cells[i * R + rh] = -(j + 1);
    cells[j * R + rh] = i + 1;
    cells[i * R + ra] = j + 1;
    cells[j * R + ra] = -(i + 1);
    loc[i * P + rh + 1] = j;
    loc[j * P + rh + 1] = j;
    loc[i * P + ra + 1] = i;
    loc[j * P + ra + 1] = i;
    roundOf[(i * n + j) * 2 + 1] = ra;
    roundOf[(i * n + j) * 2] = rh;
    roundOf[(j * n + i) * 2 + 1] = rh;
    roundOf[(j * n + i) * 2] = ra;
    this.homeMask[i] = this.pMaskI;
    this.homeMask[j] = this.pMaskJ;
    this.teamViolations[i] = this.pViolI;
    this.teamViolations[j] = this.pViolJ;
    this.cost += this.deltaCost;
    this.violations = this.newViolations;
    this.pending = 0;
  }

  /**
   * SwapRounds(k, l) scored from the current arrays without writing them (like scoreSwapHomes): per team, the legs and
   * repeaters around k and l and the home mask with bits k and l exchanged. Falls back to swapRounds outside fast mode.
   */
  scoreSwapRounds(k: number, l: number, limit = Number.POSITIVE_INFINITY): boolean {
    if (!this.fastChecks) {
      this.swapRounds(k, l);
      return true;
    }
    const list = this.pTeams;
    for (let t = 0; t < this.n; t++) list[t] = t;
    return this.scoreRounds(this.n, k, l, limit);
  }

  /**
   * The smallest set of teams containing t closed under "plays against in round k or l", written to `list`; returns
   * its size. Swapping rounds k and l for exactly this set keeps a double round robin (PartialSwapRounds).
   */
  protected roundSwapTeamSet(t: number, k: number, l: number, list: Int32Array): number {
    const { n, R, cells } = this;
    const inSet = this.scratchB;
    inSet.fill(0, 0, n);
    let size = 0;
    list[size++] = t;
    inSet[t] = 1;
    for (let q = 0; q < size; q++) {
      const x = list[q];
      const ck = cells[x * R + k];
      const cl = cells[x * R + l];
      const ok = ck > 0 ? ck - 1 : -ck - 1;
      const ol = cl > 0 ? cl - 1 : -cl - 1;
      if (!inSet[ok]) {
        inSet[ok] = 1;
        list[size++] = ok;
      }
      if (!inSet[ol]) {
        inSet[ol] = 1;
        list[size++] = ol;
      }
    }
    return size;
  }

  /** PartialSwapRounds(t, k, l) scored without writing (see scoreSwapRounds); same team set as partialSwapRounds. */
  scorePartialSwapRounds(t: number, k: number, l: number, limit = Number.POSITIVE_INFINITY): boolean {
    if (!this.fastChecks) {
      this.partialSwapRounds(t, k, l);
      return true;
    }
    const size = this.roundSwapTeamSet(t, k, l, this.pTeams);
    return this.scoreRounds(size, k, l, limit);
  }

  /**
   * Scores swapping rounds k and l for the first `count` teams of pTeams (a set closed under their games in k, l).
   * Travel first: returns false, unfinished, when it alone exceeds `limit`.
   */
  private scoreRounds(count: number, k: number, l: number, limit: number): boolean {
    const { R, loc, opp, homeMask } = this;
    const P = R + 2;
    const list = this.pTeams;
    const masks = this.pMasks;
    const bk = 1 << k;
    const bl = 1 << l;
    let delta = 0;
    for (let q = 0; q < count; q++) {
      const t = list[q];
      delta += this.venueDelta(t, k, loc[t * P + l + 1], l, loc[t * P + k + 1]);
    }
    this.deltaCost = delta;
    if (this.cost + delta > limit) {
      this.pending = REJECTED;
      return false;
    }
    let rep = 0;
    let viol = this.violations;
    for (let q = 0; q < count; q++) {
      const t = list[q];
      if (this.countRepeats) rep += this.repeatChange(t, k, opp[t * P + l + 1], l, opp[t * P + k + 1]);
      const H = homeMask[t];
      const hk = H & bk;
      const hl = H & bl;
      const m = (H & ~(bk | bl)) | (hk !== 0 ? bl : 0) | (hl !== 0 ? bk : 0);
      masks[t] = m;
      // the mask only changes when exactly one of rounds k and l is a home game
      const tv = (hk === 0) === (hl === 0) ? this.teamViolations[t] : this.maskViolations(m);
      this.newTeamViol[t] = tv;
      viol += tv - this.teamViolations[t];
    }
    this.repeatDelta = rep;
    this.newViolations = viol + rep;
    this.pending = PENDING_ROUNDS;
    this.pCount = count;
    this.pRh = k;
    this.pRa = l;
    return true;
  }

  /** Writes the SwapRounds scored by scoreSwapRounds and keeps it. */
  private writePendingRounds(): void {
    const { n, R, cells, loc, opp, roundOf, homeMask } = this;
    const P = R + 2;
    const k = this.pRh;
    const l = this.pRa;
    const masks = this.pMasks;
    const list = this.pTeams;
    for (let q = 0; q < this.pCount; q++) {
      const t = list[q];
      const a = cells[t * R + k];
      const b = cells[t * R + l];
      cells[t * R + k] = b;
      cells[t * R + l] = a;
      const pk = t * P + k + 1;
      const pl = t * P + l + 1;
      const lk = loc[pk];
      loc[pk] = loc[pl];
      loc[pl] = lk;
      const ok = opp[pk];
      opp[pk] = opp[pl];
      opp[pl] = ok;
      // b is now played in round k, a in round l
      roundOf[(t * n + (b > 0 ? b - 1 : -b - 1)) * 2 + (b > 0 ? 1 : 0)] = k;
      roundOf[(t * n + (a > 0 ? a - 1 : -a - 1)) * 2 + (a > 0 ? 1 : 0)] = l;
      homeMask[t] = masks[t];
      this.teamViolations[t] = this.newTeamViol[t];
    }
    this.cost += this.deltaCost;
    this.violations = this.newViolations;
    this.repeatCount += this.repeatDelta;
    this.pending = 0;
  }

  /** SwapRounds(k, l): rounds k and l swap all their games. */
  swapRounds(k: number, l: number): void {
    const { n, R, cells } = this;
    this.begin();
    for (let t = 0; t < n; t++) {
      const a = cells[t * R + k];
      const b = cells[t * R + l];
      this.set(t, k, b);
      this.set(t, l, a);
    }
    this.finish();
  }

  /** Swaps the games of teams i and j in round r (they must not meet in r); opponents follow. */
  protected swapTeamsInRound(i: number, j: number, r: number): void {
    const R = this.R;
    const a = this.cells[i * R + r];
    const b = this.cells[j * R + r];
    const oa = a > 0 ? a - 1 : -a - 1;
    const ob = b > 0 ? b - 1 : -b - 1;
    this.set(i, r, b);
    this.set(j, r, a);
    this.set(oa, r, a > 0 ? -(j + 1) : j + 1);
    this.set(ob, r, b > 0 ? -(i + 1) : i + 1);
  }

  /**
   * SwapTeams(i, j) scored without writing the arrays (commit writes it): the exchange of every round but their two
   * meetings, which scoreTeamSwap measures as a relabelling in O(n). Falls back to swapTeams outside fast mode.
   */
  scoreSwapTeams(i: number, j: number, limit = Number.POSITIVE_INFINITY): boolean {
    if (!this.fastChecks) {
      this.swapTeams(i, j);
      return true;
    }
    const at = (i * this.n + j) * 2;
    const meetings = (1 << this.roundOf[at]) | (1 << this.roundOf[at + 1]);
    return this.scoreTeamSwap(i, j, this.fullMask & ~meetings, limit);
  }

  /** Travel change of relabelling i and j (they exchange rows, venues and opponents), from the leg counts: O(n). */
  private relabelDelta(i: number, j: number): number {
    const { n, dist } = this;
    const flow = this.legFlow();
    const bi = i * n;
    const bj = j * n;
    let delta = 0;
    for (let k = 0; k < n; k++) {
      if (k !== i && k !== j) delta += (flow[bi + k] - flow[bj + k]) * (dist[bj + k] - dist[bi + k]);
    }
    return delta;
  }

  /** The leg counts between venues of the current schedule (see `flow`). */
  private legFlow(): Int32Array {
    const flow = this.flow;
    if (!this.flowDirty) return flow;
    const { n, loc } = this;
    const P = this.R + 2;
    flow.fill(0);
    for (let t = 0; t < n; t++) {
      const base = t * P;
      for (let e = 0; e < P - 1; e++) {
        const a = loc[base + e];
        const b = loc[base + e + 1];
        if (a !== b) {
          flow[a * n + b]++;
          flow[b * n + a]++;
        }
      }
    }
    this.flowDirty = false;
    return flow;
  }

  /**
   * For team t, whose venue becomes j in round rh and i in round ra: the travel change of its legs touching those
   * rounds, plus the change those legs make to the relabelling delta of i and j (a leg between i or j and a third venue
   * k moves the delta by ±(d(j, k) − d(i, k))).
   */
  private flipWithRelabel(t: number, rh: number, ra: number, i: number, j: number): number {
    const { loc, dist, n } = this;
    const base = t * (this.R + 2);
    const ph = rh + 1;
    const pa = ra + 1;
    let delta = 0;
    // legs q join padded positions q and q + 1: those touching ph are ph - 1 and ph, those touching pa are pa - 1, pa
    const lo = Math.min(ph, pa);
    const hi = Math.max(ph, pa);
    for (let k = 0; k < 4; k++) {
      const q = k === 0 ? lo - 1 : k === 1 ? lo : k === 2 ? hi - 1 : hi;
      if (k === 2 && q === lo) continue; // adjacent rounds share that leg
      const oldA = loc[base + q];
      const oldB = loc[base + q + 1];
      const newA = q === ph ? j : q === pa ? i : oldA;
      const newB = q + 1 === ph ? j : q + 1 === pa ? i : oldB;
      delta +=
        dist[newA * n + newB] -
        dist[oldA * n + oldB] +
        this.relabelShift(newA, newB, i, j) -
        this.relabelShift(oldA, oldB, i, j);
    }
    return delta;
  }

  /** How one leg a–b moves the relabelling delta of i and j: ±(d(j, k) − d(i, k)) for a leg between i or j and k. */
  private relabelShift(a: number, b: number, i: number, j: number): number {
    const { dist, n } = this;
    if (a === i || a === j) {
      if (b === i || b === j) return 0;
      return a === i ? dist[j * n + b] - dist[i * n + b] : dist[i * n + b] - dist[j * n + b];
    }
    if (b === i) return dist[j * n + a] - dist[i * n + a];
    if (b === j) return dist[i * n + a] - dist[j * n + a];
    return 0;
  }

  /** PartialSwapTeams(i, j, r) scored without writing the arrays. Falls back to partialSwapTeams outside fast mode. */
  scorePartialSwapTeams(i: number, j: number, r: number, limit = Number.POSITIVE_INFINITY): boolean {
    if (!this.fastChecks) {
      this.partialSwapTeams(i, j, r);
      return true;
    }
    const { n, R, cells } = this;
    let rounds = 0;
    let count = 0;
    let cur = r;
    for (;;) {
      rounds |= 1 << cur;
      count++;
      const g = cells[j * R + cur];
      const next = this.roundOf[(i * n + (g > 0 ? g - 1 : -g - 1)) * 2 + (g > 0 ? 1 : 0)];
      if (next === r || count >= R) break;
      cur = next;
    }
    return this.scoreTeamSwap(i, j, rounds, limit);
  }

  /**
   * Scores i and j exchanging their games in the rounds of `rounds` (a bit mask; they do not meet there), from the
   * current arrays (fast mode). In those rounds i takes j's venue and opponent and vice versa, and each opponent o of i
   * or j keeps its own row with i and j exchanged; so every new venue/opponent is a lookup plus that exchange and only
   * the legs touching the rounds (bits of the mask) are measured. Opponents keep their home rounds, so only i and j can
   * change CA3. Returns false without finishing when the travel alone exceeds `limit` (the move would be rejected).
   */
  private scoreTeamSwap(i: number, j: number, rounds: number, limit: number): boolean {
    const { n, opp, homeMask } = this;
    const P = this.R + 2;
    const masks = this.pMasks;
    // Exchanging in rounds X is SwapTeams (flip the meetings, relabel i and j) followed by exchanging back in the
    // other rounds Y (exchanges on disjoint rounds commute, and relabelling commutes with them): when Y is the smaller
    // side, measure the O(n) SwapTeams and the exchange over Y, every leg of which also moves the relabelling delta.
    const rh = this.roundOf[(i * n + j) * 2 + 1];
    const ra = this.roundOf[(i * n + j) * 2];
    const others = this.fullMask & ~((1 << rh) | (1 << ra)) & ~rounds;
    const viaSwapTeams = popcount(others) < popcount(rounds);
    const measured = viaSwapTeams ? others : rounds;
    // opponents of i and j in those rounds (bit o of `touched`, n <= 16 in fast mode) and, per opponent, its rounds
    let touched = 0;
    for (let rest = measured; rest !== 0; rest &= rest - 1) {
      const bit = rest & -rest;
      const pos = 32 - Math.clz32(bit); // padded position of the round
      const oi = opp[i * P + pos];
      const oj = opp[j * P + pos];
      masks[oi] = (touched >>> oi) & 1 ? masks[oi] | bit : bit;
      touched |= 1 << oi;
      masks[oj] = (touched >>> oj) & 1 ? masks[oj] | bit : bit;
      touched |= 1 << oj;
    }
    let delta = viaSwapTeams
      ? this.relabelDelta(i, j) +
        this.flipWithRelabel(i, rh, ra, i, j) +
        this.flipWithRelabel(j, rh, ra, i, j) +
        this.exchangeAfterFlip(i, j, measured, i, j, rh, ra) +
        this.exchangeAfterFlip(j, i, measured, i, j, rh, ra)
      : this.exchangeTravel(i, j, measured, i, j) + this.exchangeTravel(j, i, measured, i, j);
    for (let rest = touched; rest !== 0; rest &= rest - 1) {
      // an opponent playing at home keeps its venue: only its away rounds can change its travel
      const o = 31 - Math.clz32(rest & -rest);
      const away = masks[o] & ~homeMask[o];
      if (away === 0) continue;
      delta += viaSwapTeams ? this.exchangeAfterFlip(o, o, away, i, j, rh, ra) : this.exchangeTravel(o, o, away, i, j);
    }
    this.deltaCost = delta;
    if (this.cost + delta > limit) {
      this.pending = REJECTED;
      return false;
    }
    // repeaters: a relabelling and a flip keep them, so either side's exchange gives the change
    let rep = 0;
    if (this.countRepeats) {
      rep = this.exchangeRepeats(i, j, measured, i, j) + this.exchangeRepeats(j, i, measured, i, j);
      for (let rest = touched; rest !== 0; rest &= rest - 1) {
        const o = 31 - Math.clz32(rest & -rest);
        rep += this.exchangeRepeats(o, o, masks[o], i, j);
      }
    }
    const hi = homeMask[i];
    const hj = homeMask[j];
    this.pRounds = rounds;
    return this.pendTwoTeams(
      PENDING_TEAM_SWAP,
      i,
      j,
      (hi & ~rounds) | (hj & rounds),
      (hj & ~rounds) | (hi & rounds),
      rep,
    );
  }

  /**
   * exchangeTravel on the schedule with the meetings of i and j flipped (i and j at j in round rh, at i in round ra),
   * plus the change each leg makes to the relabelling delta of i and j (see flipWithRelabel). Kept apart from
   * exchangeTravel on purpose: one function serving both (a flag and the flip's rounds) cost the annealer ≈ 8 % more
   * CPU per move on NL12 (20 M moves, three alternations), exchangeTravel being its hottest loop.
   */
  private exchangeAfterFlip(
    x: number,
    src: number,
    rounds: number,
    i: number,
    j: number,
    rh: number,
    ra: number,
  ): number {
    const { loc, dist, n } = this;
    const P = this.R + 2;
    const bx = x * P;
    const bs = src * P;
    const flipped = x === i || x === j;
    const ph = rh + 1;
    const pa = ra + 1;
    const at = rounds << 1;
    let delta = 0;
    for (let legs = at | (at >>> 1); legs !== 0; legs &= legs - 1) {
      const e = 31 - Math.clz32(legs & -legs);
      const oldA = flipped && e === ph ? j : flipped && e === pa ? i : loc[bx + e];
      const oldB = flipped && e + 1 === ph ? j : flipped && e + 1 === pa ? i : loc[bx + e + 1];
      let a = oldA;
      if ((at >>> e) & 1) {
        const v = loc[bs + e];
        a = v === i ? j : v === j ? i : v;
      }
      let b = oldB;
      if ((at >>> (e + 1)) & 1) {
        const v = loc[bs + e + 1];
        b = v === i ? j : v === j ? i : v;
      }
      delta +=
        dist[a * n + b] - dist[oldA * n + oldB] + this.relabelShift(a, b, i, j) - this.relabelShift(oldA, oldB, i, j);
    }
    return delta;
  }

  /**
   * Travel change of team x if, in the rounds of `rounds`, its venues became those of row `src` with i and j exchanged.
   * Leg e joins padded positions e and e + 1; position q holds round q - 1, hence the shift.
   */
  private exchangeTravel(x: number, src: number, rounds: number, i: number, j: number): number {
    const { loc, dist, n } = this;
    const P = this.R + 2;
    const bx = x * P;
    const bs = src * P;
    const at = rounds << 1;
    let delta = 0;
    for (let legs = at | (at >>> 1); legs !== 0; legs &= legs - 1) {
      const e = 31 - Math.clz32(legs & -legs);
      const oldA = loc[bx + e];
      const oldB = loc[bx + e + 1];
      let a = oldA;
      if ((at >>> e) & 1) {
        const v = loc[bs + e];
        a = v === i ? j : v === j ? i : v;
      }
      let b = oldB;
      if ((at >>> (e + 1)) & 1) {
        const v = loc[bs + e + 1];
        b = v === i ? j : v === j ? i : v;
      }
      delta += dist[a * n + b] - dist[oldA * n + oldB];
    }
    return delta;
  }

  /** Repeater change of team x for the same exchange as exchangeTravel (opponents instead of venues). */
  private exchangeRepeats(x: number, src: number, rounds: number, i: number, j: number): number {
    const opp = this.opp;
    const P = this.R + 2;
    const bx = x * P;
    const bs = src * P;
    const at = rounds << 1;
    let delta = 0;
    for (let legs = at | (at >>> 1); legs !== 0; legs &= legs - 1) {
      const e = 31 - Math.clz32(legs & -legs);
      const oldA = opp[bx + e];
      const oldB = opp[bx + e + 1];
      let a = oldA;
      if ((at >>> e) & 1) {
        const v = opp[bs + e];
        a = v === i ? j : v === j ? i : v;
      }
      let b = oldB;
      if ((at >>> (e + 1)) & 1) {
        const v = opp[bs + e + 1];
        b = v === i ? j : v === j ? i : v;
      }
      delta += (a === b ? 1 : 0) - (oldA === oldB ? 1 : 0);
    }
    return delta;
  }

  /** Writes the SwapTeams/PartialSwapTeams scored by scoreTeamSwap and keeps it. */
  private writePendingTeamSwap(): void {
    const { R, cells } = this;
    const i = this.pI;
    const j = this.pJ;
    for (let rest = this.pRounds; rest !== 0; rest &= rest - 1) {
      const r = 31 - Math.clz32(rest & -rest);
      const a = cells[i * R + r];
      const b = cells[j * R + r];
      const oa = a > 0 ? a - 1 : -a - 1;
      const ob = b > 0 ? b - 1 : -b - 1;
      this.writeCell(i, r, b);
      this.writeCell(j, r, a);
      this.writeCell(oa, r, a > 0 ? -(j + 1) : j + 1);
      this.writeCell(ob, r, b > 0 ? -(i + 1) : i + 1);
    }
    this.homeMask[i] = this.pMaskI;
    this.homeMask[j] = this.pMaskJ;
    this.teamViolations[i] = this.pViolI;
    this.teamViolations[j] = this.pViolJ;
    this.cost += this.deltaCost;
    this.violations = this.newViolations;
    this.repeatCount += this.repeatDelta;
    this.pending = 0;
  }

  /** SwapTeams(i, j): i and j exchange their whole schedules except their own two meetings. */
  swapTeams(i: number, j: number): void {
    const R = this.R;
    this.begin();
    for (let r = 0; r < R; r++) {
      const a = this.cells[i * R + r];
      if (a === j + 1 || a === -(j + 1)) continue;
      this.swapTeamsInRound(i, j, r);
    }
    this.finish();
  }

  /**
   * PartialSwapRounds(t, k, l): swap rounds k and l for the smallest set of teams containing t that is closed under
   * "plays against in round k or l" (so the result is still a double round robin).
   */
  partialSwapRounds(t: number, k: number, l: number): void {
    const { R, cells } = this;
    const list = this.scratchA;
    const size = this.roundSwapTeamSet(t, k, l, list);
    this.begin();
    for (let q = 0; q < size; q++) {
      const x = list[q];
      const a = cells[x * R + k];
      const b = cells[x * R + l];
      this.set(x, k, b);
      this.set(x, l, a);
    }
    this.finish();
  }

  /**
   * PartialSwapTeams(i, j, r): i and j exchange their games in round r, then in the chain of rounds needed so that
   * each still plays every opponent once at home and once away. i and j must not meet in round r.
   */
  partialSwapTeams(i: number, j: number, r: number): void {
    const rounds = this.scratchA;
    const count = this.teamSwapChain(i, j, r, rounds);
    this.begin();
    for (let q = 0; q < count; q++) this.swapTeamsInRound(i, j, rounds[q]);
    this.finish();
  }

  /** The rounds PartialSwapTeams(i, j, r) exchanges, written to `rounds`; returns their count. */
  protected teamSwapChain(i: number, j: number, r: number, rounds: Int32Array): number {
    const { n, R, cells } = this;
    let count = 0;
    let cur = r;
    // Follow: i takes j's game of round cur; i already plays that game in round next; continue there.
    for (;;) {
      rounds[count++] = cur;
      const g = cells[j * R + cur];
      const next = this.roundOf[(i * n + (g > 0 ? g - 1 : -g - 1)) * 2 + (g > 0 ? 1 : 0)];
      if (next === r || count >= R) break;
      cur = next;
    }
    return count;
  }

  /** True when i and j meet in round r. */
  meets(i: number, j: number, r: number): boolean {
    const c = this.cells[i * this.R + r];
    return c === j + 1 || c === -(j + 1);
  }
}

const PENDING_SWAP_HOMES = 1;
const PENDING_ROUNDS = 2;
const PENDING_TEAM_SWAP = 3;
/** A score* move stopped early because its travel alone exceeded the caller's limit: nothing to commit. */
const REJECTED = 4;

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

/** Travel of a schedule (cells encoding above), each team leaving from and returning to its venue. */
export function scheduleTravel(problem: TtpProblem, cells: Int32Array): number {
  return new TtpSchedule(problem, cells).cost;
}
