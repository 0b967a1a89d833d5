/**
 * The incremental state of one aggregate evaluator: each team's committed contribution and their sums, and for the
 * move being priced the new contributions of the changed teams it sees and the sums they give.
 */
import type { AggregateEvaluator } from '../constraints/index.ts';
import type { Grid } from '../model.ts';
import type { PendingMove } from './pending-move.ts';

export class AggregatePenalties {
  private readonly dims: number;
  /** Team t's committed contribution at t·dims. */
  private readonly contributions: Float64Array;
  private readonly pendingContributions: Float64Array;
  private readonly sums: Float64Array;
  private readonly pendingSums: Float64Array;
  /** The mask form, when the evaluator has one and the masks are kept. */
  private readonly contribFromMasks: NonNullable<AggregateEvaluator['contribFromMasks']> | null;

  constructor(
    private readonly evaluator: AggregateEvaluator,
    private readonly n: number,
    useMasks: boolean,
  ) {
    this.dims = evaluator.dims;
    this.contributions = new Float64Array(n * this.dims);
    this.pendingContributions = new Float64Array(n * this.dims);
    this.sums = new Float64Array(this.dims);
    this.pendingSums = new Float64Array(this.dims);
    this.contribFromMasks = useMasks && evaluator.contribFromMasks ? evaluator.contribFromMasks.bind(evaluator) : null;
  }

  /** Whether the evaluator reads nothing but home/away slot masks here (the mask form is used). */
  get usesMasks(): boolean {
    return this.contribFromMasks !== null;
  }

  /** Recomputes every contribution and the sums from the grid; returns the penalty. */
  reset(g: Grid): number {
    const ev = this.evaluator;
    const contributions = this.contributions;
    const sums = this.sums;
    const dims = this.dims;
    contributions.fill(0);
    sums.fill(0);
    for (let t = 0; t < this.n; t++) {
      ev.contrib(g, t, contributions, t * dims);
      for (let d = 0; d < dims; d++) sums[d] += contributions[t * dims + d];
    }
    return ev.combine(sums);
  }

  /** Delta over `affected[0 .. count)`: their contributions replaced in the sums (pending); `penalty` is the current. */
  delta(g: Grid, move: PendingMove, affected: Int32Array, count: number, penalty: number): number {
    const ev = this.evaluator;
    const dims = this.dims;
    const pendingSums = this.pendingSums;
    const sums = this.sums;
    for (let x = 0; x < dims; x++) pendingSums[x] = sums[x];
    const committed = this.contributions;
    const pending = this.pendingContributions;
    const contribFromMasks = this.contribFromMasks;
    for (let k = 0; k < count; k++) {
      const t = affected[k];
      const off = t * dims;
      for (let x = off; x < off + dims; x++) pending[x] = 0;
      if (contribFromMasks !== null) contribFromMasks(t, move.home[t], move.away[t], g.slots, pending, off);
      else ev.contrib(g, t, pending, off);
      for (let x = 0; x < dims; x++) pendingSums[x] += pending[off + x] - committed[off + x];
    }
    return ev.combine(pendingSums) - penalty;
  }

  /** Keeps the pending contributions of `affected[0 .. count)` and the pending sums. */
  commit(affected: Int32Array, count: number): void {
    const dims = this.dims;
    const committed = this.contributions;
    const pending = this.pendingContributions;
    for (let k = 0; k < count; k++) {
      const off = affected[k] * dims;
      for (let x = 0; x < dims; x++) committed[off + x] = pending[off + x];
    }
    this.sums.set(this.pendingSums);
  }
}
