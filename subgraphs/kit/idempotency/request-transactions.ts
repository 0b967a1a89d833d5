// Where a request's transactions run. Normally each `ctx.run(fn)` is a transaction of its own. A mutation sent with an
// Idempotency-Key instead runs inside ONE transaction held for the whole request (hold()): the key's claim first,
// then every ctx.run of the request, each under a savepoint (an error inside fn undoes fn's statements only, as its
// own transaction would have), one at a time; release() stores the response and commits, or rolls everything back.
// Effects outside the database (cache invalidation, events: ctx.announce) wait for that COMMIT.
import { type ServiceDb, type ServiceTx, withSavepoint } from '../../../db/index.ts';

type Work<T> = (tx: ServiceTx) => Promise<T>;

/** The outcome hold() reports to its caller; `claimed` keeps the transaction open until release(). */
export interface Held<C> {
  claim: C;
  open: boolean;
}

class Rollback extends Error {}

export class RequestTransactions {
  private tx: ServiceTx | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private ending: ((last: Work<void> | null) => void) | null = null;
  private done: Promise<void> | null = null;
  private readonly effects: Array<() => Promise<void>> = [];

  constructor(
    private readonly serviceDb: ServiceDb,
    private readonly tenant: number | null,
  ) {}

  get holding(): boolean {
    return this.tx !== null;
  }

  /** One unit of the request's work: its own transaction, or a savepoint of the held one. */
  run<T>(fn: Work<T>): Promise<T> {
    const tx = this.tx;
    if (!tx) return this.serviceDb.run(fn, { tenant: this.tenant });
    const mine = this.queue.then(() => withSavepoint(tx, fn));
    this.queue = mine.catch(() => {});
    return mine;
  }

  /** Runs `effect` once the request's work is committed (now, when nothing is held); never throws. */
  afterCommit(effect: () => Promise<void>): Promise<void> {
    if (!this.tx) return effect();
    this.effects.push(effect);
    return Promise.resolve();
  }

  /**
   * Opens the request's transaction with `first` (the key's claim). When `keep(claim)` says so the transaction stays
   * open for the request's work until release(); otherwise it commits at once (nothing of the request ran in it).
   */
  async hold<C>(first: Work<C>, keep: (claim: C) => boolean): Promise<Held<C>> {
    if (this.done) throw new Error('a request holds one transaction at most');
    let opened!: (held: Held<C>) => void;
    const openedOrFailed = new Promise<Held<C>>((resolve) => {
      opened = resolve;
    });
    const end = new Promise<Work<void> | null>((resolve) => {
      this.ending = resolve;
    });
    this.done = this.serviceDb.run(
      async (tx) => {
        const claim = await first(tx);
        if (!keep(claim)) {
          opened({ claim, open: false });
          return;
        }
        this.tx = tx;
        opened({ claim, open: true });
        const last = await end;
        await this.queue; // the request's last unit has ended
        if (last === null) throw new Rollback('rolled back on request');
        await last(tx);
      },
      { tenant: this.tenant },
    );
    // a failure before the claim answered (connection, lock timeout) is the caller's error
    return Promise.race([openedOrFailed, this.done.then(() => openedOrFailed)]);
  }

  /** Ends the held transaction: `last` runs in it and it commits, or (null) it rolls back. Then the queued effects. */
  async release(last: Work<void> | null): Promise<void> {
    if (!this.ending || !this.done) return;
    this.ending(last);
    this.ending = null;
    try {
      await this.done;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    } finally {
      this.tx = null;
    }
    const effects = this.effects.splice(0);
    if (last === null) return;
    for (const effect of effects) await effect().catch(() => {});
  }
}
