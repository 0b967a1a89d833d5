// Service transactions for FLEXTIME_DB_POOLING=transaction: each one is a postgres.js begin() of its own — BEGIN,
// statements, COMMIT — and nothing outlives it. Role and tenant are set with set_config(…, true) (SET LOCAL) inside
// it, statements are unnamed (prepare: false), and between two transactions the connection is idle, not idle in
// transaction, so PgBouncer in transaction mode can hand the server connection to another client.
//
// The connection-loss handling is the sessions' (db/sessions.ts): a transaction learns synchronously that its
// connection closed (postgres.js `onclose`, by connection id) and its statements in flight fail at once; a begin()
// whose connection closed is never answered with a ROLLBACK (postgres.js would write it to the closed socket and
// throw from a timer) — it fails by itself; a BEGIN not answered within START_TIMEOUT_MS is given up.
import type postgres from 'postgres';
import { connectionError, isConnectionLoss } from './connection-loss.ts';
import type { Session } from './sessions.ts';

/** How long BEGIN may take once a slot is free (connect and BEGIN, through PgBouncer's queue too). */
const START_TIMEOUT_MS = 2500;
/** How long a transaction that saw a connection error waits to learn whether its connection is really closing. */
const CLOSE_WAIT_MS = 5000;

const connectionLost = (cause?: unknown) =>
  connectionError('CONNECTION_CLOSED', 'the database connection was lost', cause);
const poolClosed = () => connectionError('CONNECTION_ENDED', 'database closed');

export interface PooledRun<T> {
  /** A statement without parameters (so it is pipelined with the first statements of `body`): role and tenant. */
  setup: string;
  /** The transaction's work; `setup` settles with the setup statement (a failure also fails body's statements). */
  body(session: Session, setup: Promise<unknown>): Promise<T>;
  /** Asked once body returned: true answers the caller before the COMMIT comes back (only SELECTs were sent). */
  answerBeforeCommit(): boolean;
}

export class TransactionPool {
  /** The pool of the transactions' connections, made here so that its `onclose` reaches the transaction at once. */
  readonly pool: postgres.Sql;
  private readonly byConnection = new Map<number, () => void>();
  private readonly waiting: Array<{ resolve(): void; reject(e: unknown): void }> = [];
  private readonly running = new Set<Promise<void>>();
  private active = 0;
  private closing = false;

  /** `makePool(onclose)`: a postgres.js pool (prepare: false) given `onclose` as its option; ended by close(). */
  constructor(
    makePool: (onclose: (connectionId: number) => void) => postgres.Sql,
    private readonly size: number,
  ) {
    this.pool = makePool((connectionId) => this.byConnection.get(connectionId)?.());
  }

  /** Runs one transaction: BEGIN, setup and body's statements, then COMMIT (ROLLBACK when body throws). */
  async run<T>(work: PooledRun<T>): Promise<T> {
    await this.takeSlot();
    const { answer, free } = this.begin(work);
    this.running.add(free);
    free.then(() => {
      this.running.delete(free);
      this.giveSlot();
    });
    return answer;
  }

  /** Refuses new transactions, waits for the running ones (at most `timeoutMs`), then ends the pool. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    for (const w of this.waiting.splice(0)) w.reject(poolClosed());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.running]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    await this.pool.end({ timeout: 5 });
  }

  private takeSlot(): Promise<void> {
    if (this.closing) return Promise.reject(poolClosed());
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private giveSlot(): void {
    const next = this.waiting.shift();
    if (next && !this.closing) next.resolve();
    else this.active--;
  }

  /**
   * `answer` settles for the caller (possibly before COMMIT's answer); `free` resolves once the transaction no longer
   * counts against the pool's size: it ended, or its BEGIN was given up.
   */
  private begin<T>(work: PooledRun<T>): { answer: Promise<T>; free: Promise<void> } {
    let freeSlot!: () => void;
    const free = new Promise<void>((resolve) => {
      freeSlot = resolve;
    });
    let answer!: (value: T) => void;
    let fail!: (error: unknown) => void;
    const answered = new Promise<T>((resolve, reject) => {
      answer = resolve;
      fail = reject;
    });
    let abandoned = false;
    const giveUp = setTimeout(() => {
      abandoned = true;
      freeSlot();
      fail(
        connectionError('CONNECT_TIMEOUT', `no database transaction within ${START_TIMEOUT_MS} ms (is it restarting?)`),
      );
    }, START_TIMEOUT_MS);
    let markLost: (error: Error) => void = () => {};
    const whenLost = new Promise<never>((_, lose) => {
      markLost = lose;
    });
    whenLost.catch(() => {});
    let lost = false;
    let connectionId = -1;
    const lose = () => {
      if (!lost) {
        lost = true;
        markLost(connectionLost());
      }
    };
    const guard = <S>(statement: PromiseLike<S>): Promise<S> =>
      lost ? Promise.reject(connectionLost()) : Promise.race([statement, whenLost]);

    const holding = this.pool.begin(async (sql) => {
      if (abandoned) return; // too late for its caller: an empty transaction commits and frees the connection
      clearTimeout(giveUp);
      // the first statement after BEGIN is written synchronously (no I/O can close the connection before it), and
      // postgres.js hands its connection to `onexecute`: that is where the connection's id is read
      const identify = {
        onexecute: (connection: { id: number }) => {
          connectionId = connection.id;
          this.byConnection.set(connectionId, lose);
          return true; // keep pipelining
        },
      };
      const setup = guard(sql.unsafe(work.setup, [], identify as postgres.UnsafeQueryOptions).execute());
      setup.catch(() => {});
      const session: Session = {
        sql,
        get lost() {
          return lost;
        },
        guard,
      };
      try {
        const result = await work.body(session, setup);
        if (work.answerBeforeCommit()) answer(result);
        return result;
      } catch (error) {
        if (lost || isConnectionLoss(error)) {
          // begin() fails by itself once the connection closes; answering it with a ROLLBACK would write to a closed
          // socket. An error that only looked like a loss (the connection stays open) still rolls back below.
          const closing = await Promise.race([
            whenLost.then(
              () => true,
              () => true,
            ),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_WAIT_MS).unref()),
          ]);
          if (closing) await new Promise<never>(() => {});
        }
        throw error;
      }
    });
    const ended = () => {
      clearTimeout(giveUp);
      if (this.byConnection.get(connectionId) === lose) this.byConnection.delete(connectionId);
      freeSlot();
    };
    holding.then(
      (result) => {
        ended();
        answer(result as T);
      },
      (error: unknown) => {
        ended();
        fail(error);
      },
    );
    return { answer: answered, free };
  }
}
