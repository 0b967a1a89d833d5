// Connections held open for service transactions, one transaction at a time each.
//
// Why not postgres.js `reserve()`: in 3.4.9 a reserve() can stay pending forever, or leave a connection stranded,
// when connections close and reconnect (porsager/postgres#1195) — a database restart would hang services. Why not
// one `begin()` per transaction: it waits for BEGIN's answer before the first statement can be sent, a round trip
// per transaction (−25 % throughput measured). So each session is a connection taken through `begin()` — acquired
// on postgres.js's ordinary query path, which survives reconnects — and kept: service transactions end with
// COMMIT AND CHAIN / ROLLBACK AND CHAIN, so the connection is always inside a transaction block (postgres.js hands a
// begin() connection back to the pool when it sees it idle) and the next service transaction needs no BEGIN: its
// settings and first statement go out together. A chained transaction that has run no statement holds no snapshot
// and no lock. Statements go to that one connection only, never to another: when it closes, postgres.js fails the
// begin(), the session is marked lost (its statements in flight fail at once through `guard`) and a new session
// replaces it on demand.
import type postgres from 'postgres';
import { connectionError, isConnectionLoss } from './connection-loss.ts';

export interface Session {
  /** The connection's transaction-scoped client: statements run on this connection only, in order. */
  readonly sql: postgres.TransactionSql;
  /** True once the connection closed. */
  readonly lost: boolean;
  /** The statement's outcome, or a CONNECTION_CLOSED rejection as soon as the connection is lost. */
  guard<T>(statement: PromiseLike<T>): Promise<T>;
}

interface HeldSession extends Session {
  lost: boolean;
  /** Ends the holding begin() (its COMMIT finds no transaction open: a warning, ignored). */
  end(): void;
}

/** How long a new session may take to open (connect, BEGIN, one SET) before it is given up. */
const START_TIMEOUT_MS = 2500;

const connectionLost = (cause?: unknown) =>
  connectionError('CONNECTION_CLOSED', 'the database connection was lost', cause);
const poolClosed = () => connectionError('CONNECTION_ENDED', 'database closed');

export class SessionPool {
  private readonly idle: HeldSession[] = [];
  private readonly waiting: Array<{ resolve(s: HeldSession): void; reject(e: unknown): void }> = [];
  private readonly held = new Set<Promise<unknown>>();
  private open = 0;
  private closing = false;

  /** The pool of the sessions' connections, made here so that its `onclose` reaches the session at once. */
  readonly pool: postgres.Sql;
  /** Sessions by postgres.js connection id (read from the connection that runs their first statement). */
  private readonly byConnection = new Map<number, () => void>();

  /** `makePool(onclose)`: a postgres.js pool of the sessions' own, given `onclose` as its option; ended by close(). */
  constructor(
    makePool: (onclose: (connectionId: number) => void) => postgres.Sql,
    private readonly size: number,
  ) {
    // postgres.js calls this synchronously as it closes a connection, before any of our code runs again: from then
    // on the session refuses statements (one written to the closed connection would throw from a timer)
    this.pool = makePool((connectionId) => this.byConnection.get(connectionId)?.());
  }

  /** An idle session, a new one, or the next one released. Rejects when a new connection cannot be opened. */
  acquire(): Promise<Session> {
    if (this.closing) return Promise.reject(poolClosed());
    // a session whose connection just closed may still be listed until its begin() settles: skip it
    for (let idle = this.idle.pop(); idle; idle = this.idle.pop()) if (!idle.lost) return Promise.resolve(idle);
    if (this.open < this.size) return this.start();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Gives a session back after its transaction ended (COMMIT or ROLLBACK sent); a lost one is simply dropped. */
  release(session: Session): void {
    const s = session as HeldSession;
    if (s.lost) return;
    if (this.closing) {
      this.retire(s);
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(s);
    else this.idle.push(s);
  }

  /**
   * Ends a session for good (the pool is closing, or its COMMIT was refused on a live connection, so whether a chained
   * transaction is open is unknown): its holding begin() finishes and the slot is freed for a new session.
   */
  retire(session: Session): void {
    const s = session as HeldSession;
    if (!s.lost) s.end();
  }

  /**
   * Ends the idle sessions and waits for the busy ones (their transactions finish first), at most `timeoutMs`: the
   * pool's own end() then closes whatever is left.
   */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    for (const s of this.idle.splice(0)) this.retire(s);
    for (const w of this.waiting.splice(0)) w.reject(poolClosed());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.held]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    await this.pool.end({ timeout: 5 });
  }

  private start(): Promise<HeldSession> {
    this.open++;
    return new Promise<HeldSession>((resolve, reject) => {
      let session: HeldSession | undefined;
      // A new session that is not ready within START_TIMEOUT_MS is given up (postgres.js can leave a begin() that
      // was queued across reconnects pending for good): its caller gets a connection error, its slot is freed, and
      // should it still open later it is ended at once.
      let abandoned = false;
      const giveUp = setTimeout(() => {
        abandoned = true;
        this.held.delete(holding);
        this.freeSlot();
        reject(
          connectionError(
            'CONNECT_TIMEOUT',
            `no database session within ${START_TIMEOUT_MS} ms (is the database restarting?)`,
          ),
        );
      }, START_TIMEOUT_MS);
      let end: () => void = () => {};
      const ended = new Promise<void>((done) => {
        end = done;
      });
      let markLost: (error: Error) => void = () => {};
      const whenLost = new Promise<never>((_, lose) => {
        markLost = lose;
      });
      whenLost.catch(() => {});
      let connectionId = -1;
      const lose = (error?: unknown) => {
        if (session && !session.lost) {
          session.lost = true;
          markLost(connectionLost(error));
        }
        if (this.byConnection.get(connectionId) === lose) this.byConnection.delete(connectionId);
      };
      const holding = this.pool.begin(async (sql) => {
        // the session idles inside a transaction block by design: a server-wide idle_in_transaction_session_timeout
        // would otherwise close it between two service transactions. postgres.js hands a statement's connection to
        // its `onexecute` (the hook its own begin() uses): that is where the connection's id is read.
        const identify = {
          onexecute: (connection: { id: number }) => {
            connectionId = connection.id;
            this.byConnection.set(connectionId, lose);
            return true; // keep pipelining (false would mark the connection full)
          },
        };
        try {
          await sql.unsafe('set idle_in_transaction_session_timeout = 0', [], identify as postgres.UnsafeQueryOptions);
        } catch (error) {
          // begin() would answer a throw with a ROLLBACK written to the closed connection (an uncaught TypeError from
          // a timer); it fails by itself as the connection closes, so stay here instead
          if (isConnectionLoss(error)) await new Promise<never>(() => {});
          throw error;
        }
        if (abandoned) return; // too late: its caller has moved on; ending the begin() gives the connection back
        clearTimeout(giveUp);
        session = {
          sql,
          lost: false,
          end,
          guard<T>(statement: PromiseLike<T>): Promise<T> {
            if (session?.lost) return Promise.reject(connectionLost());
            return Promise.race([statement, whenLost]);
          },
        };
        resolve(session);
        await ended;
      });
      this.held.add(holding);
      const settled = (error?: unknown) => {
        clearTimeout(giveUp);
        lose(error);
        if (abandoned) return; // its slot was freed when it was given up
        this.held.delete(holding);
        this.freeSlot();
        if (!session)
          reject(error); // never opened (the database is down or refuses us)
        else {
          const at = this.idle.indexOf(session);
          if (at >= 0) this.idle.splice(at, 1);
        }
      };
      holding.then(() => settled(), settled);
    });
  }

  /** A session's connection is gone or given up: the next waiter gets a new session (or its error). */
  private freeSlot(): void {
    this.open--;
    const next = this.waiting.shift();
    if (next && !this.closing) this.start().then(next.resolve, next.reject);
  }
}
