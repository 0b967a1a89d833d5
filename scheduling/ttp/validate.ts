// Independent (non-incremental) checking of a TTP schedule and conversion to/from RobinX games.
import type { ScheduledMatch } from '../robinx/types.ts';
import type { TtpProblem } from './problem.ts';

export interface TtpCheck {
  /** Structural errors: not a compact double round robin (empty when it is one). */
  errors: string[];
  travel: number;
  /** Number of CA3 window excesses (home and away). */
  ca3Violations: number;
  /** Number of pairs meeting closer than the minimum separation. */
  se1Violations: number;
  /** Mirror or phase violations of the problem's gameMode, counted as RobinX's validator counts them (0 without one). */
  gameModeViolations: number;
  feasible: boolean;
}

/** Converts the solver's cell encoding to RobinX games (home, away, slot). */
export function cellsToGames(n: number, cells: Int32Array): ScheduledMatch[] {
  const R = cells.length / n;
  const games: ScheduledMatch[] = [];
  for (let t = 0; t < n; t++)
    for (let r = 0; r < R; r++) {
      const v = cells[t * R + r];
      if (v > 0) games.push({ home: t, away: v - 1, slot: r });
    }
  return games;
}

/** Converts RobinX games to the cell encoding; throws on games outside the grid or teams playing twice in a slot. */
export function gamesToCells(n: number, rounds: number, games: readonly ScheduledMatch[]): Int32Array {
  const cells = new Int32Array(n * rounds);
  for (const g of games) {
    if (g.home < 0 || g.home >= n || g.away < 0 || g.away >= n || g.home === g.away || g.slot < 0 || g.slot >= rounds)
      throw new Error(`game ${g.home}-${g.away} in slot ${g.slot} is outside the instance`);
    if (cells[g.home * rounds + g.slot] !== 0 || cells[g.away * rounds + g.slot] !== 0)
      throw new Error(`a team plays twice in slot ${g.slot} (game ${g.home}-${g.away})`);
    cells[g.home * rounds + g.slot] = g.away + 1;
    cells[g.away * rounds + g.slot] = -(g.home + 1);
  }
  return cells;
}

/**
 * What keeps cells from being a compact double round robin: each team once per round, each ordered pair once. A team
 * without a game in a round shows as a meeting hosted 0 times or a round where the two teams disagree.
 */
export function doubleRoundRobinErrors(n: number, R: number, cells: Int32Array): string[] {
  const errors: string[] = [];
  if (cells.length !== n * R) errors.push(`expected ${n * R} cells, got ${cells.length}`);
  const meetings = new Int32Array(n * n);
  for (let t = 0; t < n && errors.length === 0; t++)
    for (let r = 0; r < R; r++) {
      const v = cells[t * R + r];
      // an empty cell is reported as the meeting it leaves out (below), not once more here
      if (v === 0) continue;
      const o = Math.abs(v) - 1;
      if (o < 0 || o >= n || o === t) {
        errors.push(`team ${t} has no valid game in round ${r}`);
        continue;
      }
      const back = cells[o * R + r];
      if (back !== (v > 0 ? -(t + 1) : t + 1))
        errors.push(`round ${r}: team ${t} and team ${o} disagree about their game`);
      if (v > 0) meetings[t * n + o]++;
    }
  for (let h = 0; h < n; h++)
    for (let a = 0; a < n; a++)
      if (h !== a && meetings[h * n + a] !== 1) errors.push(`team ${h} hosts team ${a} ${meetings[h * n + a]} times`);
  return errors;
}

/**
 * Violations of a gameMode in a complete double round robin of R = 2h rounds, counted as RobinX's validator counts
 * them. M: for every ordered pair (t, o) and round s < h, one when "t hosts o in s" differs from "o hosts t in s + h".
 * P: one for every ordered pair that does not meet exactly once in the first h rounds.
 */
export function gameModeViolations(n: number, R: number, cells: Int32Array, gameMode: 'M' | 'P' | null): number {
  if (gameMode === null) return 0;
  const h = R / 2;
  let count = 0;
  if (gameMode === 'M') {
    for (let t = 0; t < n; t++)
      for (let s = 0; s < h; s++) {
        const first = cells[t * R + s];
        const second = cells[t * R + s + h];
        if (first > 0 && second !== -first) count++; // t hosts o in s, o does not host t in s + h
        if (second < 0 && first !== -second) count++; // o hosts t in s + h, t did not host o in s
      }
    return count;
  }
  const met = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    met.fill(0);
    for (let s = 0; s < h; s++) {
      const v = cells[t * R + s];
      if (v !== 0) met[Math.abs(v) - 1]++;
    }
    for (let o = 0; o < n; o++) if (o !== t && met[o] !== 1) count++;
  }
  return count;
}

/**
 * Checks structure (each team once per round, each ordered pair exactly once), CA3, SE1, the gameMode and travel from
 * scratch.
 */
export function checkTtpSchedule(problem: TtpProblem, cells: Int32Array): TtpCheck {
  const { n, rounds: R, dist } = problem;
  const errors = doubleRoundRobinErrors(n, R, cells);

  let travel = 0;
  let ca3 = 0;
  let se1 = 0;
  if (errors.length === 0) {
    for (let t = 0; t < n; t++) {
      let at = t;
      for (let r = 0; r < R; r++) {
        const v = cells[t * R + r];
        const next = v > 0 ? t : -v - 1;
        travel += dist[at * n + next];
        at = next;
      }
      travel += dist[at * n + t];
      // CA3 windows
      for (const [home, max, win] of [
        [true, problem.maxHome, problem.windowHome],
        [false, problem.maxAway, problem.windowAway],
      ] as const) {
        for (let s = 0; s + win <= R; s++) {
          let c = 0;
          for (let r = s; r < s + win; r++) if (cells[t * R + r] > 0 === home) c++;
          if (c > max) ca3 += c - max;
        }
      }
    }
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const rs: number[] = [];
        for (let r = 0; r < R; r++) if (Math.abs(cells[i * R + r]) - 1 === j) rs.push(r);
        if (rs.length === 2 && rs[1] - rs[0] - 1 < problem.minSeparation) se1++;
      }
  }
  const symmetry = errors.length === 0 ? gameModeViolations(n, R, cells, problem.gameMode) : 0;
  return {
    errors,
    travel,
    ca3Violations: ca3,
    se1Violations: se1,
    gameModeViolations: symmetry,
    feasible: errors.length === 0 && ca3 === 0 && se1 === 0 && symmetry === 0,
  };
}
