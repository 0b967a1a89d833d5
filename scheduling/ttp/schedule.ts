// TtpSchedule: a TTP schedule with the five TTSA neighbourhoods and incremental evaluation (encoding and move protocol
// in schedule-state.ts). This file adds the moves that exchange two teams' schedules, SwapTeams and PartialSwapTeams.
//
// Layers: schedule-state.ts (arrays, evaluation, move protocol) → round-moves.ts (SwapHomes, SwapRounds,
// PartialSwapRounds) → this file (SwapTeams, PartialSwapTeams: relabelling deltas over the leg counts).
import { popcount } from '../bits.ts';
import type { TtpProblem } from './problem.ts';
import { TtpRoundMoves } from './round-moves.ts';
import { PENDING_TEAM_SWAP, REJECTED } from './schedule-state.ts';

export { canonicalSchedule } from './schedule-state.ts';

export class TtpSchedule extends TtpRoundMoves {
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
  protected relabelDelta(i: number, j: number): number {
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
  protected legFlow(): Int32Array {
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
  protected flipWithRelabel(t: number, rh: number, ra: number, i: number, j: number): number {
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
  protected relabelShift(a: number, b: number, i: number, j: number): number {
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
  protected scoreTeamSwap(i: number, j: number, rounds: number, limit: number): boolean {
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
  protected exchangeAfterFlip(
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
  protected exchangeTravel(x: number, src: number, rounds: number, i: number, j: number): number {
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
  protected exchangeRepeats(x: number, src: number, rounds: number, i: number, j: number): number {
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
  protected writePendingTeamSwap(): void {
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

/** Travel of a schedule (cells encoding above), each team leaving from and returning to its venue. */
export function scheduleTravel(problem: TtpProblem, cells: Int32Array): number {
  return new TtpSchedule(problem, cells).cost;
}
