/**
 * Neighbourhood moves on a grid (every team plays once per slot), with an undo log and the list of
 * teams whose rows changed (what the incremental evaluator needs):
 * swap homes, swap rounds, swap teams, partial swap rounds, partial swap teams (the Traveling Tournament
 * neighbourhoods of Anagnostopoulos et al.'s TTSA), re-pick which opponents meet twice (partial round
 * robins) and move a round to another candidate date.
 */
import type { Grid } from './model.ts';
import type { Rng } from './rng.ts';

export const MOVE_NAMES = [
  'swapHomes',
  'swapRounds',
  'swapTeams',
  'partialSwapRounds',
  'partialSwapTeams',
  'partialSwapTeamsKeepPattern',
  'repickDoubles',
  'flipCycle',
  'moveDate',
] as const;
export type MoveName = (typeof MOVE_NAMES)[number];

export class Mover {
  readonly g: Grid;
  /** Teams whose rows changed in the current move (may repeat). */
  readonly changed: Int32Array;
  /** The slot changed with each entry of `changed` (-1: the whole row, e.g. a date move). */
  readonly changedSlot: Int32Array;
  changedCount = 0;
  private readonly logIdx: Int32Array;
  private readonly logOld: Int16Array;
  private logCount = 0;
  private dateSlot = -1;
  private readonly savedDays: Int32Array;
  private readonly n: number;
  private readonly S: number;
  private readonly inSet: Uint8Array;
  private readonly queue: Int32Array;
  private readonly chain: Int32Array;
  private readonly inChainSlot: Uint8Array;
  private readonly seenSide: Uint8Array;
  /** Per cell value v (−n..n, at v + n) a slot, −1 when unset (partial swap teams). */
  private readonly slotOfGame: Int32Array;
  /** Largest team set a partial swap rounds may move (larger closures are left to swap rounds). */
  maxClosure: number;
  /** Sorted candidate day numbers for `moveDate` (empty: dates fixed). */
  readonly candidates: Int32Array;

  constructor(g: Grid, candidates: ArrayLike<number> = []) {
    this.g = g;
    this.n = g.teams;
    this.S = g.slots;
    const cells = g.teams * g.slots;
    this.logIdx = new Int32Array(cells * 4 + 16);
    this.logOld = new Int16Array(cells * 4 + 16);
    this.changed = new Int32Array(cells * 4 + 16);
    this.changedSlot = new Int32Array(cells * 4 + 16);
    this.inSet = new Uint8Array(g.teams);
    this.queue = new Int32Array(g.teams);
    this.chain = new Int32Array(g.slots);
    this.inChainSlot = new Uint8Array(g.slots);
    this.seenSide = new Uint8Array(g.teams);
    this.slotOfGame = new Int32Array(2 * g.teams + 1).fill(-1);
    this.candidates = Int32Array.from(candidates).sort();
    this.savedDays = new Int32Array(g.slots);
    this.maxClosure = Math.max(4, Math.floor(g.teams / 2));
  }

  /** Starts a new move (forgets the previous undo log). */
  begin(): void {
    this.logCount = 0;
    this.changedCount = 0;
    this.dateSlot = -1;
  }

  private set(t: number, s: number, v: number): void {
    const i = t * this.S + s;
    this.logIdx[this.logCount] = i;
    this.logOld[this.logCount++] = this.g.cell[i];
    this.g.cell[i] = v;
    this.changedSlot[this.changedCount] = s;
    this.changed[this.changedCount++] = t;
  }

  /** Reverts the current move. */
  undo(): void {
    const cell = this.g.cell;
    for (let k = this.logCount - 1; k >= 0; k--) cell[this.logIdx[k]] = this.logOld[k];
    this.logCount = 0;
    if (this.dateSlot >= 0) this.g.day.set(this.savedDays);
    this.dateSlot = -1;
  }

  private allChanged(): void {
    for (let t = 0; t < this.n; t++) {
      this.changedSlot[this.changedCount] = -1;
      this.changed[this.changedCount++] = t;
    }
  }

  private opp(t: number, s: number): number {
    const v = this.g.cell[t * this.S + s];
    return v > 0 ? v - 1 : v < 0 ? -v - 1 : -1;
  }

  /** Flips home/away of every meeting of i and j. */
  swapHomes(i: number, j: number): boolean {
    if (i === j) return false;
    let found = false;
    const row = i * this.S;
    const cell = this.g.cell;
    for (let s = 0; s < this.S; s++) {
      const v = cell[row + s];
      if (v !== j + 1 && v !== -(j + 1)) continue;
      this.set(i, s, -v);
      this.set(j, s, v > 0 ? i + 1 : -(i + 1));
      found = true;
    }
    return found;
  }

  /** Exchanges the games of two slots (all teams). */
  swapRounds(r1: number, r2: number): boolean {
    if (r1 === r2) return false;
    const S = this.S;
    for (let t = 0; t < this.n; t++) {
      const a = this.g.cell[t * S + r1];
      const b = this.g.cell[t * S + r2];
      if (a !== b) {
        this.set(t, r1, b);
        this.set(t, r2, a);
      }
    }
    return true;
  }

  /** Exchanges the schedules of teams i and j (except their mutual games). */
  swapTeams(i: number, j: number): boolean {
    if (i === j) return false;
    const S = this.S;
    for (let s = 0; s < S; s++) {
      const vi = this.g.cell[i * S + s];
      const vj = this.g.cell[j * S + s];
      if (Math.abs(vi) - 1 === j) continue;
      this.set(i, s, vj);
      this.set(j, s, vi);
      if (vj !== 0) this.set(Math.abs(vj) - 1, s, vj > 0 ? -(i + 1) : i + 1);
      if (vi !== 0) this.set(Math.abs(vi) - 1, s, vi > 0 ? -(j + 1) : j + 1);
    }
    return true;
  }

  /** Swaps the games of slots r1 and r2 for the smallest set of teams containing t closed under opponents. */
  partialSwapRounds(t: number, r1: number, r2: number): boolean {
    if (r1 === r2) return false;
    const inSet = this.inSet;
    const q = this.queue;
    let head = 0;
    let tail = 0;
    q[tail++] = t;
    inSet[t] = 1;
    const S = this.S;
    const cell = this.g.cell;
    // stops as soon as the set is too large: the move is rejected anyway
    while (head < tail && tail <= this.maxClosure) {
      const x = q[head++];
      // the opponents of x in r1 and in r2 (no array literal: no allocation per move)
      for (let side = 0; side < 2; side++) {
        const v = cell[x * S + (side === 0 ? r1 : r2)];
        const o = (v > 0 ? v : -v) - 1;
        if (v !== 0 && inSet[o] === 0) {
          inSet[o] = 1;
          q[tail++] = o;
        }
      }
    }
    if (tail > this.maxClosure) {
      for (let k = 0; k < tail; k++) inSet[q[k]] = 0;
      return false;
    }
    for (let k = 0; k < tail; k++) {
      const x = q[k];
      inSet[x] = 0;
      const a = cell[x * S + r1];
      const b = cell[x * S + r2];
      if (a !== b) {
        this.set(x, r1, b);
        this.set(x, r2, a);
      }
    }
    return true;
  }

  /**
   * Exchanges the games of teams i and j in slot r and in the chain of slots that keeps every team's
   * multiset of (opponent, home/away) unchanged. Fails (no change) when the chain meets a game i–j.
   */
  partialSwapTeams(i: number, j: number, r: number): boolean {
    if (i === j) return false;
    const S = this.S;
    const cell = this.g.cell;
    const chain = this.chain;
    let len = 0;
    let cur = r;
    const start = cell[i * S + r];
    // the first slot where i plays each game (cell value), so that each step of the chain is one lookup
    const slotOfGame = this.slotOfGame;
    const n = this.n;
    for (let s = S - 1; s >= 0; s--) slotOfGame[cell[i * S + s] + n] = s;
    let ok = true;
    for (;;) {
      const vi = cell[i * S + cur];
      const vj = cell[j * S + cur];
      if (vi === 0 || vj === 0 || Math.abs(vi) - 1 === j) {
        ok = false;
        break;
      }
      chain[len++] = cur;
      if (vj === start) break;
      // the slot where i plays the game j plays in `cur`
      const next = slotOfGame[vj + n];
      if (next < 0 || len >= S) {
        ok = false;
        break;
      }
      cur = next;
    }
    for (let s = 0; s < S; s++) slotOfGame[cell[i * S + s] + n] = -1;
    if (!ok) return false;
    for (let k = 0; k < len; k++) {
      const s = chain[k];
      const vi = cell[i * S + s];
      const vj = cell[j * S + s];
      this.set(i, s, vj);
      this.set(j, s, vi);
      this.set(Math.abs(vj) - 1, s, vj > 0 ? -(i + 1) : i + 1);
      this.set(Math.abs(vi) - 1, s, vi > 0 ? -(j + 1) : j + 1);
    }
    return true;
  }

  /**
   * Partial swap teams that keeps the home/away pattern of i and j: in slot r and the chain of slots that keeps
   * every team's multiset of opponents, i and j exchange opponents but keep their own home/away. Rejected (no change)
   * when a pair that meets twice would no longer play once at home and once away. Works for partial round robins,
   * where the signed chain of the classic move rarely closes.
   */
  partialSwapTeamsKeepPattern(i: number, j: number, r: number): boolean {
    if (i === j) return false;
    const S = this.S;
    const cell = this.g.cell;
    const chain = this.chain;
    const inChain = this.inChainSlot;
    let len = 0;
    let cur = r;
    const first = this.opp(i, r);
    let ok = true;
    for (;;) {
      const a = this.opp(i, cur);
      const b = this.opp(j, cur);
      if (a < 0 || b < 0 || a === j) {
        ok = false;
        break;
      }
      chain[len++] = cur;
      inChain[cur] = 1;
      if (b === first) break;
      let next = -1;
      for (let s = 0; s < S; s++) {
        if (inChain[s] === 0 && this.opp(i, s) === b) {
          next = s;
          break;
        }
      }
      if (next < 0 || len >= S) {
        ok = false;
        break;
      }
      cur = next;
    }
    for (let k = 0; k < len; k++) inChain[chain[k]] = 0;
    if (!ok) return false;
    const mark = this.logCount;
    const touched = this.queue;
    let nt = 0;
    touched[nt++] = i;
    touched[nt++] = j;
    for (let k = 0; k < len; k++) {
      const s = chain[k];
      const vi = cell[i * S + s];
      const vj = cell[j * S + s];
      const a = Math.abs(vi) - 1;
      const b = Math.abs(vj) - 1;
      this.set(i, s, vi > 0 ? b + 1 : -(b + 1));
      this.set(j, s, vj > 0 ? a + 1 : -(a + 1));
      this.set(b, s, vi > 0 ? -(i + 1) : i + 1);
      this.set(a, s, vj > 0 ? -(j + 1) : j + 1);
      if (nt < touched.length && this.inSet[a] === 0) {
        this.inSet[a] = 1;
        touched[nt++] = a;
      }
      if (nt < touched.length && this.inSet[b] === 0) {
        this.inSet[b] = 1;
        touched[nt++] = b;
      }
    }
    let valid = true;
    for (let k = 0; k < nt; k++) {
      const x = touched[k];
      this.inSet[x] = 0;
      if (valid && !this.repeatsSplit(x)) valid = false;
    }
    if (!valid) {
      // revert just this move's cells
      for (let k = this.logCount - 1; k >= mark; k--) cell[this.logIdx[k]] = this.logOld[k];
      this.changedCount -= this.logCount - mark;
      this.logCount = mark;
      return false;
    }
    return true;
  }

  /** Whether every opponent that team x meets twice is met once at home and once away. */
  private repeatsSplit(x: number): boolean {
    const S = this.S;
    const seen = this.seenSide;
    seen.fill(0);
    for (let s = 0; s < S; s++) {
      const v = this.g.cell[x * S + s];
      if (v === 0) continue;
      const o = Math.abs(v) - 1;
      const side = v > 0 ? 1 : 2;
      if ((seen[o] & side) !== 0) return false;
      seen[o] |= side;
    }
    return true;
  }

  private meetings(a: number, b: number): number {
    let c = 0;
    for (let s = 0; s < this.S; s++) if (this.opp(a, s) === b) c++;
    return c;
  }

  private homeInSingle(a: number, b: number): boolean {
    for (let s = 0; s < this.S; s++) if (this.opp(a, s) === b) return this.g.cell[a * this.S + s] > 0;
    return false;
  }

  /**
   * Partial round robins: in slot r, games a–b and c–d whose pairs meet twice become a–c and b–d (or a–d and b–c)
   * whose pairs met once, with homes opposite to their other meeting. Every team keeps its number of double opponents.
   */
  repickDoubles(a: number, c: number, r: number): boolean {
    const b = this.opp(a, r);
    const d = this.opp(c, r);
    if (b < 0 || d < 0 || c === a || c === b) return false;
    if (this.meetings(a, b) !== 2 || this.meetings(c, d) !== 2) return false;
    let x = c;
    let y = d;
    if (this.meetings(a, c) !== 1 || this.meetings(b, d) !== 1) {
      if (this.meetings(a, d) !== 1 || this.meetings(b, c) !== 1) return false;
      x = d;
      y = c;
    }
    // new games a–x and b–y, homes opposite to the existing meeting
    const aHome = !this.homeInSingle(a, x);
    const bHome = !this.homeInSingle(b, y);
    this.set(a, r, aHome ? x + 1 : -(x + 1));
    this.set(x, r, aHome ? -(a + 1) : a + 1);
    this.set(b, r, bHome ? y + 1 : -(y + 1));
    this.set(y, r, bHome ? -(b + 1) : b + 1);
    return true;
  }

  /** Slot of the single meeting where a hosts b, or -1 (none, or the pair meets more than once). */
  private singleHostSlot(a: number, b: number): number {
    let slot = -1;
    let count = 0;
    for (let s = 0; s < this.S; s++) {
      if (this.opp(a, s) !== b) continue;
      count++;
      if (this.g.cell[a * this.S + s] > 0) slot = s;
    }
    return count === 1 ? slot : -1;
  }

  /**
   * Flips home/away along a directed 3-cycle of single meetings (i hosts j, j hosts k, k hosts i): every team
   * keeps its number of home games — the home-balance-preserving version of swap homes.
   */
  flipCycle(i: number, j: number, k: number): boolean {
    if (i === j || j === k || i === k) return false;
    const s1 = this.singleHostSlot(i, j);
    if (s1 < 0) return false;
    const s2 = this.singleHostSlot(j, k);
    if (s2 < 0) return false;
    const s3 = this.singleHostSlot(k, i);
    if (s3 < 0) return false;
    this.set(i, s1, -(j + 1));
    this.set(j, s1, i + 1);
    this.set(j, s2, -(k + 1));
    this.set(k, s2, j + 1);
    this.set(k, s3, -(i + 1));
    this.set(i, s3, k + 1);
    return true;
  }

  /**
   * Gives the games of slot s a new candidate date (not used by another slot); when the date falls between
   * other slots, the slots in between shift by one so that slots stay in date order (games move with their date).
   */
  moveDate(s: number, rng: Rng): boolean {
    const c = this.candidates;
    if (c.length === 0) return false;
    const S = this.S;
    const day = this.g.day;
    let x = -1;
    for (let attempt = 0; attempt < 8; attempt++) {
      const pick = c[rng.int(c.length)];
      let used = false;
      for (let k = 0; k < S; k++) {
        if (day[k] === pick) {
          used = true;
          break;
        }
      }
      if (!used) {
        x = pick;
        break;
      }
    }
    if (x < 0) return false;
    // target position p: slots stay sorted by day once s is removed and re-inserted with day x
    let p = 0;
    for (let k = 0; k < S; k++) if (k !== s && day[k] < x) p++;
    this.savedDays.set(day);
    this.dateSlot = s;
    if (p !== s) {
      const cell = this.g.cell;
      const step = p > s ? 1 : -1;
      for (let t = 0; t < this.n; t++) {
        const row = t * S;
        const moving = cell[row + s];
        for (let k = s; k !== p; k += step) {
          const v = cell[row + k + step];
          if (cell[row + k] !== v) this.set(t, k, v);
        }
        if (cell[row + p] !== moving) this.set(t, p, moving);
      }
      for (let k = s; k !== p; k += step) day[k] = day[k + step];
    }
    day[p] = x;
    this.allChanged();
    return true;
  }

  /**
   * Applies a random move of the given kind; false when it did not apply (nothing changed).
   * `focus` ≥ 0 makes that team the move's first team (moves aimed at a team with violations).
   */
  random(kind: MoveName, rng: Rng, focus = -1): boolean {
    const n = this.n;
    const S = this.S;
    const first = focus >= 0 ? focus : rng.int(n);
    switch (kind) {
      case 'swapHomes':
        return this.swapHomes(first, rng.int(n));
      case 'swapRounds': {
        const ok = this.swapRounds(rng.int(S), rng.int(S));
        if (ok) this.allChanged();
        return ok;
      }
      case 'swapTeams':
        return this.swapTeams(first, rng.int(n));
      case 'partialSwapRounds':
        return this.partialSwapRounds(first, rng.int(S), rng.int(S));
      case 'partialSwapTeams':
        return this.partialSwapTeams(first, rng.int(n), rng.int(S));
      case 'partialSwapTeamsKeepPattern':
        return this.partialSwapTeamsKeepPattern(first, rng.int(n), rng.int(S));
      case 'repickDoubles':
        return this.repickDoubles(first, rng.int(n), rng.int(S));
      case 'flipCycle': {
        // i hosts j (picked from a random slot), then some k hosted by j that hosts i
        let i = first;
        const s0 = rng.int(S);
        let j = this.opp(i, s0);
        if (j < 0) return false;
        if (this.g.cell[i * S + s0] < 0) {
          const tmp = i;
          i = j;
          j = tmp;
        }
        const off = rng.int(S);
        for (let x = 0; x < S; x++) {
          const s = (x + off) % S;
          if (this.g.cell[j * S + s] <= 0) continue;
          const k = this.g.cell[j * S + s] - 1;
          if (k !== i && this.flipCycle(i, j, k)) return true;
        }
        return false;
      }
      case 'moveDate':
        return this.moveDate(rng.int(S), rng);
    }
  }
}
