/**
 * The move being priced by the incremental evaluator: which teams it changed, in which slots, and what each change
 * can affect (the `reads` aspects of scheduling/constraints: calendar, home/away, opponent at home or away). Filled
 * by `record` from the grid against the committed copy; read by the per-kind penalty stores; kept until commit.
 */

import {
  MASK_SLOTS,
  READS_ALL,
  READS_AWAY_OPPONENT,
  READS_CALENDAR,
  READS_HOME_AWAY,
  READS_HOME_OPPONENT,
  READS_OPPONENT,
} from '../constraints/index.ts';
import type { Grid } from '../model.ts';

/**
 * What a cell's change from `u` to `v` (±opponent+1, 0 = bye) can affect: home/away, the opponent at home or away,
 * or everything.
 */
function cellChange(v: number, u: number): number {
  if (v === 0 || u === 0) return READS_ALL;
  if (v > 0 !== u > 0) return READS_HOME_AWAY | (v + u !== 0 ? READS_OPPONENT : 0);
  if (v === u) return 0;
  return v > 0 ? READS_HOME_OPPONENT : READS_AWAY_OPPONENT;
}

export class PendingMove {
  /** The changed teams, teams[0 .. teamCount), each once. */
  readonly teams: Int32Array;
  teamCount = 0;
  /** Per changed team t its changed slots (cell or date differs), ascending: changedSlots[t·S .. + changedCount[t]). */
  readonly changedSlots: Int32Array;
  readonly changedCount: Int32Array;
  /** Per changed team its first and last changed slot (when it has one). */
  readonly firstChanged: Int32Array;
  readonly lastChanged: Int32Array;
  /** Per changed team the `reads` aspects its change touches (READS_* bits). */
  readonly aspects: Uint8Array;
  /** The move kept every team's calendar (same slot dates, no bye moved): calendar-only evaluators are skipped. */
  calendarKept = false;
  /** Some slot's date differs from the committed one; then dayChanged[s] says which. */
  daysDiffer = false;
  readonly dayChanged: Uint8Array;
  /** Per changed team its home/away slot masks after the move and its changed slots as bits (masks kept). */
  readonly home: Int32Array;
  readonly away: Int32Array;
  readonly changedBits: Int32Array;
  // the slots the mover says it wrote, per team: a list (candidateCount[t] of them, −1: diff the whole row) or,
  // up to MASK_SLOTS slots, bits
  private readonly candidateSlots: Int32Array;
  private readonly candidateCount: Int32Array;
  private readonly candidateBits: Int32Array;
  private readonly isChanged: Uint8Array;

  constructor(
    n: number,
    private readonly slots: number,
  ) {
    this.teams = new Int32Array(n);
    this.changedSlots = new Int32Array(n * slots);
    this.changedCount = new Int32Array(n);
    this.firstChanged = new Int32Array(n);
    this.lastChanged = new Int32Array(n);
    this.aspects = new Uint8Array(n);
    this.dayChanged = new Uint8Array(slots);
    this.home = new Int32Array(n);
    this.away = new Int32Array(n);
    this.changedBits = new Int32Array(n);
    this.candidateSlots = new Int32Array(n * slots);
    this.candidateCount = new Int32Array(n);
    this.candidateBits = new Int32Array(n);
    this.isChanged = new Uint8Array(n);
  }

  /**
   * Records the move that changed the rows of `changed[0 .. count)` (in the slots `slots[k]` when given; −1 or no
   * `slots`: anywhere in the row): the changed slots are found by comparing `g` with the committed copy `old`.
   */
  record(
    g: Grid,
    old: Grid,
    changed: ArrayLike<number>,
    count: number,
    calendarKept: boolean,
    slots: ArrayLike<number> | undefined,
  ): void {
    this.calendarKept = calendarKept;
    const isChanged = this.isChanged;
    const S = this.slots;
    const cand = this.candidateSlots;
    const candCount = this.candidateCount;
    const candBits = this.candidateBits;
    const teams = this.teams;
    let m = 0;
    for (let k = 0; k < count; k++) {
      const t = changed[k];
      if (isChanged[t] === 0) {
        isChanged[t] = 1;
        teams[m++] = t;
        candCount[t] = 0;
        candBits[t] = 0;
      }
      const s = slots === undefined ? -1 : slots[k];
      if (s < 0) candCount[t] = -1;
      else if (candCount[t] < 0) continue;
      else if (S <= MASK_SLOTS) candBits[t] |= 1 << s;
      else if (candCount[t] < S) cand[t * S + candCount[t]++] = s;
      else candCount[t] = -1;
    }
    for (let k = 0; k < m; k++) isChanged[teams[k]] = 0;
    this.teamCount = m;
    const cell = g.cell;
    const oldCell = old.cell;
    const day = g.day;
    const oldDay = old.day;
    const dayChanged = this.dayChanged;
    // a move that keeps every calendar does not move dates
    let daysDiffer = false;
    for (let s = 0; s < S && !calendarKept && !daysDiffer; s++) daysDiffer = day[s] !== oldDay[s];
    if (daysDiffer) for (let s = 0; s < S; s++) dayChanged[s] = day[s] !== oldDay[s] ? 1 : 0;
    this.daysDiffer = daysDiffer;
    const changedSlots = this.changedSlots;
    for (let k = 0; k < m; k++) {
      const t = teams[k];
      const row = t * S;
      let c = 0;
      let aspect = 0;
      if (candCount[t] >= 0 && !daysDiffer) {
        // only the slots the move wrote, kept where the cell really differs
        const cc = this.sortedCandidates(t, row);
        for (let x = 0; x < cc; x++) {
          const s = cand[row + x];
          const v = cell[row + s];
          const u = oldCell[row + s];
          if (v === u) continue;
          changedSlots[row + c++] = s;
          aspect |= cellChange(v, u);
        }
        this.recordTeam(t, row, c, aspect);
        continue;
      }
      for (let s = 0; s < S; s++) {
        const v = cell[row + s];
        const u = oldCell[row + s];
        if (v === u) {
          if (daysDiffer && dayChanged[s] === 1 && v !== 0) {
            changedSlots[row + c++] = s;
            aspect |= READS_CALENDAR;
          }
          continue;
        }
        changedSlots[row + c++] = s;
        aspect |= daysDiffer && dayChanged[s] === 1 ? READS_ALL : cellChange(v, u);
      }
      this.recordTeam(t, row, c, aspect);
    }
  }

  /** Keeps team t's changed slots (already in changedSlots[row .. row + c)) and what they changed. */
  private recordTeam(t: number, row: number, c: number, aspect: number): void {
    this.changedCount[t] = c;
    this.aspects[t] = aspect;
    if (c > 0) {
      this.firstChanged[t] = this.changedSlots[row];
      this.lastChanged[t] = this.changedSlots[row + c - 1];
    }
  }

  /**
   * Team t's candidate slots in candidateSlots[row ..], ascending without repeats; their count. Up to MASK_SLOTS
   * slots they were collected as bits (already ascending and unique); otherwise as a list with repeats, sorted here.
   */
  private sortedCandidates(t: number, row: number): number {
    const cand = this.candidateSlots;
    if (this.slots <= MASK_SLOTS) {
      let c = 0;
      for (let bits = this.candidateBits[t]; bits !== 0; bits &= bits - 1)
        cand[row + c++] = 31 - Math.clz32(bits & -bits);
      return c;
    }
    const cc = this.candidateCount[t];
    for (let x = 1; x < cc; x++) {
      const v = cand[row + x];
      let y = x - 1;
      while (y >= 0 && cand[row + y] > v) {
        cand[row + y + 1] = cand[row + y];
        y--;
      }
      cand[row + y + 1] = v;
    }
    let c = 0;
    for (let x = 0; x < cc; x++) if (x === 0 || cand[row + x] !== cand[row + x - 1]) cand[row + c++] = cand[row + x];
    return c;
  }

  /**
   * The home/away masks of the changed teams after the move (the committed `homeBits` / `awayBits` with the changed
   * slots rewritten from `cell`) and their changed slots as bits.
   */
  recordMasks(cell: Int16Array, homeBits: Int32Array, awayBits: Int32Array): void {
    const S = this.slots;
    const changedSlots = this.changedSlots;
    for (let k = 0; k < this.teamCount; k++) {
      const t = this.teams[k];
      const row = t * S;
      let home = homeBits[t];
      let away = awayBits[t];
      let changed = 0;
      for (let x = 0, cnt = this.changedCount[t]; x < cnt; x++) {
        const s = changedSlots[row + x];
        const bit = 1 << s;
        const v = cell[row + s];
        home = v > 0 ? home | bit : home & ~bit;
        away = v < 0 ? away | bit : away & ~bit;
        changed |= bit;
      }
      this.home[t] = home;
      this.away[t] = away;
      this.changedBits[t] = changed;
    }
  }
}
