// A best-schedule board shared by the annealing runs of one solve (a SharedArrayBuffer seen by every worker thread):
// a run publishes each new best feasible schedule, and every so often adopts the board's schedule when it beats its
// own, so the runs cooperate instead of only competing. Timing decides who adopts what, so solves using a board are
// not reproducible move for move; parallel.ts only uses one under a time budget (an iteration budget stays
// deterministic by seed).
//
// Layout: Float64 cost at byte 0 (Infinity while empty), Int32 lock and version at bytes 8 and 12, cells from byte 16.

export class BestBoard {
  readonly buffer: SharedArrayBuffer;
  private readonly costView: Float64Array;
  private readonly meta: Int32Array;
  private readonly cellsView: Int32Array;
  private seenVersion = 0;

  constructor(bufferOrLength: SharedArrayBuffer | number) {
    const fresh = typeof bufferOrLength === 'number';
    this.buffer = fresh ? new SharedArrayBuffer(16 + 4 * bufferOrLength) : bufferOrLength;
    this.costView = new Float64Array(this.buffer, 0, 1);
    this.meta = new Int32Array(this.buffer, 8, 2);
    this.cellsView = new Int32Array(this.buffer, 16);
    if (fresh) this.costView[0] = Number.POSITIVE_INFINITY;
  }

  private lock(): void {
    while (Atomics.compareExchange(this.meta, 0, 0, 1) !== 0) {
      // another run is copying a schedule (a few hundred integers): spin
    }
  }

  private unlock(): void {
    Atomics.store(this.meta, 0, 0);
  }

  /** Best cost on the board (Infinity while empty). */
  get cost(): number {
    this.lock();
    const c = this.costView[0];
    this.unlock();
    return c;
  }

  /** Publishes a feasible schedule when it beats the board; true when it did. */
  publish(cost: number, cells: Int32Array): boolean {
    if (cells.length !== this.cellsView.length) return false;
    this.lock();
    const better = cost < this.costView[0];
    if (better) {
      this.costView[0] = cost;
      this.cellsView.set(cells);
      this.meta[1]++;
      this.seenVersion = this.meta[1];
    }
    this.unlock();
    return better;
  }

  /**
   * Copies the board's schedule into `into` when it changed since this run last looked and costs less than `than`;
   * returns its cost, or undefined when nothing was adopted.
   */
  adoptIfBetter(than: number, into: Int32Array): number | undefined {
    if (Atomics.load(this.meta, 1) === this.seenVersion) return undefined;
    this.lock();
    this.seenVersion = this.meta[1];
    const c = this.costView[0];
    const take = c < than && into.length === this.cellsView.length;
    if (take) into.set(this.cellsView);
    this.unlock();
    return take ? c : undefined;
  }
}
