// Team-assignment search for the TTP (after Lim, Rodrigues & Zhang, EJOR 174 (2006): annealing over the timetable
// plus hill climbing over the assignment of teams to its slots). Relabelling the teams of a schedule by a permutation
// keeps every pattern, every meeting's round, CA3, SE1 and the gameMode; only the travel changes, and it is a quadratic
// assignment over the leg counts between venues. The search re-assigns a random subset of k teams exactly (all k!
// permutations of them, the others fixed) and keeps the best, until `maxEvals` permutations were priced. TTSA's
// SwapTeams is the k = 2 case with the pair's two meetings also exchanging venues; k ≥ 3 reaches cycles no single
// annealing move makes.

import type { Rng } from '../rng.ts';
import type { TtpProblem } from './problem.ts';

export interface RelabelResult {
  /** Travel change written into the cells. */
  delta: number;
  /** Permutations priced. */
  evals: number;
}

/** legs[u * n + v]: legs travelled from venue u to venue v (a team's own venue before round 0 and after the last). */
function legCounts(n: number, R: number, cells: Int32Array): Int32Array {
  const legs = new Int32Array(n * n);
  for (let t = 0; t < n; t++) {
    let at = t;
    for (let r = 0; r < R; r++) {
      const v = cells[t * R + r];
      const next = v > 0 ? t : -v - 1;
      legs[at * n + next]++;
      at = next;
    }
    legs[at * n + t]++;
  }
  return legs;
}

/** Writes the schedule relabelled by `to` (team x plays the part of team x's old row as team to[x]). */
function relabel(n: number, R: number, cells: Int32Array, to: Int32Array): void {
  const old = Int32Array.from(cells);
  for (let x = 0; x < n; x++)
    for (let r = 0; r < R; r++) {
      const v = old[x * R + r];
      const o = to[Math.abs(v) - 1];
      cells[to[x] * R + r] = v > 0 ? o + 1 : -(o + 1);
    }
}

/**
 * Exact re-assignment of random k-subsets of teams, repeated until `maxEvals` permutations were priced; improves
 * `cells` in place (any schedule: feasibility does not change under a relabelling).
 */
export function relabelSearch(
  problem: TtpProblem,
  cells: Int32Array,
  rng: Rng,
  k: number,
  maxEvals: number,
): RelabelResult {
  const { n, rounds: R, dist } = problem;
  const size = Math.min(k, n);
  let legs = legCounts(n, R, cells);
  const subset = new Int32Array(size);
  const perm = new Int32Array(size);
  const bestPerm = new Int32Array(size);
  const to = new Int32Array(n);
  const inSubset = new Uint8Array(n);
  const swaps = new Int32Array(size);
  let delta = 0;
  let evals = 0;
  // the part of the travel that involves a subset team u labelled as team σu (venue σu)
  const part = (): number => {
    let sum = 0;
    for (let i = 0; i < size; i++) {
      const u = subset[i];
      const su = perm[i];
      for (let v = 0; v < n; v++) {
        if (inSubset[v]) continue;
        sum += legs[u * n + v] * dist[su * n + v] + legs[v * n + u] * dist[v * n + su];
      }
      for (let j = 0; j < size; j++) sum += legs[u * n + subset[j]] * dist[su * n + perm[j]];
    }
    evals++;
    return sum;
  };
  while (evals < maxEvals) {
    // a random subset (partial Fisher–Yates over the team ids)
    for (let t = 0; t < n; t++) to[t] = t;
    for (let i = 0; i < size; i++) {
      const j = i + rng.int(n - i);
      [to[i], to[j]] = [to[j], to[i]];
      subset[i] = to[i];
    }
    inSubset.fill(0);
    for (let i = 0; i < size; i++) inSubset[subset[i]] = 1;
    perm.set(subset);
    const current = part();
    let best = current;
    bestPerm.set(perm);
    // Heap's algorithm over the subset's labels
    swaps.fill(0);
    for (let i = 1; i < size && evals < maxEvals; ) {
      if (swaps[i] < i) {
        const j = i % 2 === 0 ? 0 : swaps[i];
        [perm[j], perm[i]] = [perm[i], perm[j]];
        const cost = part();
        if (cost < best - 1e-9) {
          best = cost;
          bestPerm.set(perm);
        }
        swaps[i]++;
        i = 1;
      } else {
        swaps[i] = 0;
        i++;
      }
    }
    if (best < current - 1e-9) {
      for (let t = 0; t < n; t++) to[t] = t;
      for (let i = 0; i < size; i++) to[subset[i]] = bestPerm[i];
      relabel(n, R, cells, to);
      legs = legCounts(n, R, cells);
      delta += best - current;
    }
  }
  return { delta, evals };
}
