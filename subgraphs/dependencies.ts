// The dependencies of the services of one process, made in one place by the composition root (bin/) — or a test, a
// benchmark, a worker process — and handed to every subgraph (startSubgraph), the background consumers and the
// generation jobs runtime: one event bus, one cache, one jobs runtime. Redis when a URL is given, in-process otherwise.
import type pino from 'pino';
import type { Database } from '../db/index.ts';
import { type Cache, createCache } from './kit/cache/index.ts';
import { createEventBus, type EventBus } from './kit/events/index.ts';
import type { ServiceDependencies } from './kit/types.ts';
import { createJobsRuntime, type JobsOptions, type JobsRuntime } from './schedule-generation/generation/runtime.ts';

export interface ProcessDependencies extends ServiceDependencies {
  /** The generation jobs runtime (its queue is `generationQueue`); null when this process runs none. */
  generation: JobsRuntime | null;
  /** Closes the jobs runtime, the bus and the cache (not the database). */
  close(): Promise<void>;
}

export interface DependencyOptions {
  /** Redis for the bus, the cache and the queue; null/absent → in-process ones. */
  redisUrl?: string | null;
  /** Key prefix of everything this process keeps in Redis (default flextime). */
  prefix?: string;
  logger?: pino.Logger;
  /** An event bus made elsewhere (e.g. an in-process bus over a Redis cache); closed by close() all the same. */
  events?: EventBus;
  cache?: Cache;
  /** The generation jobs runtime's options; false: none in this process. */
  generation?: JobsOptions | false;
}

export function createProcessDependencies(db: Database, opts: DependencyOptions = {}): ProcessDependencies {
  const url = opts.redisUrl ?? undefined;
  const prefix = opts.prefix ?? 'flextime';
  const events = opts.events ?? createEventBus({ url, prefix, logger: opts.logger });
  const cache = opts.cache ?? createCache({ url, prefix, logger: opts.logger });
  const generation =
    opts.generation === false
      ? null
      : createJobsRuntime(
          { db, events, cache },
          { redisUrl: opts.redisUrl ?? null, prefix, logger: opts.logger, ...opts.generation },
        );
  return {
    db,
    events,
    cache,
    generation,
    generationQueue: generation?.queue ?? null,
    async close() {
      await generation?.close();
      await events.close();
      await cache.close();
    },
  };
}
