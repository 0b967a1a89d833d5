// The services' background work, started next to the subgraphs by the composition root (bin): the generation
// jobs runtime (queue + worker), the event consumers (re-evaluation, materialized-view refreshes, cache
// invalidation). With REDIS_URL these run on BullMQ / Redis Streams and may run in any number of processes;
// without it they use the in-process queue and bus (one process: `npm start`).
import type pino from 'pino';
import type { Database } from '../db/index.ts';
import { startValidationConsumers } from './constraint-validation/validation/consumers.ts';
import { startCacheInvalidationConsumer, startViewRefreshConsumers } from './kit/events/consumers.ts';
import { type EventBus, eventBus, type Subscription } from './kit/events/index.ts';
import { closeJobs, configureJobs, type JobsOptions } from './schedule-generation/generation/runtime.ts';

export interface BackgroundOptions {
  db: Database;
  logger: pino.Logger;
  bus?: EventBus;
  /** Gateway GraphQL URL the workers read other services' data through (default GATEWAY_URL). */
  gatewayUrl?: string;
  /** Generation jobs options (queue backend, worker in this process, …); false: no jobs runtime here. */
  jobs?: JobsOptions | false;
  /** Event consumers in this process (default true). */
  consumers?: boolean;
}

export interface Background {
  subscriptions: Subscription[];
  stop(): Promise<void>;
}

export async function startBackground(opts: BackgroundOptions): Promise<Background> {
  const bus = opts.bus ?? eventBus();
  const logger = opts.logger.child({ component: 'background' });
  if (opts.jobs !== false) configureJobs(opts.db, { logger, gatewayUrl: opts.gatewayUrl, ...(opts.jobs ?? {}) });
  const subscriptions: Subscription[] = [];
  if (opts.consumers !== false) {
    subscriptions.push(
      await startValidationConsumers({ db: opts.db, bus, logger, gatewayUrl: opts.gatewayUrl }),
      ...(await startViewRefreshConsumers(opts.db, { bus, logger })),
      await startCacheInvalidationConsumer({ bus, logger }),
    );
  }
  return {
    subscriptions,
    async stop() {
      await Promise.all(subscriptions.map((s) => s.stop()));
      if (opts.jobs !== false) await closeJobs(opts.db);
    },
  };
}
