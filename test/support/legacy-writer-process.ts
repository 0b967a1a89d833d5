// The legacy application as a process of its own (real PostgreSQL): a child running LegacyWriter on its own
// connections, reporting every write it saw succeed (and every write the fence refused) to the parent over IPC, where
// they land in the parent's Ledger. A pause is acknowledged only after the writes in flight finished and were reported,
// so the ledger the parent checks is complete. The parent's side is LegacyWriterProcess; run directly, this file is the child.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { type Entry, Ledger, type LedgerTable, type LegacyApplication, LegacyWriter, prng } from './legacy-writer.ts';

type ToChild = { type: 'start'; intervalMs: number } | { type: 'pause' } | { type: 'stop' };
type ToParent =
  | { type: 'write'; table: LedgerTable; id: number; entry: Entry }
  | { type: 'refused' }
  | { type: 'paused'; failure: string | null }
  | { type: 'stopped'; failure: string | null };

const THIS_FILE = fileURLToPath(import.meta.url);

/** Parent side: forks the writer on the first start(); the same calls as the in-process LegacyWriter. */
export class LegacyWriterProcess implements LegacyApplication {
  private child: ChildProcess | null = null;
  private waiting: ((m: ToParent) => void) | null = null;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    readonly ledger: Ledger,
    private readonly seed: number,
  ) {}

  start(intervalMs = 15): void {
    if (!this.child) {
      const child = fork(THIS_FILE, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, LEGACY_WRITER_URL: this.url, LEGACY_WRITER_SEED: String(this.seed) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
      child.on('message', (m: ToParent) => {
        if (m.type === 'write') this.ledger.record(m.table, m.id, m.entry);
        else if (m.type === 'refused') this.ledger.recordRefused();
        else this.waiting?.(m);
      });
      this.child = child;
    }
    this.send({ type: 'start', intervalMs });
  }

  private send(m: ToChild): void {
    this.child?.send(m);
  }

  private async request(m: ToChild): Promise<void> {
    if (!this.child) return;
    const reply = new Promise<ToParent>((resolve) => {
      this.waiting = resolve;
    });
    const gone = this.exited.then((): ToParent => ({ type: 'stopped', failure: 'the legacy writer process exited' }));
    this.send(m);
    const answer = await Promise.race([reply, gone]);
    this.waiting = null;
    if ('failure' in answer && answer.failure) throw new Error(`legacy writer: ${answer.failure}`);
  }

  /** Stops writing (the writes in flight finish and are recorded) and ends the process. */
  async stop(): Promise<void> {
    if (!this.child) return;
    try {
      await this.request({ type: 'stop' });
    } finally {
      await this.exited;
      this.child = null;
    }
  }

  async paused<T>(fn: () => Promise<T>, intervalMs = 15): Promise<T> {
    await this.request({ type: 'pause' });
    try {
      return await fn();
    } finally {
      this.start(intervalMs);
    }
  }
}

async function runChild(): Promise<void> {
  const url = process.env.LEGACY_WRITER_URL;
  if (!url) throw new Error('LEGACY_WRITER_URL is not set');
  const sql = postgres(url, { max: 2, onnotice: () => {}, fetch_types: false });
  const send = (m: ToParent) => process.send?.(m);
  class ReportingLedger extends Ledger {
    override record(table: LedgerTable, id: number, entry: Entry): void {
      super.record(table, id, entry);
      send({ type: 'write', table, id, entry });
    }
    override recordRefused(): void {
      super.recordRefused();
      send({ type: 'refused' });
    }
  }
  const writer = new LegacyWriter(
    async (text, params = []) => [...(await sql.unsafe(text, params as never[]))],
    new ReportingLedger(),
    prng(Number(process.env.LEGACY_WRITER_SEED ?? 1)),
  );
  const failureOf = (e: unknown) => (e === undefined ? null : String((e as Error).message ?? e));
  process.on('message', async (m: ToChild) => {
    if (m.type === 'start') writer.start(m.intervalMs);
    else if (m.type === 'pause') {
      const failure = await writer.stop().then(
        () => undefined,
        (e: unknown) => e,
      );
      send({ type: 'paused', failure: failureOf(failure) });
    } else {
      const failure = await writer.stop().then(
        () => undefined,
        (e: unknown) => e,
      );
      await sql.end();
      send({ type: 'stopped', failure: failureOf(failure) });
      process.disconnect();
    }
  });
  // the parent went away without stopping us: stop too
  process.on('disconnect', () => {
    void writer
      .stop()
      .catch(() => {})
      .finally(() => sql.end().finally(() => process.exit(0)));
  });
}

if (process.argv[1] === THIS_FILE) await runChild();
