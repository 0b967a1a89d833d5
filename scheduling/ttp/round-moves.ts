import { PENDING_ROUNDS, PENDING_SWAP_HOMES, REJECTED, TtpScheduleState } from './schedule-state.ts';

export abstract class TtpRoundMoves extends TtpScheduleState {
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
  protected pendTwoTeams(kind: number, i: number, j: number, maskI: number, maskJ: number, repeats: number): true {
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
  protected writePending(): void {
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
  protected scoreRounds(count: number, k: number, l: number, limit: number): boolean {
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
  protected writePendingRounds(): void {
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
}
