/**
 * The per-pair meeting index of the incremental evaluator (scheduling/evaluate/incremental.ts): where each pair meets, kept
 * up to date move by move, so rematch-type constraints re-price only the pairs a move touched.
 */
import type { Grid } from '../model.ts';

/**
 * The slots where each pair of teams meets (pair i < j at (i·n + j)·S, ascending), committed and pending for the
 * pairs a move touched: what the pair forms of rematch-type evaluators (`TeamEvaluator.meetingPenalty`) need to
 * price a move from the touched pairs alone. Pending pairs are grouped by their lower team t: the opponents
 * `opponents[first[t] .. first[t] + touched[t])`, all > t.
 */
export class MeetingIndex {
  readonly slots: Int32Array;
  readonly count: Int32Array;
  readonly pendingSlots: Int32Array;
  readonly pendingCount: Int32Array;
  readonly opponents: Int32Array;
  readonly first: Int32Array;
  readonly touched: Int32Array;
  private readonly seen: Int32Array;
  private stamp = 0;
  private readonly added: Int32Array;
  private readonly addedCount: Int32Array;

  constructor(
    private readonly n: number,
    private readonly S: number,
  ) {
    this.slots = new Int32Array(n * n * S);
    this.count = new Int32Array(n * n);
    this.pendingSlots = new Int32Array(n * n * S);
    this.pendingCount = new Int32Array(n * n);
    this.opponents = new Int32Array(n * n);
    this.first = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.seen = new Int32Array(n);
    this.added = new Int32Array(n * S);
    this.addedCount = new Int32Array(n);
  }

  /** Rebuilds the committed index from a grid. */
  rebuild(g: Grid): void {
    const { n, S } = this;
    this.count.fill(0);
    for (let t = 0; t < n; t++) {
      for (let s = 0; s < S; s++) {
        const v = g.cell[t * S + s];
        const o = (v > 0 ? v : -v) - 1;
        if (v === 0 || o < t) continue;
        const p = t * n + o;
        this.slots[p * S + this.count[p]++] = s;
      }
    }
  }

  /**
   * Pending meetings of the pairs (t, o > t) whose meetings changed, for the changed teams `list` (changed slots
   * `changedSlots[t·S ..]`, `changedCount[t]` of them; `skip[t]` = 1 when t's opponents and calendar did not change).
   */
  stage(
    cell: Int16Array,
    oldCell: Int16Array,
    list: Int32Array,
    m: number,
    changedSlots: Int32Array,
    changedCount: Int32Array,
    skip: Uint8Array,
  ): void {
    const { n, S } = this;
    let q = 0;
    for (let k = 0; k < m; k++) {
      const t = list[k];
      this.first[t] = q;
      this.touched[t] = 0;
      if (skip[t] === 1) continue;
      const row = t * S;
      const cnt = changedCount[t];
      const mark = ++this.stamp;
      const added = this.added;
      const addedCount = this.addedCount;
      // the opponents above t that t met, or meets now, in a changed slot; per opponent the changed slots (in
      // order) where t now meets it and did not before
      for (let x = 0; x < cnt; x++) {
        const s = changedSlots[row + x];
        const v = cell[row + s];
        const u = oldCell[row + s];
        const a = (v > 0 ? v : -v) - 1;
        const b = (u > 0 ? u : -u) - 1;
        if (v !== 0 && a > t) {
          if (this.seen[a] !== mark) {
            this.seen[a] = mark;
            this.opponents[q++] = a;
            addedCount[a] = 0;
          }
          if (u === 0 || a !== b) added[a * S + addedCount[a]++] = s;
        }
        if (u !== 0 && b > t && this.seen[b] !== mark) {
          this.seen[b] = mark;
          this.opponents[q++] = b;
          addedCount[b] = 0;
        }
      }
      this.touched[t] = q - this.first[t];
      for (let y = this.first[t]; y < q; y++) {
        const o = this.opponents[y];
        const p = t * n + o;
        const base = p * S;
        // the committed meetings still held merged with the added ones, in slot order
        let c = 0;
        let z = 0;
        const kept = this.count[p];
        const add = o * S;
        const addEnd = add + addedCount[o];
        let w = add;
        for (; z < kept; z++) {
          const s = this.slots[base + z];
          const v = cell[row + s];
          if (v === 0 || (v > 0 ? v : -v) - 1 !== o) continue;
          while (w < addEnd && added[w] < s) this.pendingSlots[base + c++] = added[w++];
          this.pendingSlots[base + c++] = s;
        }
        while (w < addEnd) this.pendingSlots[base + c++] = added[w++];
        this.pendingCount[p] = c;
      }
    }
  }

  /** Keeps the pending meetings of the changed teams `list`. */
  commit(list: Int32Array, m: number): void {
    const { n, S } = this;
    for (let k = 0; k < m; k++) {
      const t = list[k];
      for (let y = this.first[t]; y < this.first[t] + this.touched[t]; y++) {
        const p = t * n + this.opponents[y];
        const base = p * S;
        const c = this.pendingCount[p];
        for (let z = 0; z < c; z++) this.slots[base + z] = this.pendingSlots[base + z];
        this.count[p] = c;
      }
    }
  }
}
