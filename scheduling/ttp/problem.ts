// The Traveling Tournament Problem (Easton, Nemhauser & Trick 2001) as the solver sees it: n teams, a compact double
// round robin over 2(n-1) rounds, a distance matrix, at most `maxHome`/`maxAway` home/away games in any window of
// `windowHome`/`windowAway` consecutive rounds (RobinX CA3) and a minimum separation between a pair's two meetings
// (RobinX SE1, 1 = no repeaters). Every team starts and ends at home.
import { RobinxError } from '../robinx/reader.ts';
import type { RobinxInstance } from '../robinx/types.ts';

export interface TtpProblem {
  name: string;
  n: number;
  /** Number of rounds, 2(n-1). */
  rounds: number;
  /** n × n row-major distances. */
  dist: Float64Array;
  maxHome: number;
  windowHome: number;
  maxAway: number;
  windowAway: number;
  /** Minimum number of rounds strictly between the two meetings of a pair (0 = repeaters allowed). */
  minSeparation: number;
  /**
   * RobinX gameMode: 'M' mirrored (round r + n - 1 repeats round r with venues exchanged), 'P' phased (every pair
   * meets once in each half), null = any double round robin.
   */
  gameMode: 'M' | 'P' | null;
  teamNames: string[];
}

export interface TtpOptions {
  /** Default 3 (the classical "at most three consecutive home or away games"). */
  maxConsecutive?: number;
  /** Default 1 (no repeaters). */
  minSeparation?: number;
  /** Default null (no symmetry). */
  gameMode?: 'M' | 'P' | null;
}

/** Builds a TTP from a distance matrix (row-major n × n); n must be even and ≥ 4. */
export function createTtpProblem(name: string, dist: ArrayLike<number>, options: TtpOptions = {}): TtpProblem {
  const n = Math.round(Math.sqrt(dist.length));
  if (n * n !== dist.length)
    throw new RobinxError(`TTP ${name}: distance matrix is not square (${dist.length} entries)`);
  if (n < 4 || n % 2 !== 0) throw new RobinxError(`TTP ${name}: needs an even number of teams ≥ 4, got ${n}`);
  const maxConsecutive = options.maxConsecutive ?? 3;
  return {
    name,
    n,
    rounds: 2 * (n - 1),
    dist: Float64Array.from(dist),
    maxHome: maxConsecutive,
    windowHome: maxConsecutive + 1,
    maxAway: maxConsecutive,
    windowAway: maxConsecutive + 1,
    minSeparation: options.minSeparation ?? 1,
    gameMode: options.gameMode ?? null,
    teamNames: Array.from({ length: n }, (_, i) => `T${i}`),
  };
}

/**
 * Turns a RobinX TravelOptimization instance into a TTP. Accepts compact double round robins (mirrored, phased or
 * neither) with a distance matrix,
 * HARD CA3 constraints on all teams (mode1 H, A or HA; min 0) and HARD SE1 on all teams; anything else is reported
 * as unsupported by name.
 */
export function ttpFromRobinx(instance: RobinxInstance): TtpProblem {
  const where = `instance ${instance.name}`;
  if (!instance.distances) throw new RobinxError(`${where}: no distance matrix, not a Traveling Tournament instance`);
  if (instance.roundRobins !== 2)
    throw new RobinxError(`${where}: the TTP solver needs a double round robin (numberRoundRobin 2)`);
  if (instance.compactness !== 'C')
    throw new RobinxError(
      `${where}: <compactness>${instance.compactness}</compactness> is not supported: the TTP solver needs a compact (time-constrained) schedule (C)`,
    );
  const n = instance.teams.length;
  if (n < 4 || n % 2 !== 0)
    throw new RobinxError(`${where}: the TTP solver needs an even number of teams ≥ 4, got ${n}`);
  if (instance.slots.length !== 2 * (n - 1))
    throw new RobinxError(
      `${where}: expected ${2 * (n - 1)} slots for a compact double round robin, found ${instance.slots.length}`,
    );

  const problem = createTtpProblem(instance.name, instance.distances, {
    maxConsecutive: n,
    minSeparation: 0,
    gameMode: instance.gameMode,
  });
  problem.teamNames = instance.teams.map((t) => t.name);
  const all = (ids: number[]) => ids.length === n;
  for (const c of instance.constraints) {
    const label = `${where}: ${c.type} #${c.index}`;
    if (!c.hard) throw new RobinxError(`${label}: SOFT constraints are not supported by the TTP solver`);
    if (c.type === 'CA3') {
      if (!all(c.teams1) || !all(c.teams2) || c.min !== 0)
        throw new RobinxError(`${label}: only CA3 over all teams with min 0 is supported by the TTP solver`);
      if (c.mode1 === 'H' || c.mode1 === 'HA') {
        problem.maxHome = Math.min(problem.maxHome, c.max);
        problem.windowHome = c.intp;
      }
      if (c.mode1 === 'A' || c.mode1 === 'HA') {
        problem.maxAway = Math.min(problem.maxAway, c.max);
        problem.windowAway = c.intp;
      }
    } else if (c.type === 'SE1') {
      if (!all(c.teams)) throw new RobinxError(`${label}: only SE1 over all teams is supported by the TTP solver`);
      problem.minSeparation = Math.max(problem.minSeparation, c.min);
    } else {
      throw new RobinxError(`${label}: constraint type ${c.type} is not supported by the TTP solver (CA3 and SE1 are)`);
    }
  }
  return problem;
}
