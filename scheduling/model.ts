/**
 * The engine's data model: teams, dated slots, games, tournament formats, and the compact
 * grid representation (typed arrays) that the evaluators and the optimiser work on.
 *
 * Pure data and pure functions: no I/O.
 */

/** A team (an institution's program) with the coordinates of its home venue. */
export interface Team {
  /** Stable identifier (database id, abbreviation, ITC index, …). */
  id: string | number;
  name: string;
  /** Latitude / longitude of the home venue in degrees (used for travel). */
  lat?: number;
  lon?: number;
  /** Identifier of the home venue (used by venue constraints); defaults to the team id. */
  venue?: string | number;
}

/** A dated slot (a round / game day). `date` is an ISO day `YYYY-MM-DD`; undated slots count as consecutive days. */
export interface Slot {
  index: number;
  date?: string;
}

/** One game. `home`, `away` are team indices, `slot` a slot index; `venue` defaults to the home team's venue. */
export interface Game {
  home: number;
  away: number;
  slot: number;
  venue?: string | number;
}

/** A tournament format. */
export type Format =
  | { kind: 'round_robin'; rounds: 1 | 2; mirrored?: boolean }
  /** A conference format with fewer games than a double round robin: every pair meets once, `doubles` opponents twice (home and away). */
  | { kind: 'partial_round_robin'; doubles: number };

/** Days since 1970-01-01 of an ISO day string. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) throw new Error(`invalid date '${date}' (expected YYYY-MM-DD)`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
}

/** ISO day string of a day number. */
export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Day of week (0 = Sunday … 6 = Saturday) of a day number. */
export function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Parses a day of week given as 0–6 or a name ('Sunday', 'sun'). */
export function parseDayOfWeek(value: number | string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 6) return value;
  const i = DAY_NAMES.indexOf(String(value).trim().toLowerCase().slice(0, 3));
  if (i < 0) throw new Error(`invalid day of week '${value}'`);
  return i;
}

const EARTH_RADIUS_MILES = 3958.7613;

/** Great-circle distance in statute miles between two coordinates (haversine). */
export function haversineMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Distance matrix (n×n, row-major) from team coordinates; teams without coordinates are at distance 0. */
export function distanceMatrix(teams: readonly Team[]): Float64Array {
  const n = teams.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = teams[i];
      const b = teams[j];
      const v =
        a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined
          ? 0
          : haversineMiles(a.lat, a.lon, b.lat, b.lon);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return d;
}

/**
 * The grid representation of a schedule: `cell[t * slots + s]` is `o + 1` when team t is at home
 * against o in slot s, `-(o + 1)` when t plays away at o, and 0 when t has no game in s.
 * Slot days are part of the grid because the optimiser may move a round to another date.
 */
export interface Grid {
  teams: number;
  slots: number;
  cell: Int16Array;
  /** Day number of each slot (undated slots: their index). */
  day: Int32Array;
}

/** Creates an empty grid; `days` are the day numbers of the slots. */
export function emptyGrid(teams: number, days: ArrayLike<number>): Grid {
  return { teams, slots: days.length, cell: new Int16Array(teams * days.length), day: Int32Array.from(days) };
}

/** Day numbers of slots (undated slots use their index). */
export function slotDays(slots: readonly Slot[]): Int32Array {
  const out = new Int32Array(slots.length);
  slots.forEach((s, i) => {
    out[i] = s.date ? dayNumber(s.date) : i;
  });
  return out;
}

/** A deep copy of a grid. */
export function cloneGrid(g: Grid): Grid {
  return { teams: g.teams, slots: g.slots, cell: g.cell.slice(), day: g.day.slice() };
}

/** Builds a grid from games; throws when a team has two games in one slot or an index is out of range. */
export function gridFromGames(teams: number, days: ArrayLike<number>, games: readonly Game[]): Grid {
  const g = emptyGrid(teams, days);
  const S = g.slots;
  for (const game of games) {
    const { home, away, slot } = game;
    if (!(home >= 0 && home < teams && away >= 0 && away < teams && home !== away)) {
      throw new Error(`game ${home}-${away}: team index out of range`);
    }
    if (!(slot >= 0 && slot < S)) throw new Error(`game ${home}-${away}: slot ${slot} out of range`);
    if (g.cell[home * S + slot] !== 0 || g.cell[away * S + slot] !== 0) {
      throw new Error(`slot ${slot}: team ${g.cell[home * S + slot] !== 0 ? home : away} has two games`);
    }
    g.cell[home * S + slot] = away + 1;
    g.cell[away * S + slot] = -(home + 1);
  }
  return g;
}

/** Lists the games of a grid, ordered by slot then home team. */
export function gamesOfGrid(g: Grid): Game[] {
  const out: Game[] = [];
  const S = g.slots;
  for (let s = 0; s < S; s++) {
    for (let t = 0; t < g.teams; t++) {
      const v = g.cell[t * S + s];
      if (v > 0) out.push({ home: t, away: v - 1, slot: s });
    }
  }
  return out;
}

/** Checks grid consistency (both sides of each game agree); returns problems found (empty when consistent). */
export function gridConsistencyErrors(g: Grid): string[] {
  const errors: string[] = [];
  const S = g.slots;
  for (let t = 0; t < g.teams; t++) {
    for (let s = 0; s < S; s++) {
      const v = g.cell[t * S + s];
      if (v === 0) continue;
      const o = Math.abs(v) - 1;
      if (o === t || o < 0 || o >= g.teams) errors.push(`team ${t} slot ${s}: invalid opponent ${o}`);
      else if (g.cell[o * S + s] !== (v > 0 ? -(t + 1) : t + 1)) errors.push(`team ${t} slot ${s}: opponent disagrees`);
    }
  }
  return errors;
}

/**
 * Single round robin by the circle method: n even (an odd n gets a bye per round), n-1 rounds.
 * Returns rounds as lists of [home, away] pairs with alternating home rights (few breaks).
 */
export function circleRoundRobin(n: number): Array<Array<[number, number]>> {
  const m = n % 2 === 0 ? n : n + 1; // m-1 is the "fixed" team (or the bye)
  const rounds: Array<Array<[number, number]>> = [];
  for (let r = 0; r < m - 1; r++) {
    const games: Array<[number, number]> = [];
    // fixed team m-1 plays r; home alternates by round
    const a = r;
    const b = m - 1;
    if (b < n) games.push(r % 2 === 0 ? [a, b] : [b, a]);
    for (let k = 1; k < m / 2; k++) {
      const x = (r + k) % (m - 1);
      const y = (r - k + (m - 1)) % (m - 1);
      games.push(k % 2 === 1 ? [x, y] : [y, x]);
    }
    rounds.push(games);
  }
  return rounds;
}

/**
 * Round-robin games for a format, on consecutive slots starting at 0 (canonical pattern):
 * - round_robin 1: n-1 rounds (n even);
 * - round_robin 2: 2(n-1) rounds, second half with homes reversed; mirrored keeps round order,
 *   otherwise the second half is the reversed-home rounds in a shifted order (French-style);
 * - partial_round_robin: a single round robin plus `doubles` repeated rounds with homes reversed
 *   (every team then meets `doubles` opponents twice, once home and once away).
 */
export function canonicalSchedule(n: number, format: Format): Game[] {
  const single = circleRoundRobin(n);
  const R = single.length;
  const games: Game[] = [];
  const push = (round: Array<[number, number]>, slot: number, flip: boolean) => {
    for (const [h, a] of round) games.push(flip ? { home: a, away: h, slot } : { home: h, away: a, slot });
  };
  single.forEach((round, r) => {
    push(round, r, false);
  });
  if (format.kind === 'round_robin') {
    if (format.rounds === 2) {
      for (let r = 0; r < R; r++) {
        const src = format.mirrored === false ? (r + 1) % R : r;
        push(single[src], R + r, true);
      }
    }
  } else {
    if (format.doubles < 0 || format.doubles > R) throw new Error(`partial round robin: doubles must be 0..${R}`);
    // repeat the rounds farthest from the end first (largest separation from the first meeting)
    for (let k = 0; k < format.doubles; k++) push(single[k], R + k, true);
  }
  return games;
}

/** Number of slots a format needs for n teams (n even). */
export function formatSlots(n: number, format: Format): number {
  const R = n % 2 === 0 ? n - 1 : n;
  if (format.kind === 'round_robin') return R * format.rounds;
  return R + format.doubles;
}

/** Resolves a team reference (id, or index when no id matches) to an index; throws on unknown references. */
export function resolveTeam(teams: readonly Team[], ref: string | number): number {
  const key = String(ref);
  const i = teams.findIndex((t) => String(t.id) === key);
  if (i >= 0) return i;
  const byName = teams.findIndex((t) => t.name === key);
  if (byName >= 0) return byName;
  if (typeof ref === 'number' && Number.isInteger(ref) && ref >= 0 && ref < teams.length) return ref;
  throw new Error(`unknown team '${key}'`);
}

/**
 * Travel partners: a perfect matching of the teams with a small total distance (greedy closest pairs, then
 * 2-opt exchanges until no pair of partnerships improves). n must be even.
 */
export function travelPartners(n: number, dist: Float64Array): Array<[number, number]> {
  const free = new Set(Array.from({ length: n }, (_, i) => i));
  const pairs: Array<[number, number]> = [];
  while (free.size > 1) {
    let best: [number, number] = [-1, -1];
    let bd = Number.POSITIVE_INFINITY;
    for (const a of free)
      for (const b of free) if (a < b && dist[a * n + b] < bd) [bd, best] = [dist[a * n + b], [a, b]];
    pairs.push(best);
    free.delete(best[0]);
    free.delete(best[1]);
  }
  const d = (a: number, b: number) => dist[a * n + b];
  for (let improved = true; improved; ) {
    improved = false;
    for (let x = 0; x < pairs.length; x++) {
      for (let y = x + 1; y < pairs.length; y++) {
        const [a, b] = pairs[x];
        const [c, e] = pairs[y];
        const now = d(a, b) + d(c, e);
        if (d(a, c) + d(b, e) < now - 1e-9) {
          pairs[x] = [a, c];
          pairs[y] = [b, e];
          improved = true;
        } else if (d(a, e) + d(b, c) < now - 1e-9) {
          pairs[x] = [a, e];
          pairs[y] = [b, c];
          improved = true;
        }
      }
    }
  }
  return pairs;
}
