// A keyed mutation's writes and its stored response commit together in one transaction of this service's database.
// What it would do outside that database while it runs — call another service through the gateway, queue a job —
// could neither wait for that COMMIT nor be undone by its ROLLBACK, and on the embedded database (one session) a call
// back into another service would wait for the very transaction holding it. Such a step refuses (one check here,
// called by the gateway client and the job queue's accessor), the transaction rolls back, nothing is written.
import { AsyncLocalStorage } from 'node:async_hooks';
import { keyNotSupported } from './key.ts';

const requestScope = new AsyncLocalStorage<{ holding: boolean }>();

/** Runs one HTTP request's handling in a scope of its own (the subgraph server wraps its /graphql handler). */
export function withRequestScope<T>(fn: () => T): T {
  return requestScope.run({ holding: false }, fn);
}

/** Marks the current request as running inside a keyed transaction (or no longer). */
export function setHoldingKeyedTransaction(holding: boolean): void {
  const scope = requestScope.getStore();
  if (scope) scope.holding = holding;
}

/** Throws IDEMPOTENCY_KEY_NOT_SUPPORTED when called while the request runs inside a keyed transaction. */
export function refuseInsideKeyedTransaction(what: string): void {
  if (requestScope.getStore()?.holding) throw keyNotSupported(what);
}
