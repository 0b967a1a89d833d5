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

function connectionLost(cause?: unknown): Error {
  return Object.assign(new Error('the database connection was lost', { cause }), { code: 'CONNECTION_CLOSED' });
}

export class SessionPool {
  private readonly idle: HeldSession[] = [];
  private readonly waiting: Array<{ resolve(s: HeldSession): void; reject(e: unknown): void }> = [];
  private readonly held = new Set<Promise<unknown>>();
  private open = 0;
  private closing = false;

  /** `pool`: a postgres.js pool of its own (its connections are all sessions'), ended by close(). */
  constructor(
    readonly pool: postgres.Sql,
    private readonly size: number,
  ) {}

  /** An idle session, a new one, or the next one released. Rejects when a new connection cannot be opened. */
  acquire(): Promise<Session> {
    if (this.closing) return Promise.reject(Object.assign(new Error('database closed'), { code: 'CONNECTION_ENDED' }));
    const idle = this.idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.open < this.size) return this.start();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Gives a session back after its transaction ended (COMMIT or ROLLBACK sent); a lost one is simply dropped. */
  release(session: Session): void {
    const s = session as HeldSession;
    if (s.lost) return;
    if (this.closing) {
      s.end();
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(s);
    else this.idle.push(s);
  }

  /**
   * Ends the idle sessions and waits for the busy ones (their transactions finish first), at most `timeoutMs`: the
   * pool's own end() then closes whatever is left.
   */
  async close(timeoutMs = 5000): Promise<void> {
    this.closing = true;
    for (const s of this.idle.splice(0)) s.end();
    for (const w of this.waiting.splice(0))
      w.reject(Object.assign(new Error('database closed'), { code: 'CONNECTION_ENDED' }));
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
      let end: () => void = () => {};
      const ended = new Promise<void>((done) => {
        end = done;
      });
      let markLost: (error: Error) => void = () => {};
      const whenLost = new Promise<never>((_, lose) => {
        markLost = lose;
      });
      whenLost.catch(() => {});
      const holding = this.pool.begin(async (sql) => {
        // the session idles inside a transaction block by design: a server-wide idle_in_transaction_session_timeout
        // would otherwise close it between two service transactions
        await sql.unsafe('set idle_in_transaction_session_timeout = 0');
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
      holding.then(
        () => this.forget(holding),
        (error: unknown) => {
          this.forget(holding);
          if (!session) {
            reject(error); // never opened (the database is down or refuses us)
            return;
          }
          session.lost = true;
          markLost(connectionLost(error));
          const at = this.idle.indexOf(session);
          if (at >= 0) this.idle.splice(at, 1);
        },
      );
    });
  }

  private forget(holding: Promise<unknown>): void {
    this.held.delete(holding);
    this.open--;
    // room for one more connection: the next waiter gets a new session (or its error)
    const next = this.waiting.shift();
    if (next && !this.closing) this.start().then(next.resolve, next.reject);
  }
}
