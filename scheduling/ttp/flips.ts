// Exact venue re-orientation for the TTP: for a team t and k of its opponents, every one of the 2^k ways to orient
// their pairs (which meeting is t's home game) is priced by a Gray-code walk that flips one pair per step, and the
// cheapest orientation that keeps CA3 is written. A single SwapHomes that breaks a home/away streak is rejected by a
// cold annealer even when a second flip would repair it; this search sees such chains whole.

import type { Rng } from '../rng.ts';
import type { TtpProblem } from './problem.ts';

export interface FlipResult {
  delta: number;
  /** Orientations priced. */
  evals: number;
}

/**
 * Re-orients the pairs of random teams with k of their opponents (a team and its opponents drawn anew each time) until
 * `maxEvals` orientations were priced; improves a feasible schedule in place.
 */
export function venueFlipSearch(
  problem: TtpProblem,
  cells: Int32Array,
  rng: Rng,
  k: number,
  maxEvals: number,
): FlipResult {
  const { n, rounds: R, dist } = problem;
  const size = Math.min(k, n - 1);
  const travel = new Float64Array(n);
  const viol = new Int32Array(n);
  const rh = new Int32Array(size);
  const ra = new Int32Array(size);
  const opp = new Int32Array(size);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const teamTravel = (t: number): number => {
    let at = t;
    let sum = 0;
    for (let r = 0; r < R; r++) {
      const v = cells[t * R + r];
      const next = v > 0 ? t : -v - 1;
      sum += dist[at * n + next];
      at = next;
    }
    return sum + dist[at * n + t];
  };
  const teamViolations = (t: number): number => {
    let v = 0;
    for (const [home, max, win] of [
      [true, problem.maxHome, problem.windowHome],
      [false, problem.maxAway, problem.windowAway],
    ] as const) {
      let count = 0;
      for (let r = 0; r < R; r++) {
        if (cells[t * R + r] > 0 === home) count++;
        if (r >= win && cells[t * R + r - win] > 0 === home) count--;
        if (r >= win - 1 && count > max) v += count - max;
      }
    }
    return v;
  };
  const flip = (t: number, q: number): void => {
    const o = opp[q];
    cells[t * R + rh[q]] = -cells[t * R + rh[q]];
    cells[o * R + rh[q]] = -cells[o * R + rh[q]];
    cells[t * R + ra[q]] = -cells[t * R + ra[q]];
    cells[o * R + ra[q]] = -cells[o * R + ra[q]];
    const swap = rh[q];
    rh[q] = ra[q];
    ra[q] = swap;
  };
  let delta = 0;
  let evals = 0;
  while (evals < maxEvals) {
    const t = rng.int(n);
    // k opponents of t at random
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    let m = 0;
    for (let i = 0; i < n && m < size; i++) {
      const o = order[i];
      if (o === t) continue;
      opp[m] = o;
      for (let r = 0; r < R; r++) {
        const v = cells[t * R + r];
        if (v === o + 1) rh[m] = r;
        else if (v === -(o + 1)) ra[m] = r;
      }
      m++;
    }
    let base = 0;
    for (const x of [t, ...opp]) {
      travel[x] = teamTravel(x);
      viol[x] = teamViolations(x);
    }
    for (let q = 0; q < size; q++) base += travel[opp[q]];
    base += travel[t];
    let current = base;
    let bestCost = base;
    let bestMask = 0;
    let mask = 0;
    let violations = viol[t];
    for (let q = 0; q < size; q++) violations += viol[opp[q]];
    for (let i = 1; i < 1 << size && evals < maxEvals; i++) {
      const q = 31 - Math.clz32(i & -i);
      flip(t, q);
      mask ^= 1 << q;
      const o = opp[q];
      current -= travel[t] + travel[o];
      violations -= viol[t] + viol[o];
      travel[t] = teamTravel(t);
      travel[o] = teamTravel(o);
      viol[t] = teamViolations(t);
      viol[o] = teamViolations(o);
      current += travel[t] + travel[o];
      violations += viol[t] + viol[o];
      evals++;
      if (violations === 0 && current < bestCost - 1e-9) {
        bestCost = current;
        bestMask = mask;
      }
    }
    // walk back to the best orientation
    for (let q = 0; q < size; q++) if (((mask ^ bestMask) >> q) & 1) flip(t, q);
    delta += bestCost - base;
  }
  return { delta, evals };
}
