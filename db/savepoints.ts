// A unit of work inside a running service transaction that can fail on its own: its statements are undone (ROLLBACK
// TO SAVEPOINT) and the transaction goes on. Plain SAVEPOINT statements on PGlite and on sessions; through a
// transaction pool, postgres.js's own savepoint(), because its begin() remembers any failed statement issued on the
// transaction's client and rolls the whole transaction back at its end, even after a caller handled the error.
import { sql } from 'drizzle-orm';
import type { ServiceTx } from './database.ts';

type Unit<T> = (tx: ServiceTx) => Promise<T>;
type SavepointRunner = <T>(fn: Unit<T>) => Promise<T>;

const runners = new WeakMap<ServiceTx, SavepointRunner>();

/** Called by the transaction runner whose client needs its driver's savepoints (db/service-transactions.ts). */
export function registerDriverSavepoints(tx: ServiceTx, runner: SavepointRunner): void {
  runners.set(tx, runner);
}

let counter = 0;

/** Runs fn under a savepoint of `tx`: fn's statements are undone when it throws; the transaction stays usable. */
export async function withSavepoint<T>(tx: ServiceTx, fn: Unit<T>): Promise<T> {
  const driver = runners.get(tx);
  if (driver) return driver(fn);
  const name = `flextime_unit_${++counter}`;
  await tx.execute(sql.raw(`savepoint ${name}`));
  try {
    const result = await fn(tx);
    await tx.execute(sql.raw(`release savepoint ${name}`));
    return result;
  } catch (error) {
    await tx.execute(sql.raw(`rollback to savepoint ${name}`)).catch(() => {});
    throw error;
  }
}
