// A lower bound on each team's remaining travel, for guiding a constructive search (beam.ts). Each team on its own
// must still visit the venues of the opponents it has yet to play away, in trips of at most `maxAway` venues, and end
// at home: a capacitated routing problem solved exactly by dynamic programming over (venues still to visit, where the
// team is, away games left in its current trip). Summed over the teams from the start it is the TTP's independent
// lower bound (Easton, Nemhauser & Trick 2001); during a construction it is the bound Frohner, Neumann & Raidl's beam
// search is guided by. Home stands and the pairing of the teams are ignored, so it never exceeds the true remainder.
import type { TtpProblem } from './problem.ts';

/** Table entries above which the bounds are refused (Float32: 4 bytes each; n = 16 with trips of 3 needs 24 M). */
const MAX_ENTRIES = 40_000_000;

export class TeamTravelBounds {
  readonly n: number;
  /** Away games a trip may hold (the streak limit: CA3's maxAway, at most n - 1). */
  readonly tripLength: number;
  /** Entries per set of remaining venues: home, then (venue, trip capacity left 0…tripLength-1). */
  private readonly perSet: number;
  private readonly sets: number;
  /** Per team: sets × perSet bounds (Float32; travel totals of the benchmark instances are exact in it). */
  private readonly away: Float32Array[];
  /** Per team: the bound from home, exactly (Float64), over the sets of remaining venues. */
  private readonly home: Float64Array[];

  constructor(problem: TtpProblem) {
    const { n, dist } = problem;
    this.n = n;
    this.tripLength = Math.max(1, Math.min(problem.maxAway, n - 1));
    this.sets = 1 << (n - 1);
    this.perSet = 1 + (n - 1) * this.tripLength;
    const entries = TeamTravelBounds.tableEntries(n, problem.maxAway);
    if (!TeamTravelBounds.fits(n, problem.maxAway))
      throw new Error(
        `travel bounds for ${problem.name}: ${n} teams with trips of ${this.tripLength} need ${entries} table entries (limit ${MAX_ENTRIES})`,
      );
    this.away = [];
    this.home = [];
    for (let t = 0; t < n; t++) {
      const { away, home } = this.tablesFor(t, dist);
      this.away.push(away);
      this.home.push(home);
    }
  }

  /** Entries of the bound tables for n teams and trips of at most maxAway away games. */
  static tableEntries(n: number, maxAway: number): number {
    const trip = Math.max(1, Math.min(maxAway, n - 1));
    return n * 2 ** (n - 1) * (1 + (n - 1) * trip);
  }

  /** Whether the tables fit in memory (MAX_ENTRIES). */
  static fits(n: number, maxAway: number): boolean {
    return n <= 20 && TeamTravelBounds.tableEntries(n, maxAway) <= MAX_ENTRIES;
  }

  /** Table entries computed (the work of building the bounds). */
  get entries(): number {
    return this.n * this.sets * this.perSet;
  }

  /** Opponent o of team t as a bit position (teams other than t, in order). */
  bitOf(t: number, o: number): number {
    return o < t ? o : o - 1;
  }

  /** Team t's independent lower bound for the whole season (every opponent still to visit, starting at home). */
  seasonBound(t: number): number {
    return this.home[t][this.sets - 1];
  }

  /** The TTP's independent lower bound: every team's season bound. */
  independentLowerBound(): number {
    let sum = 0;
    for (let t = 0; t < this.n; t++) sum += this.seasonBound(t);
    return sum;
  }

  /**
   * Team t's least remaining travel: `remaining` = its opponents still to visit (bits by bitOf), `at` = where it is
   * (t = home, else the host's team index), `awayLeft` = away games its current trip may still hold (ignored at home).
   */
  bound(t: number, remaining: number, at: number, awayLeft: number): number {
    if (at === t) return this.home[t][remaining];
    const cap = Math.min(Math.max(awayLeft, 0), this.tripLength - 1);
    return this.away[t][remaining * this.perSet + 1 + this.bitOf(t, at) * this.tripLength + cap];
  }

  private tablesFor(t: number, dist: Float64Array): { away: Float32Array; home: Float64Array } {
    const { n, sets, perSet, tripLength } = this;
    const m = n - 1;
    const venue = Array.from({ length: m }, (_, b) => (b < t ? b : b + 1));
    const d = (a: number, b: number) => dist[a * n + b];
    const away = new Float32Array(sets * perSet);
    const home = new Float64Array(sets);
    // A set's entries only need entries of its subsets (numerically smaller), so increasing order is a valid order.
    // Entries of a venue inside the set are never read (a team is never at a venue it still has to visit).
    const capLeft = new Float64Array(tripLength); // scratch: the bound at venue v with capacity k, Float64
    for (let set = 0; set < sets; set++) {
      // from home: start a trip at some venue u of the set, with tripLength - 1 further away games allowed
      let best = set === 0 ? 0 : Number.POSITIVE_INFINITY;
      for (let b = 0; b < m; b++) {
        if (!(set & (1 << b))) continue;
        const rest = set & ~(1 << b);
        const value = d(t, venue[b]) + away[rest * perSet + 1 + b * tripLength + (tripLength - 1)];
        if (value < best) best = value;
      }
      home[set] = best;
      away[set * perSet] = best;
      for (let v = 0; v < m; v++) {
        if (set & (1 << v)) continue;
        const goHome = d(venue[v], t) + best;
        capLeft[0] = goHome;
        for (let k = 1; k < tripLength; k++) {
          let value = goHome;
          for (let b = 0; b < m; b++) {
            if (!(set & (1 << b))) continue;
            const rest = set & ~(1 << b);
            const next = d(venue[v], venue[b]) + away[rest * perSet + 1 + b * tripLength + (k - 1)];
            if (next < value) value = next;
          }
          capLeft[k] = value;
        }
        for (let k = 0; k < tripLength; k++) away[set * perSet + 1 + v * tripLength + k] = capLeft[k];
      }
    }
    return { away, home };
  }
}
