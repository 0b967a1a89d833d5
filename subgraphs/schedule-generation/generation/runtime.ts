// The jobs runtime of a schedule-generation process: the queue (BullMQ when REDIS_URL is set, else in-process) and,
// unless turned off, a worker in the same process. One runtime per Database handle, created from the environment
// on first use (configureJobs() sets it up explicitly: composition root, tests, `flextime worker`).
//   REDIS_URL                  BullMQ on Redis (else the in-process queue)
//   FLEXTIME_REDIS_PREFIX      key prefix (default flextime; the queue lives under <prefix>:bull, {<prefix>}:bull
//                              on a Redis Cluster so that each queue's keys share one slot)
//   FLEXTIME_JOBS_WORKER=off   do not run a worker in this process (BullMQ only: workers run elsewhere)
//   FLEXTIME_JOB_ATTEMPTS      attempts per job (default 3)
//   GATEWAY_URL                where the worker reads teams, blackouts, venues and templates
import pino from 'pino';
import type { Database } from '../../../db/index.ts';
import { redisPrefix, redisUrlFromEnv } from '../../kit/events/redis.ts';
import { parseRedisUrl, queuePrefix } from '../../kit/redis/url.ts';
import { createProcessor } from './process-job.ts';
import { BullJobQueue, type JobQueue, MemoryJobQueue, type WorkerHandle } from './queue.ts';
import { EngineThreads } from './run.ts';

export interface JobsOptions {
  /** Redis URL (BullMQ); null/absent → in-process queue. */
  redisUrl?: string | null;
  prefix?: string;
  /** Gateway GraphQL URL for the worker (default GATEWAY_URL). */
  gatewayUrl?: string;
  logger?: pino.Logger;
  /** Run a worker in this process (default: yes, unless FLEXTIME_JOBS_WORKER=off with Redis). */
  worker?: boolean;
  attempts?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  progressEveryMs?: number;
}

export interface JobsRuntime {
  readonly queue: JobQueue;
  readonly workers: WorkerHandle[];
  /** Starts one more worker in this process. */
  startWorker(): WorkerHandle;
  close(): Promise<void>;
}

const runtimes = new WeakMap<Database, JobsRuntime>();

export function createJobsRuntime(db: Database, opts: JobsOptions = {}): JobsRuntime {
  const logger = (opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' })).child({
    component: 'generation-jobs',
  });
  const attempts = opts.attempts ?? (Number(process.env.FLEXTIME_JOB_ATTEMPTS) || 3);
  const redisUrl = opts.redisUrl === undefined ? redisUrlFromEnv() : opts.redisUrl;
  const prefix = opts.prefix ?? redisPrefix();
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
  const engines = new EngineThreads();
  const processor = createProcessor({
    engines,
    queue,
    db,
    logger,
    attempts,
    progressEveryMs: opts.progressEveryMs,
    gateway: opts.gatewayUrl ? { url: opts.gatewayUrl } : undefined,
  });
  const workers: WorkerHandle[] = [];
  const runtime: JobsRuntime = {
    queue,
    workers,
    startWorker() {
      engines.warm();
      const w = queue.startWorker(processor);
      workers.push(w);
      return w;
    },
    async close() {
      await queue.close();
      engines.close();
      if (runtimes.get(db) === runtime) runtimes.delete(db);
    },
  };
  const wantWorker = opts.worker ?? !(redisUrl && process.env.FLEXTIME_JOBS_WORKER === 'off');
  if (wantWorker) runtime.startWorker();
  return runtime;
}

/** Sets up the runtime of `db` explicitly (replacing none: call closeJobs first to reconfigure). */
export function configureJobs(db: Database, opts: JobsOptions = {}): JobsRuntime {
  const existing = runtimes.get(db);
  if (existing) return existing;
  const runtime = createJobsRuntime(db, opts);
  runtimes.set(db, runtime);
  return runtime;
}

/** The runtime of `db`, created from the environment on first use. */
export function jobsRuntime(db: Database): JobsRuntime {
  return runtimes.get(db) ?? configureJobs(db);
}

export async function closeJobs(db: Database): Promise<void> {
  await runtimes.get(db)?.close();
  runtimes.delete(db);
}
