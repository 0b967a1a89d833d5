/**
 * The incremental state of one pair evaluator: each pair's committed penalty (i < j at i·n + j) and, for the move
 * being priced, the re-priced pairs of the changed teams it sees. With profiles (`profile` / `pairFromProfiles`) a
 * pair is priced from two per-team profiles instead of the grid; with the max form, from per-pair prefix and suffix
 * maxima, re-reading only the slots where a profile changed.
 */
import type { PairEvaluator } from '../constraints/index.ts';
import type { Grid } from '../model.ts';
import type { PendingMove } from './pending-move.ts';

export class PairPenalties {
  private readonly cost: Float64Array;
  /** The re-priced pairs of the pending move: pendingPairs[q] (i·n + j) at pendingValues[q], q < pendingCount. */
  private readonly pendingPairs: Int32Array;
  private readonly pendingValues: Float64Array;
  private pendingCount = 0;
  /** Per-team profiles (t at t·S), committed and pending for the changed teams; empty without profiles. */
  private readonly profiles: Int32Array;
  private readonly pendingProfiles: Int32Array;
  /** Max form: per pair (at (i·n + j)·S) prefix and suffix maxima of |a[s] − b[s]| over the evaluator's slots. */
  private readonly prefixMaxima: Int32Array;
  private readonly suffixMaxima: Int32Array;
  /** The max form's slot mask, null when it lists every slot of the schedule (no per-slot test). */
  private readonly maxFormMask: Uint8Array | null;
  // per changed team (max form): the slot range where its pending profile differs and by how much at most
  private readonly profileFirst: Int32Array;
  private readonly profileLast: Int32Array;
  private readonly profileShift: Int32Array;
  private readonly isAffected: Uint8Array;

  constructor(
    private readonly evaluator: PairEvaluator,
    private readonly n: number,
    private readonly slots: number,
  ) {
    const profiled = evaluator.profile !== undefined && evaluator.pairFromProfiles !== undefined;
    const maxForm = profiled && evaluator.maxForm !== undefined;
    this.cost = new Float64Array(n * n);
    this.pendingPairs = new Int32Array(n * n);
    this.pendingValues = new Float64Array(n * n);
    this.profiles = new Int32Array(profiled ? n * slots : 0);
    this.pendingProfiles = new Int32Array(profiled ? n * slots : 0);
    this.prefixMaxima = new Int32Array(maxForm ? n * n * slots : 0);
    this.suffixMaxima = new Int32Array(maxForm ? n * n * slots : 0);
    const slotMask = evaluator.maxForm ? evaluator.maxForm.slots : null;
    const everySlot =
      slotMask !== null && slotMask.length >= slots && slotMask.subarray(0, slots).every((x) => x === 1);
    this.maxFormMask = everySlot ? null : slotMask;
    this.profileFirst = new Int32Array(n);
    this.profileLast = new Int32Array(n);
    this.profileShift = new Int32Array(n);
    this.isAffected = new Uint8Array(n);
  }

  /** Recomputes every pair (and the profiles and maxima) from the grid; returns the penalty. */
  reset(g: Grid): number {
    const ev = this.evaluator;
    const n = this.n;
    const cost = this.cost;
    cost.fill(0);
    if (this.profiles.length > 0 && ev.profile) {
      for (let t = 0; t < n; t++) ev.profile(g, t, this.profiles, t * g.slots);
    }
    let p = 0;
    for (let i = 0; i < n; i++) {
      if (ev.teams[i] === 0) continue;
      for (let j = i + 1; j < n; j++) {
        if (ev.teams[j] === 0) continue;
        cost[i * n + j] = ev.pair(g, i, j);
        p += cost[i * n + j];
        if (this.prefixMaxima.length > 0) this.pairMaxima(i, j);
      }
    }
    return p;
  }

  /** Recomputes the prefix/suffix maxima of pair (i < j) from the committed profiles. */
  private pairMaxima(i: number, j: number): void {
    const maxForm = this.evaluator.maxForm;
    if (!maxForm) return;
    const S = this.slots;
    const mask = maxForm.slots;
    const profiles = this.profiles;
    const prefix = this.prefixMaxima;
    const suffix = this.suffixMaxima;
    const base = (i * this.n + j) * S;
    const oi = i * S;
    const oj = j * S;
    let m = 0;
    for (let s = 0; s < S; s++) {
      if (mask === null || mask[s] === 1) {
        const d = profiles[oi + s] - profiles[oj + s];
        const a = d < 0 ? -d : d;
        if (a > m) m = a;
      }
      prefix[base + s] = m;
    }
    m = 0;
    for (let s = S - 1; s >= 0; s--) {
      if (mask === null || mask[s] === 1) {
        const d = profiles[oi + s] - profiles[oj + s];
        const a = d < 0 ? -d : d;
        if (a > m) m = a;
      }
      suffix[base + s] = m;
    }
  }

  /** Delta over the pairs of `affected[0 .. count)` (re-priced pairs kept pending). */
  delta(g: Grid, move: PendingMove, affected: Int32Array, count: number): number {
    const n = this.n;
    const ev = this.evaluator;
    const cost = this.cost;
    const pairs = this.pendingPairs;
    const values = this.pendingValues;
    const S = g.slots;
    const profiles = this.profiles;
    const pending = this.pendingProfiles;
    const fromProfiles = profiles.length > 0 ? ev.pairFromProfiles : undefined;
    const isAffected = this.isAffected;
    for (let k = 0; k < count; k++) isAffected[affected[k]] = 1;
    if (fromProfiles && ev.profile) {
      for (let k = 0; k < count; k++) {
        const t = affected[k];
        const off = t * S;
        // a prefix profile only changes from the first changed slot on
        const from = ev.prefixProfile === true ? move.firstChanged[t] : 0;
        for (let s = off; s < off + from; s++) pending[s] = profiles[s];
        ev.profile(g, t, pending, off, from);
      }
    }
    const maxForm = this.prefixMaxima.length > 0 ? ev.maxForm : undefined;
    if (maxForm) {
      const d = this.maxFormDelta(maxForm, move, affected, count);
      for (let k = 0; k < count; k++) isAffected[affected[k]] = 0;
      return d;
    }
    let d = 0;
    let q = 0;
    for (let k = 0; k < count; k++) {
      const t = affected[k];
      for (let u = 0; u < n; u++) {
        if (u === t || ev.teams[u] === 0 || (isAffected[u] === 1 && u < t)) continue;
        const i = Math.min(t, u);
        const j = Math.max(t, u);
        const v = fromProfiles
          ? fromProfiles(
              isAffected[i] === 1 ? pending : profiles,
              i * S,
              isAffected[j] === 1 ? pending : profiles,
              j * S,
              S,
            )
          : ev.pair(g, i, j);
        pairs[q] = i * n + j;
        values[q] = v;
        q++;
        d += v - cost[i * n + j];
      }
    }
    for (let k = 0; k < count; k++) isAffected[affected[k]] = 0;
    this.pendingCount = q;
    return d;
  }

  /** Max-form delta for `affected[0 .. count)` (profiles pending, isAffected set). */
  private maxFormDelta(
    maxForm: NonNullable<PairEvaluator['maxForm']>,
    move: PendingMove,
    affected: Int32Array,
    count: number,
  ): number {
    const n = this.n;
    const S = this.slots;
    const isAffected = this.isAffected;
    const profiles = this.profiles;
    const pending = this.pendingProfiles;
    const cost = this.cost;
    const pairs = this.pendingPairs;
    const values = this.pendingValues;
    const teams = this.evaluator.teams;
    let d = 0;
    const first = this.profileFirst;
    const last = this.profileLast;
    const shiftOf = this.profileShift;
    const prefixProfile = this.evaluator.prefixProfile === true;
    for (let k = 0; k < count; k++) {
      const off = affected[k] * S;
      let lo = S;
      let hi = -1;
      let shift = 0;
      for (let s = prefixProfile ? move.firstChanged[affected[k]] : 0; s < S; s++) {
        const x = pending[off + s] - profiles[off + s];
        if (x !== 0) {
          if (lo === S) lo = s;
          hi = s;
          if (x > shift) shift = x;
          else if (-x > shift) shift = -x;
        }
      }
      first[affected[k]] = lo;
      last[affected[k]] = hi;
      shiftOf[affected[k]] = shift;
    }
    const free = maxForm.free ?? -1;
    const prefix = this.prefixMaxima;
    const suffix = this.suffixMaxima;
    const mask = this.maxFormMask;
    let q = 0;
    for (let k = 0; k < count; k++) {
      const t = affected[k];
      if (last[t] < 0) continue; // profile unchanged: its pairs keep their penalties
      for (let u = 0; u < n; u++) {
        if (u === t || teams[u] === 0) continue;
        if (isAffected[u] === 1 && last[u] >= 0 && u < t) continue; // done from u
        const i = Math.min(t, u);
        const j = Math.max(t, u);
        const base = (i * n + j) * S;
        const shifts = shiftOf[t] + (isAffected[u] === 1 && last[u] >= 0 ? shiftOf[u] : 0);
        // every |a − b| moved by at most the shifts from its committed value: when the committed maximum plus the
        // shifts cannot exceed `free`, the penalty is 0 before and after (not recorded; commit refreshes the maxima)
        if (prefix[base + S - 1] + shifts <= free) continue;
        let lo = first[t];
        let hi = last[t];
        if (isAffected[u] === 1 && last[u] >= 0) {
          if (first[u] < lo) lo = first[u];
          if (last[u] > hi) hi = last[u];
        }
        let worst = lo > 0 ? prefix[base + lo - 1] : 0;
        if (hi < S - 1 && suffix[base + hi + 1] > worst) worst = suffix[base + hi + 1];
        // inside lo..hi each |a − b| moved by at most the two profiles' shifts from its committed value, which is
        // at most the committed maximum over 0..hi (or lo..S−1): when that cannot exceed `free` (penalty 0), the
        // inside cannot change the penalty and is not read
        const oldInside = Math.min(prefix[base + hi], suffix[base + lo]);
        if (oldInside + shifts > free) {
          const A = isAffected[i] === 1 ? pending : profiles;
          const B = isAffected[j] === 1 ? pending : profiles;
          const oi = i * S;
          const oj = j * S;
          for (let s = lo; s <= hi; s++) {
            if (mask !== null && mask[s] !== 1) continue;
            const x = A[oi + s] - B[oj + s];
            const a = x < 0 ? -x : x;
            if (a > worst) worst = a;
          }
        }
        const v = maxForm.penalty(worst);
        pairs[q] = i * n + j;
        values[q] = v;
        q++;
        d += v - cost[i * n + j];
      }
    }
    this.pendingCount = q;
    return d;
  }

  /** Keeps the re-priced pairs, the pending profiles of `affected[0 .. count)` and refreshes their maxima. */
  commit(affected: Int32Array, count: number): void {
    const cost = this.cost;
    for (let q = 0; q < this.pendingCount; q++) cost[this.pendingPairs[q]] = this.pendingValues[q];
    const profiles = this.profiles;
    if (profiles.length === 0) return;
    const S = this.slots;
    const pending = this.pendingProfiles;
    for (let k = 0; k < count; k++) {
      const off = affected[k] * S;
      for (let s = off; s < off + S; s++) profiles[s] = pending[s];
    }
    if (this.prefixMaxima.length > 0) this.refreshPairMaxima(affected, count);
  }

  /** Recomputes the prefix/suffix maxima of every pair with a team of `affected[0 .. count)`. */
  private refreshPairMaxima(affected: Int32Array, count: number): void {
    const teams = this.evaluator.teams;
    const isAffected = this.isAffected;
    for (let k = 0; k < count; k++) isAffected[affected[k]] = 1;
    for (let k = 0; k < count; k++) {
      const t = affected[k];
      for (let u = 0; u < this.n; u++) {
        if (u === t || teams[u] === 0 || (isAffected[u] === 1 && u < t)) continue;
        this.pairMaxima(Math.min(t, u), Math.max(t, u));
      }
    }
    for (let k = 0; k < count; k++) isAffected[affected[k]] = 0;
  }
}
