// The generation jobs runtime of a process: the queue (BullMQ when a Redis URL is given, else in-process) and the
// workers this process runs. Created explicitly by the composition root (bin/), a worker process (bin/commands/worker.ts) or
// a test, with the database, event bus and cache it works with; nothing here is created on first use.
//   prefix                     the queue lives under <prefix>:bull, {<prefix>}:bull on a Redis Cluster (one slot)
//   FLEXTIME_JOBS_WORKER=off   (read by jobsWorkerWanted) no worker in this process: workers run elsewhere (BullMQ only)
//   FLEXTIME_JOB_ATTEMPTS      attempts per job (default 3)
import pino from 'pino';
import type { Database } from '../../../db/index.ts';
import type { Cache } from '../../kit/cache/index.ts';
import type { EventBus } from '../../kit/events/index.ts';
import { trackQueueDepth } from '../../kit/metrics.ts';
import { parseRedisUrl, queuePrefix } from '../../kit/redis/url.ts';
import { createProcessor } from './process-job.ts';
import { BullJobQueue, type JobQueue, MemoryJobQueue, type WorkerHandle } from './queue.ts';
import { EngineThreads } from './run.ts';

export interface JobsDependencies {
  db: Database;
  /** `schedule.generated` is published here when a job stores its result. */
  events: EventBus;
  /** The worker's reference data (teams, availability) is read-through cached here. */
  cache: Cache;
}

export interface JobsOptions {
  /** Redis URL (BullMQ); null/absent → in-process queue. */
  redisUrl?: string | null;
  /** Key prefix; the queue lives under `<prefix>:bull` (default flextime). */
  prefix?: string;
  /** Gateway GraphQL URL the workers read other services through (default GATEWAY_URL at call time). */
  gatewayUrl?: string;
  logger?: pino.Logger;
  /** Start a worker in this process now (default: jobsWorkerWanted()). */
  worker?: boolean;
  attempts?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  progressEveryMs?: number;
}

export interface JobsRuntime {
  readonly queue: JobQueue;
  readonly workers: WorkerHandle[];
  /** Starts one more worker in this process (gatewayUrl: where it reads other services; default the runtime's). */
  startWorker(opts?: { gatewayUrl?: string }): WorkerHandle;
  close(): Promise<void>;
}

/** Whether this process should run a generation worker: yes, unless FLEXTIME_JOBS_WORKER=off with a shared queue. */
export function jobsWorkerWanted(redisUrl: string | null | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return !(redisUrl && env.FLEXTIME_JOBS_WORKER === 'off');
}

export function createJobsRuntime(deps: JobsDependencies, opts: JobsOptions = {}): JobsRuntime {
  const logger = (opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' })).child({
    component: 'generation-jobs',
  });
  const attempts = opts.attempts ?? (Number(process.env.FLEXTIME_JOB_ATTEMPTS) || 3);
  const redisUrl = opts.redisUrl ?? null;
  const prefix = opts.prefix ?? 'flextime';
  const queue: JobQueue = redisUrl
    ? new BullJobQueue({
        url: redisUrl,
        prefix: queuePrefix(prefix, parseRedisUrl(redisUrl)),
        attempts,
        lockDurationMs: opts.lockDurationMs,
        stalledIntervalMs: opts.stalledIntervalMs,
        logger,
      })
    : new MemoryJobQueue({ attempts, logger });
  const untrackDepth = trackQueueDepth(() => queue.depth());
  const engines = new EngineThreads();
  const workers: WorkerHandle[] = [];
  const runtime: JobsRuntime = {
    queue,
    workers,
    startWorker(worker = {}) {
      engines.warm();
      const gatewayUrl = worker.gatewayUrl ?? opts.gatewayUrl;
      const processor = createProcessor({
        engines,
        queue,
        db: deps.db,
        events: deps.events,
        cache: deps.cache,
        logger,
        attempts,
        progressEveryMs: opts.progressEveryMs,
        gateway: gatewayUrl ? { url: gatewayUrl } : undefined,
      });
      const w = queue.startWorker(processor);
      workers.push(w);
      return w;
    },
    async close() {
      untrackDepth();
      await queue.close();
      engines.close();
    },
  };
  if (opts.worker ?? jobsWorkerWanted(redisUrl)) runtime.startWorker();
  return runtime;
}
