// Moves that keep a mirrored or phased double round robin (RobinX gameMode M / P). Of the five TTSA neighbourhoods,
// SwapHomes and SwapTeams keep both structures as they are; round swaps keep a phased schedule when both rounds lie in
// one half, and a mirrored one when the same swap is made in the mirrored rounds too; PartialSwapTeams is made with
// its mirror image (mirrored) or checked and undone when it moved a meeting across the halves (phased). Each compound
// move is written and measured as one move, so commit() and rollback() treat it like any other.

import type { Rng } from '../rng.ts';
import type { TtpProblem } from './problem.ts';
import { TtpSchedule } from './schedule.ts';
import { gameModeViolations } from './validate.ts';

export class StructuredTtpSchedule extends TtpSchedule {
  /** Rounds per half, n - 1. */
  readonly half: number;
  readonly gameMode: 'M' | 'P';
  private readonly mirror: Int32Array;
  private readonly inChain: Uint8Array;

  constructor(problem: TtpProblem, cells?: Int32Array) {
    super(problem, cells);
    if (problem.gameMode === null) throw new Error('StructuredTtpSchedule: the problem has no gameMode');
    this.gameMode = problem.gameMode;
    this.half = this.R / 2;
    this.mirror = new Int32Array(this.R);
    this.inChain = new Uint8Array(this.R);
    const broken = gameModeViolations(this.n, this.R, this.cells, this.gameMode);
    if (broken > 0)
      throw new Error(`the schedule breaks ${problem.name}'s gameMode ${this.gameMode} (${broken} violations)`);
  }

  /** Rounds k and l (one half) swap all their games, and with a mirror rounds k + h and l + h too. */
  structuredSwapRounds(k: number, l: number): void {
    this.begin();
    this.swapRoundsFor(null, k, l);
    if (this.gameMode === 'M') this.swapRoundsFor(null, k + this.half, l + this.half);
    this.finish();
  }

  /** PartialSwapRounds(t, k, l) within one half, with a mirror also in rounds k + h and l + h (the same teams). */
  structuredPartialSwapRounds(t: number, k: number, l: number): void {
    const list = this.scratchA;
    const size = this.roundSwapTeamSet(t, k, l, list);
    this.begin();
    this.swapRoundsFor(list.subarray(0, size), k, l);
    if (this.gameMode === 'M') this.swapRoundsFor(list.subarray(0, size), k + this.half, l + this.half);
    this.finish();
  }

  /**
   * PartialSwapTeams(i, j, r) keeping the structure: with a mirror the chain's rounds and their mirror images are
   * exchanged together (false, nothing written, when the two overlap); phased, the move is undone (false) when it
   * left a pair meeting twice in one half. True: the move is written and measured, commit() or rollback() next.
   */
  structuredPartialSwapTeams(i: number, j: number, r: number): boolean {
    const { R, half } = this;
    const rounds = this.scratchA;
    const count = this.teamSwapChain(i, j, r, rounds);
    if (this.gameMode === 'P') {
      this.begin();
      for (let q = 0; q < count; q++) this.swapTeamsInRound(i, j, rounds[q]);
      this.finish();
      if (this.phasedFor(i) && this.phasedFor(j)) return true;
      this.rollback();
      return false;
    }
    const inChain = this.inChain;
    inChain.fill(0);
    for (let q = 0; q < count; q++) inChain[rounds[q]] = 1;
    for (let q = 0; q < count; q++) if (inChain[(rounds[q] + half) % R]) return false;
    const mirror = this.mirror;
    for (let q = 0; q < count; q++) mirror[q] = (rounds[q] + half) % R;
    this.begin();
    for (let q = 0; q < count; q++) this.swapTeamsInRound(i, j, rounds[q]);
    for (let q = 0; q < count; q++) this.swapTeamsInRound(i, j, mirror[q]);
    this.finish();
    return true;
  }

  /** Team t meets every opponent once in each half (only i and j and their opponents can change in a team swap). */
  private phasedFor(t: number): boolean {
    const { n, half } = this;
    for (let o = 0; o < n; o++) {
      if (o === t) continue;
      const home = this.roundOf[(t * n + o) * 2 + 1];
      const away = this.roundOf[(t * n + o) * 2];
      if (home < half === away < half) return false;
    }
    return true;
  }

  /** Swaps rounds k and l for the listed teams (null: all). */
  private swapRoundsFor(teams: Int32Array | null, k: number, l: number): void {
    const { R, cells } = this;
    const count = teams ? teams.length : this.n;
    for (let q = 0; q < count; q++) {
      const t = teams ? teams[q] : q;
      const a = cells[t * R + k];
      const b = cells[t * R + l];
      this.set(t, k, b);
      this.set(t, l, a);
    }
  }
}

/**
 * The move drawer for a gameMode (see moveDrawer in anneal.ts): the same five neighbourhoods and weights, rounds drawn
 * within one half (the first, with a mirror). SwapHomes and SwapTeams use the fast scored forms.
 */
export function structuredMoveDrawer(
  s: StructuredTtpSchedule,
  rng: Rng,
  weights: readonly number[],
): (limit: number) => boolean {
  const { n, R, half } = s;
  const wsum = weights.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const weight of weights) {
    acc += weight / wsum;
    cum.push(acc);
  }
  cum[cum.length - 1] = 1;
  const pair = (): [number, number] => {
    const i = rng.int(n);
    let j = rng.int(n - 1);
    if (j >= i) j++;
    return [i, j];
  };
  // two distinct rounds of one half: the first half with a mirror, either half when phased
  const rounds = (): [number, number] => {
    const base = s.gameMode === 'M' || rng.next() < 0.5 ? 0 : half;
    const k = rng.int(half);
    let l = rng.int(half - 1);
    if (l >= k) l++;
    return [base + k, base + l];
  };
  return (limit: number): boolean => {
    const u = rng.next();
    if (u < cum[0]) {
      const [i, j] = pair();
      return s.scoreSwapHomes(i, j, limit);
    }
    if (u < cum[1]) {
      const [k, l] = rounds();
      if (s.gameMode === 'P') return s.scoreSwapRounds(k, l, limit);
      s.structuredSwapRounds(k, l);
      return true;
    }
    if (u < cum[2]) {
      const [i, j] = pair();
      return s.scoreSwapTeams(i, j, limit);
    }
    if (u < cum[3]) {
      const t = rng.int(n);
      const [k, l] = rounds();
      if (s.gameMode === 'P') return s.scorePartialSwapRounds(t, k, l, limit);
      s.structuredPartialSwapRounds(t, k, l);
      return true;
    }
    const [i, j] = pair();
    const span = s.gameMode === 'M' ? half : R;
    let r = rng.int(span);
    while (s.meets(i, j, r)) r = rng.int(span);
    return s.structuredPartialSwapTeams(i, j, r);
  };
}
