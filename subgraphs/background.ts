// The services' background work, started next to the subgraphs by the composition root (bin): the event consumers
// (re-evaluation, materialized-view refreshes, cache invalidation) on the process's bus. With REDIS_URL they run on
// Redis Streams and may run in any number of processes; without it on the in-process bus (one process: `npm start`).
// The generation workers belong to the jobs runtime (subgraphs/dependencies.ts).
import type pino from 'pino';
import { startValidationConsumers } from './constraint-validation/validation/consumers.ts';
import { startCacheInvalidationConsumer, startViewRefreshConsumers } from './kit/events/consumers.ts';
import type { Subscription } from './kit/events/index.ts';
import type { ServiceDependencies } from './kit/types.ts';

export interface BackgroundOptions {
  deps: ServiceDependencies;
  logger: pino.Logger;
  /** Gateway GraphQL URL the consumers read other services' data through (default GATEWAY_URL). */
  gatewayUrl?: string;
}

export interface Background {
  subscriptions: Subscription[];
  stop(): Promise<void>;
}

export async function startBackground(opts: BackgroundOptions): Promise<Background> {
  const { db, events: bus, cache } = opts.deps;
  const logger = opts.logger.child({ component: 'background' });
  const subscriptions: Subscription[] = [
    await startValidationConsumers({ db, bus, cache, logger, gatewayUrl: opts.gatewayUrl }),
    ...(await startViewRefreshConsumers(db, { bus, logger })),
    await startCacheInvalidationConsumer({ bus, cache, logger }),
  ];
  return {
    subscriptions,
    async stop() {
      await Promise.all(subscriptions.map((s) => s.stop()));
    },
  };
}
